// Charts of survey results (Chart.js, vendored).
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var brand = "#1f4e79";
  var data = document.getElementById("survey-charts");
  if (data) {
    var charts = JSON.parse(data.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var id = canvas.dataset.chart.replace("chart-", "");
      var c = charts[id];
      if (!c) return;
      var width = canvas.parentNode.clientWidth || 600;
      var limit = Math.max(12, Math.floor(width * 0.4 / 7));
      // Long answer options are broken into lines instead of cut off.
      var labels = c.labels.map(function (text) {
        if (typeof text !== "string" || text.length <= limit) return text;
        var lines = [];
        var line = "";
        text.split(/\s+/).forEach(function (word) {
          if (line && (line + " " + word).length > limit) { lines.push(line); line = word; }
          else { line = line ? line + " " + word : word; }
        });
        if (line) lines.push(line);
        return lines;
      });
      new Chart(canvas, {
        type: "bar",
        data: { labels: labels, datasets: [{ data: c.data, backgroundColor: brand }] },
        options: {
          maintainAspectRatio: false, animation: false,
          indexAxis: c.labels.some(function (l) { return l.length > 12; }) ? "y" : "x",
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } }
        }
      });
    });
  }
  var change = document.getElementById("change-data");
  var canvas = document.getElementById("change-chart");
  if (change && canvas) {
    var d = JSON.parse(change.textContent);
    var palette = ["#1f4e79", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2c7a7b", "#975a16"];
    d.datasets.forEach(function (ds, i) { ds.borderColor = palette[i % palette.length]; ds.backgroundColor = ds.borderColor; ds.spanGaps = true; });
    new Chart(canvas, { type: "line", data: d, options: { maintainAspectRatio: false, animation: false } });
  }
})();
