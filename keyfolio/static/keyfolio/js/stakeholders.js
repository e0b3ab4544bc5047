// The stakeholder map's org chart: the active contacts by reporting line, coloured by
// their attitude to us, sized by influence. The page passes the data with json_script
// (see keyfolio/stakeholders/charts.py): a tree when the reporting lines form one,
// otherwise a graph. Labels in it are already translated.
(function () {
  "use strict";

  const element = document.getElementById("org-chart");
  const data = kf.readJson("org-chart-data");
  if (!element || !data) return;

  const encode = (text) => echarts.format.encodeHTML(String(text));
  // Braces would end a rich-text label early.
  const plain = (text) => String(text).replace(/[{}]/g, "");
  const colors = kf.attitudeColors();
  const ink = kf.cssVar("--bs-body-color");
  const muted = kf.cssVar("--bs-secondary-color");
  const border = kf.cssVar("--bs-border-color");

  // Influence 1..5 draws a circle of 14..34 px.
  const sizeOf = (influence) => 9 + influence * 5;

  function isContact(node) {
    return node.influence !== undefined;
  }

  // Deciders (decision maker, economic buyer) get a dark ring, so that they stand out
  // whatever their attitude.
  function nodeStyle(node) {
    if (!isContact(node)) {
      return {
        symbol: "roundRect",
        symbolSize: [18, 18],
        itemStyle: { color: "#fff", borderColor: muted, borderWidth: 1.5 },
        label: { formatter: "{account|" + plain(node.name) + "}" },
      };
    }
    return {
      symbol: "circle",
      symbolSize: sizeOf(node.influence),
      itemStyle: {
        color: colors[node.attitude],
        borderColor: node.decides ? ink : "#fff",
        borderWidth: node.decides ? 3 : 1.5,
        shadowBlur: 3,
        shadowColor: "rgba(0, 0, 0, 0.15)",
      },
    };
  }

  function treeNode(node) {
    const item = Object.assign({}, node, nodeStyle(node));
    if (node.children) item.children = node.children.map(treeNode);
    return item;
  }

  function dots(influence) {
    let html = "";
    for (let n = 1; n <= 5; n++) {
      const color = n <= influence ? kf.cssVar("--bs-primary") : border;
      html += '<span style="display:inline-block;width:7px;height:7px;border-radius:50%;margin-right:2px;background:' + color + '"></span>';
    }
    return html;
  }

  function tooltip(params) {
    const node = params.data;
    if (!node || !isContact(node)) return params.data ? "<b>" + encode(params.data.name) + "</b>" : "";
    const lines = ["<b>" + encode(node.name) + "</b>"];
    if (node.title) lines.push('<span style="color:' + muted + '">' + encode(node.title) + "</span>");
    if (node.role) {
      const background = node.decides ? ink : "#eef0f3";
      const color = node.decides ? "#fff" : ink;
      lines.push('<span style="display:inline-block;margin-top:4px;padding:1px 7px;border-radius:5px;font-size:11px;font-weight:600;background:' + background + ";color:" + color + '">' + encode(node.role) + "</span>");
    }
    lines.push(dots(node.influence) + ' <span style="display:inline-block;width:8px;height:8px;border-radius:50%;margin:0 3px 0 8px;background:' + colors[node.attitude] + '"></span>' + encode(node.attitudeLabel));
    return lines.join("<br>");
  }

  const richLabel = {
    name: { fontWeight: 600, fontSize: 12, color: ink, lineHeight: 16 },
    title: { fontSize: 11, color: muted, lineHeight: 14 },
    account: { fontWeight: 700, fontSize: 12, color: muted },
  };

  function labelText(params) {
    const node = params.data;
    if (!isContact(node)) return "{account|" + plain(node.name) + "}";
    return "{name|" + plain(node.name) + "}" + (node.title ? "\n{title|" + plain(node.title) + "}" : "");
  }

  function treeOption(root) {
    return {
      tooltip: { trigger: "item", confine: true, formatter: tooltip },
      series: [
        {
          type: "tree",
          data: [treeNode(root)],
          orient: "TB",
          layout: "orthogonal",
          edgeShape: "polyline",
          top: 28,
          bottom: 56,
          left: 70,
          right: 70,
          initialTreeDepth: -1,
          expandAndCollapse: false,
          roam: false,
          lineStyle: { color: border, width: 1.2 },
          label: {
            position: "bottom",
            distance: 6,
            align: "center",
            verticalAlign: "top",
            formatter: labelText,
            rich: richLabel,
            width: 130,
            overflow: "truncate",
          },
          leaves: { label: { position: "bottom", verticalAlign: "top", align: "center" } },
          emphasis: { focus: "descendant" },
          animationDuration: 300,
        },
      ],
    };
  }

  function graphOption(nodes, links) {
    return {
      tooltip: { trigger: "item", confine: true, formatter: (p) => (p.dataType === "node" ? tooltip(p) : "") },
      series: [
        {
          type: "graph",
          layout: "force",
          roam: true,
          draggable: true,
          force: { repulsion: 260, edgeLength: 90, gravity: 0.08 },
          data: nodes.map((node) => Object.assign({}, node, nodeStyle(node))),
          links: links,
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 7,
          lineStyle: { color: muted, width: 1.2, opacity: 0.7 },
          label: { show: true, position: "bottom", formatter: labelText, rich: richLabel },
        },
      ],
    };
  }

  const chart = kf.initChart(element);
  chart.setOption(data.layout === "tree" ? treeOption(data.root) : graphOption(data.nodes, data.links));
  chart.on("click", (params) => {
    if (params.data && params.data.url) window.location.href = params.data.url;
  });
})();
