# Helpers shared by the engine scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# wait_http URL SECONDS: until the URL answers any HTTP status (curl, else python)
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if command -v curl >/dev/null; then
      curl -s -o /dev/null --max-time 2 "$url" && return 0
    else
      python3 -c "import sys,urllib.request as u
try: u.urlopen(sys.argv[1], timeout=2)
except u.HTTPError: pass
" "$url" 2>/dev/null && return 0
    fi
    sleep 0.2
  done
  return 1
}

# stop_pid FILE NAME: TERM the process whose id FILE holds (only that one), KILL it after 30 s
stop_pid() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || { echo "$name: not running (no $file)"; return 0; }
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name: pid $pid did not stop in 30 s, killing it" >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$file"
}
