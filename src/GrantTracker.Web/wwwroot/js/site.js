// Behaviour the pages ask for with data attributes. The Content-Security-Policy allows scripts from the app's own
// files only, so no page has inline script or onclick/onchange handlers.
(function () {
    'use strict';

    // data-confirm on a button or link: ask before it acts; on a form: ask before it is submitted.
    document.addEventListener('click', function (e) {
        var el = e.target.closest('[data-confirm]');
        if (el && el.tagName !== 'FORM' && !window.confirm(el.getAttribute('data-confirm'))) {
            e.preventDefault();
            e.stopImmediatePropagation();
            return;
        }
        if (e.target.closest('[data-print]')) {
            e.preventDefault();
            window.print();
        }
    });

    document.addEventListener('submit', function (e) {
        var form = e.target;
        if (form.hasAttribute('data-confirm') && !window.confirm(form.getAttribute('data-confirm'))) {
            e.preventDefault();
        }
    });

    // data-autosubmit on a select: submit its form on change; data-clear names a field to empty first.
    document.addEventListener('change', function (e) {
        var select = e.target.closest('select[data-autosubmit]');
        if (!select) {
            return;
        }
        var clear = select.getAttribute('data-clear');
        if (clear && select.form.elements[clear]) {
            select.form.elements[clear].value = '';
        }
        select.form.submit();
    });

    // data-select-all on an input: a click selects its text, ready to copy.
    document.addEventListener('click', function (e) {
        var input = e.target.closest('input[data-select-all]');
        if (input) {
            input.select();
        }
    });

    // data-width (a percentage) on an element: its width, which a style attribute may not set under the policy.
    document.querySelectorAll('[data-width]').forEach(function (el) {
        el.style.width = el.getAttribute('data-width') + '%';
    });
})();
