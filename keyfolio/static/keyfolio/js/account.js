// The account page's charts: the criteria radar (current vs previous assessment)
// and both indices over time. The page passes the data with json_script; the
// labels in it are already translated.
(function () {
  "use strict";

  const encode = (text) => echarts.format.encodeHTML(String(text));
  const axisColors = () => ({ client: kf.cssVar("--kf-axis-client"), our: kf.cssVar("--kf-axis-our") });

  // Long criterion names ("Client's development level and potential") would run off
  // the chart, so they wrap onto lines of about `width` characters.
  function wrap(text, width) {
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    if (line) lines.push(line);
    return lines.join("\n");
  }

  function scoreText(value, labels) {
    return value === null ? "<span style=\"opacity:.6\">" + encode(labels.notAssessed) + "</span>" : Math.round(value);
  }

  function drawRadar(element, data) {
    const colors = axisColors();
    const primary = kf.cssVar("--bs-primary");
    const muted = kf.cssVar("--bs-secondary-color");
    const current = data.current;
    const previous = data.previous;
    // A criterion left "not assessed" is drawn at 0; the page lists them under the chart.
    const drawn = (values) => values.map((v) => (v === null ? 0 : v));
    const series = [];
    if (previous) {
      series.push({
        name: previous.name,
        value: drawn(previous.values),
        raw: previous.values,
        symbol: "none",
        lineStyle: { type: "dashed", width: 1.5, color: muted },
        itemStyle: { color: muted },
        areaStyle: { opacity: 0 },
      });
    }
    series.push({
      name: current.name,
      value: drawn(current.values),
      raw: current.values,
      symbolSize: 5,
      lineStyle: { width: 2, color: primary },
      itemStyle: { color: primary },
      areaStyle: { color: primary, opacity: 0.15 },
    });
    const chart = kf.initChart(element);
    chart.setOption({
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: (params) => {
          const raw = series[params.dataIndex].raw;
          const rows = data.indicators.map(
            (indicator, i) => encode(indicator.name) + ": <b>" + scoreText(raw[i], data.labels) + "</b>"
          );
          return "<b>" + encode(params.name) + "</b><br>" + rows.join("<br>");
        },
      },
      legend: { bottom: 0, icon: "roundRect", itemHeight: 8, textStyle: { fontSize: 11 } },
      radar: {
        center: ["50%", "47%"],
        radius: "64%",
        splitNumber: 4,
        indicator: data.indicators.map((indicator) => ({
          name: indicator.name,
          min: 0,
          max: 100,
          color: colors[indicator.axis],
        })),
        axisName: { fontSize: 10, lineHeight: 12, formatter: (name) => wrap(name, 18) },
        splitArea: { areaStyle: { color: ["#fff", "#f8f9fb"] } },
      },
      series: [{ type: "radar", emphasis: { lineStyle: { width: 3 } }, data: series }],
    });
  }

  const DAY = 24 * 3600 * 1000;
  const PAD = 90 * DAY;
  const narrow = (range) => range.max - range.min < 30 * DAY;
  function padded(range) {
    // A week at least after the last point, so that it does not sit on the edge.
    const after = Math.max(7 * DAY, Math.min(PAD / 2, Date.now() - range.max));
    return [range.min - (PAD - after), range.max + after];
  }

  function drawHistory(element, data) {
    const colors = axisColors();
    const gap = (points) => points.map(([date, value]) => [date, value === null ? "-" : value]);
    const threshold = (value, label, color) => ({
      silent: true,
      symbol: "none",
      lineStyle: { type: "dashed", color: color, width: 1 },
      label: { formatter: label + " " + Math.round(value), position: "insideEndTop", color: color, fontSize: 10 },
      data: [{ yAxis: value }],
    });
    const line = (name, points, color, markLine) => ({
      name: name,
      type: "line",
      data: gap(points),
      color: color,
      symbolSize: 7,
      connectNulls: true,
      lineStyle: { width: 2 },
      markLine: markLine,
    });
    // With equal thresholds (the default 50/50) the two dashed lines would lie on top
    // of each other, labels and all, so one neutral line stands for both.
    const t = data.thresholds;
    const same = t.client === t.our;
    const muted = kf.cssVar("--bs-secondary-color");
    const chart = kf.initChart(element);
    chart.setOption({
      tooltip: {
        trigger: "axis",
        valueFormatter: (value) => (value === "-" || value == null ? "—" : Math.round(value)),
      },
      legend: { bottom: 0, icon: "roundRect", itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 36, right: 24, top: 16, bottom: 56 },
      xAxis: {
        type: "time",
        // Assessments are dated by day: never label hours, and give a lone
        // assessment some room instead of a one-day axis: three months, hardly any of
        // it after today (nothing can be there yet), the rest before the first point.
        minInterval: DAY,
        min: (range) => (narrow(range) ? padded(range)[0] : range.min),
        max: (range) => (narrow(range) ? padded(range)[1] : range.max),
        axisLabel: {
          hideOverlap: true,
          fontSize: 10,
          formatter: { year: "{yyyy}", month: "{MMM}", day: "{d} {MMM}", hour: "", minute: "" },
        },
      },
      yAxis: { type: "value", min: 0, max: 100, interval: 25, axisLabel: { fontSize: 10 } },
      series: [
        line(data.labels.client, data.client, colors.client,
             same ? threshold(t.client, data.labels.threshold, muted)
                  : threshold(t.client, data.labels.clientThreshold, colors.client)),
        line(data.labels.our, data.our, colors.our,
             same ? undefined : threshold(t.our, data.labels.ourThreshold, colors.our)),
      ],
    });
  }

  const radar = kf.readJson("radar-data");
  const radarElement = document.getElementById("radar-chart");
  if (radar && radarElement) drawRadar(radarElement, radar);

  const history = kf.readJson("history-data");
  const historyElement = document.getElementById("history-chart");
  if (history && historyElement) drawHistory(historyElement, history);
})();
