#!/usr/bin/env bash
# Benchmarks Gazette's hot path (a cached article page) against nginx serving the same bytes as a static
# file. Both servers run on loopback on this machine; wrk drives each in turn with the same settings.
#
# Usage: bench/run.sh [path/to/gazette]        (default: build/release/gazette)
# Env:   DURATION    (default 10s)  length of each measured wrk run
#        CONNECTIONS (default 32)   wrk -c
#        THREADS     (default 2)    wrk -t
#        WORKERS     (default 2)    gazette --threads and nginx worker_processes (the same for both)
#
# Prints a summary table and writes the same numbers to bench/out/latest.json (raw wrk output next to it).
# Exits non-zero if a server fails to start, the bodies differ, or wrk sees non-2xx responses or socket errors.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gazette="${1:-$repo/build/release/gazette}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
WORKERS="${WORKERS:-2}"
WARMUP="2s"
NGINX=/usr/sbin/nginx
WRK=/usr/bin/wrk
out_dir="$repo/bench/out"

die() {
  echo "bench: error: $*" >&2
  exit 1
}

# Prints the last lines of a log file (if it exists) to stderr, to explain a failure.
show_log() {
  if [[ -s "$1" ]]; then
    echo "--- last lines of $(basename "$1") ---" >&2
    tail -n 20 "$1" >&2
  fi
}

[[ -x "$gazette" ]] || die "gazette binary not found or not executable: $gazette (build it with 'make build')"
[[ -x "$NGINX" ]] || die "nginx not found at $NGINX (apt-get install nginx, or run scripts/install-deps.sh)"
[[ -x "$WRK" ]] || die "wrk not found at $WRK (apt-get install wrk, or run scripts/install-deps.sh)"
command -v curl >/dev/null || die "curl not found"
gazette="$(cd "$(dirname "$gazette")" && pwd)/$(basename "$gazette")"

# --- Scratch space and cleanup ----------------------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/gazette-bench.XXXXXX")"
gazette_pid=""
nginx_pid=""

# Stops a server we started: a polite signal first, then SIGKILL if it hasn't exited within 10 s.
stop_server() {
  local pid="$1" sig="$2"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "bench: warning: pid $pid ignored SIG$sig for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  stop_server "$gazette_pid" TERM # Gazette shuts down gracefully on SIGTERM
  stop_server "$nginx_pid" QUIT   # nginx's graceful shutdown
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Helpers ----------------------------------------------------------------------------------------------

# Prints a TCP port on 127.0.0.1 that is free right now.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
  else
    # Fallback: a random high port that nothing answers on.
    local p
    for _ in $(seq 50); do
      p=$((20000 + RANDOM % 40000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        echo "$p"
        return 0
      fi
    done
    return 1
  fi
}

# Polls until a URL answers 200, giving up after ~10 s or as soon as the server process dies.
wait_for_http() {
  local url="$1" pid="$2"
  for _ in $(seq 200); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -sf -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.05
  done
  return 1
}

# Converts a wrk duration ("764.00us", "1.67ms", "2.01s", "1.00m") to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u == "h") n *= 3600000; else if (u != "ms") { print "NaN"; exit 1 }
    printf "%.3f", n
  }'
}

# Runs wrk against a URL, saving its output to a file; fails if wrk saw non-2xx responses or socket errors.
run_wrk() {
  local name="$1" url="$2" duration="$3" outfile="$4"
  if ! "$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$url" >"$outfile" 2>&1; then
    cat "$outfile" >&2
    die "wrk failed against $name"
  fi
  if grep -q 'Non-2xx' "$outfile"; then
    cat "$outfile" >&2
    die "$name returned errors during the wrk run: $(grep 'Non-2xx' "$outfile" | xargs)"
  fi
  if grep -q 'Socket errors' "$outfile"; then
    cat "$outfile" >&2
    die "$name had socket errors during the wrk run: $(grep 'Socket errors' "$outfile" | xargs)"
  fi
  grep -q '^Requests/sec:' "$outfile" || { cat "$outfile" >&2; die "could not parse wrk output for $name"; }
}

# Extracts req/s, p50 and p99 (ms) from a wrk output file as "RPS P50 P99".
parse_wrk() {
  local f="$1" rps p50 p99
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")"
  echo "$rps $p50 $p99"
}

