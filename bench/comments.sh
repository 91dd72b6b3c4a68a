#!/usr/bin/env bash
# Benchmarks posting comments: wrk sends POST /wp-comments-post.php as fast as Gazette answers, each a new
# comment (its own text and email, so no duplicate and no flood check refuses it) that Gazette checks,
# commits to disk (SQLite, synchronous=FULL) and answers with 303. WordPress on this machine accepts
# about 150 comments a second.
#
# Usage: bench/comments.sh [path/to/gazette]      (default: build/release/gazette)
# Env:   DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 2), WORKERS (default 2)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gazette="${1:-$repo/build/release/gazette}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
WORKERS="${WORKERS:-2}"
WRK=/usr/bin/wrk

die() {
  echo "bench: error: $*" >&2
  exit 1
}
[[ -x "$gazette" ]] || die "gazette binary not found: $gazette (make build)"
[[ -x "$WRK" ]] || die "wrk not found (scripts/install-deps.sh)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-bench-comments.XXXXXX")"
pid=""
cleanup() {
  local rc=$?
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

"$gazette" init --data "$tmp/data" --demo >/dev/null
"$gazette" settings set --data "$tmp/data" comments.flood_seconds 0 # one address sends them all
mkfifo "$tmp/out"
"$gazette" serve --data "$tmp/data" --listen 127.0.0.1:0 --access-log off --threads "$WORKERS" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3<"$tmp/out"
IFS= read -r -t 30 first <&3 || die "gazette did not start: $(tail -3 "$tmp/err")"
cat <&3 >/dev/null &
[[ $first =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]] || die "unexpected first line: $first"
base="${BASH_REMATCH[1]}"
post_id="$(curl -sf "$base/wp-json/wp/v2/posts?per_page=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"
[[ -n "$post_id" ]] || die "no article to comment on"

cat >"$tmp/post.lua" <<LUA
-- Each wrk thread numbers its own comments; thread ids keep them apart.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
request = function()
  n = n + 1
  local who = tid .. "-" .. n
  local body = "comment_post_ID=$post_id&comment_parent=0&author=Bench+Reader&email=bench" .. who ..
      "%40example.com&comment=Comment+number+" .. who .. "+from+the+benchmark."
  return wrk.format("POST", "/wp-comments-post.php", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
LUA

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d$DURATION POST /wp-comments-post.php; gazette --threads $WORKERS; $(nproc) cores" >&2
"$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$tmp/post.lua" "$base" >"$tmp/wrk.txt" 2>&1 ||
  { cat "$tmp/wrk.txt" >&2; die "wrk failed"; }
if grep -q 'Non-2xx\|Socket errors' "$tmp/wrk.txt"; then
  cat "$tmp/wrk.txt" >&2
  die "errors during the run"
fi
rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.txt")"
p50="$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.txt")"
p99="$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.txt")"
kill -TERM "$pid"
wait "$pid" || true
pid=""
stored="$(sqlite3 "$tmp/data/gazette.db" 'SELECT count(*) FROM comments' 2>/dev/null || echo '?')"
sent="$(awk '/requests in/ { print $1 }' "$tmp/wrk.txt")"
echo "comments accepted: $rps/s (p50 $p50, p99 $p99); wrk sent $sent, the database holds $stored"
[[ "$stored" == "?" || "$stored" -ge "$sent" ]] || die "the database holds fewer comments ($stored) than were answered ($sent)"
