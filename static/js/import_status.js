// The page of an import that a task checks or imports: asks the page's own address for the
// state as JSON every few seconds, moves the progress bar, and shows the page anew (the
// preview or the result) once the task is done. Without JavaScript, reload the page.
(function () {
  "use strict";

  var INTERVAL = 1500;

  function follow(status) {
    var url = status.getAttribute("data-import-status");
    var bar = status.querySelector("[data-import-progress]");

    function ask() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          bar.value = data.progress;
          bar.textContent = data.progress + " %";
          if (data.running) {
            window.setTimeout(ask, INTERVAL);
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          window.setTimeout(ask, INTERVAL * 4);
        });
    }

    window.setTimeout(ask, INTERVAL);
  }

  document.querySelectorAll("[data-import-status][data-import-running]").forEach(follow);
})();