# --- 1. Start Gazette on an OS-chosen port ----------------------------------------------------------------
echo "bench: gazette $gazette; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $WORKERS server workers; $(nproc) cores" >&2
# Everything shares the CPUs, so other work on the machine (builds, browsers) skews the numbers badly.
load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
  echo "bench: warning: load average is $load on $(nproc) cores; results will be noisy" >&2
fi
"$gazette" init --data "$tmp/data" --demo >"$tmp/gazette-init.log" 2>&1 ||
  { show_log "$tmp/gazette-init.log"; die "gazette init --demo failed"; }

"$gazette" serve --data "$tmp/data" --listen 127.0.0.1:0 --access-log "$tmp/gazette-access.log" \
  --threads "$WORKERS" >"$tmp/gazette.out" 2>"$tmp/gazette.err" &
gazette_pid=$!

# Its first stdout line is "listening on http://127.0.0.1:PORT". Poll until a complete line has arrived.
gazette_port=""
for _ in $(seq 200); do
  if [[ -s "$tmp/gazette.out" && "$(wc -l <"$tmp/gazette.out")" -ge 1 ]]; then
    first_line="$(sed -n 1p "$tmp/gazette.out")"
    [[ "$first_line" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] ||
      die "unexpected first line from gazette serve: '$first_line'"
    gazette_port="${BASH_REMATCH[1]}"
    break
  fi
  kill -0 "$gazette_pid" 2>/dev/null || break
  sleep 0.05
done
if [[ -z "$gazette_port" ]]; then
  show_log "$tmp/gazette.err"
  die "gazette serve did not start (no 'listening on' line)"
fi
gazette_base="http://127.0.0.1:$gazette_port"

# --- 2. Pick an article, fetch it once (this also warms Gazette's page cache) -----------------------------
curl -sf "$gazette_base/" -o "$tmp/front.html" || { show_log "$tmp/gazette.err"; die "GET / on gazette failed"; }
page="$(grep -o 'href="/20[0-9][0-9]/[^"]*"' "$tmp/front.html" | sed -n '1{s/^href="//;s/"$//;p}')"
# The path becomes a directory under nginx's root, so insist on the expected shape (no "..", no oddities).
[[ "$page" =~ ^/[0-9]{4}/[0-9]{2}/[0-9]{2}/[A-Za-z0-9._-]+/$ ]] ||
  die "no article link of the form /YYYY/MM/DD/slug/ on the front page (got '$page')"

mkdir -p "$tmp/www$page"
article="$tmp/www${page}index.html"
# No Accept-Encoding header, like wrk: Gazette sends the identity body.
curl -sf "$gazette_base$page" -o "$article" || die "GET $page on gazette failed"
bytes="$(wc -c <"$article" | tr -d ' ')"
[[ "$bytes" -gt 0 ]] || die "gazette returned an empty body for $page"

# --- 3. Start nginx serving the same bytes at the same path ------------------------------------------------
mkdir -p "$tmp/nginx/logs" "$tmp/nginx/temp"
nginx_user=""
# As root, nginx would run its workers as "nobody", who cannot enter the 0700 mktemp directory.
if [[ "$(id -u)" -eq 0 ]]; then nginx_user="user root;"; fi

start_nginx() {
  nginx_port="$(free_port)" || die "could not find a free port for nginx"
  cat >"$tmp/nginx/nginx.conf" <<EOF
# Generated by bench/run.sh: a minimal, fast static-file reference.
$nginx_user
worker_processes $WORKERS;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;

events {
    worker_connections 1024;
}

http {
    default_type text/html;
    charset utf-8;
    access_log $tmp/nginx/logs/access.log combined buffer=64k;

    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;

    client_body_temp_path $tmp/nginx/temp/client_body;
    proxy_temp_path $tmp/nginx/temp/proxy;
    fastcgi_temp_path $tmp/nginx/temp/fastcgi;
    uwsgi_temp_path $tmp/nginx/temp/uwsgi;
    scgi_temp_path $tmp/nginx/temp/scgi;

    server {
        listen 127.0.0.1:$nginx_port;
        root $tmp/www;
        index index.html;
    }
}
EOF
  # -e: the startup error log, so nginx never touches /var/log/nginx.
  "$NGINX" -p "$tmp/nginx" -e "$tmp/nginx/logs/error.log" -c "$tmp/nginx/nginx.conf" \
    >"$tmp/nginx/logs/stdout.log" 2>&1 &
  nginx_pid=$!
  wait_for_http "http://127.0.0.1:$nginx_port$page" "$nginx_pid"
}

# The free port can be taken between choosing it and nginx binding it; retry a couple of times.
nginx_started=""
for _ in 1 2 3; do
  if start_nginx; then
    nginx_started=1
    break
  fi
  stop_server "$nginx_pid" QUIT
  nginx_pid=""
done
if [[ -z "$nginx_started" ]]; then
  show_log "$tmp/nginx/logs/stdout.log"
  show_log "$tmp/nginx/logs/error.log"
  die "nginx did not start"
fi
nginx_base="http://127.0.0.1:$nginx_port"

# --- 4. Both servers must return byte-identical bodies -----------------------------------------------------
# Fetch from Gazette again too: the first fetch rendered the page, this one comes from its cache.
curl -sf "$gazette_base$page" -o "$tmp/gazette-body.html" || die "second GET $page on gazette failed"
curl -sf "$nginx_base$page" -o "$tmp/nginx-body.html" || die "GET $page on nginx failed"
cmp "$article" "$tmp/gazette-body.html" || die "gazette's cached body differs from its first response"
cmp "$article" "$tmp/nginx-body.html" || die "nginx's body differs from gazette's"

# --- 5. Measure ------------------------------------------------------------------------------------------
mkdir -p "$out_dir"
declare -A result
for server in gazette nginx; do
  if [[ "$server" == gazette ]]; then base="$gazette_base" pid="$gazette_pid"; else base="$nginx_base" pid="$nginx_pid"; fi
  echo "bench: $server: warm-up $WARMUP, then $DURATION" >&2
  run_wrk "$server" "$base$page" "$WARMUP" "$tmp/$server-warmup.txt"
  run_wrk "$server" "$base$page" "$DURATION" "$out_dir/$server.wrk.txt"
  if ! kill -0 "$pid" 2>/dev/null; then
    [[ "$server" == gazette ]] && show_log "$tmp/gazette.err"
    die "$server died during the benchmark"
  fi
  result[$server]="$(parse_wrk "$out_dir/$server.wrk.txt")"
done

read -r g_rps g_p50 g_p99 <<<"${result[gazette]}"
read -r n_rps n_p50 n_p99 <<<"${result[nginx]}"
for v in "$g_rps" "$g_p50" "$g_p99" "$n_rps" "$n_p50" "$n_p99"; do
  [[ "$v" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "could not parse wrk results (gazette: ${result[gazette]}; nginx: ${result[nginx]})"
done
ratio="$(awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", (n > 0 ? g / n : 0) }')"

# --- Report ----------------------------------------------------------------------------------------------
echo
echo "page: $page ($bytes bytes)"
printf '%-9s %7s req/s   p50 %s ms  p99 %s ms\n' gazette "$g_rps" "$g_p50" "$g_p99"
printf '%-9s %7s req/s   p50 %s ms  p99 %s ms\n' nginx "$n_rps" "$n_p50" "$n_p99"
printf '%-9s %s (gazette / nginx)\n' ratio "$ratio"

commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$repo" status --porcelain 2>/dev/null)" ]]; then commit="$commit-dirty"; fi
nginx_version="$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
cat >"$out_dir/latest.json.tmp" <<EOF
{
  "time": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$commit",
  "page": "$page",
  "bytes": $bytes,
  "wrk": { "threads": $THREADS, "connections": $CONNECTIONS, "duration": "$DURATION" },
  "server_workers": $WORKERS,
  "cores": $(nproc),
  "load_average_at_start": $load,
  "nginx_version": "$nginx_version",
  "gazette": { "requests_per_sec": $g_rps, "p50_ms": $g_p50, "p99_ms": $g_p99 },
  "nginx": { "requests_per_sec": $n_rps, "p50_ms": $n_p50, "p99_ms": $n_p99 },
  "ratio": $ratio
}
EOF
mv "$out_dir/latest.json.tmp" "$out_dir/latest.json"
echo "bench: wrote $out_dir/latest.json" >&2
