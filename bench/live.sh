#!/usr/bin/env bash
# Benchmarks the live events stream (GET /live, server-sent events: docs/live.md). The aim: 10,000 open
# pages, every one of them notified of a live coverage update within 1 s of the editor posting it.
#
# live_load (one process, one thread) opens CONNECTIONS event streams on one Gazette, as that many open pages
# would, and reports how long that took and what each costs the server in memory (VmRSS before and after).
# Then it runs EVENTS rounds: each round it posts one live coverage entry as a signed-in editor (the
# newsroom's form: POST /admin/articles/ID/live/entries), and times the `update` event's arrival on every
# stream, from just before the POST is written. That latency covers all the server does for an update:
# checking the session, storing the entry (SQLite, synchronous=FULL), rendering it, storing the event and
# fanning it out to every stream. A round ends when every stream has its event, or after 10 s (the rest
# count as missing). Streams connect from 127.0.X.Y, 50 to an address: /live has no per-address limit, this
# only keeps every address well inside the ephemeral port range.
#
# Usage: bench/live.sh [path/to/gazette] [path/to/live_load]
#        (defaults: build/release/gazette and build/release/live_load)
# Env:   CONNECTIONS (default 10000), EVENTS (default 5), WORKERS (gazette --threads, default 2)
# The server ends an event stream after 10 minutes (the browser reconnects): keep a run shorter than that.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gazette="${1:-$repo/build/release/gazette}"
live_load="${2:-$repo/build/release/live_load}"
CONNECTIONS="${CONNECTIONS:-10000}"
EVENTS="${EVENTS:-5}"
WORKERS="${WORKERS:-2}"
editor_email="editor@bench.test"
editor_password="a long passphrase for the bench editor only"

die() {
  echo "bench: error: $*" >&2
  exit 1
}
[[ -x "$gazette" ]] || die "gazette binary not found: $gazette (make build)"
[[ -x "$live_load" ]] || die "live_load not found: $live_load (build the live_load target)"
command -v curl >/dev/null || die "curl not found"
for v in CONNECTIONS EVENTS WORKERS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done

# One descriptor per stream here and one in the server, each process under its own limit: raise ours (both
# processes inherit it) to the hard limit.
hard="$(ulimit -Hn)"
if [[ "$hard" != unlimited ]] && ((CONNECTIONS + 200 > hard)); then
  die "$CONNECTIONS connections need more open files than the hard limit ($hard) allows: raise it, or set CONNECTIONS"
fi
[[ "$hard" == unlimited ]] || ulimit -n "$hard"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-bench-live.XXXXXX")"
pid=""

