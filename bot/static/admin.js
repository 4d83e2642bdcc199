/* Trợ lý số phường — staff pages: asks before forms (or the buttons that sent them) marked data-confirm are sent.
   No inline script (CSP). */
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    // a delete button inside an edit form carries its own question (formaction)
    var button = event.submitter;
    var question = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
