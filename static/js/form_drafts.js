// Unsaved work in the description form. A draft of the fields is kept in this browser on every
// change, and on the server when the writer leaves a section of the form (or the page); opened
// again, the form offers a draft newer than the saved description: restore or throw away.
// Saving the form deletes the draft (the server says so on the next page: data-cleared).
(function () {
  "use strict";

  var form = document.getElementById("intervention-form");
  var config = document.getElementById("form-draft");
  var offer = document.getElementById("form-draft-offer");
  if (!form || !config || !offer) {
    return;
  }
  var key = "wwidw-form-draft:" + config.dataset.user + ":" + config.dataset.form;
  var SKIPPED = { csrfmiddlewaretoken: true };
  // The revision the form was opened at: a draft of an older one was overtaken by a save.
  var NOT_COMPARED = { opened_revision: true };
  var revisionInput = form.querySelector('input[name="opened_revision"]');
  var revision = revisionInput ? parseInt(revisionInput.value, 10) || 0 : 0;
  var dirty = false;
  var lastSent = null;
  var timer = null;

  function isField(element) {
    return (
      element.name &&
      !SKIPPED[element.name] &&
      !element.disabled &&
      ["file", "submit", "button", "reset"].indexOf(element.type) === -1
    );
  }

  // The form's fields: name → the list of its values, as the form would send them.
  function currentFields() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isField(element)) {
        return;
      }
      var values = fields[element.name] || (fields[element.name] = []);
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) {
          values.push(element.value);
        }
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          values.push(option.value);
        });
      } else {
        values.push(element.value);
      }
    });
    return fields;
  }

  function differs(draft, current) {
    var names = Object.keys(draft).concat(Object.keys(current));
    return names.some(function (name) {
      if (NOT_COMPARED[name]) {
        return false;
      }
      return (draft[name] || []).join("\u0000") !== (current[name] || []).join("\u0000");
    });
  }

  function readLocal() {
    try {
      var draft = JSON.parse(window.localStorage.getItem(key));
      return draft && draft.fields && draft.savedAt ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function writeLocal() {
    // Logging out (logout.js) forgets the drafts: a change noticed after it writes none again.
    if (document.documentElement.dataset.loggingOut) {
      return;
    }
    try {
      var draft = { fields: currentFields(), savedAt: new Date().toISOString(), revision: revision };
      window.localStorage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      // Storage full or switched off: the server keeps the draft when a section is left.
    }
  }

  function removeLocal() {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // Nothing kept.
    }
  }

  function csrfToken() {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function sendToServer(asBeacon) {
    if (!dirty) {
      return;
    }
    var fields = JSON.stringify(currentFields());
    if (fields === lastSent) {
      return;
    }
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("draft", fields);
    if (asBeacon && navigator.sendBeacon) {
      if (navigator.sendBeacon(config.dataset.saveUrl, body)) {
        lastSent = fields;
      }
      return;
    }
    fetch(config.dataset.saveUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        // A lost session answers with the login page: the browser's copy stays.
        if (response.ok && !response.redirected) {
          lastSent = fields;
        }
      })
      .catch(function () {
        // Offline: the browser's copy stays, and the next section sends it again.
      });
  }

  function changed() {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(writeLocal, 400);
  }

  function sectionOf(node) {
    return node && node.closest ? node.closest("fieldset[id]") : null;
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", function () {
    dirty = true;
    writeLocal();
  });
  form.addEventListener("focusout", function (event) {
    var from = sectionOf(event.target);
    if (dirty && from && from !== sectionOf(event.relatedTarget)) {
      writeLocal();
      sendToServer(false);
    }
  });
  form.addEventListener("submit", function () {
    // Should the save fail (an expired login), what was sent is still here.
    if (dirty) {
      writeLocal();
      dirty = false;
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) {
      writeLocal();
      sendToServer(true);
    }
  });

  // Opened again: offer the newest draft that differs from the form and is newer than its save.

  function serverDraft() {
    var holder = document.getElementById("form-draft-data");
    if (!holder) {
      return null;
    }
    try {
      var draft = JSON.parse(holder.textContent);
      return { fields: draft.fields, savedAt: draft.saved_at };
    } catch (error) {
      return null;
    }
  }

  function isNewerThanSaved(draft) {
    if (config.dataset.form === "new" || !config.dataset.savedAt) {
      return true;
    }
    var basedOnSaved = (parseInt(draft.revision, 10) || 0) >= revision;
    return basedOnSaved || new Date(draft.savedAt) > new Date(config.dataset.savedAt);
  }

  function chooseDraft() {
    if (config.dataset.cleared && config.dataset.cleared === config.dataset.form) {
      removeLocal();
    }
    var current = currentFields();
    var local = readLocal();
    if (local && !(differs(local.fields, current) && isNewerThanSaved(local))) {
      removeLocal();
      local = null;
    }
    var server = serverDraft();
    if (server && !differs(server.fields, current)) {
      server = null;
    }
    if (local && server) {
      return new Date(local.savedAt) >= new Date(server.savedAt) ? local : server;
    }
    return local || server;
  }

  function addRows(fields) {
    form.querySelectorAll("[data-formset]").forEach(function (formset) {
      var prefix = formset.getAttribute("data-formset");
      var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var wanted = parseInt((fields[prefix + "-TOTAL_FORMS"] || [])[0], 10);
      while (total && wanted > parseInt(total.value, 10)) {
        var before = total.value;
        formset.dispatchEvent(new CustomEvent("formset:add"));
        if (total.value === before) {
          break;
        }
      }
    });
  }

  function restore(fields) {
    addRows(fields);
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isField(element) || !Object.prototype.hasOwnProperty.call(fields, element.name)) {
        return;
      }
      var values = fields[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        var checked = values.indexOf(element.value) !== -1;
        if (element.checked !== checked) {
          element.checked = checked;
          element.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else {
        element.value = values.length ? values[0] : "";
      }
    });
    dirty = true;
    writeLocal();
  }

  function answer(selector) {
    offer.querySelector("[data-draft-question]").hidden = true;
    var message = offer.querySelector(selector);
    message.hidden = false;
    message.setAttribute("tabindex", "-1");
    message.focus();
  }

  var draft = chooseDraft();
  if (!draft) {
    return;
  }
  var time = offer.querySelector("[data-draft-time]");
  time.textContent = new Date(draft.savedAt).toLocaleString(document.documentElement.lang || "nl", {
    dateStyle: "long",
    timeStyle: "short",
  });
  offer.hidden = false;
  offer.querySelector("[data-draft-restore]").addEventListener("click", function () {
    restore(draft.fields);
    answer("[data-draft-restored]");
  });
  offer.querySelector("[data-draft-discard]").addEventListener("click", function () {
    removeLocal();
    dirty = false;
    lastSent = null;
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrfToken());
    fetch(config.dataset.discardUrl, { method: "POST", body: body, credentials: "same-origin" });
    answer("[data-draft-discarded]");
  });
})();
