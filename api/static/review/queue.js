// The queue: "select all" ticks every row of the page (each row's own box stays usable alone).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var all = document.getElementById("select-all");
    if (!all) return;
    var rows = function () { return document.querySelectorAll("input.row-select"); };
    all.addEventListener("change", function () {
      rows().forEach(function (box) { box.checked = all.checked; });
    });
    document.addEventListener("change", function (event) {
      if (!event.target.classList || !event.target.classList.contains("row-select")) return;
      var boxes = Array.prototype.slice.call(rows());
      all.checked = boxes.every(function (box) { return box.checked; });
    });
  });
})();
