// Draws the report charts from /admin/reports/data with ECharts (served from the WAR: no CDN).
// Labels come translated from the page's data- attributes; numbers and dates use the page's language.
(function () {
  'use strict';
  var holder = document.getElementById('charts');
  if (!holder || typeof echarts === 'undefined') { return; }
  var d = holder.dataset;
  var lang = d.lang === 'ar' ? 'ar' : 'en';
  var rtl = document.documentElement.dir === 'rtl';
  var time = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  var day = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  var number = new Intl.NumberFormat(lang);
  var percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });

  function chart(id, option) {
    var el = document.getElementById(id);
    var c = echarts.init(el, null, { renderer: 'canvas' });
    option.grid = { left: 56, right: 20, top: 36, bottom: 36, containLabel: false };
    option.tooltip = option.tooltip || { trigger: 'axis' };
    option.legend = option.legend || { top: 0 };
    if (rtl && option.xAxis) { option.xAxis.inverse = true; }
    option.textStyle = { fontFamily: 'system-ui, "Noto Sans Arabic", Tahoma, sans-serif' };
    c.setOption(option);
    window.addEventListener('resize', function () { c.resize(); });
    el.setAttribute('data-drawn', 'true');
  }

  fetch(d.url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
    .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
    .then(function (report) {
      var labels = report.series.map(function (b) { return time.format(new Date(b.t)); });
      function series(name, pick, extra) {
        var s = { name: name, type: 'line', showSymbol: true, symbolSize: 5, data: report.series.map(pick) };
        for (var k in extra) { s[k] = extra[k]; }
        return s;
      }
      chart('chart-ttft', {
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', axisLabel: { formatter: function (v) { return number.format(v); } } },
        series: [
          series(d.labelP50, function (b) { return b.ttft_ms.p50; }, { connectNulls: true }),
          series(d.labelP95, function (b) { return b.ttft_ms.p95; }, { connectNulls: true }),
          series(d.labelP99, function (b) { return b.ttft_ms.p99; }, { connectNulls: true })
        ]
      });
      chart('chart-requests', {
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: d.labelRequests, type: 'bar', data: report.series.map(function (b) { return b.requests; }) },
          { name: d.labelErrors, type: 'bar', data: report.series.map(function (b) { return b.errors; }) }
        ]
      });
      var tiers = ['NANO', 'FAST', 'SMART', 'GENIUS'];
      chart('chart-spend', {
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return '$' + number.format(v); } },
        xAxis: { type: 'category', data: report.spend_by_day.map(function (x) { return day.format(new Date(x.day + 'T00:00:00Z')); }) },
        yAxis: { type: 'value' },
        series: tiers.map(function (t) {
          return { name: t, type: 'bar', stack: 'spend', data: report.spend_by_day.map(function (x) { return x[t] || 0; }) };
        })
      });
      chart('chart-cache', {
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : percent.format(v); } },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: function (v) { return percent.format(v); } } },
        series: [series(d.labelCache, function (b) { return b.requests ? b.cache_hits / b.requests : null; }, { connectNulls: false })]
      });
      holder.setAttribute('data-ready', 'true');
    })
    .catch(function (e) {
      holder.setAttribute('data-error', String(e));
    });
})();
