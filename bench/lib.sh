# Shared by the chat and live benchmarks (sourced; bash): failing clearly, raising the open-files limit,
# starting Gazette on a port the OS picks and stopping it, signing a newsroom member in as a browser would,
# and warning when the machine is busy. The sourcing script sets tmp (a temporary directory) first.

die() {
  echo "bench: error: $*" >&2
  exit 1
}

# One descriptor per client here and one in the server, each process under its own limit: raise ours (both
# processes inherit it) to the hard limit. $1: the connections the run opens.
raise_open_files() {
  local hard
  hard="$(ulimit -Hn)"
  if [[ "$hard" != unlimited ]] && (($1 + 200 > hard)); then
    die "$1 connections need more open files than the hard limit ($hard) allows: raise it, or set CONNECTIONS"
  fi
  [[ "$hard" == unlimited ]] || ulimit -n "$hard"
}

tmp="${tmp:-}"
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

# A demo site with one newsroom member, served on a port the OS picks: sets pid, port and base.
# $1 gazette, $2 workers, $3 email, $4 name, $5 role, $6 password.
start_gazette() {
  "$1" init --data "$tmp/data" --demo >/dev/null
  printf '%s\n' "$6" | "$1" user add --data "$tmp/data" --email "$3" --name "$4" --role "$5" >/dev/null
  "$1" serve --data "$tmp/data" --listen 127.0.0.1:0 --access-log off --log-level warn --threads "$2" \
    >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  # Its first stdout line is "listening on http://127.0.0.1:PORT". Poll until a complete line has arrived.
  port=""
  local first
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
}

# Signs in as a browser would (the form's CSRF token and its cookie, then the POST): sets session
# ("gz_session=...") and csrf (the session's token for posting forms). $1 email, $2 password.
sign_in() {
  local jar="$tmp/cookies" login_csrf status
  curl -sf -c "$jar" "$base/admin/login" -o "$tmp/login.html" || die "GET /admin/login failed"
  login_csrf="$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)"
  [[ -n "$login_csrf" ]] || die "no _csrf field in the sign-in form"
  status="$(curl -s -o /dev/null -D "$tmp/login.headers" -w '%{http_code}' -c "$jar" -b "$jar" \
    -H "Origin: $base" -H "Referer: $base/admin/login" \
    --data-urlencode "_csrf=$login_csrf" --data-urlencode "email=$1" --data-urlencode "password=$2" \
    "$base/admin/login")"
  [[ "$status" == 303 ]] || die "sign-in failed: HTTP $status (expected 303)"
  session="$(tr -d '\r' <"$tmp/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *\(gz_session=[^;]*\).*/\1/p' | head -1)"
  [[ -n "$session" ]] || die "the sign-in set no gz_session cookie"
  # The session's own CSRF token: the hidden _csrf field of any newsroom page.
  curl -sf -H "Cookie: $session" "$base/admin/" -o "$tmp/admin.html" || die "GET /admin/ failed (signed in?)"
  csrf="$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$tmp/admin.html" | head -1)"
  [[ -n "$csrf" ]] || die "no _csrf field on the newsroom's dashboard"
}

warn_if_busy() {
  local load
  load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
  if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
    echo "bench: warning: load average is $load on $(nproc) cores; results will be noisy" >&2
  fi
}
