#!/usr/bin/env bash
# Times `gazette import-wxr` on a generated WordPress export: 10,000 posts and 100,000 comments by
# default (bench/wxr_gen.py), into a fresh data directory, then a second import of the same file (which
# must change nothing). Usage: bench/import.sh path/to/gazette [POSTS] [COMMENTS]
set -euo pipefail
bin="${1:?usage: bench/import.sh path/to/gazette [posts] [comments]}"
posts="${2:-10000}"
comments="${3:-100000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
here="$(cd "$(dirname "$0")" && pwd)"

python3 "$here/wxr_gen.py" "$posts" "$comments" > "$tmp/site.xml"
echo "import: $(du -h "$tmp/site.xml" | cut -f1) export with $posts posts and $comments comments"
"$bin" init --data "$tmp/data" > /dev/null
start=$EPOCHREALTIME
"$bin" import-wxr --data "$tmp/data" "$tmp/site.xml" 2>/dev/null
end=$EPOCHREALTIME
awk -v s="$start" -v e="$end" 'BEGIN { printf "import: first import took %.1f s\n", e - s }'
start=$EPOCHREALTIME
"$bin" import-wxr --data "$tmp/data" "$tmp/site.xml" 2>/dev/null
end=$EPOCHREALTIME
awk -v s="$start" -v e="$end" 'BEGIN { printf "import: second import (nothing new) took %.1f s\n", e - s }'
