// Search as you type for plain GET search forms (form[data-live-search="<id of the results>"]).
// Without this script the form works as it is: type, press Enter, read the list.
(function () {
  "use strict";
  document.querySelectorAll("form[data-live-search]").forEach(function (form) {
    var target = document.getElementById(form.dataset.liveSearch);
    var input = form.querySelector("input[type=text], input[type=search], input:not([type])");
    if (!target || !input) return;
    var timer = null;
    var latest = 0;
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = new URLSearchParams(new FormData(form));
        var url = (form.getAttribute("action") || window.location.pathname) + "?" + params.toString();
        var request = ++latest;
        fetch(url, { headers: { "X-Requested-With": "live-search" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null || request !== latest) return;
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(target.id);
            if (fresh) {
              target.replaceChildren.apply(target, Array.from(fresh.childNodes));
              window.history.replaceState(null, "", url);
            }
          })
          .catch(function () { /* the form still works by pressing Enter */ });
      }, 250);
    });
  });
})();
