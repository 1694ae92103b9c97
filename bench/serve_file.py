"""Serve an N-Triples file with our service (one uvicorn worker), for the HTTP benchmark.

python -m bench.serve_file FILE.nt PORT
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import uvicorn


def main() -> None:
    from api.app import create_app
    from cmkg.config import Settings
    from cmkg.store import OxigraphStore

    path, port = Path(sys.argv[1]), int(sys.argv[2])
    store = OxigraphStore.from_ntriples(path.read_bytes())
    # BENCH_QUERY_WORKERS=0 runs queries in threads (no hard stop), to measure what isolation costs
    settings = Settings(query_workers=int(os.environ.get("BENCH_QUERY_WORKERS", "2")), query_timeout=30)
    uvicorn.run(create_app(settings, store), host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
