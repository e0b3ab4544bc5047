// The portfolio square (METHOD.md §2): x = our position, y = client position, both
// 0..100, split into four zones by the workspace's thresholds. The data, the zones
// (where each lies, its colours) and every label come from the page (json_script
// "square-data"); this file has no text of its own so that the page speaks the
// user's language, and no zone of its own so that the method defines them once.
(function () {
  "use strict";

  // With more points than this, names next to them would only be clutter.
  const MAX_LABELLED = 24;
  const MARKER = 13;
  const INK = "#344054";
  const MUTED = "#667085";
  const RULE = "#d0d5dd";

  const lang = document.documentElement.lang || undefined;
  const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signedDecimal = new Intl.NumberFormat(lang, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  });
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });

  const html = (value) => echarts.format.encodeHTML(String(value ?? ""));
  const day = (iso) => dateFormat.format(new Date(iso + "T00:00:00Z"));

  // Where a zone's name sits: in the outer corner of its quarter.
  const corner = (z) => "inside" + (z.attractive ? "Top" : "Bottom") + (z.strong ? "Right" : "Left");

  function zoneAreas(data) {
    return data.zones.map((z) => [
      {
        name: data.labels.zones[z.zone],
        xAxis: z.our[0],
        yAxis: z.client[0],
        itemStyle: { color: z.fill },
        label: { position: corner(z), color: z.colour },
      },
      { xAxis: z.our[1], yAxis: z.client[1] },
    ]);
  }

  function backdrop(data) {
    // An empty series that carries the shaded zones and the threshold lines.
    return {
      type: "scatter",
      data: [],
      silent: true,
      z: 1,
      markArea: {
        silent: true,
        label: { show: true, fontSize: 13, fontWeight: 700, distance: 10 },
        data: zoneAreas(data),
      },
      markLine: {
        silent: true,
        symbol: ["none", "none"],
        lineStyle: { color: "#98a2b3", type: [5, 4], width: 1.2 },
        label: { show: false },
        data: [{ xAxis: data.thresholds.our }, { yAxis: data.thresholds.client }],
      },
    };
  }

  function pointSeries(data, colors, zone, points) {
    const labelled = data.points.length <= MAX_LABELLED;
    return {
      type: "scatter",
      name: data.labels.zones[zone],
      z: 4,
      symbolSize: MARKER,
      itemStyle: {
        color: colors[zone].line,
        borderColor: "#fff",
        borderWidth: 1.5,
        shadowBlur: 3,
        shadowColor: "rgba(16, 24, 40, 0.25)",
      },
      emphasis: { scale: 1.35, label: { show: true, fontWeight: 600 } },
      label: {
        show: labelled,
        position: "right",
        distance: 6,
        formatter: "{b}",
        fontSize: 11,
        color: INK,
        textBorderColor: "rgba(255, 255, 255, 0.85)",
        textBorderWidth: 2,
      },
      labelLayout: { hideOverlap: true },
      data: points.map((p) => ({
        name: p.name,
        value: [p.our, p.client],
        point: p,
        // Names of points near the right edge go on their left, inside the square.
        label: p.our > 78 ? { position: "left" } : undefined,
      })),
    };
  }

  // The arrow ends at the edge of the current point's marker, not under it.
  function shortened(from, to, by) {
    const dx = to[0] - from[0];
    const dy = to[1] - from[1];
    const length = Math.hypot(dx, dy);
    if (length <= by * 2) return to;
    return [to[0] - (dx / length) * by, to[1] - (dy / length) * by];
  }

  function movementSeries(data, colors, unitsPerPixel) {
    const moved = data.points.filter((p) => p.previous);
    return {
      type: "lines",
      name: data.labels.movement,
      coordinateSystem: "cartesian2d",
      z: 3,
      symbol: ["circle", "arrow"],
      symbolSize: [5, 9],
      lineStyle: { width: 1.6, opacity: 0.75, curveness: 0 },
      data: moved.map((p) => {
        const from = [p.previous.our, p.previous.client];
        const to = shortened(from, [p.our, p.client], (MARKER / 2 + 1) * unitsPerPixel);
        return { coords: [from, to], point: p, lineStyle: { color: colors[p.zone].line } };
      }),
    };
  }

  // The forecast point (where we expect the account in three years): a hollow marker
  // in the colour of its zone, reached by a dashed arrow from today's point.
  function forecastSeries(data, colors) {
    const forecast = data.points.filter((p) => p.forecast);
    return {
      type: "scatter",
      name: data.labels.forecast_series,
      z: 3,
      symbolSize: MARKER,
      itemStyle: { color: "rgba(255, 255, 255, 0.85)", borderWidth: 2, borderType: [3, 2] },
      emphasis: { scale: 1.35 },
      data: forecast.map((p) => ({
        name: p.name,
        value: [p.forecast.our, p.forecast.client],
        forecast: p,
        itemStyle: { borderColor: colors[p.forecast.zone].line },
      })),
    };
  }

  function forecastArrows(data, colors, unitsPerPixel) {
    const forecast = data.points.filter((p) => p.forecast);
    return {
      type: "lines",
      name: data.labels.forecast_series,
      coordinateSystem: "cartesian2d",
      z: 2,
      symbol: ["none", "arrow"],
      symbolSize: 8,
      lineStyle: { width: 1.4, opacity: 0.7, type: [5, 4], curveness: 0 },
      data: forecast.map((p) => {
        const from = [p.our, p.client];
        const to = shortened(from, [p.forecast.our, p.forecast.client], (MARKER / 2 + 2) * unitsPerPixel);
        return { coords: [from, to], forecast: p, lineStyle: { color: colors[p.forecast.zone].line } };
      }),
    };
  }

  function forecastTooltip(p, data, colors) {
    const f = p.forecast;
    const text = data.labels.forecast
      .replace("%(client)s", oneDecimal.format(f.client))
      .replace("%(our)s", oneDecimal.format(f.our))
      .replace("%(zone)s", data.labels.zones[f.zone]);
    return (
      `<div style="font-weight:700;font-size:13px;margin-bottom:4px">${html(p.name)}</div>` +
      `<div style="color:${INK}"><span style="display:inline-block;width:9px;height:9px;` +
      `border-radius:50%;border:2px dashed ${colors[f.zone].line};margin-right:6px"></span>${html(text)}</div>` +
      `<div style="color:${MUTED};font-size:11px;margin-top:6px">${html(data.labels.open)}</div>`
    );
  }

  function pointTooltip(p, data, colors) {
    const row = (label, value) =>
      `<tr><td style="color:${MUTED};padding-right:12px">${html(label)}</td>` +
      `<td style="text-align:right;font-weight:600">${value}</td></tr>`;
    const rows = [
      row(data.labels.client, oneDecimal.format(p.client)),
      row(data.labels.our, oneDecimal.format(p.our)),
    ];
    if (p.owner) rows.push(row(data.labels.owner, html(p.owner)));
    rows.push(row(data.labels.assessed_on, html(day(p.assessed_on))));
    if (p.previous) {
      const change =
        `${signedDecimal.format(p.client - p.previous.client)} / ` +
        `${signedDecimal.format(p.our - p.previous.our)}`;
      rows.push(row(`${data.labels.previous} (${day(p.previous.assessed_on)})`, change));
    }
    const zone =
      `<span style="display:inline-block;width:9px;height:9px;border-radius:50%;` +
      `background:${colors[p.zone].line};margin-right:6px"></span>${html(data.labels.zones[p.zone])}`;
    return (
      `<div style="font-weight:700;font-size:13px;margin-bottom:2px">${html(p.name)}</div>` +
      `<div style="color:${INK};margin-bottom:6px">${zone}` +
      (p.segment ? ` <span style="color:${MUTED}">· ${html(p.segment)}</span>` : "") +
      `</div><table style="font-size:12px">${rows.join("")}</table>` +
      `<div style="color:${MUTED};font-size:11px;margin-top:6px">${html(data.labels.open)}</div>`
    );
  }

  // A square plot area, centred, whatever the container's shape.
  function squareGrid(element) {
    const pad = { left: 62, right: 28, top: 46, bottom: 58 };
    const width = element.clientWidth - pad.left - pad.right;
    const height = element.clientHeight - pad.top - pad.bottom;
    const size = Math.max(120, Math.min(width, height));
    return {
      left: pad.left + Math.max(0, (width - size) / 2),
      top: pad.top + Math.max(0, (height - size) / 2),
      width: size,
      height: size,
    };
  }

  function axis(name, nameGap) {
    return {
      type: "value",
      min: 0,
      max: 100,
      interval: 10,
      name: name,
      nameLocation: "middle",
      nameGap: nameGap,
      nameTextStyle: { color: INK, fontWeight: 600, fontSize: 13 },
      axisLine: { show: true, lineStyle: { color: RULE } },
      axisTick: { show: false },
      axisLabel: { color: MUTED, fontSize: 11 },
      splitLine: { show: true, lineStyle: { color: "rgba(16, 24, 40, 0.06)" } },
    };
  }

  function options(element, data) {
    const zones = data.zones.map((z) => z.zone);
    const colors = Object.fromEntries(data.zones.map((z) => [z.zone, { line: z.colour, fill: z.fill }]));
    const grid = squareGrid(element);
    const byZone = Object.fromEntries(zones.map((z) => [z, data.points.filter((p) => p.zone === z)]));
    const counts = Object.fromEntries(zones.map((z) => [data.labels.zones[z], byZone[z].length]));
    const series = [backdrop(data), ...zones.map((z) => pointSeries(data, colors, z, byZone[z]))];
    if (data.arrows) series.push(movementSeries(data, colors, 100 / grid.width));
    if (data.forecast) series.push(forecastArrows(data, colors, 100 / grid.width), forecastSeries(data, colors));
    return {
      animationDuration: 400,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: grid,
      xAxis: axis(data.labels.our, 32),
      yAxis: axis(data.labels.client, 40),
      legend: {
        top: 8,
        left: "center",
        icon: "circle",
        itemWidth: 10,
        itemHeight: 10,
        itemGap: 18,
        data: zones.map((z) => data.labels.zones[z]),
        formatter: (name) => `${name}  {count|${counts[name]}}`,
        textStyle: { color: INK, fontSize: 12, rich: { count: { color: MUTED, fontWeight: 700 } } },
      },
      tooltip: {
        trigger: "item",
        confine: true,
        borderColor: RULE,
        textStyle: { color: INK },
        extraCssText: "box-shadow: 0 4px 14px rgba(16,24,40,.12); border-radius: 8px;",
        formatter: (params) => {
          const item = params.data || {};
          if (item.forecast) return forecastTooltip(item.forecast, data, colors);
          return item.point ? pointTooltip(item.point, data, colors) : "";
        },
      },
      series: series,
    };
  }

  function render(element, data) {
    const chart = kf.initChart(element);
    chart.setOption(options(element, data));
    chart.on("click", (params) => {
      const point = params.data && (params.data.point || params.data.forecast);
      if (point && point.url && point.url !== "#") window.location.href = point.url;
    });
    // Keep the plot square when the container changes size.
    new ResizeObserver(() => chart.setOption({ grid: squareGrid(element) })).observe(element);
  }

  function boot() {
    const element = document.getElementById("kf-square-chart");
    if (!element || element.dataset.kfReady) return;
    element.dataset.kfReady = "1";
    render(element, kf.readJson("square-data"));
  }

  // Filters and sorting swap the page's content through htmx: draw the new chart
  // and let go of the old one.
  // Only a swap that replaces the chart's own container lets go of it; other htmx
  // swaps on the page (a badge, a menu) leave the chart alone.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const element = document.getElementById("kf-square-chart");
    if (!element || !event.detail.target.contains(element)) return;
    const chart = echarts.getInstanceByDom(element);
    if (chart) chart.dispose();
  });
  document.body.addEventListener("htmx:afterSettle", boot);
  // Keep the address short and shareable: "?zone=key", not "?owner=&zone=key&segment=".
  document.body.addEventListener("htmx:configRequest", (event) => {
    if (!event.detail.elt.closest("#square-page")) return;
    const params = event.detail.parameters;
    for (const key of Object.keys(params)) {
      if (params[key] === "") delete params[key];
    }
  });
  // The square is not kept in htmx's history cache (hx-history="false"): going back
  // reloads the page at that address rather than patching in a stale canvas.
  document.body.addEventListener("htmx:historyCacheMiss", (event) => {
    event.preventDefault();
    window.location.reload();
  });
  boot();
})();
