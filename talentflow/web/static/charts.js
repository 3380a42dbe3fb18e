// Indicator charts: uPlot draws the series a page embeds in data-chart (hover shows values, a
// click on a legend entry hides or shows its series). Without JavaScript the table below the
// chart holds every value, so nothing is lost. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var palette = ["#0b5cad", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b"];
  function draw(el) {
    var spec;
    try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    if (!spec || !spec.x || spec.x.length < 2 || typeof uPlot === "undefined") { return; }
    var unit = el.getAttribute("data-unit") || "";
    // digit group and decimal mark from the server (babel), so the chart writes numbers as the table does
    var group = el.getAttribute("data-group") || ",", decimal = el.getAttribute("data-decimal") || ".";
    var fmt = function (v) {
      return v.toLocaleString("en", { maximumFractionDigits: 2 }).replace(/[,.]/g, function (c) { return c === "," ? group : decimal; });
    };
    var width = Math.max(280, Math.min(el.parentNode.clientWidth || 800, 960));
    var series = [{ label: el.getAttribute("data-label-year") || "Year", value: function (u, v) { return v == null ? "" : String(v); } }];
    var data = [spec.x];
    spec.series.forEach(function (s, i) {
      series.push({ label: s.label, stroke: palette[i % palette.length], width: 2, spanGaps: false,
                    points: { show: true, size: 5 },
                    value: function (u, v) { return v == null ? "—" : fmt(v) + " " + unit; } });
      data.push(s.values);
    });
    var opts = { width: width, height: Math.round(width * 0.45), series: series,
                 scales: { x: { time: false } },
                 axes: [{ values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? String(v) : ""; }); } },
                        { size: 70, values: function (u, vals) { return vals.map(fmt); } }],
                 legend: { live: true } };
    el.removeAttribute("aria-hidden");
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", (document.querySelector("h1") || {}).textContent || "chart");
    new uPlot(opts, data, el);
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
})();
