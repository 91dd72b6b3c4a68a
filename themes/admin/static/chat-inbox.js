/* Gazette newsroom: the live chat inbox (/admin/chat). Plain JS, no dependencies, CSP-friendly
   (no inline styles or handlers). Everything from the server is shown with textContent or built as
   DOM nodes, never as HTML. Wire protocol: docs/chat-protocol.md, "The newsroom's side". */
(function () {
  "use strict";

  var root = document.getElementById("chat-inbox");
  if (!root || !window.WebSocket || !window.Map || !Array.from) return;

  var DELAYS = [1, 2, 4, 8, 16, 30]; // reconnect backoff, seconds
  var MAX = 4000;
  var LANG = document.documentElement.lang || undefined;
  var KEY = "gazette-inbox:" + (root.getAttribute("data-agent-id") || "0") + ":";
  var TITLE = document.title;
  var TITLE_N = /^Chat\b/.test(TITLE) ? TITLE : "Chat \u00b7 " + TITLE; // with "(3) " in front
  var OFFLINE = "Not connected. Try again in a moment.";

  function $(sel) { return root.querySelector(sel); }
  var ui = {
    app: $(".inbox__app"), conn: $("#inbox-conn"), hint: $(".inbox__hint"),
    status: $("#inbox-status"), sound: $("#inbox-sound"), agents: $(".inbox__agents"),
    search: $("#inbox-search"), searchForm: $(".inbox__search"), listTitle: $("#inbox-list-title"),
    back: $(".inbox__back"), list: $(".inbox__list"), empty: $(".inbox__empty"),
    none: $(".inbox__none"), conv: $(".inbox__conv"), name: $("#inbox-title"),
    email: $(".inbox__email a"), page: $(".inbox__page"), ref: $(".inbox__ref"), assigned: $(".inbox__assigned"),
    take: $("[data-action=take]"), transfer: $("[data-action=transfer]"), transferTo: $("#inbox-transfer"),
    transferWrap: $(".inbox__transfer"), close: $("[data-action=close]"), closed: $(".inbox__closed"),
    logState: $(".inbox__logstate"), log: $(".inbox__log"), typing: $(".inbox__typing"),
    problem: $(".inbox__problem"), form: $(".inbox__composer"), text: $("#inbox-text"),
    canned: $("#inbox-canned"), note: $("#inbox-note"), keys: $("#inbox-keys")
  };

  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function add(p) {
    for (var i = 1; i < arguments.length; i++) p.appendChild(arguments[i]);
    return p;
  }
  // Changes text only when it differs, so live regions do not announce it again.
  function set(e, text) { if (e.textContent !== text) e.textContent = text; }
  function str(v) { return typeof v === "string" ? v : ""; }
  function arr(v) { return Array.isArray(v) ? v : []; }
  function when(iso) { var d = iso ? new Date(iso) : null; return d && !isNaN(d.getTime()) ? d : null; }
  function ms(iso) { var d = when(iso); return d ? d.getTime() : 0; }
  function fmt(d, o) { return d.toLocaleString(LANG, o); }
  function clock(d) {
    var o = { hour: "2-digit", minute: "2-digit" };
    if (new Date().toDateString() !== d.toDateString()) { o.day = "numeric"; o.month = "short"; }
    return fmt(d, o);
  }
  function ago(d) {
    var s = (Date.now() - d.getTime()) / 1000;
    return s < 60 ? "now" : s < 3600 ? Math.floor(s / 60) + " min" : s < 86400 ? Math.floor(s / 3600) + " h" :
      s < 604800 ? Math.floor(s / 86400) + " d" : fmt(d, { day: "numeric", month: "short" });
  }
  function dated(t, d, text) {
    t.hidden = !d;
    if (!d) return;
    set(t, text);
    t.setAttribute("datetime", d.toISOString());
    t.title = fmt(d, { dateStyle: "full", timeStyle: "short" });
  }
  // Puts els in this order in box, and takes out whatever else is there.
  function place(box, els) {
    var prev = null, next = function () { return prev ? prev.nextSibling : box.firstChild; };
    els.forEach(function (n) {
      if (n !== next()) box.insertBefore(n, next());
      prev = n;
    });
    while (next()) box.removeChild(next());
  }
  function load(name, fallback) {
    try { var v = JSON.parse(localStorage.getItem(KEY + name)); return v == null ? fallback : v; } catch (e) { return fallback; }
  }
  function save(name, v) { try { localStorage.setItem(KEY + name, JSON.stringify(v)); } catch (e) { /* private mode */ } }

  // Only http(s) addresses become links; they open in a new tab without a referrer.
  function link(url) {
    var ok = false;
    try { ok = /^https?:$/.test(new URL(url).protocol); } catch (e) { /* not an address */ }
    return ok ? el("a", "", url, { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }) : document.createTextNode(url);
  }
  // The text with its http(s) addresses as links (newlines stay: white-space: pre-wrap).
  function linkify(p, text) {
    p.textContent = "";
    var re = /\bhttps?:\/\/[^\s<>"]+/gi, last = 0, m, url;
    while ((m = re.exec(text))) {
      url = m[0];
      // Trailing punctuation ends the sentence; a ")" stays when the address has its "(".
      while (/[.,;:!?'\])}]$/.test(url) && !(url.slice(-1) === ")" && url.split("(").length >= url.split(")").length)) {
        url = url.slice(0, -1);
      }
      if (m.index > last) p.appendChild(document.createTextNode(text.slice(last, m.index)));
      p.appendChild(link(url));
      last = re.lastIndex = m.index + url.length;
    }
    if (last < text.length) p.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---- State
  var me = { id: +root.getAttribute("data-agent-id") || 0, name: "" };
  var convs = new Map();  // id -> SUMMARY of the open conversations
  var results = null;     // SUMMARY[] of a search, while it replaces the list
  var searching = false, agents = [], canned = [], drafts = {};
  var caches = new Map(); // conversation id -> Map(message id -> message), for those opened here
  var loaded = {};        // conversation id -> its history has arrived
  var seenBy = {};        // conversation id -> the reader has seen up to
  var readMark = {};      // conversation id -> the newsroom's read mark, as far as we know
  var selected = 0, current = null; // the pane's conversation and its SUMMARY
  // Sent but not acknowledged (kept for a day, across reloads): sent again on every hello.
  var outbox = arr(load("outbox", [])).filter(function (o) {
    return o && typeof o.client_id === "string" && typeof o.text === "string" && o.conversation > 0 && Date.now() - ms(o.at) < 864e5;
  });
  var wantStatus = load("status", "online") === "away" ? "away" : "online";

  function findOut(id) {
    for (var i = 0; i < outbox.length; i++) if (outbox[i].client_id === id) return i;
    return -1;
  }
  function lastId(c, from) {
    var n = 0;
    (caches.get(c) || new Map()).forEach(function (m) { if (m.id > n && (!from || m.from === from)) n = m.id; });
    return n;
  }
  function summary(id) {
    for (var i = 0; results && i < results.length; i++) if (+results[i].id === id) return results[i];
    return convs.get(id) || (id === selected ? current : null);
  }
  function nameOf(s) { return str(s.name) || "Reader #" + s.id; }
  function normal(f) {
    if (!(f.id > 0) || typeof f.text !== "string") return null;
    var from = /^(visitor|agent|bot|note)$/.test(f.from) ? f.from : "bot";
    return { id: f.id, from: from, name: str(f.name), text: f.text, at: str(f.at) };
  }

  // ---- Connection
  var ws = null, ready = false, everReady = false, attempt = 0, timer = 0, fails = 0, retryTimer = 0;

  function connect() {
    clearTimeout(timer);
    timer = 0;
    if (ws) return;
    var sock;
    try {
      sock = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + (root.getAttribute("data-ws") || "/admin/chat/ws"));
    } catch (e) {
      return retry();
    }
    ws = sock;
    sock.onmessage = function (e) { if (ws === sock && typeof e.data === "string") onFrame(e.data); };
    sock.onclose = function () {
      if (ws !== sock) return;
      ws = null;
      if (!ready) fails++;
      ready = false;
      showConn();
      renderLog();
      retry();
    };
  }
  function retry() {
    if (!timer) timer = setTimeout(connect, DELAYS[Math.min(attempt++, DELAYS.length - 1)] * 1000);
  }
  function send(frame) {
    if (!ready || !ws || ws.readyState !== 1) return false;
    try { ws.send(JSON.stringify(frame)); return true; } catch (e) { return false; }
  }
  function sendOrSay(frame) { if (!send(frame)) problem(OFFLINE); }
  function sendItem(o) { send({ type: o.type, conversation: o.conversation, client_id: o.client_id, text: o.text }); }
  function showConn() {
    set(ui.conn, ready ? "Connected" : everReady ? "Reconnecting\u2026" : "Connecting\u2026");
    ui.conn.setAttribute("data-state", ready ? "connected" : "reconnecting");
    ui.hint.hidden = ready || fails < 3; // a refused handshake (signed out) looks like a lost connection
  }

  // ---- Frames from the server
  function onFrame(data) {
    var f;
    try { f = JSON.parse(data); } catch (e) { return; }
    if (f && typeof f === "object" && handlers.hasOwnProperty(f.type)) handlers[f.type](f, +f.conversation || 0);
  }

  var handlers = {
    hello: function (f) {
      ready = everReady = true;
      attempt = fails = 0;
      if (f.agent && f.agent.id > 0) me = { id: +f.agent.id, name: str(f.agent.name) };
      agents = arr(f.agents);
      canned = arr(f.canned).filter(function (x) { return x && typeof x.shortcut === "string" && typeof x.text === "string"; });
      convs = new Map();
      arr(f.conversations).forEach(function (s) { if (s && s.id > 0) convs.set(+s.id, s); });
      // What was missed meanwhile comes with "open": keep only the pane's messages.
      Array.from(caches.keys()).forEach(function (k) { if (k !== selected) { caches.delete(k); delete loaded[k]; } });
      readMark = {};
      convs.forEach(function (s) { if (!(s.unread > 0)) readMark[s.id] = lastId(+s.id, "visitor"); });
      if (f.status !== wantStatus) send({ type: "status", status: wantStatus }); // a new connection starts online
      ui.status.value = wantStatus;
      if (selected) {
        current = convs.get(selected) || current;
        send({ type: "open", conversation: selected, after: lastId(selected) });
      }
      outbox.forEach(sendItem); // the server stores each client_id once
      set(ui.keys, "Enter sends, Shift+Enter adds a line." + (canned.length ? " Type / for canned responses." : ""));
      showConn();
      renderAll();
    },

    conversation: function (f) {
      var s = f.conversation;
      if (!s || !(s.id > 0)) return;
      var id = +s.id, known = convs.has(id);
      if (s.status === "closed") convs.delete(id);
      else convs.set(id, s);
      if (results) results = results.map(function (r) { return +r.id === id ? s : r; });
      if (!(s.unread > 0)) readMark[id] = Math.max(readMark[id] || 0, lastId(id, "visitor"));
      if (id === selected) {
        current = s;
        renderPane();
        renderLog();
      }
      if (!known && s.status !== "closed" && (id !== selected || document.hidden)) beep();
      renderList();
      updateTitle();
    },

    history: function (f, c) {
      if (!c) return;
      var cache = caches.get(c), first = !loaded[c];
      if (!cache) caches.set(c, cache = new Map());
      arr(f.messages).forEach(function (x) { var m = normal(x); if (m) cache.set(m.id, m); });
      loaded[c] = true;
      if (c !== selected) return;
      renderLog(first);
      markRead();
    },

    message: function (f, c) {
      var m = normal(f);
      if (!c || !m) return;
      var cache = caches.get(c), fresh = !cache || !cache.has(m.id);
      if (cache) cache.set(m.id, m);
      if (c === selected) {
        if (m.from === "visitor") hideTyping();
        renderLog();
        markRead();
      }
      if (m.from === "visitor" && fresh && (c !== selected || document.hidden)) beep();
    },

    ack: function (f) {
      var i = findOut(f.client_id);
      if (i < 0) return;
      var o = outbox.splice(i, 1)[0], id = +f.id, cache = caches.get(o.conversation), ck = "c" + o.client_id;
      save("outbox", outbox);
      if (cache && id > 0 && !cache.has(id)) {
        cache.set(id, { id: id, from: o.type === "note" ? "note" : "agent", name: me.name, text: o.text, at: o.at });
      }
      // The pending element becomes the stored message: nothing is announced twice.
      if (nodes[ck] && !nodes["m" + id]) nodes["m" + id] = nodes[ck];
      delete nodes[ck];
      if (o.conversation === selected) renderLog();
    },

    typing: function (f, c) {
      if (c === selected && f.from === "visitor") showTyping();
    },

    read: function (f, c) {
      if (!c || !(f.up_to > 0)) return;
      if (f.by === "visitor") seenBy[c] = Math.max(seenBy[c] || 0, f.up_to);
      else readMark[c] = Math.max(readMark[c] || 0, f.up_to);
      if (c === selected) renderLog();
    },

    presence: function (f) {
      agents = arr(f.agents);
      renderAgents();
      renderPane();
    },

    results: function (f) {
      if (!searching) return;
      searching = false;
      results = arr(f.conversations).filter(function (s) { return s && s.id > 0; });
      set(ui.listTitle, "Results for \u201c" + str(f.q) + "\u201d");
      renderList();
    },

    error: function (f) {
      if (f.code === "signed_out") { // this session ended: to the sign-in page, and back here after
        location.href = "/admin/login?next=" + encodeURIComponent(location.pathname);
        return;
      }
      var i = findOut(f.client_id), o = outbox[i];
      if (o && (f.code === "rate_limited" || f.code === "unavailable")) {
        // Stays in the outbox and goes again in 10 s.
        if (!retryTimer) retryTimer = setTimeout(function () { retryTimer = 0; outbox.forEach(sendItem); }, 10000);
      } else if (o) {
        // Refused for good: the text goes back into the box.
        outbox.splice(i, 1);
        save("outbox", outbox);
        if (o.conversation === selected) ui.text.value = o.text + (ui.text.value ? "\n" + ui.text.value : "");
        else drafts[o.conversation] = o.text;
        renderLog();
      }
      if (searching && !f.client_id) {
        searching = false;
        set(ui.listTitle, "Open conversations");
      }
      problem(str(f.message) || "That did not work (" + str(f.code) + ").");
    }
  };

  // ---- The list of conversations
  var rows = new Map(); // conversation id -> <li>

  function row(s) {
    var li = rows.get(+s.id), b;
    if (!li) {
      b = el("button", "inbox__item", "", { type: "button", "data-conversation": String(s.id) });
      b.who = el("span", "inbox__who");
      b.time = el("time", "inbox__when");
      b.preview = el("span", "inbox__preview");
      b.unread = el("span", "badge inbox__unread");
      b.count = add(el("span", "inbox__count"), b.unread, el("span", "visually-hidden", " unread"));
      b.agent = el("span", "inbox__assignee");
      b.state = el("span", "status inbox__state", "Closed");
      li = add(el("li"), add(b, b.who, b.time, b.preview, b.count, b.agent, b.state));
      rows.set(+s.id, li);
    }
    b = li.firstChild;
    var d = when(s.updated), last = s.last, unread = +s.unread || 0;
    set(b.who, nameOf(s));
    dated(b.time, d, d && ago(d));
    set(b.preview, !last ? "No messages yet" :
      ({ agent: "Reply: ", bot: "Bot: ", note: "Note: " }[last.from] || "") + str(last.text).replace(/\s+/g, " "));
    set(b.unread, String(unread));
    b.count.hidden = !unread || s.status === "closed";
    b.classList.toggle("inbox__item--unread", unread > 0);
    set(b.agent, s.agent && s.agent.name ? (+s.agent.id === me.id ? "You" : s.agent.name) : "Unassigned");
    b.state.hidden = s.status !== "closed";
    if (+s.id === selected) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
    return li;
  }

  function renderList() {
    var list = results || Array.from(convs.values()).sort(function (a, b) { return ms(b.updated) - ms(a.updated); });
    var focused = ui.list.contains(document.activeElement) ? document.activeElement : null;
    place(ui.list, list.map(row));
    rows.forEach(function (li, id) { if (!li.parentNode) rows.delete(id); });
    // Moving a row can take the focus away from it.
    if (focused && focused.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });
    ui.back.hidden = !results;
    ui.empty.hidden = list.length > 0 || (!ready && !results);
    set(ui.empty, results ? "No conversations match." : "No open conversations.");
  }

  function renderAgents() {
    ui.agents.textContent = "";
    agents.forEach(function (a) {
      var away = a.status === "away";
      add(ui.agents, add(el("li", "inbox__agent"), el("span", "inbox__dot" + (away ? " inbox__dot--away" : ""), "", { "aria-hidden": "true" }),
        el("span", "", str(a.name) + (+a.id === me.id ? " (you)" : "")), el("span", away ? "inbox__away" : "visually-hidden", away ? " away" : " online")));
    });
    if (!agents.length) add(ui.agents, el("li", "inbox__agent", "No one"));
  }

  // ---- The conversation pane
  function fillUrl(p, url) {
    var slot = p.querySelector(".inbox__url");
    slot.textContent = "";
    if (url) slot.appendChild(link(url));
    p.hidden = !url;
  }

  function renderPane() {
    var s = current, closed = s && s.status === "closed";
    ui.none.hidden = !!s;
    ui.conv.hidden = !s;
    ui.form.hidden = !s || closed;
    if (!s) return;
    var mine = s.agent && +s.agent.id === me.id;
    set(ui.name, nameOf(s));
    ui.email.parentNode.hidden = !s.email;
    ui.email.href = "mailto:" + str(s.email);
    set(ui.email, str(s.email));
    fillUrl(ui.page, str(s.page));
    fillUrl(ui.ref, str(s.referrer));
    set(ui.assigned, s.agent && s.agent.name ? "Assigned to " + (mine ? "you" : s.agent.name) : "Unassigned");
    ui.take.hidden = closed || !!mine;
    ui.close.hidden = ui.transferWrap.hidden = closed;
    ui.closed.hidden = !closed;
    // Transfer: to a connected agent other than me.
    var others = agents.filter(function (a) { return +a.id !== me.id; }), sel = ui.transferTo, old = sel.value;
    sel.textContent = "";
    add(sel, el("option", "", others.length ? "Transfer to\u2026" : "No one else online", { value: "" }));
    others.forEach(function (a) { add(sel, el("option", "", str(a.name) + (a.status === "away" ? " (away)" : ""), { value: String(a.id) })); });
    sel.value = others.some(function (a) { return String(a.id) === old; }) ? old : "";
    sel.disabled = ui.transfer.disabled = !others.length;
  }

  // ---- The message log
  var nodes = {}; // "m<id>" or "c<client_id>" -> the message's element

  function entries() {
    var out = Array.from((caches.get(selected) || new Map()).values()).sort(function (a, b) { return a.id - b.id; })
      .map(function (m) { return { key: "m" + m.id, m: m }; });
    outbox.forEach(function (o) {
      if (o.conversation !== selected) return;
      out.push({ key: "c" + o.client_id, pending: true, m: { from: o.type === "note" ? "note" : "agent", name: me.name, text: o.text, at: o.at } });
    });
    return out;
  }

  function messageNode() {
    var n = el("div", "inbox__msg");
    n.tag = el("span", "inbox__tag");
    n.who = el("span", "inbox__author");
    n.time = el("time", "inbox__time");
    n.body = el("p", "inbox__text");
    n.state = el("p", "inbox__delivery");
    return add(n, add(el("p", "inbox__meta"), n.tag, n.who, n.time), n.body, n.state);
  }

  function paint(n, e, lastAgent) {
    var m = e.m, d = when(m.at);
    var state = m.from !== "agent" ? "" : e.pending ? (ready ? "sending" : "waiting") : (seenBy[selected] || 0) >= m.id ? "seen" : "sent";
    n.className = "inbox__msg inbox__msg--" + m.from + (e.pending ? " inbox__msg--pending" : "");
    if (e.pending) n.removeAttribute("data-id");
    else n.setAttribute("data-id", String(m.id));
    if (state) n.setAttribute("data-state", state);
    else n.removeAttribute("data-state");
    set(n.tag, { note: "Private note", bot: "Bot" }[m.from] || "");
    n.tag.hidden = !n.tag.textContent;
    set(n.who, m.name || (m.from === "visitor" ? (current ? nameOf(current) : "Reader") : m.from === "bot" ? "Bot" : "Newsroom"));
    dated(n.time, d, d && clock(d));
    if (n.raw !== m.text) linkify(n.body, n.raw = m.text);
    // Delivery shows on what is on its way and on the latest reply.
    var show = state && (e.pending || m.id === lastAgent);
    set(n.state, show ? { sending: "Sending\u2026", waiting: "Not sent yet", sent: "Sent", seen: "Seen" }[state] : "");
    n.state.hidden = !show;
  }

  function renderLog(bottom) {
    if (!selected) return;
    var list = entries(), log = ui.log, lastAgent = 0;
    var stick = bottom || log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    list.forEach(function (e) { if (!e.pending && e.m.from === "agent") lastAgent = e.m.id; });
    place(log, list.map(function (e) {
      var n = nodes[e.key] || (nodes[e.key] = messageNode());
      paint(n, e, lastAgent);
      return n;
    }));
    for (var k in nodes) if (!nodes[k].parentNode) delete nodes[k];
    set(ui.logState, list.length ? "" : loaded[selected] ? "No messages yet." : "Loading the conversation\u2026");
    ui.logState.hidden = !ui.logState.textContent;
    if (stick) log.scrollTop = log.scrollHeight;
  }

  var typingTimer = 0;
  function showTyping() {
    ui.typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 4000);
  }
  function hideTyping() {
    clearTimeout(typingTimer);
    ui.typing.hidden = true;
  }

  function problem(text) {
    set(ui.problem, text);
    ui.problem.hidden = !text;
  }

  // The newsroom has seen the reader's messages: they are in the pane and the tab is visible.
  function markRead() {
    if (!selected || !loaded[selected] || document.hidden || !current || current.status === "closed") return;
    var up = lastId(selected, "visitor");
    if (up > (readMark[selected] || 0) && send({ type: "read", conversation: selected, up_to: up })) readMark[selected] = up;
  }

  function select(id) {
    var s = summary(id);
    if (!s) return;
    if (id !== selected) {
      if (selected) drafts[selected] = ui.text.value;
      ui.log.textContent = "";
      nodes = {};
      hideTyping();
      problem("");
      ui.text.value = drafts[id] || "";
      closeCanned();
      selected = id;
      if (!caches.has(id)) caches.set(id, new Map());
      send({ type: "open", conversation: id, after: lastId(id) });
    }
    current = s;
    renderList();
    renderPane();
    renderLog(true);
    markRead();
    // Stacked (phones): the conversation is below the list; bring it into view.
    var top = ui.conv.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6) ui.conv.scrollIntoView({ block: "start" });
  }

  function renderAll() {
    renderAgents();
    renderList();
    renderPane();
    renderLog();
    updateTitle();
  }

  // ---- Notifications: a soft beep and the unread count in the tab's title
  var audio = null, lastBeep = 0;

  // Browsers allow sound only once the person has done something on the page.
  function unlock() {
    if (!ui.sound.checked) return;
    try {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (!audio && AC) audio = new AC();
      var p = audio && audio.state === "suspended" ? audio.resume() : null;
      if (p && p.catch) p.catch(function () { /* still blocked */ });
    } catch (e) { audio = null; }
  }

  function beep() {
    var now = Date.now();
    if (!ui.sound.checked || !audio || now - lastBeep < 1500) return;
    lastBeep = now;
    try {
      var t = audio.currentTime, o = audio.createOscillator(), g = audio.createGain();
      o.type = "sine";
      o.frequency.setValueAtTime(880, t);
      g.gain.setValueAtTime(0.0001, t);
      g.gain.exponentialRampToValueAtTime(0.05, t + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t + 0.15);
      o.connect(g);
      g.connect(audio.destination);
      o.start(t);
      o.stop(t + 0.16);
    } catch (e) { /* no sound, no matter */ }
  }

  function updateTitle() {
    var n = 0;
    convs.forEach(function (s) { n += +s.unread > 0 ? +s.unread : 0; });
    var t = n ? "(" + n + ") " + TITLE_N : TITLE;
    if (document.title !== t) document.title = t;
  }

  // ---- Canned responses: "/" opens a list of shortcuts
  var matches = [], active = -1, dismissed = null;

  function updateCanned() {
    var v = ui.text.value, q = /^\/(\S*)$/.exec(v);
    if (v !== dismissed) dismissed = null;
    matches = q && dismissed === null ? canned.filter(function (c) {
      return c.shortcut.toLowerCase().indexOf(q[1].toLowerCase()) === 0;
    }).slice(0, 8) : [];
    active = matches.length ? Math.min(Math.max(active, 0), matches.length - 1) : -1;
    ui.canned.textContent = "";
    matches.forEach(function (c, i) {
      add(ui.canned, add(el("li", "inbox__option", "", { role: "option", id: "inbox-canned-" + i, "data-index": String(i) }),
        el("span", "inbox__shortcut", "/" + c.shortcut), el("span", "inbox__canned-text", c.text)));
    });
    ui.canned.hidden = !matches.length;
    paintCanned();
  }

  function paintCanned() {
    Array.prototype.forEach.call(ui.canned.children, function (li, i) {
      li.setAttribute("aria-selected", String(i === active));
      if (i === active && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    });
    if (active >= 0) ui.text.setAttribute("aria-activedescendant", "inbox-canned-" + active);
    else ui.text.removeAttribute("aria-activedescendant");
  }

  function closeCanned() {
    dismissed = ui.text.value; // until the text changes
    updateCanned();
  }

  function choose(i) {
    var c = matches[i];
    if (!c) return;
    ui.text.value = c.text;
    closeCanned();
    ui.text.focus();
    ui.text.setSelectionRange(c.text.length, c.text.length);
  }

  // ---- Sending
  function submit() {
    if (!current || current.status === "closed") return;
    var text = ui.text.value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
    if (!text) return;
    if (Array.from(text).length > MAX) return problem("A message can be up to 4,000 characters long.");
    problem("");
    var o = { type: ui.note.checked ? "note" : "message", conversation: selected,
      client_id: "a-" + Date.now().toString(36) + Math.random().toString(36).slice(2), text: text, at: new Date().toISOString() };
    outbox.push(o);
    save("outbox", outbox);
    ui.text.value = drafts[selected] = "";
    closeCanned();
    sendItem(o);
    renderLog(true);
  }

  // ---- Events
  var lastTyping = 0;

  ui.form.addEventListener("submit", function (e) {
    e.preventDefault();
    submit();
  });

  ui.text.addEventListener("keydown", function (e) {
    if (e.isComposing || e.keyCode === 229) return;
    var enter = e.key === "Enter" && !e.shiftKey;
    if (matches.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + matches.length) % matches.length;
        return paintCanned();
      }
      if (enter || (e.key === "Tab" && !e.shiftKey)) {
        e.preventDefault();
        return choose(Math.max(active, 0));
      }
      if (e.key === "Escape") {
        e.preventDefault();
        return closeCanned();
      }
    }
    if (enter) {
      e.preventDefault();
      submit();
    }
  });

  ui.text.addEventListener("input", function () {
    updateCanned();
    var v = ui.text.value.trim(), now = Date.now();
    // Notes and shortcuts are not the reader's business.
    if (v && v.charAt(0) !== "/" && !ui.note.checked && now - lastTyping >= 3000 && send({ type: "typing", conversation: selected })) lastTyping = now;
  });
  ui.text.addEventListener("blur", closeCanned);
  ui.canned.addEventListener("mousedown", function (e) { e.preventDefault(); }); // the focus stays in the box
  ui.canned.addEventListener("click", function (e) {
    var li = e.target.closest("[data-index]");
    if (li) choose(+li.getAttribute("data-index"));
  });

  ui.note.addEventListener("change", function () {
    ui.form.classList.toggle("inbox__composer--note", ui.note.checked);
    ui.text.placeholder = ui.note.checked ? "Private note: only the newsroom sees it\u2026" : "Write a reply\u2026";
  });

  ui.list.addEventListener("click", function (e) {
    var b = e.target.closest(".inbox__item");
    if (b) select(+b.getAttribute("data-conversation"));
  });

  // Take and Close hide themselves once done: the focus moves on to where the work is.
  ui.take.addEventListener("click", function () { sendOrSay({ type: "take", conversation: selected }); ui.text.focus(); });
  ui.close.addEventListener("click", function () { sendOrSay({ type: "close", conversation: selected }); ui.log.focus(); });
  ui.transfer.addEventListener("click", function () {
    var to = +ui.transferTo.value;
    if (to) sendOrSay({ type: "transfer", conversation: selected, agent: to });
    else ui.transferTo.focus();
  });

  ui.status.addEventListener("change", function () {
    wantStatus = ui.status.value === "away" ? "away" : "online";
    save("status", wantStatus);
    sendOrSay({ type: "status", status: wantStatus });
  });

  ui.sound.checked = load("sound", true) !== false;
  ui.sound.addEventListener("change", function () {
    save("sound", ui.sound.checked);
    unlock();
  });
  document.addEventListener("pointerdown", unlock, true);
  document.addEventListener("keydown", unlock, true);

  ui.searchForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = ui.search.value.trim();
    if (!q) return;
    if (!send({ type: "search", q: q })) return problem(OFFLINE);
    searching = true;
    set(ui.listTitle, "Searching\u2026");
  });
  ui.back.addEventListener("click", function () {
    results = null;
    searching = false;
    ui.search.value = "";
    set(ui.listTitle, "Open conversations");
    renderList();
    ui.search.focus();
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) return;
    if (!ws) connect();
    markRead();
  });
  window.addEventListener("online", function () { if (!ws) connect(); });
  setInterval(function () { if (!document.hidden) renderList(); }, 30000); // relative times

  ui.app.hidden = false;
  showConn();
  renderAll();
  connect();
})();
