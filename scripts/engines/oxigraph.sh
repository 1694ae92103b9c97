#!/usr/bin/env bash
# oxigraph.sh start|stop DIR PORT: an Oxigraph server (PyPI `oxigraph`, installed into .venv by install.sh)
# with its data in DIR/data, listening on 127.0.0.1:PORT only. Query /query, update /update, GSP /store.
# OXIGRAPH_TIMEOUT (seconds, default 30) bounds each query inside the server.
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ $# -ge 2 ] || die "usage: oxigraph.sh start|stop DIR [PORT]"
action=$1 dir=$2 port=${3:-7878}
pidfile="$dir/oxigraph.pid"

case "$action" in
  start)
    bin="${OXIGRAPH_BIN:-$VENV/bin/oxigraph}"
    [ -x "$bin" ] || bin=$(command -v oxigraph) || die "no oxigraph binary: run scripts/engines/install.sh"
    mkdir -p "$dir/data"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then die "already running (pid $(cat "$pidfile"))"; fi
    nohup "$bin" serve --location "$dir/data" --bind "127.0.0.1:$port" --timeout-s "${OXIGRAPH_TIMEOUT:-30}" \
      >"$dir/oxigraph.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    if ! wait_http "http://127.0.0.1:$port/query" 30; then
      tail -20 "$dir/oxigraph.log" >&2
      stop_pid "$pidfile" oxigraph
      die "oxigraph did not answer on 127.0.0.1:$port within 30 s"
    fi
    echo "oxigraph: pid $(cat "$pidfile"), http://127.0.0.1:$port/query, data in $dir/data"
    ;;
  stop) stop_pid "$pidfile" oxigraph ;;
  *) die "unknown action '$action' (start|stop)" ;;
esac
