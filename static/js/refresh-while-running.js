// Keeps a status page current while a background job runs; without JavaScript the page offers a
// link to refresh by hand. No meta refresh: that would also reload for screen-reader users
// mid-sentence, and axe counts it as a violation.
//
// Every few seconds the page is fetched in the background. While the job runs, only the status
// box is replaced (its aria-live region announces the new step, focus stays where it is); once
// the job has ended the page is loaded anew to show its result. An answer that is not OK (a
// restarting server, a busy database) keeps the status shown and asks again a little later.
(function () {
  "use strict";
  var status = document.querySelector("[data-refresh-seconds]");
  if (!status || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(status.getAttribute("data-refresh-seconds"), 10) || 2;
  var delay = seconds;

  function later() {
    window.setTimeout(check, delay * 1000);
  }

  function check() {
    window.fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(status.id);
        if (!fresh || !fresh.hasAttribute("data-refresh-seconds")) {
          window.location.reload();  // the job has ended: show its result
          return;
        }
        status.innerHTML = fresh.innerHTML;
        delay = seconds;
        later();
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30);
        later();
      });
  }

  later();
}());
