#!/usr/bin/env bash
# Headless-browser tests for Gazette's reader pages.
#
#   tests/browser/run.sh path/to/gazette [--screenshots]
#
# Creates a throw-away data directory with the demo content, starts the server
# on a free port, and runs the node:test suites against it with Debian's
# chromium (/usr/bin/chromium, override with CHROMIUM=...). With --screenshots
# it also writes front.png, article.png, front-phone.png and article-dark.png
# into docs/screenshots/. The exit code is the test runner's.
set -euo pipefail

usage() {
  echo "usage: $0 path/to/gazette [--screenshots]" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
gazette=$1
screenshots=0
if [[ $# -eq 2 ]]; then
  [[ $2 == --screenshots ]] || usage
  screenshots=1
fi
if [[ ! -f $gazette || ! -x $gazette ]]; then
  echo "$0: not an executable file: $gazette" >&2
  exit 2
fi
gazette="$(cd "$(dirname "$gazette")" && pwd)/$(basename "$gazette")"

here="$(cd "$(dirname "$0")" && pwd)"
shots_dir="$(dirname "$0")/../../docs/screenshots"

# Dependencies: (re)install only when node_modules is missing or older than the
# lock file. npm writes node_modules/.package-lock.json on every install.
if [[ ! -f $here/node_modules/.package-lock.json || $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
  echo "# installing test dependencies (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-browser.XXXXXX")"
server_pid=
drain_pid=
node_pid=

cleanup() {
  local status=$?
  if [[ -n $node_pid ]] && kill -0 "$node_pid" 2>/dev/null; then
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n $drain_pid ]]; then
    wait "$drain_pid" 2>/dev/null || true
  fi
  exec 3<&- 2>/dev/null || true
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$gazette" init --data "$tmp/data" --demo >"$tmp/init.log" 2>&1 || {
  echo "$0: gazette init --demo failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
}

# A newsroom account for the admin tests (its password comes on stdin, as an operator would give it).
export GAZETTE_TEST_EMAIL=editor@riverton.example
export GAZETTE_TEST_PASSWORD=browser-test-passphrase
printf '%s\n' "$GAZETTE_TEST_PASSWORD" | "$gazette" user add --data "$tmp/data" --email "$GAZETTE_TEST_EMAIL" \
  --name "Edna Editor" --role editor >"$tmp/user.log" 2>&1 || {
  echo "$0: gazette user add failed:" >&2
  cat "$tmp/user.log" >&2
  exit 1
}
# A second person: the site's admin (settings; two people on one article).
export GAZETTE_TEST_ADMIN_EMAIL=admin@riverton.example
printf '%s\n' "$GAZETTE_TEST_PASSWORD" | "$gazette" user add --data "$tmp/data" --email "$GAZETTE_TEST_ADMIN_EMAIL" \
  --name "Ada Admin" --role admin >"$tmp/user.log" 2>&1 || {
  echo "$0: gazette user add (admin) failed:" >&2
  cat "$tmp/user.log" >&2
  exit 1
}
# An application password for the editor: the WordPress REST client test (wpapi.test.js) uses it.
GAZETTE_TEST_APP_PASSWORD="$("$gazette" app-password add --data "$tmp/data" --email "$GAZETTE_TEST_EMAIL" \
  --name "wpapi test" 2>"$tmp/app-password.log")" || {
  echo "$0: gazette app-password add failed:" >&2
  cat "$tmp/app-password.log" >&2
  exit 1
}
export GAZETTE_TEST_APP_PASSWORD

# A chat agent, for the live chat's reader-and-agent test.
export GAZETTE_TEST_AGENT_EMAIL=agent@riverton.example
printf '%s\n' "$GAZETTE_TEST_PASSWORD" | "$gazette" user add --data "$tmp/data" --email "$GAZETTE_TEST_AGENT_EMAIL" \
  --name "Agnes Agent" --role agent >"$tmp/user.log" 2>&1 || {
  echo "$0: gazette user add (agent) failed:" >&2
  cat "$tmp/user.log" >&2
  exit 1
}

# Browser tests post several comments from one address within seconds: no flood limit here.
"$gazette" settings set --data "$tmp/data" comments.flood_seconds 0 >"$tmp/settings.log" 2>&1 || {
  echo "$0: gazette settings set failed:" >&2
  cat "$tmp/settings.log" >&2
  exit 1
}

# The server's first stdout line is "listening on http://127.0.0.1:PORT". Read it
# through a FIFO (no polling), then keep draining stdout so the server never
# blocks on a full pipe.
mkfifo "$tmp/stdout"
"$gazette" serve --data "$tmp/data" --listen 127.0.0.1:0 --access-log off --timezone UTC \
  >"$tmp/stdout" 2>"$tmp/server.err" &
server_pid=$!
exec 3<"$tmp/stdout"
first_line=
# (-t only bounds a server that hangs silently; the read returns as soon as the
# line arrives, or at EOF if the server dies.)
if ! IFS= read -r -t 60 first_line <&3; then
  echo "$0: the server did not announce its address (exited or hung):" >&2
  cat "$tmp/server.err" >&2
  exit 1
fi
cat <&3 >"$tmp/server.out" &
drain_pid=$!
exec 3<&-

first_line=${first_line%$'\r'}
if [[ ! $first_line =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)/?$ ]]; then
  echo "$0: unexpected first line from the server: $first_line" >&2
  exit 1
fi
export GAZETTE_URL=${BASH_REMATCH[1]}
echo "# server: $GAZETTE_URL (pid $server_pid)"

# Two rounds, one after the other: the reader tests (and screenshots) see the demo site as it was
# loaded; the newsroom tests, which publish and edit articles, come after them.
reader_tests=(site.test.js)
if (( screenshots )); then
  mkdir -p "$shots_dir"
  export GAZETTE_SCREENSHOTS="$(cd "$shots_dir" && pwd)"
  reader_tests+=(screenshots.test.js)
else
  unset GAZETTE_SCREENSHOTS
fi

# In the background so that an interrupt reaches the trap at once (bash defers
# traps while a foreground child runs); cleanup then stops node and the server.
status=0
for round in reader newsroom; do
  if [[ $round == reader ]]; then tests=("${reader_tests[@]}"); else tests=(admin.test.js comments.test.js chat.test.js live.test.js wpapi.test.js import.test.js); fi
  if [[ -n ${GAZETTE_BROWSER_ONLY:-} ]]; then # one file while working on it: GAZETTE_BROWSER_ONLY=chat.test.js
    [[ $round == newsroom ]] || continue
    tests=("$GAZETTE_BROWSER_ONLY")
  fi
  (cd "$here" && exec node --test --test-reporter=tap "${tests[@]}") &
  node_pid=$!
  wait "$node_pid" || status=$?
  node_pid=
done

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "# the server died during the tests; its stderr:" >&2
  cat "$tmp/server.err" >&2
  (( status )) || status=1
fi
exit "$status"
