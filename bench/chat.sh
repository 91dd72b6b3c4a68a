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

source "$repo/bench/lib.sh"
[[ -x "$gazette" ]] || die "gazette binary not found: $gazette (make build)"
[[ -x "$chat_load" ]] || die "chat_load not found: $chat_load (build the chat_load target)"
command -v curl >/dev/null || die "curl not found"
for v in CONNECTIONS MESSAGES WINDOW WORKERS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-bench-chat.XXXXXX")"
raise_open_files "$CONNECTIONS"

# --- A demo site with an agent, served on a port the OS picks ----------------------------------------------
start_gazette "$gazette" "$WORKERS" "$agent_email" "Bench Agent" agent "$agent_password"

# --- Sign the agent in, as a browser would: the form's CSRF token and its cookie, then the POST ----------
sign_in "$agent_email" "$agent_password"

# --- Run -----------------------------------------------------------------------------------------------------
echo "bench: chat_load: $CONNECTIONS readers' sockets, $MESSAGES message(s) each, window $WINDOW, an agent" \
  "connected; gazette --threads $WORKERS; $(nproc) cores; open files $(ulimit -n)" >&2
warn_if_busy
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
