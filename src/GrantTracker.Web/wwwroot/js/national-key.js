// The national key's form: show the fields of the chosen rule only. Without script every field shows, each says which
// rule it belongs to, and the server ignores the fields of the other rules.
(function () {
    'use strict';

    var form = document.querySelector('form[data-national-key]');
    if (!form) {
        return;
    }

    function update() {
        var checked = form.querySelector('input[name="Form.Rule"]:checked');
        var rule = checked ? checked.value : 'None';
        form.querySelectorAll('[data-rules]').forEach(function (el) {
            el.hidden = el.getAttribute('data-rules').split(' ').indexOf(rule) < 0;
        });
    }

    form.addEventListener('change', function (e) {
        if (e.target.name === 'Form.Rule') {
            update();
        }
    });
    update();
})();
