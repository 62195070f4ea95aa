// The administration's searchable selects (Select2, for autocomplete fields) and the search
// boxes of its two-list selects are drawn by script, without names for screen readers: give
// them the name of the field they stand for. Runs once the page has loaded (after Django's own
// scripts drew them) and for each row an inline adds.
(function () {
  "use strict";

  function fieldName(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return select.getAttribute("aria-label") || (label ? label.textContent.replace(/:\s*$/, "").trim() : "");
  }

  function nameSearchableSelects(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var name = fieldName(select);
      if (!container || !container.classList.contains("select2") || !name) {
        return;
      }
      container.querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field").forEach(function (part) {
        part.setAttribute("aria-label", name);
      });
    });
    // An icon with a name (Django's SelectFilter2.js) is an image.
    root.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // Django's scripts draw the selects once the document is ready (jQuery) and the two-list
  // selects once it has loaded; this script comes after theirs, so its handlers run after.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function () {
      nameSearchableSelects(document);
    });
  }
  window.addEventListener("load", function () {
    nameSearchableSelects(document);
  });
  document.addEventListener("formset:added", function (event) {
    nameSearchableSelects(event.target);
  });
})();
