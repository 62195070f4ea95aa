// Logging out forgets the description drafts this browser kept (form_drafts.js), so the next
// person at a shared computer cannot read them. The server keeps its own copy for the writer.
(function () {
  "use strict";

  var form = document.getElementById("logout-form");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    document.documentElement.dataset.loggingOut = "1";
    try {
      for (var index = window.localStorage.length - 1; index >= 0; index -= 1) {
        var key = window.localStorage.key(index);
        if (key && key.indexOf("wwidw-form-draft:") === 0) {
          window.localStorage.removeItem(key);
        }
      }
    } catch (error) {
      // Storage switched off: nothing was kept.
    }
  });
})();
