// A proposal made from a comment on a passage: a button selects that passage in the text field.
// Progressive enhancement only: without JavaScript the passage is shown above the field.
(function () {
  "use strict";
  var passage = document.querySelector("[data-passage]");
  var button = document.querySelector("[data-mark-passage]");
  var field = document.getElementById("id_body");
  if (!passage || !button || !field) return;

  // The page shows the passage as rendered text, the field holds Markdown (**fett**, Umbrüche):
  // first look for it verbatim, then for its words with any markup or spacing in between.
  function find(text, quote) {
    var at = text.indexOf(quote);
    if (at >= 0) return [at, at + quote.length];
    var words = quote.match(/[\p{L}\p{N}]+/gu);
    if (!words) return null;
    var match = new RegExp(words.join("[^\\p{L}\\p{N}]+"), "u").exec(text);
    return match ? [match.index, match.index + match[0].length] : null;
  }

  var quote = passage.getAttribute("data-passage");
  if (!find(field.value, quote)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var range = find(field.value, quote);
    field.focus();
    if (!range) return;  // edited away meanwhile
    field.setSelectionRange(range[0], range[1]);
    // Browsers do not reliably scroll a textarea to its selection: bring it to the upper third.
    var lineHeight = parseFloat(window.getComputedStyle(field).lineHeight) || 24;
    var linesBefore = field.value.slice(0, range[0]).split("\n").length - 1;
    field.scrollTop = Math.max(0, linesBefore * lineHeight - field.clientHeight / 3);
  });
})();
