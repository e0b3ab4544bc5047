// The revenue tab: the 24-month chart, spreadsheet-like typing in the entries table,
// and the dialog that htmx fills with the whitespace and buying-centre forms. The page
// passes the chart's data with json_script (labels already translated); when an amount
// is saved, htmx swaps that data out of band and the chart is drawn again.
(function () {
  "use strict";

  const lang = document.documentElement.lang || "en";

  function moneyFormat(currency, options) {
    try {
      return new Intl.NumberFormat(lang, { style: "currency", currency: currency, ...options });
    } catch (error) {
      // Not a currency code the browser accepts: plain numbers.
      return new Intl.NumberFormat(lang, { notation: options.notation, maximumFractionDigits: 1 });
    }
  }

  // One series per calendar year, so that the year-to-date line and the target line
  // start again each January instead of falling diagonally from December.
  function perYear(values, years) {
    const byYear = new Map();
    values.forEach((value, i) => {
      if (!byYear.has(years[i])) byYear.set(years[i], values.map(() => "-"));
      byYear.get(years[i])[i] = value === null ? "-" : value;
    });
    return byYear;
  }

  // A round step (1, 2, 2.5 or 5 times a power of ten) of at least `raw`.
  function niceStep(raw) {
    if (!(raw > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw - 1e-9);
    return step * power;
  }

  // Both value axes get the same number of steps below and above zero, so that their
  // zeros and gridlines line up even when a credit note takes a month below zero.
  function alignedAxes(monthly, cumulative) {
    const values = (list) => list.filter((v) => v !== null);
    const low = Math.min(0, ...values(monthly));
    const high = Math.max(0, ...values(monthly));
    const step = niceStep((high - low) / 5 || 1);
    const below = Math.ceil(-low / step - 1e-9);
    const above = Math.max(1, Math.ceil(high / step - 1e-9));
    const rightHigh = Math.max(0, ...values(cumulative));
    const rightStep = niceStep(rightHigh / above || 1);
    return [
      { min: -below * step, max: above * step, interval: step },
      { min: -below * rightStep, max: above * rightStep, interval: rightStep },
    ];
  }

  function chartOption(data) {
    const empty = data.amounts.every((value) => value === null);
    const display = { currencyDisplay: data.currency_display };
    const full = moneyFormat(data.currency, { ...display, maximumFractionDigits: 0 });
    const compact = moneyFormat(data.currency, {
      ...display,
      notation: "compact",
      maximumFractionDigits: 1,
    });
    const colors = {
      bar: kf.cssVar("--kf-zone-target"),
      negative: kf.cssVar("--bs-danger"),
      ytd: kf.cssVar("--kf-zone-key"),
      target: kf.cssVar("--kf-zone-maintain"),
      muted: kf.cssVar("--bs-secondary-color"),
    };
    const last = data.amounts.length - 1;
    const bars = data.amounts.map((value, i) => ({
      value: value === null ? "-" : value,
      // The current month is still under way: drawn lighter.
      itemStyle: {
        color: value !== null && value < 0 ? colors.negative : colors.bar,
        opacity: i === last ? 0.45 : 0.85,
        borderRadius: [3, 3, 0, 0],
      },
    }));
    const series = [
      { name: data.labels.monthly, type: "bar", data: bars, barMaxWidth: 22, yAxisIndex: 0 },
    ];
    // A year with a single month in the window would be a lone dot: left out.
    const drawable = (values) => !empty && values.filter((v) => v !== "-").length > 1;
    for (const values of perYear(data.ytd, data.years).values()) {
      if (!drawable(values)) continue;
      series.push({
        name: data.labels.ytd,
        type: "line",
        yAxisIndex: 1,
        data: values,
        color: colors.ytd,
        symbolSize: 4,
        lineStyle: { width: 2 },
      });
    }
    for (const values of perYear(data.targets, data.years).values()) {
      if (!drawable(values)) continue;
      series.push({
        name: data.labels.target,
        type: "line",
        yAxisIndex: 1,
        data: values,
        color: colors.target,
        symbol: "none",
        lineStyle: { type: "dashed", width: 1.5 },
      });
    }
    // The year under each January, and under the first month unless a January follows
    // at once (the two years would overlap).
    const labels = data.months.map((month, i) => {
      const january = i > 0 && data.years[i] !== data.years[i - 1];
      const first = i === 0 && data.years[1] === data.years[0];
      return january || first ? month + "\n" + data.years[i] : month;
    });
    const axes = alignedAxes(data.amounts, [...data.ytd, ...data.targets]);
    return {
      // Without a single month recorded, a line of zeros would say nothing: say so.
      graphic: empty
        ? [{ type: "text", left: "center", top: "middle", style: { text: data.labels.empty, fill: colors.muted, fontSize: 13 } }]
        : [],
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (value) => (value === "-" || value == null ? "—" : full.format(value)),
      },
      legend: {
        bottom: 0,
        icon: "roundRect",
        itemHeight: 8,
        textStyle: { fontSize: 11 },
        data: [data.labels.monthly, data.labels.ytd, data.labels.target],
      },
      grid: { left: 8, right: 8, top: 24, bottom: 40, containLabel: true },
      xAxis: {
        type: "category",
        data: labels,
        axisTick: { alignWithLabel: true },
        axisLabel: { fontSize: 10, lineHeight: 13, interval: 0, color: colors.muted, hideOverlap: true },
      },
      yAxis: [
        {
          type: "value",
          ...axes[0],
          name: data.labels.monthly,
          nameTextStyle: { fontSize: 10, align: "left", color: colors.muted },
          axisLabel: { fontSize: 10, formatter: (v) => compact.format(v) },
          splitLine: { lineStyle: { color: "#eef0f3" } },
        },
        {
          type: "value",
          ...axes[1],
          name: data.labels.ytd,
          nameTextStyle: { fontSize: 10, align: "right", color: colors.muted },
          axisLabel: { fontSize: 10, formatter: (v) => compact.format(v) },
          splitLine: { show: false },
        },
      ],
      series: series,
    };
  }

  // The chart ---------------------------------------------------------------------

  const element = document.getElementById("rev-chart");
  let chart = null;
  let drawn = null;

  function draw() {
    const holder = document.getElementById("rev-chart-data");
    if (!element || !holder || holder.textContent === drawn) return;
    drawn = holder.textContent;
    chart = chart || kf.initChart(element);
    chart.setOption(chartOption(JSON.parse(drawn)), true);
  }

  draw();
  document.body.addEventListener("htmx:afterSettle", draw);

  // The chart's data table comes back with the chart's data after every save: keep it
  // open if the person had opened it.
  document.body.addEventListener("htmx:oobBeforeSwap", (event) => {
    const before = event.detail.target.querySelector("details.kf-chart-data");
    const after = event.detail.fragment.querySelector("details.kf-chart-data");
    if (before && after) after.open = before.open;
  });

  // Typing in the entries table ---------------------------------------------------

  // Enter moves down to the next month of the same year, like a spreadsheet; leaving
  // the box saves it (htmx posts on "change"). Escape puts the saved value back.
  document.addEventListener("keydown", (event) => {
    const input = event.target.closest && event.target.closest(".rev-input");
    if (!input) return;
    if (event.key === "Enter") {
      event.preventDefault();
      const year = input.dataset.year;
      const next = document.querySelector(
        '.rev-input[data-year="' + year + '"][data-month="' + (Number(input.dataset.month) + 1) + '"]'
      );
      if (next) {
        next.focus();
        next.select();
      } else {
        input.blur();
      }
    } else if (event.key === "Escape") {
      input.value = input.defaultValue;
      input.blur();
    }
  });

  // The dialog --------------------------------------------------------------------

  const dialog = document.getElementById("rev-dialog");
  if (dialog) {
    const modal = () => bootstrap.Modal.getOrCreateInstance(dialog);
    document.body.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target.id === "rev-dialog-content" && !dialog.classList.contains("show")) {
        modal().show();
      }
    });
    document.body.addEventListener("kf-dialog-close", () => modal().hide());
    dialog.addEventListener("shown.bs.modal", () => {
      const first = dialog.querySelector("input:not([type=hidden]):checked, input[type=text]");
      if (first) first.focus();
    });
  }
})();