# Stops the server: SIGTERM (a graceful shutdown), then SIGKILL if it hasn't exited within 15 s.
stop_server() {
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "bench: warning: gazette ignored SIGTERM for 15 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  pid=""
}
cleanup() {
  local rc=$?
  stop_server
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- A demo site with an editor, served on a port the OS picks ---------------------------------------------
"$gazette" init --data "$tmp/data" --demo >/dev/null
# The password is read from standard input.
printf '%s\n' "$editor_password" |
  "$gazette" user add --data "$tmp/data" --email "$editor_email" --name "Bench Editor" --role editor >/dev/null
"$gazette" serve --data "$tmp/data" --listen 127.0.0.1:0 --access-log off --log-level warn --threads "$WORKERS" \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
# Its first stdout line is "listening on http://127.0.0.1:PORT". Poll until a complete line has arrived.
port=""
for _ in $(seq 600); do
  if [[ -s "$tmp/out" && "$(wc -l <"$tmp/out")" -ge 1 ]]; then
    first="$(sed -n 1p "$tmp/out")"
    [[ $first =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] || die "unexpected first line: $first"
    port="${BASH_REMATCH[1]}"
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
[[ -n "$port" ]] || die "gazette did not start: $(tail -3 "$tmp/err")"
base="http://127.0.0.1:$port"

# --- Sign the editor in, as a browser would: the form's CSRF token and its cookie, then the POST ----------
jar="$tmp/cookies"
curl -sf -c "$jar" "$base/admin/login" -o "$tmp/login.html" || die "GET /admin/login failed"
login_csrf="$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)"
[[ -n "$login_csrf" ]] || die "no _csrf field in the sign-in form"
status="$(curl -s -o /dev/null -D "$tmp/login.headers" -w '%{http_code}' -c "$jar" -b "$jar" \
  -H "Origin: $base" -H "Referer: $base/admin/login" \
  --data-urlencode "_csrf=$login_csrf" --data-urlencode "email=$editor_email" \
  --data-urlencode "password=$editor_password" \
  "$base/admin/login")"
[[ "$status" == 303 ]] || die "sign-in failed: HTTP $status (expected 303)"
session="$(tr -d '\r' <"$tmp/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *\(gz_session=[^;]*\).*/\1/p' | head -1)"
[[ -n "$session" ]] || die "the sign-in set no gz_session cookie"

# The session's own CSRF token, for posting: the hidden _csrf field of any newsroom page.
curl -sf -H "Cookie: $session" "$base/admin/" -o "$tmp/admin.html" || die "GET /admin/ failed (signed in?)"
csrf="$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$tmp/admin.html" | head -1)"
[[ -n "$csrf" ]] || die "no _csrf field on the newsroom's dashboard"

# --- An article covered live -------------------------------------------------------------------------------
# The newest published article: the first "id" of the WordPress-style API's first post.
curl -sf "$base/wp-json/wp/v2/posts?per_page=1" -o "$tmp/posts.json" || die "GET /wp-json/wp/v2/posts failed"
article="$(grep -o '"id":[0-9]*' "$tmp/posts.json" | sed -n '1s/.*://p')"
[[ -n "$article" ]] || die "no published article to cover live"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $session" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "action=start" \
  "$base/admin/articles/$article/live")"
[[ "$status" == 303 ]] || die "starting the live coverage of article $article failed: HTTP $status (expected 303)"

# --- Run -----------------------------------------------------------------------------------------------------
echo "bench: live_load: $CONNECTIONS event streams, $EVENTS live coverage entries (article $article);" \
  "gazette --threads $WORKERS; $(nproc) cores; open files $(ulimit -n)" >&2
load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
  echo "bench: warning: load average is $load on $(nproc) cores; results will be noisy" >&2
fi
set +e
"$live_load" --port "$port" --connections "$CONNECTIONS" --events "$EVENTS" \
  --cookie "$session" --csrf "$csrf" --article "$article" --pid "$pid" | tee "$tmp/load.txt"
rc=${PIPESTATUS[0]}
set -e
kill -0 "$pid" 2>/dev/null || die "gazette died during the run: $(tail -3 "$tmp/err")"
stop_server

# --- Check against the database: every entry posted must be stored -------------------------------------------
result="$(grep '^RESULT ' "$tmp/load.txt" | tail -1 || true)"
[[ -n "$result" ]] || die "live_load printed no RESULT line (exit $rc)"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
posted="$(field events)"
stored="$(sqlite3 "$tmp/data/gazette.db" \
  "SELECT count(*) FROM live_entries WHERE article_id = $article AND body_md LIKE 'bench update %'" \
  2>/dev/null || echo '?')"
echo
echo "live: $(field connections) streams open in $(field open_seconds) s, $(field rss_kb_per_connection) kB each" \
  "on the server; $posted entries: $(field deliveries) deliveries, $(field missing) missing; latency p50" \
  "$(field p50_ms) ms, p99 $(field p99_ms) ms, max $(field max_ms) ms; every stream within 1 s in" \
  "$(field on_time_events) of $posted; the database holds $stored entries"
[[ "$stored" == "?" || "$stored" -ge "$posted" ]] || die "the database holds fewer entries ($stored) than were posted ($posted)"
if [[ "$rc" -ne 0 ]]; then
  [[ -s "$tmp/err" ]] && { echo "--- gazette's log (last lines) ---" >&2; tail -n 20 "$tmp/err" >&2; }
  die "live_load reported failures (exit $rc): see above"
fi
