// The effects tab: choosing a standard indicator fills in what it defines (effect, name, kind
// of number, unit, direction, method) in the same row. Text the member typed is kept; the
// server fills in the same when the fields are left empty, so the form works without this too.
(function () {
  "use strict";

  var FIELDS = ["effect", "name", "scale", "unit", "direction", "method"];

  function fill(select) {
    var option = select.options[select.selectedIndex];
    var row = select.closest("[data-formset-row]");
    if (!option || !option.value || !row) {
      return;
    }
    var prefix = select.name.slice(0, -"standard".length);
    FIELDS.forEach(function (field) {
      var value = option.getAttribute("data-" + field);
      var input = row.querySelector('[name="' + prefix + field + '"]');
      if (value === null || !input) {
        return;
      }
      // A text field keeps what was typed, unless it came from the standard chosen before.
      var filled = input.getAttribute("data-filled-from-standard");
      if (input.tagName === "SELECT" || input.value === "" || input.value === filled) {
        input.value = value;
        input.setAttribute("data-filled-from-standard", value);
      }
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-standard-indicator")) {
      fill(target);
    }
  });
})();
