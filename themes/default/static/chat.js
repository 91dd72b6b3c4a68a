/* Gazette live chat: the reader's widget. Plain JS, no dependencies, CSP-friendly (no inline
   styles or handlers). Everything from the server is shown as text (links built as elements),
   never as HTML.
   Wire protocol: docs/chat-protocol.md. Embedding on other sites: docs/chat-widget.md. */
(function () {
  "use strict";

  if (!window.WebSocket || !window.URL || window.__gazetteChat) return;
  window.__gazetteChat = true;

  // The chat lives where this script comes from (so it works embedded elsewhere too).
  var me = document.currentScript;
  var SRC = new URL(me && me.src ? me.src : "/static/chat.js", location.href).href;
  var PREFIX = "gazette-chat:" + new URL(SRC).origin + ":";
  var MAX = 4000;
  var WARN = 3500; // show the counter from here on
  var KEEP = 200; // messages kept in storage
  var DELAYS = [1, 2, 4, 8, 16, 30]; // reconnect backoff, seconds
  var LANG = document.documentElement.getAttribute("lang") || undefined;
  var SVG = "http://www.w3.org/2000/svg";
  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var ICON_MORE = "M5 12h.01M12 12h.01M19 12h.01";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var OFFLINE = "Offline \u2014 messages will be sent when you're back";

  // ---- Storage
  // localStorage when allowed (keys "gazette-chat:<site origin>:<name>"), else this page only.
  var store = (function () {
    try {
      var s = window.localStorage;
      s.getItem(PREFIX + "token");
      return s;
    } catch (e) {
      var m = {};
      return {
        getItem: function (k) { return k in m ? m[k] : null; },
        setItem: function (k, v) { m[k] = String(v); },
        removeItem: function (k) { delete m[k]; }
      };
    }
  })();

  function load(name, fallback) {
    try {
      var v = JSON.parse(store.getItem(PREFIX + name));
      return v == null ? fallback : v;
    } catch (e) {
      return fallback;
    }
  }

  function save(name, value) {
    try { store.setItem(PREFIX + name, JSON.stringify(value)); } catch (e) { /* full: keep going */ }
  }

  function list(v, ok) {
    return Array.isArray(v) ? v.filter(function (x) { return x && typeof x.text === "string" && ok(x); }) : [];
  }

  // S: what this browser knows of the conversation.
  var S;

  function readState() {
    S = {
      token: String(load("token", "")),
      messages: list(load("messages"), function (m) { return m.id > 0; }),
      last: +load("last", 0) || 0,
      outbox: list(load("outbox"), function (o) { return typeof o.client_id === "string"; }),
      read: +load("read", 0) || 0, // the reader has seen up to here
      agentRead: +load("agent-read", 0) || 0, // the newsroom has seen up to here
      greeting: String(load("greeting", "")),
      agent: str(load("agent")), // who in the newsroom has it
      identified: !!load("identified", false), // the pre-chat form is answered
      identify: load("identify", null)
    };
  }

  function saveMessages() {
    if (S.messages.length > KEEP) S.messages = S.messages.slice(-KEEP);
    save("messages", S.messages);
    save("last", S.last);
  }

  // Keeps S.messages sorted by id, one per id. True when the id is new.
  function addMessage(m) {
    var i = S.messages.length;
    while (i > 0 && S.messages[i - 1].id > m.id) i--;
    if (i > 0 && S.messages[i - 1].id === m.id) {
      S.messages[i - 1] = m;
      return false;
    }
    S.messages.splice(i, 0, m);
    return true;
  }

  function inOutbox(clientId) {
    for (var i = 0; i < S.outbox.length; i++) if (S.outbox[i].client_id === clientId) return i;
    return -1;
  }

  function newId() {
    var c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    // Only needs to be unique within the conversation.
    return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }

  // ---- Small helpers
  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  // Appends the children to p; returns p.
  function add(p) {
    for (var i = 1; i < arguments.length; i++) p.appendChild(arguments[i]);
    return p;
  }

  function icon(d, kind) {
    var svg = document.createElementNS(SVG, "svg");
    var path = document.createElementNS(SVG, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "gz-chat__icon" + (kind ? " gz-chat__icon--" + kind : ""));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    path.setAttribute("d", d);
    return add(svg, path);
  }

  // Changes text only when it differs: the live log does not announce it again.
  function set(e, text) {
    if (e.textContent !== text) e.textContent = text;
  }

  function str(v) { return typeof v === "string" ? v : ""; }
  function chars(t) { return Array.from ? Array.from(t).length : t.length; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()); }

  // A link to an http(s) address, else null. Other sites open in a new tab.
  function link(s, text, base) {
    try {
      var u = new URL(s, base), a = el("a", "", text, { rel: "noopener noreferrer ugc" });
    } catch (e) {
      return null;
    }
    if (!/^https?:$/.test(u.protocol)) return null;
    if (u.origin !== location.origin) a.target = "_blank";
    a.href = u.href;
    return a;
  }

  // http(s) addresses become links; a line "Headline — address" (the bot's answers) links the headline.
  function fill(p, text) {
    if (p.raw === text) return;
    p.raw = text;
    p.textContent = "";
    text.split("\n").forEach(function (line, n) {
      if (n) p.appendChild(document.createTextNode("\n"));
      var m = /^(\u2022 )?(.+) \u2014 (https?:\/\/\S+)$/.exec(line), a = m && link(m[3], m[2]);
      if (a) return add(p, document.createTextNode(m[1] || ""), a);
      line.split(/\b(https?:\/\/[^\s<>"]*[^\s<>".,;:!?')\]}])/i).forEach(function (t, i) {
        p.appendChild(i % 2 && link(t, t) || document.createTextNode(t));
      });
    });
  }

  function dateOf(iso) {
    var d = iso ? new Date(iso) : null;
    return d && !isNaN(d.getTime()) ? d : null;
  }

  function longDate(d) {
    try {
      return d.toLocaleString(LANG, { dateStyle: "full", timeStyle: "short" });
    } catch (e) {
      return d.toString();
    }
  }

  // ---- The widget
  var root, bubble, badge, badgeNum, panel, sub, menuBtn, menu, statusLine, log, typingLine,
    input, counter, problem, composer, pre, nameIn, emailIn, consentIn, preProblem, LABEL, TITLE;
  var nodes = {}; // key ("g", "m<id>", "c<client_id>", "s<n>") -> element
  var sys = [], sysN = 0; // this page's system lines ({key, text, after: S.last})
  var isOpen = false, logShown = false;

  function attr(name) { return root.getAttribute("data-chat-" + name) || ""; }

  // Black or white text on the accent: the higher WCAG contrast.
  function accent(c) {
    var l = 0, st = root.style;
    [0.2126, 0.7152, 0.0722].forEach(function (w, k) {
      var x = parseInt(c.substr(2 * k + 1, 2), 16) / 255;
      l += w * (x > 0.04045 ? Math.pow((x + 0.055) / 1.055, 2.4) : x / 12.92);
    });
    st.setProperty("--gz-chat-accent", c);
    st.setProperty("--gz-chat-on-accent", l > 0.1791 ? "#000" : "#fff");
  }

  function asking() { return !!pre && !S.identified; }

  function build() {
    LABEL = attr("label") || "Chat with us";
    TITLE = attr("title") || "Newsroom";
    root.classList.add("gz-chat");
    if (/^#[0-9a-fA-F]{6}$/.test(attr("colour"))) accent(attr("colour"));
    if (attr("position") === "left") root.classList.add("gz-chat--left");

    badgeNum = el("span");
    badge = add(el("span", "gz-chat__badge"), el("span", "gz-chat__sr", ": "), badgeNum, el("span", "gz-chat__sr", " unread"));
    badge.hidden = true;
    bubble = add(el("button", "gz-chat__bubble", "", { type: "button", "aria-expanded": "false", "aria-controls": "gz-chat-panel" }),
      icon(ICON_CHAT), el("span", "gz-chat__label", LABEL), badge);

    panel = el("div", "gz-chat__panel", "", { id: "gz-chat-panel", role: "dialog", "aria-label": LABEL });
    panel.hidden = true;

    sub = el("p", "gz-chat__sub");
    menuBtn = add(el("button", "gz-chat__tool", "", {
      type: "button", "aria-label": "Chat options", "aria-haspopup": "menu",
      "aria-expanded": "false", "aria-controls": "gz-chat-menu"
    }), icon(ICON_MORE, "dots"));
    menu = el("ul", "gz-chat__menu", "", { id: "gz-chat-menu", role: "menu", "aria-label": "Chat options" });
    menu.hidden = true;
    [["Download transcript", transcript], ["End chat", endChat]].forEach(function (item) {
      var b = el("button", "gz-chat__item", item[0], { type: "button", role: "menuitem", tabindex: "-1" });
      b.addEventListener("click", item[1]);
      add(menu, add(el("li", "", "", { role: "none" }), b));
    });
    var closeBtn = add(el("button", "gz-chat__tool", "", { type: "button", "aria-label": "Close chat" }), icon(ICON_CLOSE));
    var head = add(el("div", "gz-chat__head"),
      add(el("div", "gz-chat__titles"), el("p", "gz-chat__title", TITLE), sub), menuBtn, closeBtn, menu);

    statusLine = el("p", "gz-chat__status", "", { role: "status" });
    log = el("div", "gz-chat__log", "", { role: "log", "aria-live": "polite", "aria-label": "Messages", tabindex: "0" });
    typingLine = el("p", "gz-chat__typing");
    typingLine.hidden = true;

    input = el("textarea", "gz-chat__input", "", {
      id: "gz-chat-input", rows: "1", maxlength: String(MAX), placeholder: "Write a message\u2026",
      "aria-label": "Write a message", "aria-describedby": "gz-chat-count gz-chat-problem"
    });
    counter = el("p", "gz-chat__count", "", { id: "gz-chat-count" });
    problem = el("p", "gz-chat__problem", "", { id: "gz-chat-problem", role: "alert" });
    composer = add(el("form", "gz-chat__form", "", { novalidate: "" }),
      input, el("button", "gz-chat__send", "Send", { type: "submit" }), counter, problem);

    add(panel, head, statusLine, log, typingLine, composer);
    if (attr("prechat") === "1") buildPrechat();
    add(root, bubble, panel);

    bubble.addEventListener("click", function () { if (isOpen) close(true); else open(true); });
    closeBtn.addEventListener("click", function () { close(true); });
    menuBtn.addEventListener("click", function () { if (menu.hidden) openMenu(); else closeMenu(false); });
    menuBtn.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        openMenu(e.key === "ArrowUp");
      }
    });
    menu.addEventListener("keydown", menuKeys);
    panel.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      e.preventDefault();
      if (!menu.hidden) closeMenu(true);
      else close(true);
    });
    document.addEventListener("click", function (e) {
      if (!menu.hidden && !menu.contains(e.target) && !menuBtn.contains(e.target)) closeMenu(false);
    });
    composer.addEventListener("submit", function (e) {
      e.preventDefault();
      submit();
    });
    if (pre) {
      pre.addEventListener("submit", function (e) {
        e.preventDefault();
        identify();
      });
    }
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submit();
      }
    });
    input.addEventListener("input", function () {
      updateCount();
      var now = Date.now();
      if (input.value.trim() && now - lastTyping >= 3000 && sendFrame({ type: "typing" })) lastTyping = now;
    });
  }

  // The pre-chat form: a name, an email (optional), consent.
  function buildPrechat() {
    function field(id, label, type, max) {
      var f = el("input", "gz-chat__field", "", {
        id: "gz-chat-" + id, type: type, maxlength: max, autocomplete: id, "aria-describedby": "gz-chat-prechat-problem"
      });
      add(pre, el("label", "gz-chat__lbl", label, { "for": f.id }), f);
      return f;
    }
    pre = el("form", "gz-chat__prechat", "", { novalidate: "" });
    nameIn = field("name", "Name", "text", "100");
    nameIn.required = true;
    emailIn = field("email", "Email (optional)", "email", "254");
    consentIn = el("input", "gz-chat__check", "", { id: "gz-chat-consent", type: "checkbox" });
    var agree = add(el("label", "gz-chat__agree"), consentIn,
      document.createTextNode("I agree that the newsroom keeps this conversation and my details to answer me. "));
    var a = attr("privacy") && link(attr("privacy"), "Privacy notice", SRC);
    if (a) agree.appendChild(a).target = "_blank";
    preProblem = el("p", "gz-chat__problem", "", { id: "gz-chat-prechat-problem", role: "alert" });
    add(pre, agree, preProblem, el("button", "gz-chat__send", "Start chat", { type: "submit" }));
    panel.insertBefore(pre, composer);
  }

  // ---- Menu (a menu button: arrows, Home/End, Escape, Tab)
  function menuItems() { return Array.prototype.slice.call(menu.querySelectorAll("[role=menuitem]")); }

  function openMenu(last) {
    var items = menuItems();
    menu.hidden = false;
    menuBtn.setAttribute("aria-expanded", "true");
    items[last ? items.length - 1 : 0].focus();
  }

  function closeMenu(focusButton) {
    if (menu.hidden) return;
    menu.hidden = true;
    menuBtn.setAttribute("aria-expanded", "false");
    if (focusButton) menuBtn.focus();
  }

  function menuKeys(e) {
    var items = menuItems();
    var i = items.indexOf(document.activeElement);
    var to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
    if (e.key === "Tab") closeMenu(false);
    if (to === undefined) return;
    e.preventDefault();
    items[(to + items.length) % items.length].focus();
  }

  // ---- Open, close
  function open(focus) {
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    root.classList.add("gz-chat--open");
    bubble.setAttribute("aria-expanded", "true");
    save("open", true);
    wanted = true;
    halted = false;
    connect();
    render();
    log.scrollTop = log.scrollHeight;
    if (focus) (asking() ? nameIn : input).focus();
    markRead();
  }

  function close(focusBubble) {
    if (!isOpen) return;
    closeMenu(false);
    isOpen = false;
    panel.hidden = true;
    root.classList.remove("gz-chat--open");
    bubble.setAttribute("aria-expanded", "false");
    save("open", false);
    if (focusBubble) bubble.focus();
    render();
  }

  // ---- Rendering
  function entries() {
    var out = [];
    // This page's hello, else the page's own copy, else the last hello this browser saw (embeds).
    var greeting = helloGreeting || attr("greeting") || S.greeting;
    if (greeting) out.push({ key: "g", m: { from: "agent", name: TITLE, text: greeting } });
    var i = 0;
    S.messages.forEach(function (m) {
      while (i < sys.length && sys[i].after < m.id) out.push(sys[i++]);
      out.push({ key: "m" + m.id, m: m });
    });
    out.push.apply(out, sys.slice(i));
    S.outbox.forEach(function (o) {
      out.push({ key: "c" + o.client_id, m: { from: "visitor", text: o.text, at: o.at }, pending: true });
    });
    return out;
  }

  function unread() {
    return S.messages.filter(function (m) { return m.from !== "visitor" && m.id > S.read; }).length;
  }

  function messageNode() {
    var n = el("div", "gz-chat__msg");
    n.who = el("span", "gz-chat__name");
    n.time = el("time", "gz-chat__time");
    n.text = el("p", "gz-chat__text");
    n.tick = el("span", "gz-chat__tick", "", { "aria-hidden": "true" });
    n.word = el("span");
    n.state = add(el("p", "gz-chat__state"), n.tick, n.word);
    return add(n, add(el("p", "gz-chat__meta"), n.who, n.time), n.text, n.state);
  }

  function paint(n, entry) {
    var m = entry.m;
    var mine = m.from === "visitor";
    var from = mine || m.from === "agent" ? m.from : "bot";
    var d = dateOf(m.at);
    var state = !mine ? "" : entry.pending ? (ws && navigator.onLine !== false ? "sending" : "waiting")
      : S.agentRead >= m.id ? "read" : "sent";
    var cls = "gz-chat__msg gz-chat__msg--" + from + (entry.key === "g" ? " gz-chat__msg--greeting" : "");
    if (n.className !== cls) n.className = cls;
    if (state) n.setAttribute("data-state", state);
    else n.removeAttribute("data-state");
    n.who.className = mine ? "gz-chat__name gz-chat__sr" : "gz-chat__name";
    set(n.who, mine ? "You" : m.name || TITLE);
    n.time.hidden = !d;
    if (d) {
      set(n.time, hhmm(d));
      n.time.setAttribute("datetime", d.toISOString());
      n.time.setAttribute("title", longDate(d));
    }
    fill(n.text, m.text);
    n.state.hidden = !state;
    set(n.tick, { sent: "\u2713", read: "\u2713\u2713" }[state] || "");
    set(n.word, { sending: "Sending\u2026", waiting: "Not sent yet \u2014 will retry", sent: "Sent", read: "Read" }[state] || "");
  }

  function render() {
    var count = unread();
    badge.hidden = isOpen || !count;
    set(badgeNum, count > 9 ? "9+" : String(count));
    var on = agentsOnline ? "We're online" : "We'll reply here as soon as we can";
    set(sub, S.agent ? S.agent + " \u00b7 " + on : on);
    if (pre) {
      pre.hidden = !asking();
      composer.hidden = asking();
    }
    if (!isOpen && !logShown) return; // the list is built when first shown
    logShown = true;
    var stick = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    var keep = {};
    var prev = null;
    entries().forEach(function (entry) {
      var n = nodes[entry.key] || (nodes[entry.key] = entry.m ? messageNode() : el("p", "gz-chat__system", entry.text));
      keep[entry.key] = true;
      if (entry.m) paint(n, entry);
      var want = prev ? prev.nextSibling : log.firstChild;
      if (n !== want) log.insertBefore(n, want);
      prev = n;
    });
    for (var k in nodes) {
      if (!keep[k]) {
        if (nodes[k].parentNode) nodes[k].parentNode.removeChild(nodes[k]);
        delete nodes[k];
      }
    }
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function status() {
    var t = wanted && !ready && !halted ? (navigator.onLine === false ? OFFLINE : "Connecting\u2026") : "";
    set(statusLine, t);
    statusLine.hidden = !t;
  }

  function showProblem(text) { set(problem, text); }

  // A line from the widget, on this page only.
  function system(text) {
    sys.push({ key: "s" + sysN++, text: text, after: S.last });
    render();
  }

  function updateCount() {
    var left = MAX - chars(input.value);
    set(counter, left <= MAX - WARN ? left.toLocaleString(LANG) + (left === 1 ? " character left" : " characters left") : "");
  }

  var typingTimer = 0;

  function hideTyping() {
    clearTimeout(typingTimer);
    typingLine.hidden = true;
  }

  // ---- Connection
  var ws = null, ready = false, wanted = false, halted = false, agentsOnline = false, helloGreeting = "";
  var attempt = 0, timer = 0, retryTimer = 0, lastTyping = 0, readDue = false;
  var sentNow = {}; // client_ids sent on this connection
  var identifying = false; // the pre-chat form is sent, not answered

  function wsUrl() {
    var u = new URL(attr("ws") || "/chat/ws", SRC);
    if (u.protocol === "https:") u.protocol = "wss:";
    else if (u.protocol === "http:") u.protocol = "ws:";
    var q = [];
    if (S.token) q.push("conversation=" + encodeURIComponent(S.token));
    if (S.token && S.last) q.push("after=" + S.last);
    q.push("page=" + encodeURIComponent(location.href));
    q.push("referrer=" + encodeURIComponent(document.referrer));
    u.search = "?" + q.join("&");
    return u.href;
  }

  function connect() {
    clearTimeout(timer);
    timer = 0;
    if (ws || !wanted || halted) return;
    if (navigator.onLine === false) return status();
    var sock;
    try {
      sock = new WebSocket(wsUrl());
    } catch (e) {
      return retry();
    }
    ws = sock;
    sock.onmessage = function (e) {
      if (ws === sock && typeof e.data === "string") onFrame(e.data);
    };
    sock.onclose = function () {
      if (ws !== sock) return;
      ws = null;
      ready = false;
      status();
      render();
      retry();
    };
    status();
    render();
  }

  function retry() {
    if (timer || !wanted || halted || navigator.onLine === false) return;
    timer = setTimeout(connect, DELAYS[Math.min(attempt++, DELAYS.length - 1)] * 1000);
  }

  function disconnect() {
    clearTimeout(timer);
    timer = 0;
    var sock = ws;
    ws = null;
    ready = false;
    if (!sock) return;
    sock.onmessage = sock.onclose = null;
    // Closing a socket that is still connecting logs an error: close it once it is open.
    if (sock.readyState === 0) sock.onopen = function () { sock.close(); };
    else sock.close();
  }

  function sendFrame(frame) {
    if (!ready || !ws || ws.readyState !== 1) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  function sendOutbox() {
    S.outbox.forEach(function (o) {
      if (!sentNow[o.client_id] && sendFrame({ type: "message", client_id: o.client_id, text: o.text })) {
        sentNow[o.client_id] = true;
      }
    });
  }

  // The pre-chat form goes first.
  function flush() {
    if (S.identify && !identifying && sendFrame(S.identify)) identifying = true;
    sendOutbox();
  }

  // rate_limited, unavailable: the message stays in the outbox and goes again in 10 s.
  function retryLater() {
    if (!retryTimer) retryTimer = setTimeout(function () { retryTimer = 0; flush(); }, 10000);
  }

  // Tells the newsroom the reader has seen the latest messages (panel open, page visible).
  function markRead() {
    if (!isOpen || document.visibilityState === "hidden" || !unread()) return;
    S.read = S.last;
    save("read", S.read);
    readDue = true;
    flushRead();
    render();
  }

  function flushRead() {
    if (readDue && sendFrame({ type: "read", up_to: S.read })) readDue = false;
  }

  function onFrame(data) {
    var f;
    try { f = JSON.parse(data); } catch (e) { return; }
    if (!f || typeof f !== "object") return;
    var i;
    if (f.type === "hello" && typeof f.conversation === "string" && f.conversation) {
      if (S.token && S.token !== f.conversation) {
        // The server did not know our conversation (a new one started): forget the old messages.
        S.messages = [];
        S.last = S.read = S.agentRead = 0;
        saveMessages();
        save("read", 0);
        save("agent-read", 0);
        // ... who had it, and the pre-chat form's answer.
        save("agent", S.agent = "");
        save("identified", S.identified = false);
        sys = [];
      }
      S.token = f.conversation;
      save("token", S.token);
      if (typeof f.greeting === "string") {
        S.greeting = helloGreeting = f.greeting;
        save("greeting", S.greeting);
      }
      agentsOnline = !!f.agents_online;
      ready = true;
      attempt = 0;
      halted = false;
      sentNow = {};
      identifying = false;
      flush(); // same client_ids: the server keeps each once
      flushRead();
      status();
      render();
    } else if (f.type === "message" && f.id > 0 && typeof f.text === "string") {
      var fresh = addMessage({ id: f.id, from: str(f.from) || "bot", name: str(f.name), text: f.text, at: str(f.at) });
      if (f.id > S.last) S.last = f.id;
      saveMessages();
      render();
      if (f.from !== "visitor") {
        hideTyping();
        if (fresh) markRead();
      }
    } else if (f.type === "ack" && f.id > 0 && (i = inOutbox(f.client_id)) >= 0) {
      var o = S.outbox.splice(i, 1)[0];
      save("outbox", S.outbox);
      // The pending element becomes the stored message: no second copy, nothing announced again.
      var ck = "c" + o.client_id, mk = "m" + f.id;
      if (nodes[ck] && !nodes[mk]) {
        nodes[mk] = nodes[ck];
        delete nodes[ck];
      }
      var known = S.messages.some(function (m) { return m.id === f.id; });
      if (!known) {
        addMessage({ id: f.id, from: "visitor", name: "", text: o.text, at: o.at });
        saveMessages();
      }
      render();
    } else if (f.type === "typing" && f.from === "agent") {
      var name = "";
      S.messages.forEach(function (m) { if (m.from === "agent" && m.name) name = m.name; });
      set(typingLine, (S.agent || name || TITLE) + " is typing\u2026");
      typingLine.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(hideTyping, 5000);
    } else if (f.type === "read" && f.up_to > 0) {
      if (f.by === "agent" && f.up_to > S.agentRead) {
        S.agentRead = f.up_to;
        save("agent-read", S.agentRead);
      } else if (f.by === "visitor" && f.up_to > S.read) {
        S.read = f.up_to; // read in another tab
        save("read", S.read);
      }
      render();
    } else if (f.type === "agent" && str(f.name) && f.name !== S.agent) {
      save("agent", S.agent = f.name);
      system(S.agent + " joined the chat");
    } else if (f.type === "presence") {
      agentsOnline = !!f.agents_online;
      render();
    } else if (f.type === "closed") {
      system("The newsroom closed this chat. Write again to reopen it.");
    } else if (f.type === "identified") {
      var back = pre && pre.contains(document.activeElement);
      save("identified", S.identified = true);
      save("name", str(f.name));
      save("identify", S.identify = null);
      identifying = false;
      render();
      if (back) input.focus();
    } else if (f.type === "error") {
      onError(str(f.code), str(f.message), str(f.client_id));
    }
  }

  function onError(code, message, clientId) {
    var i = clientId ? inOutbox(clientId) : -1;
    var who = !clientId && identifying;
    if (who) identifying = false;
    if (who && (code === "too_long" || code === "bad_request")) {
      save("identify", S.identify = null);
      set(preProblem, message || "Please check your details.");
    } else if (code === "too_long" || code === "bad_request") {
      if (i >= 0) {
        // Not accepted: the text goes back into the box.
        var o = S.outbox.splice(i, 1)[0];
        save("outbox", S.outbox);
        input.value = o.text + (input.value ? "\n" + input.value : "");
        updateCount();
      }
      showProblem(message || "This message could not be sent.");
    } else if (code === "rate_limited" || code === "unavailable") {
      if (i >= 0) delete sentNow[clientId];
      if (i >= 0 || who) retryLater();
    } else if (code === "too_many_conversations") {
      halted = true; // the server closes the socket; try again when the reader does something
      showProblem(message);
    }
    status();
    render();
  }

  // ---- Reader actions
  function submit() {
    var text = input.value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
    if (!text) return;
    if (chars(text) > MAX) return showProblem("Messages can be up to " + MAX.toLocaleString(LANG) + " characters long.");
    showProblem("");
    S.outbox.push({ client_id: newId(), text: text, at: new Date().toISOString() });
    save("outbox", S.outbox);
    input.value = "";
    updateCount();
    wanted = true;
    halted = false;
    if (ready) sendOutbox();
    else connect();
    render();
    log.scrollTop = log.scrollHeight;
  }

  function identify() {
    var name = nameIn.value.trim(), email = emailIn.value.trim();
    var bad = !name ? [nameIn, "Please enter your name."]
      : email && !emailIn.checkValidity() ? [emailIn, "Please enter a valid email address."]
        : email && !consentIn.checked ? [consentIn, "Please tick the box to leave your email."]
          : null;
    [nameIn, emailIn, consentIn].forEach(function (x) { x.setAttribute("aria-invalid", !!bad && bad[0] === x); });
    set(preProblem, bad ? bad[1] : "");
    if (bad) return bad[0].focus();
    save("identify", S.identify = { type: "identify", name: name, email: email, consent: consentIn.checked });
    identifying = false;
    wanted = true;
    halted = false;
    if (ready) flush();
    else connect();
  }

  function endChat() {
    closeMenu(false);
    if (!window.confirm("End this chat? The conversation will be removed from this browser.")) {
      menuBtn.focus();
      return;
    }
    sendFrame({ type: "end" }); // best effort
    disconnect();
    wanted = halted = false;
    ["token", "messages", "last", "outbox", "read", "agent-read", "agent", "identified", "name", "identify"].forEach(function (k) {
      try { store.removeItem(PREFIX + k); } catch (e) { /* ignore */ }
    });
    readState();
    sys = [];
    if (pre) {
      pre.reset();
      set(preProblem, "");
    }
    input.value = "";
    updateCount();
    showProblem("");
    hideTyping();
    close(true);
    status();
  }

  function transcript() {
    closeMenu(true);
    var lines = [TITLE + ": " + LABEL, "Saved " + longDate(new Date()), ""];
    entries().forEach(function (entry) {
      var m = entry.m, d = m && dateOf(m.at);
      if (!m) return lines.push("* " + entry.text, "");
      lines.push((d ? d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + hhmm(d) + " " : "") +
        (m.from === "visitor" ? "You" : m.name || TITLE) + (entry.pending ? " (not sent yet)" : "") + ":");
      lines.push("  " + m.text.replace(/\r?\n/g, "\n  "), "");
    });
    var url = URL.createObjectURL(new Blob([lines.join("\n")], { type: "text/plain;charset=utf-8" }));
    var a = el("a", "", "", { href: url, download: "gazette-chat-transcript.txt" });
    a.hidden = true;
    root.appendChild(a);
    a.click();
    root.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // ---- Start
  function injectStylesheet() {
    var links = document.querySelectorAll("link[rel~=stylesheet]");
    for (var i = 0; i < links.length; i++) {
      if (/\/chat(\.[\w-]+)?\.css([?#]|$)/.test(links[i].href)) return;
    }
    var link = el("link", "", "", { rel: "stylesheet", href: new URL("chat.css", SRC).href });
    root.hidden = true; // until styled
    link.onload = link.onerror = function () { root.hidden = false; };
    document.head.appendChild(link);
  }

  function init() {
    root = document.getElementById("chat-root");
    if (!root) {
      root = el("div", "", "", { id: "chat-root" });
      document.body.appendChild(root);
    }
    injectStylesheet();
    readState();
    build();
    // A reader mid-conversation hears new messages on every page.
    wanted = !!(S.token || S.outbox.length || S.identify);
    if (load("open", false)) open(false);
    else connect();
    render();
    status();

    window.addEventListener("online", function () {
      if (wanted && !halted) connect();
      status();
      render();
    });
    window.addEventListener("offline", function () {
      // Sockets can outlive the network (and tests' offline mode): treat them as gone.
      disconnect();
      status();
      render();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "visible") return;
      if (!ws && !halted) connect();
      markRead();
    });
    window.addEventListener("pagehide", disconnect);
    window.addEventListener("pageshow", function (e) { if (e.persisted) connect(); });
    // Another tab of the same site changed the conversation: follow it.
    window.addEventListener("storage", function (e) {
      if (e.key && e.key.indexOf(PREFIX) !== 0) return;
      var old = S;
      readState();
      if (S.token === old.token) {
        old.messages.forEach(function (m) { addMessage(m); });
        S.last = Math.max(S.last, old.last);
        S.read = Math.max(S.read, old.read);
        S.agentRead = Math.max(S.agentRead, old.agentRead);
      } else {
        disconnect();
        sys = [];
        wanted = isOpen || !!(S.token || S.outbox.length || S.identify);
        connect();
      }
      status();
      render();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
