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

    autosave(editor, isDirty, showState);

    var headline = editor.querySelector("#field-headline");
    var slug = editor.querySelector("#field-slug");
    if (headline && slug) {
      var fallback = slug.getAttribute("placeholder") || "";
      var syncSlug = function () { slug.placeholder = slugify(headline.value) || fallback; };
      headline.addEventListener("input", syncSlug);
      syncSlug();
    }
  }

  // Autosave in this browser: while the form has unsaved changes its text is kept in localStorage (every
  // second or so), so a closed tab, a crash or an expired session loses at most a moment of typing. When
  // the editor opens and a kept text differs from the form, a notice offers to restore it. A kept text is
  // dropped once the server confirms a save (the "Saved." notice after a submit from this tab).
  function autosave(form, isDirty, showState) {
    var store;
    try { store = window.localStorage; store.setItem("gazette:probe", "1"); store.removeItem("gazette:probe"); }
    catch (e) { return; } // private mode or storage disabled: the editor works as before
    var key = "gazette:draft:" + form.getAttribute("action");
    var names = ["headline", "slug", "standfirst", "body", "tags", "image_url", "image_alt", "image_caption", "publish_at"];
    var fieldsNow = function () {
      var out = {};
      names.forEach(function (n) { var el = form.elements[n]; if (el) out[n] = el.value; });
      return out;
    };
    var differs = function (kept) {
      var now = fieldsNow();
      return names.some(function (n) { return kept[n] !== undefined && kept[n] !== now[n]; });
    };

    var submitted = "gazette:submitted:" + key;
    if (document.querySelector(".flash--ok") && window.sessionStorage.getItem(submitted)) {
      store.removeItem(key);
    }
    window.sessionStorage.removeItem(submitted);
    form.addEventListener("submit", function () { window.sessionStorage.setItem(submitted, "1"); });

    var timer = null;
    var save = function () {
      timer = null;
      if (isDirty()) store.setItem(key, JSON.stringify({ at: Date.now(), fields: fieldsNow() }));
    };
    form.addEventListener("input", function () { if (!timer) timer = window.setTimeout(save, 800); });
    window.addEventListener("pagehide", save);

    var kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields || !differs(kept.fields)) return;

    var note = document.createElement("div");
    note.className = "flash flash--info autosave";
    note.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = "This browser kept text you had not saved (" + new Date(kept.at).toLocaleString() + ").";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn--primary btn--small";
    restore.textContent = "Restore unsaved text";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn--quiet btn--small";
    discard.textContent = "Discard it";
    note.appendChild(text);
    note.appendChild(restore);
    note.appendChild(discard);
    form.parentNode.insertBefore(note, form);
    restore.addEventListener("click", function () {
      names.forEach(function (n) {
        var el = form.elements[n];
        if (el && kept.fields[n] !== undefined) el.value = kept.fields[n];
      });
      note.remove();
      form.dispatchEvent(new Event("input", { bubbles: true }));
      showState();
    });
    discard.addEventListener("click", function () { store.removeItem(key); note.remove(); });
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
