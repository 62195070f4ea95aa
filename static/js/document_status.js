// The status page of a document that a task makes: asks the page's own address for its state as
// JSON every few seconds, moves the progress bar, and shows the download (and starts it) once the
// document is ready. Without JavaScript the page shows the state of when it was loaded.
(function () {
  "use strict";

  var INTERVAL = 1500;

  function show(status, state) {
    var working = state === "waiting" || state === "running";
    status.querySelectorAll("[data-document-part]").forEach(function (part) {
      var name = part.getAttribute("data-document-part");
      part.hidden = !(name === state || (name === "working" && working));
    });
  }

  function follow(status) {
    var url = status.getAttribute("data-document-status");
    var bar = status.querySelector("[data-document-progress]");
    var download = status.querySelector("[data-document-download]");

    function ask() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (data.state === "waiting") {
            bar.removeAttribute("value"); // an indeterminate bar: nothing done yet
          } else {
            bar.value = data.progress;
          }
          bar.textContent = data.progress + " %";
          show(status, data.state);
          if (data.state === "ready") {
            window.location.assign(download.href);
          } else if (data.state !== "failed") {
            window.setTimeout(ask, INTERVAL);
          }
        })
        .catch(function () {
          window.setTimeout(ask, INTERVAL * 4);
        });
    }

    window.setTimeout(ask, INTERVAL);
  }

  document.querySelectorAll("[data-document-status]").forEach(function (status) {
    if (!status.querySelector('[data-document-part="working"]').hidden) {
      follow(status);
    }
  });
})();
