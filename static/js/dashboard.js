// Dashboard charts: reads the charts from the page's json_script (#dashboard-data, the same data as
// the tables beneath and /api/v1/dashboard) and draws each with ECharts (vendored, no CDN, no inline
// code: CSP). A click on a bar, a slice or a point opens the list of the rows behind it.
(function () {
  "use strict";

  var PALETTE = ["#b8252f", "#2f6db5", "#e3a21a", "#3c9d5d", "#7a4fb3", "#d0622c", "#1f8a8a", "#8c8c8c"];

  function tooltipValue(unit) {
    return function (value) {
      return (typeof value === "number" ? value.toLocaleString("zh-CN") : value) + (unit ? " " + unit : "");
    };
  }

  function optionFor(c) {
    var base = {
      color: PALETTE,
      animation: false,
      // richText: the tooltip is drawn on the canvas. The HTML tooltip's markup carries style
      // attributes, which the CSP (style-src 'self') refuses.
      tooltip: {
        trigger: c.kind === "pie" ? "item" : "axis",
        renderMode: "richText",
        valueFormatter: tooltipValue(c.unit)
      },
      legend: { type: "scroll", bottom: 0 },
      aria: { enabled: true }
    };
    if (c.kind === "pie") {
      var s = c.series[0];
      base.series = [{
        name: s.name,
        type: "pie",
        radius: ["35%", "65%"],
        center: ["50%", "45%"],
        data: c.categories.map(function (label, i) {
          return { name: label, value: s.data[i].value, url: s.data[i].url };
        }),
        label: { formatter: "{b}: {c}" }
      }];
      return base;
    }
    base.grid = { left: 24, right: 16, top: 24, bottom: 40, containLabel: true };
    var many = c.categories.length;
    base.xAxis = {
      type: "category",
      data: c.categories,
      // Long unit names are cut on the axis (the tooltip and the table give them whole).
      axisLabel: {
        interval: many > 12 ? "auto" : 0,
        rotate: many > 6 ? 30 : 0,
        formatter: function (v) { return v.length > 8 ? v.slice(0, 8) + "…" : v; }
      }
    };
    base.yAxis = { type: "value", name: c.unit, minInterval: c.unit === "元" ? 0 : 1 };
    base.series = c.series.map(function (s) {
      return {
        name: s.name,
        type: c.kind === "line" ? "line" : "bar",
        stack: c.kind === "stack" ? "total" : undefined,
        data: s.data.map(function (p) { return { value: p.value, url: p.url }; })
      };
    });
    return base;
  }

  function draw(root) {
    var script = root.querySelector("#dashboard-data");
    if (!script || script.dataset.drawn === "1") return;
    script.dataset.drawn = "1";
    var charts = JSON.parse(script.textContent);
    charts.forEach(function (c) {
      var el = root.querySelector('.dashboard-chart[data-chart="' + c.key + '"]');
      if (!el || !c.categories.length) return;
      el.style.height = c.kind === "pie" ? "300px" : "320px";
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(optionFor(c));
      chart.on("click", function (params) {
        var url = params.data && params.data.url;
        if (url) window.location.assign(url);
      });
      chart.getZr().on("mousemove", function (e) {
        el.style.cursor = e.target ? "pointer" : "default";
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // ECharts and this file may arrive in either order (the home page loads both with its htmx
  // fragment): wait for ECharts a little, then draw.
  function whenReady(root, tries) {
    if (window.echarts) { draw(root); return; }
    if (tries > 100) return;
    window.setTimeout(function () { whenReady(root, tries + 1); }, 50);
  }

  function start() { whenReady(document, 0); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSettle", start);
})();
