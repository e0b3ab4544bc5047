// The portfolio square (METHOD.md §2): x = our position, y = client position, both
// 0..100, split into four zones by the workspace's thresholds. The data, the zones
// (where each lies, its colours) and every label come from the page (json_script
// "square-data"); this file has no text of its own so that the page speaks the
// user's language, and no zone of its own so that the method defines them once.
//
// Up to the workspace's SQUARE_MAX_POINTS accounts the page sends one point each
// (rows of a field list); above it, density cells counted by the server. Zooming in
// (pinch, Ctrl + wheel, or a click on a cell) asks the server for the window on
// view, which answers finer cells or, once few enough accounts are in it, their points.
(function () {
  "use strict";

  // With more points than this, names next to them would only be clutter.
  const MAX_LABELLED = 24;
  // Nor on a square narrower than this, in pixels.
  const MIN_LABELLED_WIDTH = 360;
  // A point's diameter in pixels; smaller on a phone's small square.
  const marker = (unitsPerPixel) => (100 / unitsPerPixel < MIN_LABELLED_WIDTH ? 9 : 13);
  const INK = "#344054";
  const MUTED = "#667085";
  const RULE = "#d0d5dd";
  // Ask for a zoomed window this long after the last zoom step, not at every step.
  const FETCH_DELAY = 250;
  // Where the chart says that a window could not be loaded.
  const FAILED = { left: "center", bottom: 4, textStyle: { fontSize: 12, color: "#b42318", fontWeight: 500 } };

  const lang = document.documentElement.lang || undefined;
  const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signedDecimal = new Intl.NumberFormat(lang, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  });
  const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(lang);
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });

  const html = (value) => echarts.format.encodeHTML(String(value ?? ""));
  const day = (iso) => dateFormat.format(new Date(iso + "T00:00:00Z"));

  // Where a zone's name sits: in the outer corner of its quarter.
  const corner = (z) => "inside" + (z.attractive ? "Top" : "Bottom") + (z.strong ? "Right" : "Left");

  // --- the data ---------------------------------------------------------------------------

  // The points as the drawing code reads them, from the server's rows and field list.
  function pointsOf(data, view) {
    if (view.mode !== "points") return [];
    const { fields, rows, owners } = view.points;
    const at = Object.fromEntries(fields.map((name, i) => [name, i]));
    return rows.map((r) => {
      const p = {
        id: r[at.id],
        name: r[at.name],
        our: r[at.our],
        client: r[at.client],
        zone: r[at.zone],
        owner: owners[r[at.owner]] || "",
        segment: r[at.segment] || "",
        assessed_on: r[at.assessed_on],
        url: data.account_url.replace("{id}", r[at.id]),
      };
      if (at.previous_zone !== undefined && r[at.previous_zone]) {
        p.previous = {
          our: r[at.previous_our],
          client: r[at.previous_client],
          zone: r[at.previous_zone],
          assessed_on: r[at.previous_on],
        };
      }
      if (at.forecast_zone !== undefined && r[at.forecast_zone]) {
        p.forecast = { our: r[at.forecast_our], client: r[at.forecast_client], zone: r[at.forecast_zone] };
      }
      return p;
    });
  }

  // --- what is drawn -----------------------------------------------------------------------

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
      id: "backdrop",
      data: [],
      silent: true,
      z: 1,
      markArea: { silent: true, label: { show: false }, data: zoneAreas(data) },
      markLine: {
        silent: true,
        symbol: ["none", "none"],
        lineStyle: { color: "#98a2b3", type: [5, 4], width: 1.2 },
        label: { show: false },
        data: [{ xAxis: data.thresholds.our }, { yAxis: data.thresholds.client }],
      },
    };
  }

  // The zones' names, above the points.
  function zoneNames(data) {
    return {
      type: "scatter",
      id: "zone-names",
      data: [],
      silent: true,
      z: 6,
      markArea: {
        silent: true,
        itemStyle: { color: "transparent" },
        label: {
          show: true,
          fontSize: 13,
          fontWeight: 700,
          distance: 10,
          textBorderColor: "rgba(255, 255, 255, 0.9)",
          textBorderWidth: 3,
        },
        data: zoneAreas(data),
      },
    };
  }

  // Whether a point's name, written on its right, would run past the square's edge.
  const overflows = (p, unitsPerPixel) => (100 - p.our) / unitsPerPixel < p.name.length * 6.5 + 14;

  function pointSeries(data, colors, zone, points, labelled, unitsPerPixel) {
    return {
      type: "scatter",
      id: "points-" + zone,
      name: data.labels.zones[zone],
      z: 4,
      symbolSize: marker(unitsPerPixel),
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
        label: overflows(p, unitsPerPixel) ? { position: "left" } : undefined,
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

  function movementSeries(data, colors, points, unitsPerPixel) {
    const moved = points.filter((p) => p.previous);
    return {
      type: "lines",
      id: "movement",
      name: data.labels.movement,
      coordinateSystem: "cartesian2d",
      z: 3,
      symbol: ["circle", "arrow"],
      symbolSize: [5, 9],
      lineStyle: { width: 1.6, opacity: 0.75, curveness: 0 },
      data: moved.map((p) => {
        const from = [p.previous.our, p.previous.client];
        const to = shortened(from, [p.our, p.client], (marker(unitsPerPixel) / 2 + 1) * unitsPerPixel);
        return { coords: [from, to], point: p, lineStyle: { color: colors[p.zone].line } };
      }),
    };
  }

  // The forecast point (where we expect the account in three years): a hollow marker
  // in the colour of its zone, reached by a dashed arrow from today's point.
  function forecastSeries(data, colors, points, unitsPerPixel) {
    const forecast = points.filter((p) => p.forecast);
    return {
      type: "scatter",
      id: "forecast",
      name: data.labels.forecast_series,
      z: 3,
      symbolSize: marker(unitsPerPixel),
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

  function forecastArrows(data, colors, points, unitsPerPixel) {
    const forecast = points.filter((p) => p.forecast);
    return {
      type: "lines",
      id: "forecast-arrows",
      name: data.labels.forecast_series,
      coordinateSystem: "cartesian2d",
      z: 2,
      symbol: ["none", "arrow"],
      symbolSize: 8,
      lineStyle: { width: 1.4, opacity: 0.7, type: [5, 4], curveness: 0 },
      data: forecast.map((p) => {
        const from = [p.our, p.client];
        const by = (marker(unitsPerPixel) / 2 + 2) * unitsPerPixel;
        const to = shortened(from, [p.forecast.our, p.forecast.client], by);
        return { coords: [from, to], forecast: p, lineStyle: { color: colors[p.forecast.zone].line } };
      }),
    };
  }

  // One zone's density cells: a rectangle per cell, the darker the more accounts in it,
  // with its count when there is room for it.
  function cellSeries(data, colors, zone, cells, size, most) {
    return {
      type: "custom",
      id: "cells-" + zone,
      name: data.labels.zones[zone],
      z: 4,
      itemStyle: { color: colors[zone].line },
      encode: { x: [0, 2], y: [1, 3] },
      data: cells.map(([column, row, count]) => ({
        value: [column * size[0], row * size[1], (column + 1) * size[0], (row + 1) * size[1], count],
        cell: { count: count, zone: zone },
      })),
      renderItem: (params, api) => {
        const [left, top] = api.coord([api.value(0), api.value(3)]);
        const [right, bottom] = api.coord([api.value(2), api.value(1)]);
        const box = echarts.graphic.clipRectByRect(
          { x: left + 0.5, y: top + 0.5, width: right - left - 1, height: bottom - top - 1 },
          params.coordSys
        );
        if (!box) return null;
        const count = api.value(4);
        const weight = Math.sqrt(count / most);
        const text = compact.format(count);
        const children = [
          {
            type: "rect",
            shape: { ...box, r: 2 },
            style: { fill: colors[zone].line, opacity: 0.16 + 0.74 * weight },
          },
        ];
        if (box.width >= 8 + 7 * text.length && box.height >= 15) {
          children.push({
            type: "text",
            silent: true,
            style: {
              text: text,
              x: box.x + box.width / 2,
              y: box.y + box.height / 2,
              align: "center",
              verticalAlign: "middle",
              fontSize: 11,
              fontWeight: 600,
              fill: weight > 0.45 ? "#fff" : INK,
            },
          });
        }
        return { type: "group", children: children };
      },
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

  function cellTooltip(cell, data, colors) {
    const zone =
      `<span style="display:inline-block;width:9px;height:9px;border-radius:2px;` +
      `background:${colors[cell.zone].line};margin-right:6px"></span>` +
      html(data.labels.cell_zone.replace("%(zone)s", data.labels.zones[cell.zone]));
    return (
      `<div style="font-weight:700;font-size:13px;margin-bottom:4px">` +
      `${html(data.labels.cell.replace("%(count)s", integer.format(cell.count)))}</div>` +
      `<div style="color:${INK}">${zone}</div>` +
      `<div style="color:${MUTED};font-size:11px;margin-top:6px">${html(data.labels.zoom_in)}</div>`
    );
  }

  // A square plot area, centred, whatever the container's shape. On a phone the legend
  // takes two lines.
  function squareGrid(element) {
    const pad = { left: 62, right: 28, top: element.clientWidth < 480 ? 70 : 46, bottom: 58 };
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
      // Ten steps on the whole square; zoomed in, round steps of the window.
      splitNumber: 10,
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

  // Zooming: a pinch, Ctrl + wheel (a trackpad's pinch is one), or a click on a cell.
  // A plain wheel or drag still scrolls the page; once zoomed in, a drag pans.
  function zoomers(zoomed) {
    const common = {
      type: "inside",
      filterMode: "none",
      zoomOnMouseWheel: "ctrl",
      moveOnMouseWheel: false,
      moveOnMouseMove: zoomed,
      preventDefaultMouseMove: zoomed,
      minValueSpan: 1,
    };
    return [
      { ...common, id: "zoom-our", xAxisIndex: 0 },
      { ...common, id: "zoom-client", yAxisIndex: 0 },
    ];
  }

  function seriesFor(data, view, unitsPerPixel) {
    const zones = data.zones.map((z) => z.zone);
    const colors = Object.fromEntries(data.zones.map((z) => [z.zone, { line: z.colour, fill: z.fill }]));
    const series = [backdrop(data)];
    // Over density cells the zones' names would hide counts: the colours and the legend
    // name the zones there.
    if (view.mode !== "cells") series.push(zoneNames(data));
    if (view.mode === "cells") {
      const rows = view.cells.rows;
      const most = Math.max(1, ...rows.map((c) => c[2]));
      for (const zone of zones) {
        const cells = rows.filter((c) => c[3] === zone);
        series.push(cellSeries(data, colors, zone, cells, view.cells.size, most));
      }
      return series;
    }
    const points = pointsOf(data, view);
    // On a phone's small square the names would cover one another and the axes.
    const labelled = points.length <= MAX_LABELLED && 100 / unitsPerPixel >= MIN_LABELLED_WIDTH;
    for (const zone of zones) {
      const mine = points.filter((p) => p.zone === zone);
      series.push(pointSeries(data, colors, zone, mine, labelled, unitsPerPixel));
    }
    if (data.arrows) series.push(movementSeries(data, colors, points, unitsPerPixel));
    if (data.forecast) {
      series.push(
        forecastArrows(data, colors, points, unitsPerPixel),
        forecastSeries(data, colors, points, unitsPerPixel)
      );
    }
    return series;
  }

  function options(element, data, view) {
    const zones = data.zones.map((z) => z.zone);
    const colors = Object.fromEntries(data.zones.map((z) => [z.zone, { line: z.colour, fill: z.fill }]));
    const grid = squareGrid(element);
    // The legend counts the accounts of the whole square (with the filters), zoomed or not.
    const counts = Object.fromEntries(zones.map((z) => [data.labels.zones[z], data.counts[z] || 0]));
    return {
      animationDuration: 400,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: grid,
      xAxis: axis(data.labels.our, 32),
      yAxis: axis(data.labels.client, 40),
      dataZoom: zoomers(false),
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
          if (item.cell) return cellTooltip(item.cell, data, colors);
          if (item.forecast) return forecastTooltip(item.forecast, data, colors);
          return item.point ? pointTooltip(item.point, data, colors) : "";
        },
      },
      series: seriesFor(data, view, 100 / grid.width),
    };
  }

  // --- zooming ----------------------------------------------------------------------------

  const round = (value) => Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;

  // The part of the square on view, in index units, read from the plot's corners.
  function windowOn(chart, element) {
    const grid = squareGrid(element);
    const [ourMin, clientMin] = chart.convertFromPixel({ gridIndex: 0 }, [grid.left, grid.top + grid.height]);
    const [ourMax, clientMax] = chart.convertFromPixel({ gridIndex: 0 }, [grid.left + grid.width, grid.top]);
    return { our: [round(ourMin), round(ourMax)], client: [round(clientMin), round(clientMax)] };
  }

  const isWhole = (w) => w.our[0] <= 0 && w.our[1] >= 100 && w.client[0] <= 0 && w.client[1] >= 100;

  function zoomTo(chart, our, client) {
    chart.dispatchAction({
      type: "dataZoom",
      batch: [
        { dataZoomId: "zoom-our", startValue: our[0], endValue: our[1] },
        { dataZoomId: "zoom-client", startValue: client[0], endValue: client[1] },
      ],
    });
  }

  function render(element, data) {
    const chart = kf.initChart(element);
    const first = data; // The whole square's points or cells, as the page sent them.
    let view = first;
    let zoomed = false;
    let timer = null;
    let request = null;
    const wholeButton = document.getElementById("kf-square-whole");

    const draw = (next) => {
      view = next;
      const series = seriesFor(data, view, 100 / squareGrid(element).width);
      chart.setOption({ series: series }, { replaceMerge: ["series"] });
    };

    function load(w) {
      if (request) request.abort();
      request = new AbortController();
      const url = new URL(data.data_url, window.location.href);
      url.searchParams.set("our_min", w.our[0]);
      url.searchParams.set("our_max", w.our[1]);
      url.searchParams.set("client_min", w.client[0]);
      url.searchParams.set("client_max", w.client[1]);
      fetch(url, { signal: request.signal, headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
        .then((next) => draw(next))
        .catch((error) => {
          if (error.name === "AbortError") return;
          chart.setOption({ title: { ...FAILED, text: data.labels.failed } });
        });
    }

    function onZoom() {
      const w = windowOn(chart, element);
      const now = !isWhole(w);
      if (now !== zoomed) {
        zoomed = now;
        if (wholeButton) wholeButton.hidden = !zoomed;
        // Zoomed in, the window's edges are not round numbers: leave them unlabelled.
        const labels = { axisLabel: { showMinLabel: !zoomed, showMaxLabel: !zoomed } };
        chart.setOption({ dataZoom: zoomers(zoomed), xAxis: labels, yAxis: labels });
      }
      chart.setOption({ title: { text: "" } });
      // With every point drawn from the start, zooming only magnifies them.
      if (first.mode === "points") return;
      if (!zoomed) {
        if (request) request.abort();
        if (view !== first) draw(first);
        return;
      }
      load(w);
    }

    chart.setOption(options(element, data, view));
    chart.on("datazoom", () => {
      clearTimeout(timer);
      timer = setTimeout(onZoom, FETCH_DELAY);
    });
    chart.on("click", (params) => {
      const item = params.data || {};
      const point = item.point || item.forecast;
      if (point && point.url) window.location.href = point.url;
    });
    // A click on the cells (or between two) opens the cell under it: the chart zooms to
    // it and the cells around it.
    chart.getZr().on("click", (event) => {
      if (view.mode !== "cells") return;
      const at = [event.offsetX, event.offsetY];
      if (!chart.containPixel({ gridIndex: 0 }, at)) return;
      const [our, client] = chart.convertFromPixel({ gridIndex: 0 }, at);
      const [width, height] = view.cells.size;
      const left = Math.floor(Math.min(our, 99.99) / width) * width;
      const bottom = Math.floor(Math.min(client, 99.99) / height) * height;
      zoomTo(
        chart,
        [left - width, left + width * 2].map(round),
        [bottom - height, bottom + height * 2].map(round)
      );
    });
    if (wholeButton) wholeButton.addEventListener("click", () => zoomTo(chart, [0, 100], [0, 100]));
    // Keep the plot square when the container changes size (and ignore the moments when
    // it has none, such as while the page is being laid out).
    new ResizeObserver(() => {
      if (!element.clientWidth || !element.clientHeight) return;
      chart.resize();
      chart.setOption({ grid: squareGrid(element) });
    }).observe(element);
  }

  function boot() {
    const element = document.getElementById("kf-square-chart");
    if (!element || element.dataset.kfReady) return;
    element.dataset.kfReady = "1";
    render(element, kf.readJson("square-data"));
  }

  // Filters swap the page's content through htmx: draw the new chart and let go of
  // the old one. Only a swap that replaces the chart's own container lets go of it;
  // other htmx swaps on the page (the table's pages, a badge, a menu) leave it alone.
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
