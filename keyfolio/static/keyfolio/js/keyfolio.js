// Shared helpers for Keyfolio's pages. Page scripts read their data from
// <script type="application/json"> blocks (Django's json_script) because the
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // The five attitudes to us (opponent ... mentor), defined once in keyfolio.css.
  function attitudeColors() {
    const attitudes = ["opponent", "skeptic", "neutral", "supporter", "mentor"];
    const colors = {};
    for (const attitude of attitudes) colors[attitude] = cssVar("--kf-attitude-" + attitude);
    return colors;
  }

  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // Charts resize with their container (window resize, collapsing panels).
  // Charts speak the page's language (month names on time axes, toolbox texts).
  function initChart(element) {
    const locale = document.documentElement.lang === "ru" ? "RU" : "EN";
    const chart = echarts.init(element, null, { renderer: "canvas", locale: locale });
    new ResizeObserver(() => chart.resize()).observe(element);
    return chart;
  }

  window.kf = { cssVar, attitudeColors, readJson, initChart };
})();
