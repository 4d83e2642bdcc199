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

/* A new FAQ's id follows its title (the same fold as bot/admin/faq_ids.py) until staff edit the id themselves. */
(function () {
  'use strict';
  var MAX = 60;
  function slugify(title) {
    var slug = title.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (slug.length > MAX) {
      var cut = slug.slice(0, MAX + 1).replace(/-[^-]*$/, '');
      slug = (cut.length >= 3 ? cut : slug.slice(0, MAX)).replace(/-+$/, '');
    }
    if (!slug) return '';
    return slug.length >= 3 ? slug : 'cau-hoi-' + slug;
  }
  document.addEventListener('DOMContentLoaded', function () {
    var id = document.querySelector('input[data-slug-from]');
    var title = id && document.getElementById(id.getAttribute('data-slug-from'));
    if (!title) return;
    var suggested = slugify(title.value);
    // an id typed by staff (or brought back by the server) is theirs; an empty or suggested one follows the title
    var follows = !id.value || id.value === suggested || id.value.indexOf(suggested + '-') === 0;
    title.addEventListener('input', function () {
      if (follows) id.value = slugify(title.value);
    });
    id.addEventListener('input', function () {
      follows = id.value === '';
    });
  });
})();
