// The import job page: polls the job's progress until it is done, then reloads to show the result.
(function () {
    'use strict';
    var bar = document.getElementById('import-progress');
    if (!bar) {
        return;
    }
    var url = bar.getAttribute('data-status-url');
    (function poll() {
        fetch(url, { credentials: 'same-origin' })
            .then(function (r) { return r.json(); })
            .then(function (s) {
                bar.style.width = s.percent + '%';
                bar.textContent = s.percent + ' %';
                if (s.done) { window.location.reload(); } else { setTimeout(poll, 500); }
            })
            .catch(function () { setTimeout(poll, 2000); });
    })();
})();
