/* Charts of the monitoring dashboards. The figures come from the page's
   json_script block #dashboard-data; every number is also in the tables
   next to the charts (the charts add nothing a screen reader would miss). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var palette = ["#1f4e79", "#2e86c1", "#48a868", "#e0a800", "#c0504d", "#7d5ba6", "#5a6b7b", "#a0522d"];
  var charts = {};

  // Long category names (questions, forms of mentoring, organisations) are
  // cut off at the chart's edge: break them into lines of at most `limit`
  // characters (Chart.js draws an array label as several lines).
  function wrap(text, limit) {
    if (typeof text !== "string" || text.length <= limit) return text;
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > limit) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    var horizontal = config.options.indexAxis === "y";
    var round = config.type === "doughnut" || config.type === "pie";
    if (round) {
      var plugins = config.options.plugins = config.options.plugins || {};
      plugins.legend = Object.assign({ position: "bottom" }, plugins.legend || {});
      plugins.legend.labels = Object.assign({ boxWidth: 12, padding: 8 }, plugins.legend.labels || {});
    }
    var labels = config.data.labels || [];
    var width = canvas.parentNode.clientWidth || 600;
    // About 7 px a character at Chart.js's 12 px font; a horizontal chart
    // gives its names up to 40 % of the width.
    var limit = Math.max(12, Math.floor((horizontal ? width * 0.4 : width / Math.max(1, labels.length)) / 7));
    // A pie's labels are its legend's, not an axis's: Chart.js draws an
    // array label of a legend item as lines on top of each other, so they
    // stay whole strings («выполнено: 15,1 %») and the legend lays the
    // items out in rows of their own width.
    if (!round) config.data.labels = labels.map(function (label) { return wrap(label, limit); });
    if (horizontal) {
      var lines = config.data.labels.reduce(function (n, l) { return n + (Array.isArray(l) ? l.length : 1); }, 0);
      var needed = lines * 16 + labels.length * 14 + 70;
      if (needed > (canvas.getAttribute("height") || 200)) canvas.setAttribute("height", needed);
    }
    // Chart.js sizes a responsive chart to its parent: give each canvas a
    // box of its own, as high as the canvas asks, or it grows with the card.
    var box = document.createElement("div");
    box.className = "chart-container";
    box.style.position = "relative";
    box.style.height = (canvas.getAttribute("height") || 200) + "px";
    canvas.parentNode.insertBefore(box, canvas);
    box.appendChild(canvas);
    charts[id] = new Chart(canvas, config);
  }

  if (data.coverage) {
    var sets = [{ label: "Охват, %", data: data.coverage.values, backgroundColor: palette[1] }];
    if (data.coverage.targets.some(function (t) { return t !== null; })) {
      sets.push({ label: "Цель, %", data: data.coverage.targets, backgroundColor: palette[4] });
    }
    draw("chart-coverage", {
      type: "bar",
      data: { labels: data.coverage.labels, datasets: sets },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } } }
    });
  }
  if (data.consents) {
    draw("chart-consents", {
      type: "doughnut",
      data: { labels: data.consents.labels, datasets: [{ data: data.consents.values, backgroundColor: [palette[2], palette[4]] }] },
      options: { plugins: { legend: { position: "bottom" } } }
    });
  }
  if (data.mentorships) {
    draw("chart-mentorships", {
      type: "bar",
      data: {
        labels: data.mentorships.labels,
        datasets: data.mentorships.datasets.map(function (set, i) {
          return { label: set.label, data: set.values, backgroundColor: palette[i % palette.length] };
        })
      },
      options: { indexAxis: "y", scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } } }
    });
  }
  if (data.programs) {
    draw("chart-programs", {
      type: "bar",
      data: { labels: data.programs.labels, datasets: [{ label: "Программ", data: data.programs.values, backgroundColor: palette[0] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } }
    });
  }
  ["roadmap", "surveys", "training"].forEach(function (key) {
    var chart = data[key];
    if (!chart) return;
    draw("chart-" + key, {
      type: chart.type || "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (set, i) {
          return { label: set.label, data: set.values, backgroundColor: set.color || palette[i % palette.length] };
        })
      },
      options: chart.options || {}
    });
  });
  if (data.department) {
    draw("chart-department", {
      type: "bar",
      data: {
        labels: data.department.labels,
        datasets: [
          { label: "Охват обучающихся, %", data: data.department.students, backgroundColor: palette[1] },
          { label: "Охват педагогов, %", data: data.department.teachers, backgroundColor: palette[2] },
          { label: "Согласия, %", data: data.department.consents, backgroundColor: palette[3] }
        ]
      },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } } }
    });
  }
  window.dashboardCharts = charts;
})();
