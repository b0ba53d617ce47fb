// The Avstämning page's cumulative chart: booked per line against its allocation, from the JSON the page carries.
(function () {
    'use strict';
    var source = document.getElementById('chart-data');
    var canvas = document.getElementById('cumulative');
    if (!source || !canvas || typeof Chart === 'undefined') {
        return;
    }
    const data = JSON.parse(source.textContent);
    const colors = ['#0d6efd', '#198754', '#dc3545', '#fd7e14', '#6f42c1', '#20c997', '#6c757d', '#d63384'];
    const kr = v => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(v) + ' kr';
    const datasets = [];
    data.lines.forEach((l, i) => {
        const color = colors[i % colors.length];
        datasets.push({ label: l.label + ' bokfört', data: l.booked, borderColor: color, backgroundColor: color, tension: 0.1 });
        datasets.push({ label: l.label + ' tilldelat', data: data.months.map(() => l.allocated), borderColor: color, borderDash: [6, 4], pointRadius: 0, fill: false });
    });
    new Chart(canvas, {
        type: 'line',
        data: { labels: data.months, datasets },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { ticks: { callback: kr } } },
                   plugins: { tooltip: { callbacks: { label: c => c.dataset.label + ': ' + kr(c.parsed.y) } } } }
    });
})();
