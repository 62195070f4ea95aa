// The description form: rows added to the formsets, and the section navigation following the page.
// Without JavaScript the form still works: every formset shows one empty row to fill in.
(function () {
  "use strict";

  function addRow(formset) {
    var total = formset.querySelector('input[name$="-TOTAL_FORMS"]');
    var template = formset.querySelector("template[data-formset-template]");
    var rows = formset.querySelector("[data-formset-rows]");
    if (!total || !template || !rows) {
      return;
    }
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    var number = rows.querySelectorAll("[data-formset-row]").length + 1;
    var label = row.querySelector("[data-formset-number]");
    if (label) {
      label.textContent = String(number);
    }
    var position = row.querySelector('input[name$="-position"]');
    if (position) {
      position.value = String(number);
    }
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), textarea, select");
    if (first) {
      first.focus();
    }
  }

  document.querySelectorAll("[data-formset]").forEach(function (formset) {
    // Other scripts (form_drafts.js, restoring a draft) add a row with this event.
    formset.addEventListener("formset:add", function () {
      addRow(formset);
    });
    var button = formset.querySelector("[data-formset-add]");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      addRow(formset);
    });
  });

  // The active ingredients of the archetypes of the ticked intervention types, as a reminder.
  var checklist = document.querySelector("[data-archetype-checklist]");
  var typeBoxes = document.querySelectorAll('input[name="intervention_types"]');
  function showChecklists() {
    var chosen = {};
    typeBoxes.forEach(function (box) {
      if (box.checked) {
        chosen[box.value] = true;
      }
    });
    var anyShown = false;
    checklist.querySelectorAll("[data-archetype-type]").forEach(function (item) {
      var shown = chosen[item.getAttribute("data-archetype-type")] === true;
      item.hidden = !shown;
      anyShown = anyShown || shown;
    });
    checklist.hidden = !anyShown;
  }
  if (checklist) {
    typeBoxes.forEach(function (box) {
      box.addEventListener("change", showChecklists);
    });
  }

  var nav = document.getElementById("section-nav");
  if (nav && window.bootstrap && window.bootstrap.ScrollSpy) {
    new window.bootstrap.ScrollSpy(document.body, { target: "#section-nav", rootMargin: "0px 0px -60%" });
  }
})();
