/* Kochbuch – comments, progressive enhancement only. Without this file every feature still works:
   paragraphs have "Kommentieren" links, replies and moderation have their own pages.

   With it: select words in the text to comment on exactly that passage; passages that comments
   refer to are marked in the text; "Antworten" opens the form under the comment; the comment
   field counts characters; comments written since this browser last showed the page are
   marked "neu" (the time of the last visit stays in this browser's localStorage, nothing is
   sent anywhere).

   Text positions follow the server's rule (comments/anchoring.py, ``collapse``): soft hyphens
   dropped, runs of whitespace become one space, no space at the ends. */
(function () {
  "use strict";

  var section = document.querySelector("[data-discussion]");
  var prose = document.querySelector("[data-commentable]");
  var CONTEXT = 40;

  function isSpace(ch) { return /\s/.test(ch); }

  function collapse(text) {
    return text.replace(/\u00ad/g, "").split(/\s+/).filter(Boolean).join(" ");
  }

  /* The collapsed text of ``root`` and, per character, the text node and offset it came from. */
  function textMap(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var chars = [], map = [], pendingSpace = false, node;
    while ((node = walker.nextNode())) {
      var data = node.data;
      for (var i = 0; i < data.length; i++) {
        var ch = data[i];
        if (ch === "\u00ad") { continue; }
        if (isSpace(ch)) { if (chars.length) { pendingSpace = true; } continue; }
        if (pendingSpace) { chars.push(" "); map.push([node, i]); pendingSpace = false; }
        chars.push(ch);
        map.push([node, i]);
      }
    }
    return { text: chars.join(""), map: map };
  }

  /* Wrap collapsed positions [start, end) of ``root`` in <mark> elements (one per text node). */
  function wrap(root, start, end, className, title) {
    var tm = textMap(root);
    if (start < 0 || end > tm.map.length || start >= end) { return []; }
    var first = tm.map[start], last = tm.map[end - 1];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [], node, inside = false;
    while ((node = walker.nextNode())) {
      if (node === first[0]) { inside = true; }
      if (inside) { nodes.push(node); }
      if (node === last[0]) { break; }
    }
    var marks = [];
    nodes.forEach(function (textNode) {
      var from = textNode === first[0] ? first[1] : 0;
      var to = textNode === last[0] ? last[1] + 1 : textNode.length;
      if (from >= to || !textNode.data.slice(from, to).trim()) { return; }
      var target = textNode;
      if (from > 0) { target = target.splitText(from); }
      if (to - from < target.length) { target.splitText(to - from); }
      var mark = document.createElement("mark");
      mark.className = className;
      if (title) { mark.title = title; }
      target.parentNode.insertBefore(mark, target);
      mark.appendChild(target);
      marks.push(mark);
    });
    return marks;
  }

  function unwrap(marks) {
    marks.forEach(function (mark) {
      var parent = mark.parentNode;
      if (!parent) { return; }
      while (mark.firstChild) { parent.insertBefore(mark.firstChild, mark); }
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  function blockById(id) {
    var block = id && document.getElementById(id);
    return block && prose && prose.contains(block) && block.hasAttribute("data-absatz") ? block : null;
  }

  /* 1. Mark the passages that comments refer to. */
  function markPassages() {
    if (!prose) { return; }
    var comments = document.querySelectorAll("[data-passage-block]");
    Array.prototype.forEach.call(comments, function (article) {
      var block = blockById(article.getAttribute("data-passage-block"));
      var quote = collapse(article.getAttribute("data-passage-quote") || "");
      if (!block || !quote) { return; }
      var text = textMap(block).text;
      var near = parseInt(article.getAttribute("data-passage-start"), 10) || 0;
      var best = -1, index = text.indexOf(quote);
      while (index !== -1) {
        if (best === -1 || Math.abs(index - near) < Math.abs(best - near)) { best = index; }
        index = text.indexOf(quote, index + 1);
      }
      if (best === -1) { return; }
      var author = article.querySelector(".comment__author");
      var title = "Kommentar" + (author ? " von " + author.textContent.trim() : "");
      var marks = wrap(block, best, best + quote.length, "passage-mark", title);
      marks.forEach(function (mark) {
        mark.setAttribute("data-comment", article.id);
        mark.addEventListener("click", function () {
          location.hash = article.id;
          article.focus({ preventScroll: true });
        });
      });
      article.setAttribute("tabindex", "-1");
      var quoteLink = article.querySelector(".comment__quote a");
      function emphasise(on) {
        marks.forEach(function (mark) { mark.classList.toggle("passage-mark--active", on); });
      }
      [article].forEach(function (element) {
        element.addEventListener("mouseenter", function () { emphasise(true); });
        element.addEventListener("mouseleave", function () { emphasise(false); });
      });
      if (quoteLink) {
        quoteLink.addEventListener("focus", function () { emphasise(true); });
        quoteLink.addEventListener("blur", function () { emphasise(false); });
      }
    });
  }

  /* 2. Comment on a selected passage. */
  var form = section && section.querySelector("[data-comment-form]");
  var pendingMarks = [];
  var button = null;
  var chosen = null;

  function field(name) { return form && form.querySelector("[name='" + name + "']"); }

  function currentSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount || !prose) { return null; }
    var range = selection.getRangeAt(0);
    var startElement = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    var block = startElement && startElement.closest("[data-absatz]");
    if (!block || !prose.contains(block)) { return null; }
    var clamped = range.cloneRange();
    if (!block.contains(range.endContainer)) { clamped.setEnd(block, block.childNodes.length); }
    var quote = collapse(clamped.toString());
    if (!quote) { return null; }
    var before = document.createRange();
    before.setStart(block, 0);
    before.setEnd(clamped.startContainer, clamped.startOffset);
    var after = document.createRange();
    after.setStart(clamped.endContainer, clamped.endOffset);
    after.setEnd(block, block.childNodes.length);
    var prefix = collapse(before.toString()), suffix = collapse(after.toString());
    return {
      block: block, quote: quote, range: clamped,
      prefix: prefix.slice(-CONTEXT), suffix: suffix.slice(0, CONTEXT),
      start: prefix.length + (prefix ? 1 : 0)
    };
  }

  function hideButton() {
    if (button && button.parentNode) { button.parentNode.removeChild(button); }
    button = null;
  }

  function showButton(found) {
    hideButton();
    var loginUrl = section.getAttribute("data-login-url");
    if (!form && !loginUrl) { return; }
    button = document.createElement("button");
    button.type = "button";
    button.className = "passage-button";
    button.textContent = form ? "Markierte Stelle kommentieren" : "Anmelden und Stelle kommentieren";
    var rect = found.range.getBoundingClientRect();
    var box = prose.getBoundingClientRect();
    var top = rect.bottom - box.top + 6;
    var left = Math.max(0, Math.min(rect.left - box.left, prose.clientWidth - 240));
    button.style.top = top + "px";
    button.style.left = left + "px";
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () {
      if (!form) {
        var next = location.pathname + "?absatz=" + encodeURIComponent(found.block.id) + "#kommentar-form";
        location.href = loginUrl + "?next=" + encodeURIComponent(next);
        return;
      }
      choose(found);
    });
    // Right after the block, so the Tab key reaches it next from the selection.
    found.block.parentNode.insertBefore(button, found.block.nextSibling);
  }

  function clearChoice() {
    unwrap(pendingMarks);
    pendingMarks = [];
    chosen = null;
    ["absatz", "zitat", "davor", "danach"].forEach(function (name) { if (field(name)) { field(name).value = ""; } });
    var preview = form && form.querySelector("[data-passage-preview]");
    if (preview) { preview.hidden = true; }
  }

  function choose(found) {
    clearChoice();
    chosen = found;
    field("absatz").value = found.block.id;
    field("zitat").value = found.quote;
    field("davor").value = found.prefix;
    field("danach").value = found.suffix;
    var preview = form.querySelector("[data-passage-preview]");
    var text = form.querySelector("[data-passage-text]");
    text.textContent = "„" + (found.quote.length > 400 ? found.quote.slice(0, 399) + "…" : found.quote) + "“";
    preview.hidden = false;
    var start = textMap(found.block).text.indexOf(found.quote, Math.max(0, found.start - 2));
    if (start === -1) { start = textMap(found.block).text.indexOf(found.quote); }
    if (start !== -1) {
      pendingMarks = wrap(found.block, start, start + found.quote.length, "passage-mark passage-mark--pending");
    }
    window.getSelection().removeAllRanges();
    hideButton();
    var textarea = field("body");
    form.scrollIntoView({ behavior: "smooth", block: "center" });
    textarea.focus({ preventScroll: true });
  }

  function onSelectionEnd() {
    window.setTimeout(function () {
      var found = currentSelection();
      if (found) { showButton(found); } else if (button && document.activeElement !== button) { hideButton(); }
    }, 0);
  }

  function setupSelection() {
    if (!prose || !section) { return; }
    prose.addEventListener("mouseup", onSelectionEnd);
    prose.addEventListener("touchend", onSelectionEnd);
    document.addEventListener("keyup", function (event) {
      if (event.key === "Escape") { hideButton(); return; }
      if (event.shiftKey || event.key === "Shift") { onSelectionEnd(); }
    });
    document.addEventListener("selectionchange", function () {
      if (!button) { return; }
      var selection = window.getSelection();
      if ((!selection || selection.isCollapsed) && document.activeElement !== button) {
        window.setTimeout(function () {
          var again = window.getSelection();
          if ((!again || again.isCollapsed) && document.activeElement !== button) { hideButton(); }
        }, 200);
      }
    });
    if (form) {
      var clear = form.querySelector("[data-passage-clear]");
      if (clear) {
        clear.addEventListener("click", function (event) {
          event.preventDefault();
          clearChoice();
          field("body").focus();
        });
      }
      var tip = form.querySelector("[data-selection-tip]");
      if (tip) { tip.textContent = "Tipp: Markieren Sie Wörter im Text, um genau diese Stelle zu kommentieren."; }
    }
  }

  /* 3. Reply in place. */
  var replyForm = null;

  function closeReply() {
    if (replyForm && replyForm.parentNode) { replyForm.parentNode.removeChild(replyForm); }
    replyForm = null;
  }

  function openReply(link) {
    closeReply();
    var article = link.closest("article");
    var pk = link.getAttribute("data-reply");
    var clone = form.cloneNode(true);
    clone.action = link.href;
    clone.classList.add("comment-form--reply");
    clone.removeAttribute("data-comment-form");
    ["[data-passage-preview]", "[data-selection-tip]", ".form-errors"].forEach(function (selector) {
      var element = clone.querySelector(selector);
      if (element) { element.parentNode.removeChild(element); }
    });
    ["absatz", "zitat", "davor", "danach"].forEach(function (name) {
      var input = clone.querySelector("[name='" + name + "']");
      if (input) { input.parentNode.removeChild(input); }
    });
    // Fresh ids, so the label and help still belong to this field and no id appears twice.
    Array.prototype.forEach.call(clone.querySelectorAll("[id]"), function (element) {
      element.id = element.id + "-antwort-" + pk;
    });
    Array.prototype.forEach.call(clone.querySelectorAll("[for]"), function (label) {
      label.htmlFor = label.htmlFor + "-antwort-" + pk;
    });
    Array.prototype.forEach.call(clone.querySelectorAll("[aria-describedby]"), function (element) {
      element.setAttribute("aria-describedby", element.getAttribute("aria-describedby").split(/\s+/)
        .map(function (id) { return id + "-antwort-" + pk; }).join(" "));
    });
    var textarea = clone.querySelector("textarea");
    textarea.value = "";
    textarea.removeAttribute("aria-invalid");
    var title = clone.querySelector("[data-form-title]");
    if (title) { title.textContent = "Antwort an " + (link.getAttribute("data-reply-name") || ""); }
    var buttons = clone.querySelector(".comment-form__buttons");
    buttons.querySelector("button").textContent = "Antwort veröffentlichen";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-button";
    cancel.textContent = "Abbrechen";
    cancel.addEventListener("click", function () { closeReply(); link.focus(); });
    buttons.appendChild(document.createTextNode(" "));
    buttons.appendChild(cancel);
    clone.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closeReply(); link.focus(); }
    });
    article.parentNode.insertBefore(clone, article.nextSibling);
    setupCounter(clone);
    replyForm = clone;
    textarea.focus();
  }

  function setupReplies() {
    if (!section || !form) { return; }
    section.addEventListener("click", function (event) {
      var link = event.target.closest("[data-reply]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      openReply(link);
    });
  }

  /* 4. Count characters against the limit (the server checks it and keeps the text). */
  function setupCounter(target) {
    var limit = parseInt(target.getAttribute("data-max-length"), 10);
    var textarea = target.querySelector("textarea");
    if (!limit || !textarea) { return; }
    var old = target.querySelector("[data-counter]");
    if (old) { old.parentNode.removeChild(old); }
    var counter = document.createElement("p");
    counter.className = "field__help comment-form__counter";
    counter.setAttribute("data-counter", "");
    textarea.parentNode.appendChild(counter);
    function update() {
      var length = textarea.value.length;
      var over = length > limit;
      counter.textContent = over
        ? (length - limit) + " Zeichen zu viel (höchstens " + limit + ")"
        : length + " von " + limit + " Zeichen";
      counter.classList.toggle("field__error", over);
    }
    textarea.addEventListener("input", update);
    update();
  }

  /* "neu seit Ihrem letzten Besuch": comments of others written after the last time this page
     was shown in this browser. The first visit marks nothing. A folded thread says how many new
     replies it holds. */
  function markNewSinceLastVisit() {
    if (!section) { return; }
    var key = "kochbuch:gesehen:" + location.pathname;
    var lastSeen = null;
    try { lastSeen = window.localStorage.getItem(key); } catch (error) { return; }
    var now = new Date().toISOString();
    try { window.localStorage.setItem(key, now); } catch (error) { /* private mode: no markers */ }
    if (!lastSeen) { return; }
    var fresh = Array.prototype.filter.call(section.querySelectorAll("article.comment"), function (article) {
      var time = article.querySelector(".comment__time time");
      return time && !article.classList.contains("comment--own") &&
        new Date(time.getAttribute("datetime")) > new Date(lastSeen);
    });
    fresh.forEach(function (article) {
      article.classList.add("comment--new");
      var badge = document.createElement("span");
      badge.className = "badge badge--new";
      badge.textContent = "neu";
      article.querySelector(".comment__meta").appendChild(badge);
      var fold = article.parentElement && article.parentElement.closest("details.comment-replies-fold");
      while (fold) {
        var summary = fold.querySelector("summary");
        var count = (parseInt(fold.getAttribute("data-new") || "0", 10)) + 1;
        fold.setAttribute("data-new", String(count));
        summary.setAttribute("data-new-label", count + " neu");
        fold = fold.parentElement && fold.parentElement.closest("details.comment-replies-fold");
      }
    });
    if (fresh.length) {
      var note = document.createElement("p");
      note.className = "discussion__new";
      note.setAttribute("role", "status");
      var link = document.createElement("a");
      link.href = "#" + fresh[0].id;
      link.textContent = fresh.length === 1 ? "1 neuer Kommentar seit Ihrem letzten Besuch"
        : fresh.length + " neue Kommentare seit Ihrem letzten Besuch";
      note.appendChild(link);
      var header = section.querySelector(".discussion__header");
      header.parentNode.insertBefore(note, header.nextSibling);
    }
  }

  markNewSinceLastVisit();
  markPassages();
  setupSelection();
  setupReplies();
  Array.prototype.forEach.call(document.querySelectorAll("[data-comment-form]"), setupCounter);
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.matches("article.comment")) { target.classList.add("comment--target"); }
  }
})();
