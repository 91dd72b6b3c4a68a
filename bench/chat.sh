#!/usr/bin/env bash
# Benchmarks the live chat. chat_load (one process, one thread) opens CONNECTIONS readers' chat sockets
# (/chat/ws) on one Gazette and reports how long that took and what each costs the server in memory
# (VmRSS before and after). Then each reader sends MESSAGES messages, at most WINDOW waiting for their ack
# at once: an ack comes only once the message is on disk (SQLite, synchronous=FULL), so acks/s is a rate
# of durable round trips. A newsroom agent, signed in through /admin/login as a browser would, holds the
# inbox socket (/admin/chat/ws) throughout: a person is online, so the bot stays quiet, and every message's
# delivery to the agent is timed too. Readers connect from 127.0.X.Y, 16 to an address, because the server
# allows 20 new conversations an hour from one address.
#
# Usage: bench/chat.sh [path/to/gazette] [path/to/chat_load]
#        (defaults: build/release/gazette and build/release/chat_load)
# Env:   CONNECTIONS (default 10000), MESSAGES (default 3, the most), WINDOW (default 64),
#        WORKERS (gazette --threads, default 2)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gazette="${1:-$repo/build/release/gazette}"
chat_load="${2:-$repo/build/release/chat_load}"
CONNECTIONS="${CONNECTIONS:-10000}"
MESSAGES="${MESSAGES:-3}"
WINDOW="${WINDOW:-64}"
WORKERS="${WORKERS:-2}"
agent_email="agent@bench.test"
agent_password="a long passphrase for the bench agent only"

die() {
  echo "bench: error: $*" >&2
  exit 1
}
[[ -x "$gazette" ]] || die "gazette binary not found: $gazette (make build)"
[[ -x "$chat_load" ]] || die "chat_load not found: $chat_load (build the chat_load target)"
command -v curl >/dev/null || die "curl not found"
for v in CONNECTIONS MESSAGES WINDOW WORKERS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done

# One descriptor per reader here and one in the server, each process under its own limit: raise ours (both
# processes inherit it) to the hard limit.
hard="$(ulimit -Hn)"
if [[ "$hard" != unlimited ]] && ((CONNECTIONS + 200 > hard)); then
  die "$CONNECTIONS connections need more open files than the hard limit ($hard) allows: raise it, or set CONNECTIONS"
fi
[[ "$hard" == unlimited ]] || ulimit -n "$hard"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-bench-chat.XXXXXX")"
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

# --- A demo site with an agent, served on a port the OS picks ----------------------------------------------
"$gazette" init --data "$tmp/data" --demo >/dev/null
# The password is read from standard input.
printf '%s\n' "$agent_password" |
  "$gazette" user add --data "$tmp/data" --email "$agent_email" --name "Bench Agent" --role agent >/dev/null
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

# --- Sign the agent in, as a browser would: the form's CSRF token and its cookie, then the POST ----------
jar="$tmp/cookies"
curl -sf -c "$jar" "$base/admin/login" -o "$tmp/login.html" || die "GET /admin/login failed"
csrf="$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)"
[[ -n "$csrf" ]] || die "no _csrf field in the sign-in form"
status="$(curl -s -o /dev/null -D "$tmp/login.headers" -w '%{http_code}' -c "$jar" -b "$jar" \
  -H "Origin: $base" -H "Referer: $base/admin/login" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "email=$agent_email" --data-urlencode "password=$agent_password" \
  "$base/admin/login")"
[[ "$status" == 303 ]] || die "sign-in failed: HTTP $status (expected 303)"
session="$(tr -d '\r' <"$tmp/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *\(gz_session=[^;]*\).*/\1/p' | head -1)"
[[ -n "$session" ]] || die "the sign-in set no gz_session cookie"

# --- Run -----------------------------------------------------------------------------------------------------
echo "bench: chat_load: $CONNECTIONS readers' sockets, $MESSAGES message(s) each, window $WINDOW, an agent" \
  "connected; gazette --threads $WORKERS; $(nproc) cores; open files $(ulimit -n)" >&2
load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
  echo "bench: warning: load average is $load on $(nproc) cores; results will be noisy" >&2
fi
set +e
"$chat_load" --port "$port" --connections "$CONNECTIONS" --messages "$MESSAGES" --window "$WINDOW" \
  --cookie "$session" --pid "$pid" | tee "$tmp/load.txt"
rc=${PIPESTATUS[0]}
set -e
kill -0 "$pid" 2>/dev/null || die "gazette died during the run: $(tail -3 "$tmp/err")"
stop_server

# --- Check against the database: every acked message must be stored -----------------------------------------
result="$(grep '^RESULT ' "$tmp/load.txt" | tail -1 || true)"
[[ -n "$result" ]] || die "chat_load printed no RESULT line (exit $rc)"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
acked="$(field messages)"
stored="$(sqlite3 "$tmp/data/gazette.db" \
  "SELECT count(*) FROM chat_messages WHERE sender = 'visitor' AND text LIKE 'bench %'" 2>/dev/null || echo '?')"
echo
echo "chat: $(field connections) sockets open in $(field open_seconds) s, $(field rss_kb_per_connection) kB each" \
  "on the server; $acked messages acked at $(field msgs_per_s)/s (p50 $(field ack_p50_ms) ms, p99" \
  "$(field ack_p99_ms) ms); delivered to the agent p50 $(field deliver_p50_ms) ms, p99 $(field deliver_p99_ms) ms;" \
  "the database holds $stored"
[[ "$stored" == "?" || "$stored" -ge "$acked" ]] || die "the database holds fewer messages ($stored) than were acked ($acked)"
if [[ "$rc" -ne 0 ]]; then
  [[ -s "$tmp/err" ]] && { echo "--- gazette's log (last lines) ---" >&2; tail -n 20 "$tmp/err" >&2; }
  die "chat_load reported failures (exit $rc): see above"
fi
