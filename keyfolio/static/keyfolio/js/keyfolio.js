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

  // A table wider than its box scrolls sideways. Keyboard users must be able to reach
  // such a box to scroll it, so it takes focus; a box that does not scroll does not
  // (a focus stop there would only be noise).
  function focusScrollingTables() {
    for (const box of document.querySelectorAll(".table-responsive")) {
      if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    }
  }
  document.addEventListener("DOMContentLoaded", focusScrollingTables);
  document.addEventListener("htmx:afterSettle", focusScrollingTables);
  // A chart's data table opens in a <details>; "toggle" does not bubble, hence capture.
  document.addEventListener("toggle", focusScrollingTables, true);
  let resizing = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(focusScrollingTables, 200);
  });

  window.kf = { cssVar, attitudeColors, readJson, initChart };
})();
