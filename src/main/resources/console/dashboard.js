// 统计看板: draws the charts of the data the page carries (data-charts); the numbers themselves are
// in the page's tables. A file of its own: the console's CSP allows no inline script.
(function () {
  function draw() {
    var holder = document.getElementById('dashboard-data');
    if (!holder || !window.echarts) {
      return;
    }
    var data = JSON.parse(holder.getAttribute('data-charts'));
    var trend = echarts.init(document.getElementById('chart-trend'));
    trend.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: ['接收', '办结'] },
      xAxis: { type: 'category', data: data.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '接收', type: 'line', data: data.received },
        { name: '办结', type: 'line', data: data.resolved }
      ]
    });
    var pies = [['chart-category', data.categories, '类别'], ['chart-source', data.sources, '来源']];
    var charts = [trend];
    pies.forEach(function (p) {
      var chart = echarts.init(document.getElementById(p[0]));
      chart.setOption({
        tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
        series: [{ name: p[2], type: 'pie', radius: ['35%', '65%'], data: p[1] }]
      });
      charts.push(chart);
    });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
