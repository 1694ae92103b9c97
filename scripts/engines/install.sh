#!/usr/bin/env bash
# install.sh: install the SPARQL engines the integration tests start (each only if missing).
#   Oxigraph server: PyPI package `oxigraph` (its `oxigraph` command) into .venv
#   Virtuoso 7:      Debian package virtuoso-opensource (needs root; apt-get)
# Virtuoso's own Debian service is never used: virtuoso.sh runs private instances. If this script installs
# the package and the package started its service, the service is stopped and disabled again.
# Without root a missing Virtuoso is reported and the tests skip it; with CI=true it is an error.
set -euo pipefail
source "$(dirname "$0")/common.sh"

missing=()

if [ -x "$VENV/bin/oxigraph" ] || command -v oxigraph >/dev/null; then
  :
elif [ -x "$VENV/bin/pip" ]; then
  echo "installing the Oxigraph server (PyPI: oxigraph) into $VENV"
  "$VENV/bin/pip" install --quiet "oxigraph>=0.5,<0.6" || missing+=("oxigraph (pip install oxigraph failed)")
else
  missing+=("oxigraph (no $VENV: run make first)")
fi

stop_package_service() {
  # the package's service, if it is running: the init script stops it by its own pid file
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/virtuoso-opensource-7 ]; then
    /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1 || true
  fi
  if [ -f /var/run/virtuoso-opensource-7.pid ] && kill -0 "$(cat /var/run/virtuoso-opensource-7.pid)" 2>/dev/null; then
    echo "warning: the Debian virtuoso-opensource-7 service still runs (ports 1111/8890); ours use their own ports" >&2
  fi
}

if command -v virtuoso-t >/dev/null; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Virtuoso 7 (Debian: virtuoso-opensource)"
  export DEBIAN_FRONTEND=noninteractive
  install() { apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; }
  # a fresh machine has no package lists yet: update once, only then
  if install || { apt-get update -qq && install; }; then
    stop_package_service
  else
    missing+=("virtuoso (apt-get install virtuoso-opensource failed)")
  fi
else
  missing+=("virtuoso (needs root: apt-get install virtuoso-opensource)")
fi

if [ ${#missing[@]} -gt 0 ]; then
  for m in "${missing[@]}"; do echo "not installed: $m" >&2; done
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "the tests of these engines will be skipped" >&2
fi
exit 0
