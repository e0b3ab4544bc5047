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
//
// Around the chart: a search box (it finds names among the points drawn, or asks the
// server over density cells), a switch of the bubbles' size (one size, revenue, share
// of wallet) with its legend, and PNG and SVG downloads of what is on view. Names go
// beside the points wherever they fit (placeLabels); the others show on hover.
(function () {
  "use strict";

  // A point's diameter in pixels when every bubble has one size: smaller on a phone,
  // and smaller among more than CROWD points, where the big ones would make a carpet.
  const SMALL_SQUARE = 360;
  const CROWD = 300;
  const marker = (unitsPerPixel, count = 0) => {
    const small = 100 / unitsPerPixel < SMALL_SQUARE;
    if (count > CROWD) return small ? 6 : 8;
    return small ? 9 : 13;
  };
  // The smallest and the largest bubble when their size is a figure: the area grows
  // with the figure, from the smallest (no figure, or next to none) up.
  const bubbleRange = (unitsPerPixel, count) => {
    const small = 100 / unitsPerPixel < SMALL_SQUARE;
    if (count > CROWD) return small ? [4, 14] : [5, 20];
    return small ? [7, 26] : [8, 38];
  };
  const INK = "#344054";
  const MUTED = "#667085";
  const RULE = "#d0d5dd";
  // Ask for a zoomed window this long after the last zoom step, not at every step.
  const FETCH_DELAY = 250;
  // Wait this long after the last key before asking the server for a name.
  const FIND_DELAY = 300;
  // Points that a search does not find fade to this.
  const DIMMED = 0.15;
  const LABEL_FONT = 11;
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
  const signedInteger = new Intl.NumberFormat(lang, { signDisplay: "exceptZero" });
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });

  const html = (value) => echarts.format.encodeHTML(String(value ?? ""));
  const day = (iso) => dateFormat.format(new Date(iso + "T00:00:00Z"));

  // Where a zone's name sits: in the outer corner of its quarter.
  const corner = (z) => "inside" + (z.attractive ? "Top" : "Bottom") + (z.strong ? "Right" : "Left");

  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  const money = (value, currency) => {
    try {
      const format = { style: "currency", currency: currency, notation: "compact", maximumFractionDigits: 1 };
      return new Intl.NumberFormat(lang, format).format(value);
    } catch (error) {
      return `${compact.format(value)} ${currency}`; // A code Intl does not know.
    }
  };
  // A label's text with its figures filled in: "%(name)s" and the like.
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (all, key) => String(values[key] ?? all));

  // --- the data ---------------------------------------------------------------------------

  // The points as the drawing code reads them, from the server's rows and field list.
  function pointsOf(data, view) {
    if (view.mode !== "points" && view.mode !== "found") return [];
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
        scored: r[at.scored],
        criteria: r[at.criteria],
        revenue: r[at.revenue],
        wallet: r[at.wallet],
        currency: r[at.currency] || data.currency,
        nps: r[at.nps],
        url: data.account_url.replace("{id}", r[at.id]),
      };
      // Scored on fewer than all its methodology's criteria: drawn hollow.
      p.partial = p.criteria > 0 && p.scored < p.criteria;
      if (at.previous_zone !== undefined && r[at.previous_zone]) {
        p.previous = {
          our: r[at.previous_our],
          client: r[at.previous_client],
          zone: r[at.previous_zone],
          assessed_on: r[at.previous_on],
          // As the table shows the change (the server computes both alike).
          change_our: r[at.change_our],
          change_client: r[at.change_client],
        };
      }
      if (at.forecast_zone !== undefined && r[at.forecast_zone]) {
        p.forecast = { our: r[at.forecast_our], client: r[at.forecast_client], zone: r[at.forecast_zone] };
      }
      return p;
    });
  }

  // How big each bubble is: one size, or an area that grows with the account's revenue
  // or share of wallet. `legend` says what the smallest and the largest bubble stand for
  // (null for one size; `none` when no account has the figure).
  function sizer(points, mode, unitsPerPixel, data) {
    const same = marker(unitsPerPixel, points.length);
    if (mode !== "revenue" && mode !== "wallet") return { size: () => same, legend: null };
    let known = points.filter((p) => p[mode] != null && p[mode] > 0);
    // Revenue in different currencies cannot be compared (there are no exchange rates):
    // only the accounts in the most common currency are sized, the others drawn smallest.
    let currency = null;
    if (mode === "revenue" && known.length) {
      currency = mostCommonCurrency(known, data.currency);
      known = known.filter((p) => p.currency === currency);
    }
    if (!known.length) return { size: () => same, legend: { mode: mode, none: true } };
    const [small, large] = bubbleRange(unitsPerPixel, points.length);
    const least = known.reduce((a, b) => (b[mode] < a[mode] ? b : a));
    const most = known.reduce((a, b) => (b[mode] > a[mode] ? b : a));
    const sized = (p) => p[mode] != null && p[mode] > 0 && (currency === null || p.currency === currency);
    const size = (p) => {
      const value = sized(p) ? p[mode] : 0;
      return Math.sqrt(small * small + ((large * large - small * small) * value) / most[mode]);
    };
    const legend = { mode: mode, least: least, most: most, small: size(least), large: large };
    if (currency !== null && points.some((p) => p.currency !== currency)) {
      legend.currency = { code: currency, count: points.filter((p) => p.currency === currency).length, total: points.length };
    }
    return { size: size, legend: legend };
  }

  // The currency most of these accounts are in (the workspace's on a tie).
  function mostCommonCurrency(points, preferred) {
    const counts = new Map();
    for (const p of points) counts.set(p.currency, (counts.get(p.currency) || 0) + 1);
    let best = preferred;
    for (const [currency, count] of counts) {
      if (count > (counts.get(best) || 0)) best = currency;
    }
    return best;
  }

  // A figure of a point as the tooltip and the size legend write it.
  function figure(p, mode, data) {
    const value = p[mode];
    if (value == null) return data.labels.unknown;
    return mode === "revenue" ? money(value, p.currency) : percent.format(value);
  }

  // --- names beside the points -----------------------------------------------------------

  let measure = null;
  const textWidths = new Map();
  function textWidth(text) {
    if (!textWidths.has(text)) {
      measure = measure || document.createElement("canvas").getContext("2d");
      measure.font = `${LABEL_FONT}px ${getComputedStyle(document.body).fontFamily}`;
      textWidths.set(text, measure.measureText(text).width);
    }
    return textWidths.get(text);
  }

  // Where each point's name goes: on its right, left, top or bottom, the first of those
  // where it covers no other name and no other point, inside the plot; null where it
  // fits nowhere (its name shows on hover). The points found by a search go first, then
  // the biggest. Positions are in pixels of the plot (`grid`) showing `window`; nor do
  // they cover the `obstacles` (rectangles in pixels, such as the zones' names).
  function placeLabels(points, size, grid, window, first, obstacles = []) {
    const across = (window.our[1] - window.our[0]) / grid.width;
    const up = (window.client[1] - window.client[0]) / grid.height;
    const BUCKET = 48;
    const buckets = new Map();
    const keysOf = (r) => {
      const keys = [];
      for (let x = Math.floor(r.x0 / BUCKET); x <= Math.floor(r.x1 / BUCKET); x++) {
        for (let y = Math.floor(r.y0 / BUCKET); y <= Math.floor(r.y1 / BUCKET); y++) keys.push(x + ":" + y);
      }
      return keys;
    };
    const add = (r) => {
      for (const key of keysOf(r)) {
        if (!buckets.has(key)) buckets.set(key, []);
        buckets.get(key).push(r);
      }
    };
    const clashes = (r, own) =>
      keysOf(r).some((key) =>
        (buckets.get(key) || []).some((o) => o !== own && o.x0 < r.x1 && r.x0 < o.x1 && o.y0 < r.y1 && r.y0 < o.y1)
      );
    for (const o of obstacles) add(o);
    const inside = (p) =>
      p.our >= window.our[0] && p.our <= window.our[1] && p.client >= window.client[0] && p.client <= window.client[1];
    const shown = points.filter(inside).map((p) => {
      const x = grid.left + (p.our - window.our[0]) / across;
      const y = grid.top + (window.client[1] - p.client) / up;
      const r = size(p) / 2;
      const dot = { x0: x - r, x1: x + r, y0: y - r, y1: y + r };
      add(dot);
      return { p: p, x: x, y: y, r: r, dot: dot };
    });
    shown.sort((a, b) => first(b.p) - first(a.p) || b.r - a.r || a.p.id - b.p.id);
    const GAP = 4;
    const HEIGHT = LABEL_FONT + 4;
    const where = new Map();
    for (const s of shown) {
      const width = textWidth(s.p.name) + 4;
      const spots = {
        right: { x0: s.x + s.r + GAP, y0: s.y - HEIGHT / 2 },
        left: { x0: s.x - s.r - GAP - width, y0: s.y - HEIGHT / 2 },
        top: { x0: s.x - width / 2, y0: s.y - s.r - GAP - HEIGHT },
        bottom: { x0: s.x - width / 2, y0: s.y + s.r + GAP },
      };
      where.set(s.p.id, null);
      for (const [position, spot] of Object.entries(spots)) {
        const r = { x0: spot.x0, y0: spot.y0, x1: spot.x0 + width, y1: spot.y0 + HEIGHT };
        const out = r.x0 < grid.left || r.x1 > grid.left + grid.width || r.y0 < grid.top || r.y1 > grid.top + grid.height;
        if (out || clashes(r, s.dot)) continue;
        add(r);
        where.set(s.p.id, position);
        break;
      }
    }
    return where;
  }

  // Where the zones' names are written (see zoneNames), in pixels: no point's name goes
  // there. Each sits in the outer corner of its zone, 10 pixels in.
  function zoneNamePlaces(data, grid, window) {
    const x = (our) => grid.left + ((our - window.our[0]) / (window.our[1] - window.our[0])) * grid.width;
    const y = (client) =>
      grid.top + ((window.client[1] - client) / (window.client[1] - window.client[0])) * grid.height;
    return data.zones.map((z) => {
      const width = (textWidth(data.labels.zones[z.zone]) * zoneNameSize(grid) * 1.1) / LABEL_FONT + 6;
      const height = 20;
      const left = z.strong ? x(z.our[1]) - 10 - width : x(z.our[0]) + 10;
      const top = z.attractive ? y(z.client[1]) + 8 : y(z.client[0]) - 8 - height;
      return { x0: left, y0: top, x1: left + width, y1: top + height };
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

  // The zones' names, above the points; smaller on a phone's small square, where two
  // long ones side by side would touch.
  const zoneNameSize = (grid) => (grid.width < SMALL_SQUARE ? 11 : 13);
  function zoneNames(data, grid) {
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
          fontSize: zoneNameSize(grid),
          fontWeight: 700,
          distance: 10,
          textBorderColor: "rgba(255, 255, 255, 0.9)",
          textBorderWidth: 3,
        },
        data: zoneAreas(data),
      },
    };
  }

  // One zone's points (or, with id "found", the accounts a search found over density
  // cells). `look` says, per point, its size, where its name goes and whether a search
  // leaves it dimmed. The biggest bubbles are drawn first, under the smaller ones.
  function pointSeries(id, name, colour, colors, points, look) {
    const ordered = points.slice().sort((a, b) => look.size(b) - look.size(a) || a.id - b.id);
    return {
      type: "scatter",
      id: id,
      name: name,
      z: id === "found" ? 5 : 4,
      // The series' colour is the legend's; each point sets its own below.
      itemStyle: {
        color: colour,
        borderColor: "#fff",
        borderWidth: 1.5,
        shadowBlur: 3,
        shadowColor: "rgba(16, 24, 40, 0.25)",
      },
      emphasis: { scale: 1.35, label: { show: true, fontWeight: 600 } },
      label: {
        show: false,
        distance: 4,
        formatter: "{b}",
        fontSize: LABEL_FONT,
        color: INK,
        textBorderColor: "rgba(255, 255, 255, 0.85)",
        textBorderWidth: 2,
      },
      // The names are placed beforehand (placeLabels); this only guards against a name
      // drawn a little wider than measured.
      labelLayout: { hideOverlap: true },
      data: ordered.map((p) => {
        const colour = colors[p.zone].line;
        const position = look.label(p);
        const dimmed = look.dimmed(p);
        return {
          name: p.name,
          value: [p.our, p.client],
          point: p,
          symbolSize: look.size(p),
          // Partly scored: only the ring, in the zone's colour.
          itemStyle: p.partial
            ? { color: "#fff", borderColor: colour, borderWidth: 2.5, opacity: dimmed ? DIMMED : 1 }
            : { color: colour, opacity: dimmed ? DIMMED : 0.92 },
          label: position ? { show: true, position: position } : { show: false },
        };
      }),
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

  function movementSeries(data, colors, points, look, unitsPerPixel) {
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
        const to = shortened(from, [p.our, p.client], (look.size(p) / 2 + 1) * unitsPerPixel);
        const style = { color: colors[p.zone].line, opacity: look.dimmed(p) ? DIMMED : 0.75 };
        return { coords: [from, to], point: p, lineStyle: style };
      }),
    };
  }

  // The forecast point (where we expect the account in three years): a marker with a
  // dashed ring in the colour of its zone, reached by a dashed arrow from today's point.
  function forecastSeries(data, colors, points, look, unitsPerPixel) {
    const forecast = points.filter((p) => p.forecast);
    return {
      type: "scatter",
      id: "forecast",
      name: data.labels.forecast_series,
      z: 3,
      symbolSize: marker(unitsPerPixel, points.length),
      itemStyle: { color: "rgba(255, 255, 255, 0.85)", borderWidth: 2, borderType: [3, 2] },
      emphasis: { scale: 1.35 },
      data: forecast.map((p) => ({
        name: p.name,
        value: [p.forecast.our, p.forecast.client],
        forecast: p,
        itemStyle: { borderColor: colors[p.forecast.zone].line, opacity: look.dimmed(p) ? DIMMED : 1 },
      })),
    };
  }

  function forecastArrows(data, colors, points, look, unitsPerPixel) {
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
        const by = (look.size(p) / 2 + 2) * unitsPerPixel;
        const to = shortened(from, [p.forecast.our, p.forecast.client], by);
        const style = { color: colors[p.forecast.zone].line, opacity: look.dimmed(p) ? DIMMED : 0.7 };
        return { coords: [from, to], forecast: p, lineStyle: style };
      }),
    };
  }

  // One zone's density cells: a rectangle per cell, the darker the more accounts in it,
  // with its count when there is room for it.
  // While a search shows what it found over the cells, the cells fade (`faded`).
  function cellSeries(data, colors, zone, cells, size, most, faded) {
    return {
      type: "custom",
      id: "cells-" + zone,
      name: data.labels.zones[zone],
      z: 4,
      silent: faded,
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
            style: { fill: colors[zone].line, opacity: (0.16 + 0.74 * weight) * (faded ? 0.3 : 1) },
          },
        ];
        if (!faded && box.width >= 8 + 7 * text.length && box.height >= 15) {
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

  function pointTooltip(p, data, colors, sizeMode) {
    const row = (label, value) =>
      `<tr><td style="color:${MUTED};padding-right:12px">${html(label)}</td>` +
      `<td style="text-align:right;font-weight:600">${value}</td></tr>`;
    const rows = [
      row(data.labels.client, oneDecimal.format(p.client)),
      row(data.labels.our, oneDecimal.format(p.our)),
    ];
    if (sizeMode === "revenue" || sizeMode === "wallet") {
      rows.push(row(data.labels[sizeMode], html(figure(p, sizeMode, data))));
    }
    // The client's voice over the last year; not surveyed: no line.
    if (p.nps != null) rows.push(row(data.labels.nps, html(signedInteger.format(p.nps))));
    if (p.owner) rows.push(row(data.labels.owner, html(p.owner)));
    rows.push(row(data.labels.assessed_on, html(day(p.assessed_on))));
    if (p.previous) {
      const change =
        `${signedDecimal.format(p.previous.change_client)} / ` + `${signedDecimal.format(p.previous.change_our)}`;
      rows.push(row(`${data.labels.previous} (${day(p.previous.assessed_on)})`, change));
    }
    const dot = p.partial
      ? `border:2px solid ${colors[p.zone].line};background:#fff`
      : `background:${colors[p.zone].line}`;
    const zone =
      `<span style="display:inline-block;width:9px;height:9px;border-radius:50%;box-sizing:border-box;` +
      `${dot};margin-right:6px"></span>${html(data.labels.zones[p.zone])}`;
    const scored = p.partial
      ? `<div style="color:#b54708;font-weight:600;margin-bottom:6px">` +
        `${html(fill(data.labels.scored, { scored: p.scored, total: p.criteria }))}</div>`
      : "";
    return (
      `<div style="font-weight:700;font-size:13px;margin-bottom:2px">${html(p.name)}</div>` +
      `<div style="color:${INK};margin-bottom:6px">${zone}` +
      (p.segment ? ` <span style="color:${MUTED}">· ${html(p.segment)}</span>` : "") +
      `</div>${scored}<table style="font-size:12px">${rows.join("")}</table>` +
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

  // Whether the chart is as narrow as a phone: the legend takes two lines, the margins
  // shrink so that the plot takes the width.
  const narrow = (element) => element.clientWidth < 480;

  const padding = (element) =>
    narrow(element) ? { left: 46, right: 12, top: 70, bottom: 50 } : { left: 62, right: 28, top: 46, bottom: 58 };

  // On a phone the chart grows as tall as a plot of its whole width needs (the legend
  // and the axes take more room above and below than beside it), rather than the plot
  // shrinking to fit a square chart.
  function fitHeight(element) {
    if (!narrow(element)) {
      element.style.height = "";
      return;
    }
    const pad = padding(element);
    const height = element.clientWidth - pad.left - pad.right + pad.top + pad.bottom;
    if (Math.abs(element.clientHeight - height) > 1) element.style.height = `${height}px`;
  }

  // A square plot area, centred, whatever the container's shape.
  function squareGrid(element) {
    const pad = padding(element);
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

  // What the chart draws of `state` (the view: points or cells; the size of the
  // bubbles; what a search found; the window on view) in the plot `grid`: its series,
  // the size legend (see sizer) and where each point's marker is (id → series id and
  // index in its data), for highlighting the points found.
  function seriesFor(data, state, grid) {
    const view = state.view;
    const unitsPerPixel = 100 / grid.width;
    const zones = data.zones.map((z) => z.zone);
    const colors = Object.fromEntries(data.zones.map((z) => [z.zone, { line: z.colour, fill: z.fill }]));
    const ids = state.search.ids;
    const isFound = (p) => (ids !== null && ids.has(p.id) ? 1 : 0);
    const series = [backdrop(data)];
    let legend = null;
    // Over density cells the zones' names would hide counts: the colours and the legend
    // name the zones there.
    if (view.mode !== "cells") series.push(zoneNames(data, grid));
    if (view.mode === "cells") {
      const rows = view.cells.rows;
      const most = Math.max(1, ...rows.map((c) => c[2]));
      const found = state.search.found;
      for (const zone of zones) {
        const cells = rows.filter((c) => c[3] === zone);
        series.push(cellSeries(data, colors, zone, cells, view.cells.size, most, found.length > 0));
      }
      if (found.length) {
        const size = () => marker(unitsPerPixel);
        const labels = placeLabels(found, size, grid, state.window, isFound);
        const look = { size: size, label: (p) => labels.get(p.id) || null, dimmed: () => false };
        series.push(pointSeries("found", "", INK, colors, found, look));
      }
    } else {
      const points = pointsOf(data, view);
      const sizes = sizer(points, state.sizeMode, unitsPerPixel, data);
      legend = sizes.legend;
      const obstacles = zoneNamePlaces(data, grid, state.window);
      const labels = placeLabels(points, sizes.size, grid, state.window, isFound, obstacles);
      const look = {
        size: sizes.size,
        label: (p) => labels.get(p.id) || null,
        dimmed: (p) => ids !== null && !ids.has(p.id),
      };
      for (const zone of zones) {
        const mine = points.filter((p) => p.zone === zone);
        series.push(pointSeries("points-" + zone, data.labels.zones[zone], colors[zone].line, colors, mine, look));
      }
      if (data.arrows) series.push(movementSeries(data, colors, points, look, unitsPerPixel));
      if (data.forecast) {
        series.push(
          forecastArrows(data, colors, points, look, unitsPerPixel),
          forecastSeries(data, colors, points, look, unitsPerPixel)
        );
      }
    }
    const markers = new Map();
    for (const one of series) {
      if (one.type !== "scatter" || !one.data) continue;
      one.data.forEach((item, index) => {
        if (item.point && !markers.has(item.point.id)) markers.set(item.point.id, [one.id, index]);
      });
    }
    return { series: series, legend: legend, markers: markers };
  }

  function options(element, data, drawn) {
    const zones = data.zones.map((z) => z.zone);
    const colors = Object.fromEntries(data.zones.map((z) => [z.zone, { line: z.colour, fill: z.fill }]));
    // The legend counts the accounts of the whole square (with the filters), zoomed or not.
    const counts = Object.fromEntries(zones.map((z) => [data.labels.zones[z], data.counts[z] || 0]));
    return {
      animationDuration: 400,
      // Single quotes: the SVG export writes the family into a double-quoted attribute.
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily.replace(/"/g, "'") },
      grid: squareGrid(element),
      xAxis: axis(data.labels.our, 32),
      yAxis: axis(data.labels.client, narrow(element) ? 30 : 40),
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
          return item.point ? pointTooltip(item.point, data, colors, drawn.sizeMode()) : "";
        },
      },
      series: drawn.series,
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

  // --- the controls around the chart ------------------------------------------------------

  // The size legend under the chart: what the smallest and the largest bubble stand
  // for, and a note on the figure; hidden while every bubble has one size.
  function showSizeLegend(box, legend, data) {
    if (!box) return;
    box.hidden = !legend;
    if (!legend) return;
    for (const note of box.querySelectorAll("[data-note]")) note.hidden = note.dataset.note !== legend.mode;
    const scale = box.querySelector("[data-scale]");
    const none = box.querySelector("[data-none]");
    scale.hidden = Boolean(legend.none);
    none.hidden = !legend.none;
    if (legend.none) {
      box.querySelector("[data-currency]").hidden = true;
      none.textContent = data.labels.size_none;
      return;
    }
    const currency = box.querySelector("[data-currency]");
    currency.hidden = !legend.currency;
    if (legend.currency) currency.textContent = fill(data.labels.size_currency, legend.currency);
    const ends = { least: [legend.least, legend.small, data.labels.size_min], most: [legend.most, legend.large, data.labels.size_max] };
    for (const [end, [point, diameter, label]] of Object.entries(ends)) {
      const bubble = box.querySelector(`[data-bubble="${end}"]`);
      bubble.style.width = bubble.style.height = `${Math.round(diameter)}px`;
      box.querySelector(`[data-figure="${end}"]`).textContent = fill(label, { value: figure(point, legend.mode, data) });
    }
  }

  // What a search says: found one (its name), found several (how many), found more than
  // it shows, found none; "" once the box is cleared.
  function searchStatus(data, text, matches, more) {
    if (!text) return "";
    if (!matches.length) return fill(data.labels.not_found, { text: text });
    if (more) return fill(data.labels.found_more, { count: integer.format(matches.length) });
    if (matches.length === 1) return fill(data.labels.found, { name: matches[0].name });
    return fill(data.labels.found_many, { count: integer.format(matches.length) });
  }

  function download(blob, filename) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  // The chart as a PNG at twice its pixels, or as an SVG drawn from the same options
  // by a second chart that lives only in memory (ECharts' server-side mode needs no
  // element), both on white and without the zoom's handles.
  function exportChart(chart, element, data, type) {
    if (type === "png") {
      const url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      const bytes = Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0));
      download(new Blob([bytes], { type: "image/png" }), `${data.export_name}.png`);
      return;
    }
    const size = { renderer: "svg", ssr: true, width: element.clientWidth, height: element.clientHeight };
    const copy = echarts.init(null, null, size);
    copy.setOption({ ...chart.getOption(), animation: false, backgroundColor: "#fff" });
    const svg = copy.renderToSVGString();
    copy.dispose();
    download(new Blob([svg], { type: "image/svg+xml" }), `${data.export_name}.svg`);
  }

  function render(element, data) {
    fitHeight(element);
    const chart = kf.initChart(element);
    const first = data; // The whole square's points or cells, as the page sent them.
    const firstPoints = pointsOf(data, first);
    const whole = { our: [0, 100], client: [0, 100] };
    const noSearch = { text: "", ids: null, found: [], matches: [], at: 0 };
    const sizeRadios = document.querySelectorAll('input[name="kf-square-size"]');
    const checkedSize = () => Array.from(sizeRadios).find((r) => r.checked)?.value || "same";
    const state = { view: first, sizeMode: checkedSize(), search: noSearch, window: whole };
    let drawn = { markers: new Map() };
    let zoomed = false;
    let timer = null;
    let request = null;
    let finding = null; // The server's search under way, over density cells.
    let findTimer = null;
    const wholeButton = document.getElementById("kf-square-whole");
    const findBox = document.getElementById("kf-square-find");
    const findStatus = document.getElementById("kf-square-find-status");
    const sizeLegend = document.getElementById("kf-square-size-legend");
    const partialNote = document.getElementById("kf-square-partial");

    // Build the series of the current state; `setOption` draws them (or the first call
    // passes them to the whole options).
    function build() {
      drawn = seriesFor(data, state, squareGrid(element));
      showSizeLegend(sizeLegend, drawn.legend, data);
      if (partialNote) partialNote.hidden = !pointsOf(data, state.view).some((p) => p.partial);
      return drawn.series;
    }
    const draw = () => {
      chart.setOption({ series: build() }, { replaceMerge: ["series"] });
      highlightFound();
    };

    // Raise the points a search found, and show the tooltip of the current one.
    function highlightFound() {
      const { matches, at } = state.search;
      const bySeries = new Map();
      for (const p of matches) {
        const where = drawn.markers.get(p.id);
        if (!where) continue;
        if (!bySeries.has(where[0])) bySeries.set(where[0], []);
        bySeries.get(where[0]).push(where[1]);
      }
      for (const [seriesId, dataIndex] of bySeries) chart.dispatchAction({ type: "highlight", seriesId, dataIndex });
      const current = matches[at] && drawn.markers.get(matches[at].id);
      if (!current) return;
      const seriesIndex = chart.getOption().series.findIndex((one) => one.id === current[0]);
      chart.dispatchAction({ type: "showTip", seriesIndex: seriesIndex, dataIndex: current[1] });
    }

    function settle(text, matches, more) {
      state.search = {
        text: text,
        ids: matches.length ? new Set(matches.map((p) => p.id)) : null,
        // Over density cells the points found are drawn on their own.
        found: first.mode === "cells" ? matches : [],
        matches: matches,
        at: 0,
      };
      findStatus.textContent = searchStatus(data, text, matches, more);
      findBox.setAttribute("aria-invalid", text && !matches.length ? "true" : "false");
      chart.dispatchAction({ type: "hideTip" });
      draw();
    }

    // Find the accounts whose name holds the text: among the points drawn, or (over
    // density cells, where the page has no names) by asking the server.
    function find(text) {
      if (finding) finding.abort();
      if (!text) return settle("", [], false);
      if (first.mode === "points") {
        const needle = text.toLocaleLowerCase(lang);
        return settle(text, firstPoints.filter((p) => p.name.toLocaleLowerCase(lang).includes(needle)), false);
      }
      finding = new AbortController();
      const url = new URL(data.data_url, window.location.href);
      url.searchParams.set("find", text);
      fetch(url, { signal: finding.signal, headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
        .then((answer) => settle(text, pointsOf(data, answer), answer.more))
        .catch((error) => {
          if (error.name !== "AbortError") findStatus.textContent = data.labels.search_failed;
        });
    }

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
        .then((next) => {
          state.view = next;
          draw();
        })
        .catch((error) => {
          if (error.name === "AbortError") return;
          chart.setOption({ title: { ...FAILED, text: data.labels.failed } });
        });
    }

    function onZoom() {
      const w = windowOn(chart, element);
      state.window = w;
      const now = !isWhole(w);
      if (now !== zoomed) {
        zoomed = now;
        if (wholeButton) wholeButton.hidden = !zoomed;
        // Zoomed in, the window's edges are not round numbers: leave them unlabelled.
        const labels = { axisLabel: { showMinLabel: !zoomed, showMaxLabel: !zoomed } };
        chart.setOption({ dataZoom: zoomers(zoomed), xAxis: labels, yAxis: labels });
      }
      chart.setOption({ title: { text: "" } });
      // With every point drawn from the start, zooming magnifies them: only the names
      // find their places again, with the room the zoom gave.
      if (first.mode === "points") return draw();
      if (!zoomed) {
        if (request) request.abort();
        state.view = first;
        return draw();
      }
      load(w);
    }

    chart.setOption(options(element, data, { series: build(), sizeMode: () => state.sizeMode }));
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
      if (state.view.mode !== "cells" || state.search.found.length) return;
      const at = [event.offsetX, event.offsetY];
      if (!chart.containPixel({ gridIndex: 0 }, at)) return;
      const [our, client] = chart.convertFromPixel({ gridIndex: 0 }, at);
      const [width, height] = state.view.cells.size;
      const left = Math.floor(Math.min(our, 99.99) / width) * width;
      const bottom = Math.floor(Math.min(client, 99.99) / height) * height;
      zoomTo(
        chart,
        [left - width, left + width * 2].map(round),
        [bottom - height, bottom + height * 2].map(round)
      );
    });
    if (wholeButton) wholeButton.addEventListener("click", () => zoomTo(chart, [0, 100], [0, 100]));
    for (const radio of sizeRadios) {
      radio.addEventListener("change", () => {
        state.sizeMode = checkedSize();
        draw();
      });
    }
    if (findBox) {
      findBox.addEventListener("input", () => {
        clearTimeout(findTimer);
        const text = findBox.value.trim();
        findTimer = setTimeout(() => find(text), first.mode === "points" ? 0 : FIND_DELAY);
      });
      // Enter shows the next account found (and, after the last, the first again).
      findBox.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        const search = state.search;
        if (search.matches.length > 1) {
          search.at = (search.at + 1) % search.matches.length;
          highlightFound();
        }
      });
    }
    for (const button of document.querySelectorAll("[data-square-export]")) {
      button.addEventListener("click", () => exportChart(chart, element, data, button.dataset.squareExport));
    }
    // Keep the plot square when the container changes size (and ignore the moments when
    // it has none, such as while the page is being laid out); the names find their
    // places again.
    new ResizeObserver(() => {
      if (!element.clientWidth || !element.clientHeight) return;
      fitHeight(element);
      chart.resize();
      chart.setOption({ grid: squareGrid(element) });
      draw();
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
