/* Gazette newsroom: progressive enhancements only.
   Every page works fully without this file. No inline handlers, CSP-friendly. */
(function () {
  "use strict";

  var BUSY = "data-submitting";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;

    // <form data-confirm="Question?">: ask before submitting (e.g. "Sign out everywhere").
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }

    // POST forms: ignore a second submit while the first one is on its way.
    if ((form.getAttribute("method") || "").toLowerCase() === "post") {
      if (form.hasAttribute(BUSY)) {
        event.preventDefault();
        return;
      }
      form.setAttribute(BUSY, "");
      var buttons = form.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-disabled", "true");
    }
  });

  // Coming back with the Back button (bfcache) must not leave forms stuck.
  window.addEventListener("pageshow", function () {
    var busy = document.querySelectorAll("form[" + BUSY + "]");
    for (var i = 0; i < busy.length; i++) {
      busy[i].removeAttribute(BUSY);
      var buttons = busy[i].querySelectorAll("button[aria-disabled]");
      for (var j = 0; j < buttons.length; j++) buttons[j].removeAttribute("aria-disabled");
    }
  });

  // Article editor: warn before leaving with unsaved changes, and show in the slug's placeholder the
  // slug the server will make from the headline (the value itself is never touched).
  var editor = document.querySelector("form[data-editor]");
  if (editor) {
    var snapshot = function () {
      return new URLSearchParams(new FormData(editor)).toString();
    };
    var initial = snapshot();
    // After a preview, an error or an edit conflict the form holds text that is not saved yet.
    var unsaved = !!document.querySelector("[data-unsaved]");
    var leaving = false;
    var note = editor.querySelector("[data-dirty-note]");
    var isDirty = function () { return unsaved || snapshot() !== initial; };
    var showState = function () { if (note) note.hidden = !isDirty(); };
    editor.addEventListener("input", showState);
    editor.addEventListener("change", showState);
    showState();

    // Listen on window, after the submit handler above, so a refused double submit does not count.
    window.addEventListener("submit", function (event) {
      if (event.target === editor && !event.defaultPrevented) leaving = true;
    });
    window.addEventListener("pageshow", function () { leaving = false; });
    window.addEventListener("beforeunload", function (event) {
      if (leaving || !isDirty()) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers need this to ask
    });

    var headline = editor.querySelector("#field-headline");
    var slug = editor.querySelector("#field-slug");
    if (headline && slug) {
      var fallback = slug.getAttribute("placeholder") || "";
      var syncSlug = function () { slug.placeholder = slugify(headline.value) || fallback; };
      headline.addEventListener("input", syncSlug);
      syncSlug();
    }
  }

  // The same rules as text::slugify on the server: ASCII letters and digits, Latin-1 letters folded to
  // ASCII, apostrophes dropped, anything else one dash; at most 80 characters.
  function slugify(text) {
    var fold = "aaaaaaaceeeeiiiidnooooo" + "xouuuuyts" + "aaaaaaaceeeeiiiidnooooo" + "/ouuuuyty";
    var out = "", dash = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i), m = "";
      if (c < 0x80) {
        var ch = text.charAt(i).toLowerCase();
        if ((ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9")) m = ch;
        else if (ch === "'") continue;
      } else if (c >= 0xc0 && c <= 0xff) {
        m = fold.charAt(c - 0xc0);
        if (m === "x" || m === "/") m = "";
      }
      if (!m) { dash = out.length > 0; continue; }
      if (dash) { out += "-"; dash = false; }
      out += m;
      if (out.length >= 80) break;
    }
    return out.replace(/-+$/, "");
  }

  // Phones: keep the current menu item visible in the sideways-scrolling top bar.
  var current = document.querySelector(".sidebar__nav [aria-current=\"page\"]");
  if (current && current.scrollIntoView && window.matchMedia("(max-width: 47.99rem)").matches) {
    current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
})();
