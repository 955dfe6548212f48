// Draws each <canvas data-chart='{"labels":…,"datasets":…,"unit":…,"stacked":…}'> with Chart.js (served
// from /vendor). The table beside every chart holds the same figures, so nothing depends on this script.
(function () {
  "use strict";
  var COLOURS = ["#0b5cad", "#a4161a", "#1d6b2f", "#8a5300", "#5b3a91", "#0f766e", "#545d68"];
  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var unit = spec.unit ? " " + spec.unit : "";
    /* global Chart */
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (ds, i) {
          return { label: ds.label, data: ds.data, backgroundColor: COLOURS[i % COLOURS.length] };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: spec.stacked },
          y: { stacked: spec.stacked, beginAtZero: true, ticks: { callback: function (v) { return v + unit; } } },
        },
      },
    });
  }
  function start() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
