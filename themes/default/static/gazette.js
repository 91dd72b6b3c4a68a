/* Gazette default theme: progressive enhancements only.
   The site works fully without this file. No inline handlers, CSP-friendly. */
(function () {
  "use strict";

  var PREFIX = "gazette:breaking-dismissed:";

  function storage() {
    try {
      var s = window.sessionStorage;
      s.setItem(PREFIX + "test", "1");
      s.removeItem(PREFIX + "test");
      return s;
    } catch (e) {
      return null;
    }
  }

  // Reveals a banner's dismiss button and remembers the dismissal for the
  // session. Returns false (and hides the banner) if it was dismissed before.
  function wireBanner(banner) {
    var store = storage();
    var u = httpUrl(banner.getAttribute("data-breaking-url") || "");
    var key = PREFIX + (u ? u.pathname : ""); // the page renders a path, events an absolute address
    if (store && store.getItem(key) === "1") {
      banner.hidden = true;
      return false;
    }
    var button = banner.querySelector(".breaking__dismiss");
    if (!button) return true;
    button.hidden = false;
    button.addEventListener("click", function () {
      banner.hidden = true;
      if (store) {
        try { store.setItem(key, "1"); } catch (e) { /* quota: ignore */ }
      }
      // Keep keyboard users oriented: move focus to the main content.
      var main = document.getElementById("main");
      if (main && typeof main.focus === "function") {
        main.focus({ preventScroll: true });
      }
    });
    return true;
  }

  function initBreaking() {
    Array.prototype.forEach.call(document.querySelectorAll(".breaking[data-breaking-url]"), wireBanner);
  }

  // On narrow screens the section bar scrolls sideways: bring the current
  // section into view (horizontally only, never moving the page).
  function revealCurrentSection() {
    var link = document.querySelector(".sections-nav a[aria-current=\"page\"]");
    if (!link) return;
    var scroller = link.closest(".sections-nav .wrap");
    if (!scroller || scroller.scrollWidth <= scroller.clientWidth) return;
    var linkBox = link.getBoundingClientRect();
    var boxLeft = scroller.getBoundingClientRect().left;
    var target = scroller.scrollLeft + (linkBox.left - boxLeft) -
      (scroller.clientWidth - linkBox.width) / 2;
    scroller.scrollLeft = Math.max(0, target);
  }

  // ---- Comments -----------------------------------------------------------
  // Only article pages with a comment section (#comments with #commentform)
  // are touched. Without this script the form posts normally and the server
  // answers with the article page again.

  var COMMENT_FIELDS = ["comment", "author", "email", "url"];
  var REMEMBERED = [
    ["author", "gz_comment_author"],
    ["email", "gz_comment_email"],
    ["url", "gz_comment_url"]
  ];
  var MSG_NETWORK = "Your comment could not be sent. Check your connection and try again.";
  var MSG_FAILED = "Your comment could not be posted. Please try again.";
  var MSG_PENDING = "Thank you. Your comment is waiting for a moderator and will appear once approved.";
  var MSG_PUBLISHED = "Your comment was published.";
  var scriptStart = Date.now();

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].replace(/^\s+/, "");
      if (part.indexOf(name + "=") === 0) {
        try {
          return decodeURIComponent(part.slice(name.length + 1));
        } catch (e) {
          return "";
        }
      }
    }
    return "";
  }

  // Whole milliseconds since the page started loading (the server uses it to
  // spot forms sent faster than a person could fill them in).
  function elapsedMs() {
    var perf = window.performance;
    if (perf && typeof perf.now === "function") {
      return Math.round(perf.now());
    }
    return Date.now() - scriptStart;
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // The first child element of el with this tag name (and class, if given).
  function childOf(el, tagName, className) {
    for (var node = el.firstElementChild; node; node = node.nextElementSibling) {
      if (node.tagName === tagName && (!className || node.classList.contains(className))) {
        return node;
      }
    }
    return null;
  }

  // Adds or removes one id in an aria-describedby list, keeping the others.
  function describedBy(field, id, on) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (t) {
      return t && t !== id;
    });
    if (on) ids.unshift(id);
    if (ids.length) {
      field.setAttribute("aria-describedby", ids.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  }

  // "3 minutes ago", "yesterday"…: comment times younger than a week. The
  // absolute time stays in the title; without Intl.RelativeTimeFormat nothing changes.
  var relativeFormat = null;

  function relativeFormatter() {
    if (relativeFormat !== null) return relativeFormat;
    relativeFormat = false;
    if (window.Intl && typeof window.Intl.RelativeTimeFormat === "function") {
      var lang = document.documentElement.getAttribute("lang") || undefined;
      try {
        relativeFormat = new window.Intl.RelativeTimeFormat(lang, { numeric: "auto" });
      } catch (e) {
        try {
          relativeFormat = new window.Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
        } catch (e2) {
          relativeFormat = false;
        }
      }
    }
    return relativeFormat;
  }

  function relativeText(format, ms) {
    var seconds = ms / 1000;
    if (seconds < -60) return ""; // in the future: a wrong clock somewhere
    if (seconds < 45) return format.format(0, "second");
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return format.format(-minutes, "minute");
    var hours = Math.round(seconds / 3600);
    if (hours < 24) return format.format(-hours, "hour");
    var days = Math.round(seconds / 86400);
    if (days < 7) return format.format(-days, "day");
    return "";
  }

  function relativeTimes(root) {
    var format = relativeFormatter();
    if (!format) return 0;
    var times = root.querySelectorAll("time.comment__time[datetime]");
    var now = Date.now();
    Array.prototype.forEach.call(times, function (time) {
      var when = Date.parse(time.getAttribute("datetime"));
      if (isNaN(when)) return;
      var absolute = time.getAttribute("data-absolute");
      if (absolute === null) {
        absolute = time.textContent;
        time.setAttribute("data-absolute", absolute);
        time.title = absolute;
      }
      time.textContent = relativeText(format, now - when) || absolute;
    });
    return times.length;
  }

  function initRelativeTimes() {
    if (relativeTimes(document)) {
      window.setInterval(function () { relativeTimes(document); }, 60000);
    }
  }

  function initComments() {
    var section = document.getElementById("comments");
    var form = document.getElementById("commentform");
    var respond = document.getElementById("respond");
    if (!section || !form || !respond || !respond.parentNode) return;

    var byId = function (id) { return document.getElementById(id); };
    var textarea = byId("comment");
    var parentInput = byId("comment_parent");
    var elapsed = byId("gz_elapsed");
    var replying = byId("comment-replying");
    var replyingName = byId("comment-replying-name");
    var cancel = byId("cancel-comment-reply-link");
    var notice = byId("comment-notice");
    var problem = byId("comment-problem");
    var summaryList = byId("comment-error-list");
    var live = byId("comment-live");
    var button = byId("comment-submit");
    if (!textarea || !parentInput) return;

    // Where the form lives when it is not answering a comment.
    var home = document.createElement("div");
    home.hidden = true;
    respond.parentNode.insertBefore(home, respond);

    var opener = null; // the Reply link that moved the form, focused again on cancel
    var sending = false;

    function announce(text) {
      if (!live) return;
      live.textContent = "";
      // A short pause so the same message twice is still read out.
      window.setTimeout(function () { live.textContent = text; }, 100);
    }

    function showNotice(text) {
      if (notice) notice.textContent = text;
    }

    function showProblem(text) {
      if (problem) problem.textContent = text;
    }

    // 1. "Save my name…": fill empty fields from the cookies the server set.
    var remembered = false;
    REMEMBERED.forEach(function (pair) {
      var value = readCookie(pair[1]);
      if (!value) return;
      remembered = true;
      var field = byId(pair[0]);
      if (field && !field.value) field.value = value;
    });
    var consent = byId("wp-comment-cookies-consent");
    if (remembered && consent) consent.checked = true;

    // 3. Reply links move the form under the comment being answered.
    if (cancel && cancel.tagName === "A") {
      var cancelButton = document.createElement("button");
      cancelButton.type = "button";
      cancelButton.className = cancel.className;
      cancelButton.id = cancel.id;
      cancelButton.textContent = cancel.textContent;
      cancel.parentNode.replaceChild(cancelButton, cancel);
      cancel = cancelButton;
    }

    function replyTo(li, id, name, link) {
      var article = childOf(li, "ARTICLE");
      if (!article) return false;
      li.insertBefore(respond, article.nextSibling);
      parentInput.value = id;
      if (replyingName) replyingName.textContent = name;
      if (replying) replying.hidden = false;
      opener = link || null;
      return true;
    }

    function endReply() {
      if (home.parentNode && home.nextSibling !== respond) {
        home.parentNode.insertBefore(respond, home.nextSibling);
      }
      parentInput.value = "0";
      if (replying) replying.hidden = true;
      if (replyingName) replyingName.textContent = "";
    }

    section.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest(".comment-reply[data-reply-to]") : null;
      if (!link || event.defaultPrevented || event.button !== 0 ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      var id = link.getAttribute("data-reply-to");
      var li = byId("comment-" + id);
      if (!li) return;
      var name = link.getAttribute("data-reply-name") || "";
      if (!replyTo(li, id, name, link)) return;
      event.preventDefault();
      textarea.focus();
      announce("Replying to " + name + ". The comment form is now below their comment.");
    });

    if (cancel) {
      cancel.addEventListener("click", function (event) {
        event.preventDefault();
        endReply();
        var back = opener && document.documentElement.contains(opener) ? opener : textarea;
        opener = null;
        back.focus();
        announce("Reply cancelled. The comment form is back below the comments.");
      });
    }

    // Opened with ?replytocom=12 (the links' no-script address): put the form
    // under that comment as a click would have done.
    if (parentInput.value && parentInput.value !== "0") {
      var target = byId("comment-" + parentInput.value);
      var targetArticle = target && childOf(target, "ARTICLE");
      if (targetArticle &&
          replyTo(target, parentInput.value, replyingName ? replyingName.textContent : "",
            targetArticle.querySelector(".comment-reply")) &&
          window.location.hash === "#respond") {
        respond.scrollIntoView();
      }
    }

    // Links in the error summary focus their field, not just scroll to it.
    if (summaryList) {
      summaryList.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[href^=\"#\"]") : null;
        var field = link && byId(link.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        field.focus();
      });
    }

    // 4. Posting without leaving the page. Errors use the same markup as the
    // server's: <p class="field-error" id="email-error"> above the field.
    function clearErrors() {
      COMMENT_FIELDS.forEach(function (name) {
        var field = byId(name);
        var message = byId(name + "-error");
        if (message && message.parentNode) message.parentNode.removeChild(message);
        if (field) {
          field.removeAttribute("aria-invalid");
          describedBy(field, name + "-error", false);
        }
      });
      if (summaryList) summaryList.textContent = "";
      showProblem("");
    }

    function showErrors(errors) {
      var first = null;
      var others = [];
      COMMENT_FIELDS.forEach(function (name) {
        var text = errors[name];
        var field = byId(name);
        if (typeof text !== "string" || !text || !field) return;
        var id = name + "-error";
        var message = byId(id);
        if (!message) {
          message = document.createElement("p");
          message.className = "field-error";
          message.id = id;
          field.parentNode.insertBefore(message, field);
        }
        message.textContent = text;
        field.setAttribute("aria-invalid", "true");
        describedBy(field, id, true);
        if (summaryList) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = "#" + name;
          link.textContent = text;
          item.appendChild(link);
          summaryList.appendChild(item);
        }
        if (!first) first = field;
      });
      Object.keys(errors).forEach(function (name) {
        if (COMMENT_FIELDS.indexOf(name) < 0 && typeof errors[name] === "string") others.push(errors[name]);
      });
      if (others.length) {
        showProblem(others.join(" "));
      } else if (!first) {
        showProblem(MSG_FAILED);
      }
      if (first) first.focus();
    }

    function publish(data, parentId) {
      var parentLi = parentId && parentId !== "0" ? byId("comment-" + parentId) : null;
      var list;
      if (parentLi) {
        list = childOf(parentLi, "OL", "children");
        if (!list) {
          list = document.createElement("ol");
          list.className = "children";
          parentLi.appendChild(list);
        }
      } else {
        list = section.querySelector(".comment-list");
        if (!list) {
          list = document.createElement("ol");
          list.className = "comment-list";
          var title = byId("comments-title");
          section.insertBefore(list, title && title.parentNode === section ? title.nextSibling : section.firstChild);
        }
      }
      endReply();
      opener = null;
      textarea.value = "";
      // Server-rendered and escaped, like the rest of the page.
      list.insertAdjacentHTML("beforeend", data.html);
      var count = byId("comments-count");
      if (count && typeof data.count_label === "string") count.textContent = data.count_label;

      var added = (data.comment_id && byId("comment-" + data.comment_id)) || list.lastElementChild;
      if (added) {
        relativeTimes(added);
        added.classList.add("comment--new");
        window.setTimeout(function () { added.classList.remove("comment--new"); }, 4000);
        var article = childOf(added, "ARTICLE") || added;
        article.setAttribute("tabindex", "-1");
        try {
          article.focus({ preventScroll: true });
        } catch (e) {
          article.focus();
        }
        article.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
      }
      announce(MSG_PUBLISHED);
    }

    function answer(status, data, parentId) {
      if (status === 201) {
        if (typeof data.html === "string" && data.html) {
          publish(data, parentId);
        } else {
          endReply();
          textarea.value = "";
          showNotice(MSG_PUBLISHED);
        }
      } else if (status === 202) {
        textarea.value = "";
        showNotice(typeof data.message === "string" && data.message ? data.message : MSG_PENDING);
      } else if (status === 422 && data.errors && typeof data.errors === "object") {
        showErrors(data.errors);
      } else {
        showProblem(typeof data.message === "string" && data.message ? data.message : MSG_FAILED);
      }
    }

    function busy(on) {
      if (on) {
        form.setAttribute("aria-busy", "true");
        // aria-disabled rather than disabled: a disabled button loses focus.
        if (button) button.setAttribute("aria-disabled", "true");
      } else {
        form.removeAttribute("aria-busy");
        if (button) button.removeAttribute("aria-disabled");
      }
    }

    function send() {
      var parentId = parentInput.value || "0";
      var body = new window.URLSearchParams(new window.FormData(form));
      sending = true;
      busy(true);
      clearErrors();
      showNotice("");
      window.fetch(form.action, {
        method: "POST",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"
        },
        body: body.toString(),
        credentials: "same-origin"
      }).then(function (response) {
        // A server that answered with a page rather than JSON: show that page.
        if (response.redirected) {
          window.location.assign(response.url);
          return null;
        }
        return response.json().catch(function () { return {}; }).then(function (data) {
          answer(response.status, data && typeof data === "object" ? data : {}, parentId);
        });
      }, function () {
        showProblem(MSG_NETWORK); // everything typed stays in the form
      }).catch(function () {
        showProblem(MSG_FAILED);
      }).then(function () {
        sending = false;
        busy(false);
      });
    }

    form.addEventListener("submit", function (event) {
      // 2. How long the reader took, checked by the server's spam rules.
      if (elapsed) elapsed.value = String(elapsedMs());
      if (!window.fetch || !window.FormData || !window.URLSearchParams || !window.Promise) return;
      event.preventDefault();
      if (!sending) send();
    });
  }

  // ---- Live: breaking news, new stories, live coverage (docs/live.md) ------
  // Events may be replayed after a reconnect: every handler is idempotent.

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function el(tag, className, text, attrs, ns) {
    var node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    return node;
  }

  function httpUrl(value) {
    try {
      var u = new URL(String(value), location.href);
      return /^https?:$/.test(u.protocol) ? u : null;
    } catch (e) {
      return null;
    }
  }

  var liveRegion = null;
  var liveTimer = 0;

  function announce(text) {
    liveRegion.textContent = "";
    clearTimeout(liveTimer);
    liveTimer = setTimeout(function () { liveRegion.textContent = text; }, 100);
  }

  // The banner as masthead.mustache renders it (none on the story's own page).
  function onBreaking(d) {
    var masthead = document.querySelector(".masthead");
    var u = httpUrl(d.url);
    if (!masthead || !u) return;
    var shown = masthead.querySelector(".breaking[data-breaking-url]");
    var same = shown && (httpUrl(shown.getAttribute("data-breaking-url")) || {}).href === u.href;
    var own = u.origin + u.pathname === location.origin + location.pathname;
    if (!d.active || own) {
      if (shown && (same || d.active)) shown.remove();
      return;
    }
    if (same || typeof d.headline !== "string") return;
    var svg = "http://www.w3.org/2000/svg";
    var banner = el("section", "breaking", "", { "aria-label": "Breaking news", "data-breaking-url": u.pathname });
    var inner = banner.appendChild(el("div", "wrap breaking__inner"));
    inner.appendChild(el("p", "breaking__text")).append(el("strong", "breaking__label", "Breaking News"), " ",
      el("a", "breaking__link", d.headline, { href: u.href }));
    inner.appendChild(el("button", "breaking__dismiss", "", { type: "button", "aria-label": "Dismiss breaking news", hidden: "" }))
      .appendChild(el("svg", "", "", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true", focusable: "false" }, svg))
      .appendChild(el("path", "", "", { d: "M3 3l10 10M13 3L3 13", stroke: "currentColor", "stroke-width": 2,
        "stroke-linecap": "round", fill: "none" }, svg));
    if (!wireBanner(banner)) return; // dismissed earlier in this session
    if (shown) shown.replaceWith(banner);
    else masthead.appendChild(banner);
    announce("Breaking news: " + d.headline);
  }

  // Front page: fetch it again and swap in the lead story and the Latest list.
  var frontBusy = false;
  var frontQueued = null;

  function onPublished(d) {
    if (!document.body.classList.contains("page-front") || !window.fetch) return;
    if (frontBusy) {
      frontQueued = d;
      return;
    }
    frontBusy = true;
    fetch(location.pathname, { cache: "no-cache", headers: { Accept: "text/html" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      ["lead", "latest"].forEach(function (name) {
        var sel = "[data-live-region=\"" + name + "\"]";
        var old = document.querySelector(sel);
        var next = fresh.querySelector(sel);
        // Not under the reader's focus: that block waits for the next story.
        if (!old || !next || old.contains(document.activeElement)) return;
        old.replaceWith(next = document.importNode(next, true));
        relativeTimes(next);
      });
      if (typeof d.headline === "string") announce("New story: " + d.headline);
    }).catch(function () { /* keep the page as it is */ }).then(function () {
      var next = frontQueued;
      frontBusy = false;
      frontQueued = null;
      if (next) onPublished(next);
    });
  }

  // Live coverage on its article's page (#live, newest entry first). While the
  // reader is further down the list, new entries wait behind a button.
  function initCoverage() {
    var live = document.getElementById("live");
    var entries = live && live.querySelector(".live__entries");
    var article = document.querySelector("article[data-article-id]");
    if (!entries || !article) return function () {};
    var id = live.getAttribute("data-live-article");
    var box = live.querySelector(".live__key");
    var keyList = live.querySelector(".live__key-list");
    var held = [];
    var more = el("button", "live__more", "", { type: "button" });
    var bar = el("div", "live__more-bar", "", { hidden: "" });
    bar.appendChild(more);
    entries.before(bar);

    function away() { return entries.getBoundingClientRect().top < 0; }

    function count(n) { return n === 1 ? "1 new update" : n + " new updates"; }

    function refresh() {
      more.textContent = count(held.length);
      bar.hidden = !held.length;
      if (!keyList) return;
      keyList.textContent = "";
      each(entries.children, function (li) {
        var t = li.querySelector("time");
        if (li.getAttribute("data-key") !== "1") return;
        keyList.appendChild(el("li")).append(el("a", "", li.getAttribute("data-title"), { href: "#" + li.id }), " ",
          t ? el("time", "", t.textContent, { datetime: t.getAttribute("datetime") }) : "");
      });
      box.hidden = !keyList.firstChild;
    }

    function flush(byHand) {
      var empty = live.querySelector(".live__empty");
      if (empty) empty.remove();
      held.forEach(function (li) {
        entries.prepend(li);
        li.classList.add("live-entry--new");
        setTimeout(function () { li.classList.remove("live-entry--new"); }, 4000);
      });
      var newest = held.pop();
      held = [];
      refresh();
      if (byHand && newest) {
        newest.setAttribute("tabindex", "-1");
        newest.focus({ preventScroll: true });
        entries.scrollIntoView({ block: "start", behavior: reducedMotion() ? "auto" : "smooth" });
      }
    }

    more.addEventListener("click", function () { flush(true); });
    // Back at the top of the list: show what was held.
    addEventListener("scroll", function () {
      if (held.length && !away()) flush(false);
    }, { passive: true });

    return function (d) {
      if (String(d.article_id) !== id || article.getAttribute("data-article-id") !== id) return;
      if (d.action === "status") {
        var ended = d.status === "ended";
        each(document.querySelectorAll(".live-label"), function (label) {
          label.textContent = ended ? "Ended" : "Live";
          label.classList.toggle("live-label--live", !ended);
          label.classList.toggle("live-label--ended", ended);
        });
        live.classList.toggle("live--ended", ended);
        return;
      }
      var anchor = "update-" + d.entry_id;
      var shown = document.getElementById(anchor);
      var at = -1;
      if (shown && shown.parentNode !== entries) shown = null;
      held.forEach(function (li, i) { if (li.id === anchor) at = i; });
      if (d.action === "delete") {
        if (shown) shown.remove();
        if (at >= 0) held.splice(at, 1);
      } else if (typeof d.html === "string") {
        var tpl = document.createElement("template");
        tpl.innerHTML = d.html; // rendered by the server, trusted like the article body
        var node = tpl.content.firstElementChild;
        if (!node || node.id !== anchor) return;
        if (shown) {
          shown.replaceWith(node);
        } else if (at >= 0) {
          held[at] = node;
        } else if (d.action === "add") {
          held.push(node);
          announce(held.length > 1 ? count(held.length) : "New update");
          if (!away()) flush(false);
        }
      }
      refresh();
    };
  }

  // One EventSource per page, opened once the page has loaded. The browser
  // reconnects by itself (sending Last-Event-ID) unless the stream is CLOSED
  // after an HTTP error: then this retries, slower each time.
  function initLive() {
    var hook = document.getElementById("live-events");
    if (!hook || !window.EventSource) return;
    var last = hook.getAttribute("data-since") || "";
    var handlers = { breaking: onBreaking, published: onPublished, update: initCoverage() };
    var source = null;
    var timer = 0;
    var backoff = 0;
    // Before the chat's mount point, which stays the page's last element.
    liveRegion = document.body.insertBefore(
      el("div", "visually-hidden", "", { "aria-live": "polite", "aria-atomic": "true" }),
      document.getElementById("chat-root"));

    function receive(event) {
      var data = null;
      last = event.lastEventId || last;
      try { data = JSON.parse(event.data); } catch (e) { /* ignored */ }
      if (data && typeof data === "object") handlers[event.type](data);
    }

    function close() {
      clearTimeout(timer);
      if (source) source.close();
      source = null;
    }

    function open() {
      if (source) return;
      var es = source = new EventSource((hook.getAttribute("data-url") || "/live") + (/^\d+$/.test(last) ? "?since=" + last : ""));
      Object.keys(handlers).forEach(function (name) { es.addEventListener(name, receive); });
      es.onopen = function () { backoff = 0; };
      es.onerror = function () {
        if (es !== source || es.readyState !== EventSource.CLOSED) return;
        close();
        backoff = Math.min(60000, backoff * 2 || 5000);
        timer = setTimeout(open, backoff);
      };
    }

    addEventListener("pagehide", close);
    addEventListener("pageshow", function (event) { if (event.persisted) open(); });
    open();
  }

  function init() {
    initBreaking();
    revealCurrentSection();
    initComments();
    initRelativeTimes();
    // Never in the way of the page's own loading.
    if (document.readyState === "complete") {
      window.setTimeout(initLive, 0);
    } else {
      window.addEventListener("load", function () { window.setTimeout(initLive, 0); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
