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
    mediaPicker(editor);
    presence(editor);

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

  // Tell the editor's own listeners (dirty note, autosave) about a value set from here.
  function changed(field) {
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // "Choose from the library": a dialog listing GET /admin/api/media. Choosing an image fills in its
  // address (and its alt text when the alt field is empty) and updates the preview. Without JavaScript
  // or <dialog> the button stays hidden and the address is typed as before.
  function mediaPicker(form) {
    var opener = form.querySelector("[data-media-picker-open]");
    var dialog = form.querySelector("[data-media-picker]");
    var url = form.elements.image_url;
    var alt = form.elements.image_alt;
    if (!opener || !dialog || !url || typeof dialog.showModal !== "function") return;
    var status = dialog.querySelector("[data-media-picker-status]");
    var grid = dialog.querySelector("[data-media-picker-grid]");
    var loads = 0; // only the latest request may fill the grid

    var say = function (text, link) {
      status.textContent = text;
      if (link) {
        var a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.text;
        status.appendChild(document.createTextNode(" "));
        status.appendChild(a);
        status.appendChild(document.createTextNode("."));
      }
    };

    var choose = function (item) {
      url.value = item.url;
      changed(url);
      if (alt && !alt.value.trim() && item.alt) {
        alt.value = item.alt;
        changed(alt);
      }
      var thumb = form.querySelector(".image-thumb");
      if (!thumb) {
        thumb = document.createElement("img");
        thumb.className = "image-thumb";
        thumb.alt = "";
        thumb.decoding = "async";
        opener.parentNode.insertBefore(thumb, opener);
      }
      thumb.src = item.url;
      dialog.close();
    };

    var show = function (items) {
      grid.textContent = "";
      if (!items.length) {
        say("The library is empty. Upload images under", { href: "/admin/media", text: "Media" });
        return;
      }
      say(items.length === 1 ? "1 image." : items.length + " images.");
      items.forEach(function (item) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "media-picker__item";
        if (item.url === url.value.trim()) button.setAttribute("aria-current", "true");
        var img = document.createElement("img");
        img.className = "media-picker__thumb";
        img.alt = ""; // the button is named by the file name under it
        img.loading = "lazy";
        img.decoding = "async";
        img.src = item.url;
        var name = document.createElement("span");
        name.className = "media-picker__name";
        name.textContent = item.filename || item.url;
        button.appendChild(img);
        button.appendChild(name);
        if (item.size) {
          var size = document.createElement("span");
          size.className = "media-picker__size";
          size.textContent = item.size;
          button.appendChild(size);
        }
        button.addEventListener("click", function () { choose(item); });
        li.appendChild(button);
        grid.appendChild(li);
      });
    };

    var load = function () {
      var mine = ++loads;
      say("Loading the library\u2026");
      fetch("/admin/api/media", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (response.status === 401) { // the session ended: the server says what to do
            return response.json().catch(function () { return {}; }).then(function (body) {
              throw { shown: body && body.message ? body.message : "Sign in to use the newsroom API." };
            });
          }
          if (!response.ok || response.redirected) throw {};
          return response.json();
        })
        .then(function (body) {
          if (mine !== loads) return;
          var items = body && Array.isArray(body.items) ? body.items : null;
          if (!items) throw {};
          show(items.filter(function (item) { return item && typeof item.url === "string" && item.url; }));
        })
        .catch(function (error) { // offline, a server error or an answer that is not the library
          if (mine !== loads) return;
          grid.textContent = "";
          say(error && error.shown ? error.shown : "The library could not be loaded. Try again.");
        });
    };

    dialog.hidden = false; // the hidden attribute only kept it out of pages without JavaScript
    opener.hidden = false;
    opener.addEventListener("click", function () {
      dialog.showModal();
      load();
    });
    dialog.querySelector("[data-media-picker-close]").addEventListener("click", function () { dialog.close(); });
    // A click on the backdrop lands on the <dialog> itself (its content fills it), so it closes too;
    // not a drag that started inside, such as selecting text.
    var pressed = null;
    dialog.addEventListener("pointerdown", function (event) { pressed = event.target; });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog && pressed === dialog) dialog.close();
      pressed = null;
    });
    dialog.addEventListener("close", function () { loads++; opener.focus(); });
  }

  // "Someone else is editing": while an existing article is open, tell the server every 15 seconds
  // (and whenever the tab comes back into view) and show who else has it open, and whether a newer
  // revision was saved since this form was loaded. Saving is never blocked: the server shows both texts
  // when a save would overwrite another. A refused or failed request stops it quietly.
  function presence(form) {
    var url = form.getAttribute("data-presence-url");
    var banner = form.querySelector("[data-presence]");
    var csrf = form.elements._csrf;
    if (!url || !banner || !csrf || !window.fetch) return;
    var token = csrf.value;
    var loaded = parseInt(form.getAttribute("data-revision"), 10);
    var timer = null;
    var busy = false;
    var stopped = false;
    var shown = ""; // the text on show, so an unchanged answer is not announced again

    var names = function (others) {
      var list = others.map(function (o) { return o.name; });
      if (list.length === 1) return list[0];
      if (list.length === 2) return list[0] + " and " + list[1];
      var rest = list.length - 2;
      return list[0] + ", " + list[1] + " and " + rest + (rest === 1 ? " other" : " others");
    };

    var render = function (lines) {
      var text = lines.join("\n");
      if (text === shown) return;
      shown = text;
      banner.textContent = "";
      if (!lines.length) { banner.hidden = true; return; }
      var fill = function () {
        if (shown !== text) return;
        banner.textContent = "";
        lines.forEach(function (line) {
          var p = document.createElement("p");
          p.className = "presence__text";
          p.textContent = line;
          banner.appendChild(p);
        });
      };
      // A live region that was hidden is filled a moment after it is shown, so screen readers read it.
      if (banner.hidden) { banner.hidden = false; window.setTimeout(fill, 100); }
      else fill();
    };

    var update = function (body) {
      var lines = [];
      var others = Array.isArray(body.others) ? body.others.filter(function (o) { return o && o.name; }) : [];
      if (others.length) {
        lines.push(names(others) + (others.length === 1 ? " is" : " are") + " also editing this article." +
          (others.length === 1
            ? " If you both save, the second save shows both texts so nothing is overwritten."
            : " If more than one of you saves, each later save shows both texts so nothing is overwritten."));
      }
      if (typeof body.revision === "number" && !isNaN(loaded) && body.revision > loaded) {
        lines.push("A newer version was saved" + (body.saved_by ? " by " + body.saved_by : "") +
          (body.saved_human ? " (" + body.saved_human + ")" : "") +
          ". Saving now will show both texts side by side.");
      }
      render(lines);
    };

    var stop = function () {
      stopped = true;
      window.clearTimeout(timer);
      render([]);
    };

    var schedule = function () {
      window.clearTimeout(timer);
      if (!stopped) timer = window.setTimeout(ping, 15000);
    };

    var ping = function () {
      if (stopped || busy || document.hidden) return; // a hidden tab pings again when it is shown
      busy = true;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": token, "Accept": "application/json" }
      })
        .then(function (response) {
          if (response.status >= 400 && response.status < 500) { stop(); return null; } // signed out, not allowed
          if (!response.ok) return null; // a server hiccup: try again next time
          return response.json().then(update, function () {});
        })
        .then(function () { busy = false; schedule(); },
              function () { busy = false; stop(); }); // offline or blocked
    };

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { window.clearTimeout(timer); ping(); }
    });
    window.addEventListener("pagehide", function () {
      window.clearTimeout(timer);
      if (stopped || !navigator.sendBeacon) return;
      navigator.sendBeacon(url, new URLSearchParams({ _csrf: token, leaving: "1" }));
    });
    // Back from the back/forward cache: the server was told this editor left, so say hello again.
    window.addEventListener("pageshow", function (event) { if (event.persisted) ping(); });
    ping();
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

  // Settings: a <select data-image-preview="ID"> shows the chosen image in <img id="ID">, hidden when none.
  var syncPreview = function (select) {
    var img = document.getElementById(select.getAttribute("data-image-preview"));
    if (!img) return;
    if (select.value) img.src = select.value;
    img.hidden = !select.value;
  };
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-image-preview")) syncPreview(target);
  });
  // Browsers restore a changed choice after a reload or the Back button; match the preview to it.
  var syncPreviews = function () {
    var selects = document.querySelectorAll("select[data-image-preview]");
    for (var i = 0; i < selects.length; i++) syncPreview(selects[i]);
  };
  syncPreviews();
  window.addEventListener("pageshow", syncPreviews);

  // Phones: keep the current menu item visible in the sideways-scrolling top bar.
  var current = document.querySelector(".sidebar__nav [aria-current=\"page\"]");
  if (current && current.scrollIntoView && window.matchMedia("(max-width: 47.99rem)").matches) {
    current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
})();
