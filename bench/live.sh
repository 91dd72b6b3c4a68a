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

source "$repo/bench/lib.sh"
[[ -x "$gazette" ]] || die "gazette binary not found: $gazette (make build)"
[[ -x "$live_load" ]] || die "live_load not found: $live_load (build the live_load target)"
command -v curl >/dev/null || die "curl not found"
for v in CONNECTIONS EVENTS WORKERS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-bench-live.XXXXXX")"
raise_open_files "$CONNECTIONS"

# --- A demo site with an editor, served on a port the OS picks ---------------------------------------------
start_gazette "$gazette" "$WORKERS" "$editor_email" "Bench Editor" editor "$editor_password"

# --- Sign the editor in, as a browser would: the form's CSRF token and its cookie, then the POST ----------
sign_in "$editor_email" "$editor_password"

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
warn_if_busy
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
