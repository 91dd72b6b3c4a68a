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

  // Comments: the moderation queue. Every action is a plain form that works without this script; here
  // each one is sent without a reload (with an Undo for status changes), j/k and one-letter shortcuts
  // move through the queue, and on the pending queue new comments appear as they arrive.
  var queueRoot = document.querySelector("[data-mod-queue]");
  if (queueRoot && window.fetch && window.URLSearchParams && window.FormData) moderation(queueRoot);

  function moderation(root) {
    var list = root.querySelector("[data-mod-list]");
    if (!list) return;
    var here = root.getAttribute("data-here") || window.location.pathname + window.location.search;
    var token = root.getAttribute("data-csrf") || "";
    var bulkForm = root.querySelector("[data-mod-form=\"bulk\"]");
    var selectAll = root.querySelector("[data-select-all]");
    var totalEl = root.querySelector("[data-queue-total]");
    var total = parseInt(root.getAttribute("data-total"), 10) || 0;
    var motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
    var currentRow = null;
    var viaKey = false;   // the form being sent was started with a keyboard shortcut
    var gone = {};        // ids this page moved out of the view: live updates never bring them back
    var lastUndo = null;  // what the toast's Undo (and the z key) would do

    var STATUS_OF = { approve: "approved", unapprove: "pending", spam: "spam", notspam: "pending",
                      trash: "trash", restore: "pending", "delete": "deleted" };
    var KEYS = { a: "approve", s: "spam", t: "trash", u: "unapprove", n: "notspam", r: "restore" };
    var NO_ANSWER = "The newsroom could not be reached, so nothing was changed. Check the connection and try again.";
    var SIGNED_OUT = "Your session has ended, so nothing was changed. Please sign in again.";

    var reduced = function () { return !!(motion && motion.matches); };
    var isBusy = function (row) { return row.classList.contains("is-busy"); };
    var rowById = function (id) {
      var row = document.getElementById("mod-comment-" + id);
      return row && list.contains(row) ? row : null;
    };
    var safePath = function (u) { return typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/"; };
    var str = function (v) { return typeof v === "string" ? v : v === null || v === undefined ? "" : String(v); };
    var plural = function (n, one, many) { return n === 1 ? "1 " + one : n + " " + many; };

    // The rows on show, top to bottom (not those fading out).
    function rows() {
      var out = [];
      for (var i = 0; i < list.children.length; i++) {
        var li = list.children[i];
        var row = li.querySelector(".mod-comment");
        if (row && !li.classList.contains("is-leaving")) out.push(row);
      }
      return out;
    }

    // ---- Announcements: a polite live region, a toast with Undo, errors beside what failed ----------
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("data-live", "");
    document.body.appendChild(live);
    var liveTimer = null;
    var announce = function (text) {
      live.textContent = "";
      window.clearTimeout(liveTimer);
      // A moment later, so the same words twice in a row are read twice.
      liveTimer = window.setTimeout(function () { live.textContent = text; }, 60);
    };

    var toast = document.createElement("div");
    toast.className = "toast";
    toast.hidden = true;
    toast.setAttribute("data-toast", "");
    var toastText = document.createElement("p");
    toastText.className = "toast__text";
    var undoButton = document.createElement("button");
    undoButton.type = "button";
    undoButton.className = "btn btn--small toast__undo";
    undoButton.appendChild(document.createTextNode("Undo"));
    var undoKey = document.createElement("kbd");
    undoKey.className = "kbd";
    undoKey.setAttribute("aria-hidden", "true");
    undoKey.textContent = "z";
    undoButton.appendChild(document.createTextNode(" "));
    undoButton.appendChild(undoKey);
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "btn btn--small toast__close";
    dismiss.setAttribute("aria-label", "Dismiss");
    dismiss.textContent = "\u00d7";
    toast.appendChild(toastText);
    toast.appendChild(undoButton);
    toast.appendChild(dismiss);
    document.body.appendChild(toast);
    var toastTimer = null;
    var toastHeld = false;

    var hideToast = function () {
      window.clearTimeout(toastTimer);
      var hadFocus = toast.contains(document.activeElement);
      toast.hidden = true;
      lastUndo = null;
      if (hadFocus) refocus();
    };
    var holdToast = function () {
      window.clearTimeout(toastTimer);
      toastTimer = window.setTimeout(function () {
        if (toastHeld) holdToast(); else hideToast();
      }, 10000);
    };
    // text, and optionally the undo record and a sign-in link (for an error after the session ended)
    var showToast = function (text, undo, signIn) {
      toastText.textContent = text;
      if (signIn) {
        toastText.appendChild(document.createTextNode(" "));
        toastText.appendChild(signInLink());
      }
      lastUndo = undo || null;
      undoButton.hidden = !undo;
      toast.hidden = false;
      holdToast();
    };
    toast.addEventListener("mouseenter", function () { toastHeld = true; });
    toast.addEventListener("mouseleave", function () { toastHeld = false; });
    toast.addEventListener("focusin", function () { toastHeld = true; });
    toast.addEventListener("focusout", function () { toastHeld = false; });
    undoButton.addEventListener("click", function () { undo(lastUndo); });
    dismiss.addEventListener("click", hideToast);

    function signInLink() {
      var a = document.createElement("a");
      a.href = "/admin/login?next=" + encodeURIComponent(here);
      a.textContent = "Sign in again";
      return a;
    }

    // An error goes at the end of the comment it is about, or just after a form outside the list.
    function errorPlace(form) {
      var row = form.closest(".mod-comment");
      return row ? { parent: row.querySelector(".mod-comment__main") || row, before: null }
                 : { parent: form.parentNode, before: form.nextSibling };
    }
    function clearError(form) {
      var place = errorPlace(form);
      var old = place.parent.querySelectorAll(":scope > [data-mod-error]");
      for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    }
    function showError(form, error) {
      clearError(form);
      var place = errorPlace(form);
      var p = document.createElement("p");
      p.className = "field-error mod-error";
      p.setAttribute("role", "alert");
      p.setAttribute("data-mod-error", "");
      var text = document.createElement("span");
      text.textContent = error && error.message ? error.message : NO_ANSWER;
      p.appendChild(text);
      if (error && error.signIn) {
        text.appendChild(document.createTextNode(" "));
        text.appendChild(signInLink());
      }
      place.parent.insertBefore(p, place.before);
    }

    // ---- Talking to the server ----------------------------------------------------------------------
    // POST a form's fields; resolves with the JSON answer, rejects with {message, signIn?}.
    function send(url, params) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "X-CSRF-Token": params.get("_csrf") || token,
          "Content-Type": "application/x-www-form-urlencoded"
        },
        body: params.toString()
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        var parsed = type.indexOf("application/json") !== -1
          ? response.json().catch(function () { return null; })
          : Promise.resolve(null);
        return parsed.then(function (data) {
          if (response.ok && data && typeof data === "object") return data;
          throw problem(response.status, data);
        });
      }, function () {
        throw { message: NO_ANSWER };
      });
    }
    function problem(status, data) {
      var message = data && typeof data.message === "string" && data.message ? data.message : "";
      if (status === 401) return { message: message || SIGNED_OUT, signIn: true };
      if (!message) {
        message = status === 403 ? "That was refused, so nothing was changed. Reload the page and try again."
                : status === 404 ? "That comment is no longer there; someone may have deleted it. Reload the page."
                : "Something went wrong, so nothing was changed. Try again.";
      }
      return { message: message };
    }
    function paramsFor(pairs) {
      var p = new URLSearchParams();
      p.append("_csrf", token);
      p.append("back", here);
      pairs.forEach(function (pair) { p.append(pair[0], pair[1]); });
      return p;
    }
    // The generic submit handler above marked the form as on its way; it is done.
    function release(form) {
      form.removeAttribute(BUSY);
      var buttons = form.querySelectorAll("button[aria-disabled]");
      for (var i = 0; i < buttons.length; i++) buttons[i].removeAttribute("aria-disabled");
    }

    // ---- Counts -------------------------------------------------------------------------------------
    function showTotal() {
      if (totalEl) totalEl.textContent = plural(total, "comment", "comments");
    }
    function setCounts(counts) {
      if (!counts || typeof counts !== "object") return;
      ["pending", "approved", "spam", "trash"].forEach(function (name) {
        if (typeof counts[name] !== "number") return;
        var els = document.querySelectorAll("[data-queue-count=\"" + name + "\"]");
        for (var i = 0; i < els.length; i++) els[i].textContent = String(counts[name]);
      });
      if (typeof counts.pending === "number") setNavCount(counts.pending);
    }
    // The menu's "waiting" badge beside Comments: its number, gone at 0, back when comments arrive.
    function setNavCount(n) {
      var link = document.querySelector(".sidebar__nav a[href=\"/admin/comments\"]");
      var badge = link ? link.querySelector("[data-nav-count]") : document.querySelector("[data-nav-count]");
      if (n <= 0) {
        if (badge) {
          var before = badge.previousSibling;
          if (before && before.nodeType === 3 && !before.nodeValue.trim()) before.parentNode.removeChild(before);
          badge.parentNode.removeChild(badge);
        }
        return;
      }
      if (!badge) {
        if (!link) return;
        badge = document.createElement("span");
        badge.className = "badge";
        badge.setAttribute("data-nav-count", "");
        var label = document.createElement("span");
        label.className = "visually-hidden";
        label.textContent = " waiting";
        badge.appendChild(label);
        link.appendChild(document.createTextNode(" "));
        link.appendChild(badge);
      }
      var first = badge.firstChild;
      if (first && first.nodeType === 3) first.nodeValue = String(n);
      else badge.insertBefore(document.createTextNode(String(n)), first);
    }

    // ---- The current row ----------------------------------------------------------------------------
    function setCurrent(row, focus) {
      if (currentRow && currentRow !== row) currentRow.classList.remove("is-current");
      currentRow = row || null;
      if (!row) return;
      row.classList.add("is-current");
      if (focus) {
        row.focus({ preventScroll: true });
        if (row.scrollIntoView) row.scrollIntoView({ block: "nearest", behavior: reduced() ? "auto" : "smooth" });
      }
    }
    // The row after `row` (or else before it) that `skip` does not refuse.
    function neighbour(row, skip) {
      var all = rows();
      var i = all.indexOf(row);
      var j;
      for (j = i + 1; j < all.length; j++) if (!skip(all[j])) return all[j];
      for (j = (i < 0 ? all.length : i) - 1; j >= 0; j--) if (!skip(all[j])) return all[j];
      return null;
    }
    // Focus went with a row that left: give it to the current row, or to the empty queue's message.
    function refocus() {
      if (currentRow && list.contains(currentRow)) setCurrent(currentRow, true);
      else {
        var empty = root.querySelector("[data-queue-empty]") || showEmpty();
        if (empty) empty.focus();
      }
    }

    function showEmpty() {
      var box = root.querySelector("[data-queue-empty]");
      if (box) return box;
      if (total > 0) { // this page is done, the view is not
        box = document.createElement("div");
        box.className = "empty empty--large";
        box.tabIndex = -1;
        box.setAttribute("data-queue-empty", "");
        var p = document.createElement("p");
        p.textContent = "Nothing left on this page.";
        var more = document.createElement("p");
        var a = document.createElement("a");
        a.href = here;
        a.textContent = "Show the next comments";
        more.appendChild(a);
        box.appendChild(p);
        box.appendChild(more);
      } else {
        var tpl = document.getElementById("mod-empty-template");
        var proto = tpl && tpl.content ? tpl.content.querySelector("[data-queue-empty]") : null;
        if (!proto) return null;
        box = proto.cloneNode(true);
      }
      list.parentNode.insertBefore(box, list.nextSibling);
      return box;
    }
    function hideEmpty() {
      var box = root.querySelector("[data-queue-empty]");
      if (box) box.parentNode.removeChild(box);
    }

    // Take rows out of the list with a short fade. Returns what Undo needs to put them back.
    function takeOut(targets) {
      if (!targets.length) return [];
      var focused = targets.some(function (r) { return r.contains(document.activeElement); });
      var leaving = function (r) { return targets.indexOf(r) >= 0; };
      var from = currentRow && leaving(currentRow) ? currentRow : focused ? targets[0] : null;
      if (from) {
        var next = neighbour(from, function (r) { return leaving(r) || isBusy(r); }) || neighbour(from, leaving);
        setCurrent(next, focused);
      }
      // Each row remembers its next sibling: Undo puts them back last first, so that sibling is in place.
      var taken = targets.map(function (row) {
        var li = row.parentNode;
        var check = row.querySelector("[data-bulk-check]");
        if (check) check.checked = false;
        var id = row.getAttribute("data-comment-id");
        gone[id] = true;
        return { id: id, from: row.getAttribute("data-status"), row: row, li: li, next: li.nextElementSibling, timer: 0 };
      });
      total = Math.max(0, total - targets.length);
      showTotal();
      taken.forEach(function (item) {
        item.li.classList.add("is-leaving");
        var done = function () {
          if (item.li.parentNode !== list) return;
          var hadFocus = item.li.contains(document.activeElement);
          list.removeChild(item.li);
          if (hadFocus) refocus();
          if (!rows().length && !list.querySelector(".is-leaving")) {
            var empty = showEmpty();
            if (empty && (hadFocus || document.activeElement === document.body)) empty.focus();
          }
        };
        if (reduced()) done();
        else item.timer = window.setTimeout(done, 220);
      });
      syncSelectAll();
      return taken;
    }

    // Put rows taken out back where they were.
    function putBack(items) {
      hideEmpty();
      for (var i = items.length - 1; i >= 0; i--) {
        var item = items[i];
        window.clearTimeout(item.timer);
        item.li.classList.remove("is-leaving");
        if (item.li.parentNode !== list) {
          list.insertBefore(item.li, item.next && item.next.parentNode === list ? item.next : null);
        }
        delete gone[item.id];
      }
      total += items.length;
      showTotal();
      syncSelectAll();
      if (items.length) setCurrent(items[0].row, true);
    }

    // The action that moves a comment from `to` back to where it was.
    function reverse(from, to) {
      if (!from || from === to || to === "deleted") return null;
      if (from === "pending") return { approved: "unapprove", spam: "notspam", trash: "restore" }[to] || null;
      return { approved: "approve", spam: "spam", trash: "trash" }[from] || null;
    }

    function undo(record) {
      if (!record || record.running) return;
      record.running = true;
      hideToast();
      var groups = {};
      var order = [];
      record.items.forEach(function (item) {
        var action = reverse(item.from, record.to);
        if (!action) return;
        if (!groups[action]) { groups[action] = []; order.push(action); }
        groups[action].push(item);
      });
      var back = [];
      var last = null;
      // One request per way back, one after the other, so the last answer has the latest counts.
      var chain = Promise.resolve();
      order.forEach(function (action) {
        chain = chain.then(function () {
          var items = groups[action];
          var request = items.length === 1
            ? send("/admin/comments/" + encodeURIComponent(items[0].id) + "/" + action, paramsFor([]))
            : send("/admin/comments/bulk", paramsFor([["action", action]].concat(items.map(function (it) { return ["ids", it.id]; }))));
          return request.then(function (data) {
            last = data;
            back = back.concat(items);
          });
        });
      });
      chain.then(function () {
        finishUndo();
      }, function (error) {
        finishUndo();
        announce(error.message);
        showToast(error.message, null, error.signIn);
      });
      function finishUndo() {
        if (back.length) {
          // keep the list order: put back in the order they were taken
          back.sort(function (a, b) { return record.items.indexOf(a) - record.items.indexOf(b); });
          putBack(back);
        }
        if (last) {
          setCounts(last.counts);
          var message = last.message || "Undone.";
          announce(message);
          showToast(message, null);
        }
      }
    }

    // ---- Sending the queue's forms --------------------------------------------------------------------
    document.addEventListener("submit", function (event) {
      var form = event.target;
      // The handler at the top of this file has asked data-confirm questions and refused double submits.
      if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !root.contains(form)) return;
      var kind = form.classList.contains("mod-action") ? "action" : form.getAttribute("data-mod-form");
      if (!kind || !handlers[kind]) return;
      event.preventDefault();
      var keyed = viaKey;
      viaKey = false;
      // form.action would be the select named "action" in the bulk form
      handlers[kind](form, form.getAttribute("action"), new URLSearchParams(new FormData(form)), keyed);
    });

    var handlers = {
      action: function (form, url, params, keyed) {
        var row = form.closest(".mod-comment");
        if (!row) return;
        var name = form.getAttribute("data-action");
        var from = row.getAttribute("data-status");
        var moves = STATUS_OF[name] !== from;
        var movedTo = null;
        var hadFocus = row.contains(document.activeElement);
        clearError(form);
        if (moves) {
          // Move on at once, so a moderator can keep pressing keys while the answer comes.
          row.classList.add("is-busy");
          row.setAttribute("aria-busy", "true");
          if (row === currentRow || hadFocus) {
            movedTo = neighbour(row, isBusy);
            if (movedTo) setCurrent(movedTo, keyed || hadFocus);
          }
        }
        send(url, params).then(function (data) {
          release(form);
          row.classList.remove("is-busy");
          row.removeAttribute("aria-busy");
          setCounts(data.counts);
          var to = typeof data.status === "string" ? data.status : STATUS_OF[name];
          var message = str(data.message) || "Done.";
          var record = null;
          if (to && to !== from) {
            var taken = takeOut([row]);
            if (to !== "deleted" && reverse(from, to)) record = { items: taken, to: to };
          }
          announce(message);
          showToast(message, record);
        }, function (error) {
          release(form);
          row.classList.remove("is-busy");
          row.removeAttribute("aria-busy");
          // Back to the comment that is still here, unless the moderator has moved on meanwhile.
          if (movedTo && currentRow === movedTo && list.contains(row)) {
            setCurrent(row, keyed || hadFocus || movedTo.contains(document.activeElement));
          }
          showError(form, error);
        });
      },

      bulk: function (form, url, params) {
        clearError(form);
        var ids = params.getAll("ids");
        var action = params.get("action") || "";
        if (!ids.length) {
          release(form);
          showError(form, { message: "Choose the comments first." });
          return;
        }
        if (action === "delete" && !window.confirm(ids.length === 1 ? "Delete this comment forever?"
                                                                      : "Delete these " + ids.length + " comments forever?")) {
          release(form);
          return;
        }
        var targets = ids.map(rowById).filter(Boolean);
        targets.forEach(function (r) { r.classList.add("is-busy"); r.setAttribute("aria-busy", "true"); });
        var settle = function () {
          release(form);
          targets.forEach(function (r) { r.classList.remove("is-busy"); r.removeAttribute("aria-busy"); });
        };
        send(url, params).then(function (data) {
          settle();
          setCounts(data.counts);
          var to = typeof data.status === "string" ? data.status : STATUS_OF[action];
          var changed = Array.isArray(data.ids) ? data.ids.map(String) : ids;
          var leaving = targets.filter(function (r) {
            return changed.indexOf(r.getAttribute("data-comment-id")) >= 0 && r.getAttribute("data-status") !== to;
          });
          var taken = takeOut(leaving);
          var undoable = to && to !== "deleted" && taken.some(function (item) { return reverse(item.from, to); });
          var message = str(data.message) || "Done.";
          announce(message);
          showToast(message, undoable ? { items: taken, to: to } : null);
        }, function (error) {
          settle();
          showError(form, error);
        });
      },

      edit: function (form, url, params) {
        var row = form.closest(".mod-comment");
        clearError(form);
        send(url, params).then(function (data) {
          release(form);
          setCounts(data.counts);
          var body = row && row.querySelector("[data-field=\"body\"]");
          if (body && typeof data.body_html === "string") body.innerHTML = data.body_html; // escaped by the server
          var text = form.elements.body;
          if (text) text.defaultValue = text.value;
          closeDisclosure(form);
          if (row) setCurrent(row, false);
          var message = str(data.message) || "Comment saved.";
          announce(message);
          showToast(message, null);
        }, function (error) {
          release(form);
          showError(form, error);
        });
      },

      reply: function (form, url, params) {
        var row = form.closest(".mod-comment");
        clearError(form);
        send(url, params).then(function (data) {
          release(form);
          setCounts(data.counts);
          var text = form.elements.body;
          if (text) { text.value = ""; text.defaultValue = ""; }
          closeDisclosure(form);
          var message = str(data.message) || "Reply published.";
          // Answering a waiting comment approves it, so it leaves the pending queue.
          var parentStatus = typeof data.parent_status === "string" ? data.parent_status
            : row && row.getAttribute("data-status") === "pending" ? "approved" : null;
          if (row && parentStatus && parentStatus !== row.getAttribute("data-status")) {
            takeOut([row]);
            if (parentStatus === "approved") message += " The comment you answered is approved.";
          } else if (row) {
            setCurrent(row, false);
          }
          announce(message);
          showToast(message, null);
        }, function (error) {
          release(form);
          showError(form, error);
        });
      },

      ban: function (form, url, params) {
        clearError(form);
        send(url, params).then(function (data) {
          release(form);
          setCounts(data.counts);
          // Every button that would ban the same sender again says it is done.
          var kind = params.get("kind");
          var value = params.get("value");
          var forms = root.querySelectorAll("[data-mod-form=\"ban\"]");
          for (var i = 0; i < forms.length; i++) {
            var f = forms[i];
            if (f.elements.kind && f.elements.kind.value === kind && f.elements.value && f.elements.value.value === value) {
              var button = f.querySelector("button");
              button.disabled = true;
              button.textContent = kind === "ip" ? "Address banned" : "Email banned";
            }
          }
          // If the server moved the sender's comments (their ids), they leave this view.
          if (Array.isArray(data.ids)) {
            takeOut(data.ids.map(function (id) { return rowById(String(id)); }).filter(function (r) {
              return r && r.getAttribute("data-status") !== "spam";
            }));
          }
          var message = str(data.message) || "Banned.";
          announce(message);
          showToast(message, null);
        }, function (error) {
          release(form);
          showError(form, error);
        });
      },

      toggle: function (form, url, params) {
        clearError(form);
        send(url, params).then(function (data) {
          release(form);
          setCounts(data.counts);
          var open = typeof data.open === "boolean" ? data.open : params.get("open") === "1";
          if (form.elements.open) form.elements.open.value = open ? "0" : "1";
          var label = form.querySelector("[data-toggle-label]");
          if (label) label.textContent = open ? "Close comments" : "Open comments";
          var state = form.querySelector("[data-article-state]");
          if (state) {
            state.textContent = open ? "Open for comments" : "Closed to new comments";
            state.classList.toggle("status--published", open);
            state.classList.toggle("status--draft", !open);
          }
          var message = str(data.message) || (open ? "Comments are open." : "Comments are closed.");
          announce(message);
          showToast(message, null);
        }, function (error) {
          release(form);
          showError(form, error);
        });
      }
    };

    function closeDisclosure(inside) {
      var details = inside.closest("details");
      if (!details) return;
      var hadFocus = details.contains(document.activeElement);
      details.open = false;
      var summary = details.querySelector("summary");
      if (hadFocus && summary) summary.focus();
    }

    // ---- Select all, for bulk actions ---------------------------------------------------------------
    function checks() {
      return rows().map(function (r) { return r.querySelector("[data-bulk-check]"); })
                   .filter(function (c) { return c && !c.disabled; });
    }
    function syncSelectAll() {
      if (!selectAll) return;
      var all = checks();
      var on = all.filter(function (c) { return c.checked; }).length;
      selectAll.checked = on > 0 && on === all.length;
      selectAll.indeterminate = on > 0 && on < all.length;
      selectAll.disabled = !all.length;
    }
    if (selectAll && bulkForm && !bulkForm.hidden) {
      var wrap = selectAll.closest("[data-select-all-wrap]");
      if (wrap) wrap.hidden = false;
      selectAll.addEventListener("change", function () {
        checks().forEach(function (c) { c.checked = selectAll.checked; });
        syncSelectAll();
        clearError(bulkForm);
      });
      list.addEventListener("change", function (event) {
        if (event.target.hasAttribute && event.target.hasAttribute("data-bulk-check")) {
          syncSelectAll();
          clearError(bulkForm);
        }
      });
      syncSelectAll();
    }

    // ---- Keyboard shortcuts ---------------------------------------------------------------------------
    var help = root.querySelector("[data-shortcuts]");
    var helpOpener = document.querySelector("[data-shortcuts-open]");
    if (help && typeof help.showModal === "function") {
      help.hidden = false;
      if (helpOpener) {
        helpOpener.hidden = false;
        helpOpener.addEventListener("click", function () { toggleHelp(); });
      }
      var closer = help.querySelector("[data-shortcuts-close]");
      if (closer) closer.addEventListener("click", function () { help.close(); });
      var pressed = null; // a click on the backdrop lands on the dialog itself
      help.addEventListener("pointerdown", function (event) { pressed = event.target; });
      help.addEventListener("click", function (event) {
        if (event.target === help && pressed === help) help.close();
        pressed = null;
      });
    } else {
      help = null;
    }
    function toggleHelp() {
      if (!help) return false;
      if (help.open) help.close(); else help.showModal();
      return true;
    }

    function typing(el) {
      if (!el || !el.tagName) return false;
      if (el.isContentEditable) return true;
      if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
      return el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset|image|file|range|color)$/i.test(el.type);
    }
    function move(step) {
      var all = rows();
      if (!all.length) return;
      var i = currentRow ? all.indexOf(currentRow) : -1;
      var next = i < 0 ? all[step > 0 ? 0 : all.length - 1] : all[Math.min(all.length - 1, Math.max(0, i + step))];
      setCurrent(next, true);
    }
    function fire(name) {
      if (!currentRow || isBusy(currentRow) || !list.contains(currentRow)) return false;
      var form = currentRow.querySelector(".mod-action[data-action=\"" + name + "\"]");
      var button = form && form.querySelector("button");
      if (!button) return false;
      setCurrent(currentRow, true); // the moderator sees what is acted on
      viaKey = true;
      if (form.requestSubmit) form.requestSubmit(button); else button.click();
      viaKey = false;
      return true;
    }
    function disclose(which) {
      if (!currentRow) return false;
      var details = currentRow.querySelector("details[data-disclosure=\"" + which + "\"]");
      if (!details) return false;
      details.open = true;
      var text = details.querySelector("textarea");
      if (text) {
        text.focus();
        var end = text.value.length;
        try { text.setSelectionRange(end, end); } catch (e) { /* not a text control */ }
      }
      return true;
    }
    function toggleCheck() {
      var box = currentRow && currentRow.querySelector("[data-bulk-check]");
      if (!box || box.disabled || !bulkForm || bulkForm.hidden) return false;
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      var target = event.target;
      if (typing(target)) {
        // Esc in the edit or reply box closes it and goes back to its button.
        if (event.key === "Escape" && target.closest) {
          var details = target.closest("details.mod-disclosure");
          if (details && root.contains(details)) {
            event.preventDefault();
            details.open = false;
            var summary = details.querySelector("summary");
            if (summary) summary.focus();
          }
        }
        return;
      }
      if (help && help.open) {
        if (event.key === "?") { event.preventDefault(); help.close(); }
        return;
      }
      if (document.querySelector("dialog[open]")) return;
      var key = event.key;
      var handled;
      if (key === "j" || key === "k") { move(key === "j" ? 1 : -1); handled = true; }
      else if (key === "?") handled = toggleHelp();
      else if (event.repeat) handled = false; // holding a key down must not act on row after row
      else if (KEYS.hasOwnProperty(key)) handled = fire(KEYS[key]);
      else if (key === "z") handled = !!lastUndo && (undo(lastUndo), true);
      else if (key === "e") handled = disclose("edit");
      else if (key === "R") handled = disclose("reply");
      else if (key === "x") handled = toggleCheck();
      if (handled) event.preventDefault();
    });

    // Clicking or tabbing into a comment makes it the current one.
    var follow = function (event) {
      var row = event.target.closest ? event.target.closest(".mod-comment") : null;
      if (row && row !== currentRow && list.contains(row) && !row.parentNode.classList.contains("is-leaving")) {
        setCurrent(row, false);
      }
    };
    list.addEventListener("focusin", follow);
    list.addEventListener("click", follow);

    showTotal(); // the server writes "1 comments"
    var linked = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    setCurrent(linked && linked.classList.contains("mod-comment") && list.contains(linked) ? linked : rows()[0], false);

    liveQueue();

    // ---- New comments while the pending queue is open ------------------------------------------------
    function liveQueue() {
      var liveUrl = list.getAttribute("data-live-url");
      var pollUrl = list.getAttribute("data-poll-url");
      var template = document.getElementById("mod-row-template");
      var pageNo = parseInt(list.getAttribute("data-page") || "1", 10) || 1;
      if ((!liveUrl && !pollUrl) || pageNo > 1 || !template || !template.content) return;
      var articleOnly = list.getAttribute("data-article");
      var found = /[?&]after=(\d+)/.exec(liveUrl || pollUrl);
      var newest = found ? parseInt(found[1], 10) : 0;
      var source = null;
      var timer = null;
      var stopped = false;
      var notice = null;

      var withAfter = function (u) { return u.replace(/([?&]after=)\d*/, "$1" + newest); };

      var receive = function (data) {
        if (!data || typeof data !== "object") return;
        var added = 0;
        (Array.isArray(data.comments) ? data.comments : []).forEach(function (c) {
          if (!c || typeof c !== "object") return;
          var n = parseInt(c.id, 10);
          if (!(n > 0)) return;
          if (n > newest) newest = n;
          var id = String(n);
          if (gone[id] || rowById(id) || (c.status && c.status !== "pending")) return;
          if (articleOnly && (!c.article || String(c.article.id) !== articleOnly)) return;
          var li = buildRow(c, id, template);
          if (!li) return;
          li.classList.add("is-new");
          list.insertBefore(li, list.firstElementChild);
          added++;
        });
        setCounts(data.counts);
        if (!added) return;
        hideEmpty();
        total += added;
        showTotal();
        syncSelectAll();
        if (!currentRow || !list.contains(currentRow)) setCurrent(rows()[0], false);
        announce(added === 1 ? "1 new comment." : added + " new comments.");
      };

      var stop = function (error) {
        stopped = true;
        window.clearTimeout(timer);
        if (source) { source.close(); source = null; }
        if (error && !notice) {
          notice = document.createElement("div");
          notice.className = "flash flash--error";
          notice.setAttribute("role", "alert");
          notice.textContent = error.message + " ";
          if (error.signIn) notice.appendChild(signInLink());
          root.insertBefore(notice, root.firstChild);
        }
      };

      var schedule = function () {
        window.clearTimeout(timer);
        if (!stopped && !source) timer = window.setTimeout(poll, 20000);
      };

      var poll = function () {
        window.clearTimeout(timer);
        if (stopped || !pollUrl) return;
        if (document.hidden) return; // polled again when the tab is shown
        fetch(withAfter(pollUrl), { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) {
            if (response.status === 401) {
              return response.json().catch(function () { return null; }).then(function (body) {
                stop({ message: body && body.message ? body.message : "Your session has ended. New comments will not appear until you sign in again.", signIn: true });
              });
            }
            if (response.status === 403 || response.status === 404) { stop(); return null; }
            if (!response.ok) return null; // a hiccup: next time
            return response.json().then(receive, function () {});
          })
          .then(schedule, schedule); // offline: keep trying
      };

      var listen = function () {
        if (stopped || source) return;
        source = new window.EventSource(withAfter(liveUrl));
        source.addEventListener("message", function (event) {
          var data = null;
          try { data = JSON.parse(event.data); } catch (e) { return; }
          receive(data);
        });
        source.addEventListener("error", function () {
          // The browser reconnects by itself; a stream refused outright (signed out, not there) is closed:
          // fall back to asking every 20 seconds, which also tells a signed-out moderator what happened.
          if (source && source.readyState === 2) {
            source.close();
            source = null;
            liveUrl = null;
            poll();
          }
        });
      };

      var start = function () {
        if (liveUrl && window.EventSource) listen();
        else schedule();
      };

      document.addEventListener("visibilitychange", function () {
        if (!document.hidden && !source && !stopped) poll();
      });
      // An open stream keeps the page out of the back/forward cache: close it on the way out.
      window.addEventListener("pagehide", function () {
        window.clearTimeout(timer);
        if (source) { source.close(); source = null; }
      });
      window.addEventListener("pageshow", function (event) {
        if (event.persisted && !stopped) { if (liveUrl && window.EventSource) listen(); else poll(); }
      });
      start();
    }

    // One row from the JSON of a comment, built from <template id="mod-row-template"> (text with
    // textContent; only body_html, which the server escaped, as HTML). Returns the <li>, or null.
    function buildRow(c, id, template) {
      var proto = template.content.querySelector("li");
      if (!proto) return null;
      var li = proto.cloneNode(true);
      var row = li.querySelector(".mod-comment");
      var field = function (name) { return row.querySelector("[data-field=\"" + name + "\"]"); };
      var drop = function (el) { if (el && el.parentNode) el.parentNode.removeChild(el); };
      var author = str(c.author) || "Anonymous";
      var status = str(c.status) || "pending";
      var whoId = "mod-comment-" + id + "-who";

      row.id = "mod-comment-" + id;
      row.setAttribute("data-comment-id", id);
      row.setAttribute("data-status", status);
      row.setAttribute("aria-labelledby", whoId);
      row.classList.add("mod-comment--" + status.replace(/[^a-z]/g, ""));
      field("who").id = whoId;

      var check = field("select");
      if (check) {
        check.value = id;
        check.id = "select-" + id;
        var checkLabel = field("select-label");
        checkLabel.htmlFor = check.id;
        checkLabel.textContent = "Select the comment by " + author;
      }
      field("author").textContent = author;
      if (!c.staff) drop(field("staff"));
      var time = field("date");
      time.setAttribute("datetime", str(c.date_iso));
      time.textContent = str(c.date_human);
      field("number").textContent = "#" + id;

      var email = field("email");
      if (c.email) { email.href = "mailto:" + str(c.email); email.textContent = str(c.email); } else drop(email);
      var site = field("url");
      if (typeof c.url === "string" && /^https?:\/\//i.test(c.url)) { site.href = c.url; site.textContent = c.url; } else drop(site);
      if (c.ip) field("ip-text").textContent = str(c.ip); else drop(field("ip"));
      if (c.user_agent) {
        field("agent-text").textContent = str(c.user_agent);
        field("agent").title = str(c.user_agent);
      } else drop(field("agent"));

      var article = c.article && typeof c.article === "object" ? c.article : null;
      if (article && article.headline) {
        var link = field("article-link");
        link.textContent = str(article.headline);
        if (safePath(article.filter_url)) link.href = article.filter_url;
        var editArticle = field("article-edit");
        if (safePath(article.edit_url)) editArticle.href = article.edit_url; else drop(editArticle);
      } else drop(field("article"));
      if (c.in_reply_to) field("parent").textContent = "In reply to #" + str(c.in_reply_to); else drop(field("parent"));
      if (c.reason) field("reason-text").textContent = str(c.reason); else drop(field("reason"));

      var body = field("body");
      if (typeof c.body_html === "string") body.innerHTML = c.body_html; // escaped by the server
      else body.textContent = str(c.body);

      var setBack = function (form) {
        var back = form.querySelector("input[name=\"back\"]");
        if (back) back.value = here;
      };
      var describe = function (button) { if (button) button.setAttribute("aria-describedby", whoId); };

      var actionProto = field("action");
      (Array.isArray(c.actions) ? c.actions : []).forEach(function (a) {
        if (!a || typeof a.name !== "string" || !safePath(a.url)) return;
        var form = actionProto.cloneNode(true);
        form.removeAttribute("data-field");
        form.setAttribute("action", a.url);
        form.setAttribute("data-action", a.name);
        if (a.danger) form.setAttribute("data-confirm", "Delete this comment forever?");
        setBack(form);
        var button = form.querySelector("button");
        describe(button);
        if (a.danger) { button.classList.remove("btn--secondary"); button.classList.add("btn--danger-outline"); }
        form.querySelector("[data-field=\"action-label\"]").textContent = str(a.label) || a.name;
        var key = form.querySelector("[data-field=\"action-key\"]");
        if (a.key) key.textContent = str(a.key);
        else { if (key.previousSibling && key.previousSibling.nodeType === 3) drop(key.previousSibling); drop(key); }
        actionProto.parentNode.insertBefore(form, actionProto);
      });
      drop(actionProto);

      var disclosure = function (name, url, labelText, value) {
        var details = field(name);
        if (!safePath(url)) { drop(details); return; }
        var form = details.querySelector("form");
        form.setAttribute("action", url);
        setBack(form);
        var text = field(name + "-text");
        text.id = name + "-" + id;
        text.defaultValue = value;
        var label = field(name + "-label");
        label.htmlFor = text.id;
        label.textContent = labelText;
      };
      disclosure("edit", c.edit_url, "Comment text", str(c.body));
      disclosure("reply", c.reply_url, "Your reply to " + author, "");

      var ban = function (name, value) {
        var form = field(name);
        if (!value) { drop(form); return; }
        form.querySelector("input[name=\"value\"]").value = value;
        setBack(form);
        describe(form.querySelector("button"));
      };
      ban("ban-email", str(c.ban_email_value));
      ban("ban-ip", str(c.ban_ip_value));
      return li;
    }
  }

  // ---- Live coverage (/admin/articles/{id}/live, live.mustache) ---------------------------------------
  // Every form on that page works without this script. Here: the image fields of the new update and of
  // each edit box get the library picker above; Ctrl+Enter (Cmd+Enter on a Mac) in an update's text
  // sends its form; after a refused edit the edit box of that update opens again.
  var liveAdmin = document.querySelector("[data-live-admin]");
  if (liveAdmin) liveCoverage(liveAdmin);

  function liveCoverage(root) {
    var forms = root.querySelectorAll("form[data-live-entry-form]");
    for (var i = 0; i < forms.length; i++) mediaPicker(forms[i]);

    var mac = /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent || "");
    var hints = root.querySelectorAll("[data-live-key-hint]");
    for (var h = 0; h < hints.length; h++) {
      var mod = hints[h].querySelector("[data-live-key-mod]");
      if (mod && mac) mod.textContent = "\u2318";
      hints[h].hidden = false;
    }

    root.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.isComposing) return;
      var text = event.target;
      if (!(text instanceof HTMLTextAreaElement) || !text.hasAttribute("data-live-submit-key") || !text.form) return;
      event.preventDefault();
      // Clicking the form's own button keeps the browser's checks (required, maxlength) and the
      // double-submit guard at the top of this file.
      var send = text.form.querySelector("button:not([type]), button[type=\"submit\"]");
      if (send) send.click();
    });

    var failed = document.querySelector("[data-live-edit-error]");
    var box = failed && document.getElementById("live-entry-" + failed.getAttribute("data-live-edit-error") + "-edit");
    if (box && box.tagName === "DETAILS") box.open = true;
  }
})();
