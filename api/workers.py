"""Queries in worker processes, so a runaway query can really be stopped (its process is killed).

An embedded pyoxigraph query cannot be interrupted from another thread: a thread that is no longer
waited for keeps burning CPU and memory. Here each query runs in one of N worker processes, each with its
own in-memory copy of the graph (loaded from an N-Triples file) or, with ``worker_store="disk"``, a shared
read-only on-disk copy (less memory; measured 5-6x slower on a join at 100k triples); past the deadline the
worker is killed (CPU and memory freed at once) and a fresh one replaces it. When all workers are busy, a
request gets 429 with Retry-After.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import shutil
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from api import query_worker
from api.errors import CmkgError, QuerySyntax, QueryTimeout

log = logging.getLogger("cmkg.workers")
CTX = mp.get_context("spawn")


class Busy(CmkgError):
    status, code = 429, "too_many_queries"


class QueryTooLarge(CmkgError):
    status, code = 503, "query_memory_limit"


class _Worker:
    """A worker process; ``ready()`` waits for it to hold its copy of the graph (start several, then wait)."""

    def __init__(self, source: tuple[str, str], memory_limit_bytes: int):
        parent, child = CTX.Pipe()
        self.conn: Connection = parent
        self.process: BaseProcess = CTX.Process(
            target=query_worker.serve, args=(child, source, memory_limit_bytes), daemon=True
        )
        self.process.start()
        child.close()

    def ready(self, limit: float = 600) -> _Worker:
        try:
            if not self.conn.poll(limit):
                raise OSError(f"it did not start in {limit:g} s")
            status, detail = self.conn.recv()
            if status != "ready":
                raise OSError(detail)
        except (EOFError, OSError) as exc:
            self.kill()
            raise RuntimeError(f"a query worker could not open the store: {exc}") from None
        return self

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()


class QueryWorkers:
    """A fixed pool of worker processes over a read-only copy of one graph version."""

    def __init__(
        self,
        ntriples: bytes,
        size: int,
        memory_limit_mb: int,
        retry_after: int,
        queue_timeout: float = 1.0,
        in_memory: bool = True,
    ):
        self.size = size
        self.queue_timeout = queue_timeout
        self._admission = asyncio.Semaphore(size)
        self.retry_after = retry_after
        self.memory_limit_bytes = memory_limit_mb * 1024 * 1024
        self.directory = Path(tempfile.mkdtemp(prefix="cmkg-store-"))
        if in_memory:
            graph_file = self.directory / "graph.nt"
            graph_file.write_bytes(ntriples)
            self.source = ("memory", str(graph_file))
        else:
            disk = ox.Store(str(self.directory))
            disk.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
            disk.flush()
            del disk
            self.source = ("disk", str(self.directory))
        # started together, so their copies of the graph load in parallel
        starting = [_Worker(self.source, self.memory_limit_bytes) for _ in range(size)]
        try:
            self._idle: list[_Worker] = [worker.ready() for worker in starting]
        except RuntimeError:
            for worker in starting:
                worker.kill()
            shutil.rmtree(self.directory, ignore_errors=True)
            raise
        self._lock = threading.Lock()
        self.closed = False
        self.killed = 0
        self.last_stop_seconds = 0.0

    def _spawn(self) -> _Worker:
        return _Worker(self.source, self.memory_limit_bytes).ready()

    def _take(self) -> _Worker:
        with self._lock:
            if not self._idle:
                raise Busy(
                    f"all {self.size} query workers are busy; retry shortly",
                    headers={"Retry-After": str(self.retry_after)},
                )
            return self._idle.pop()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def _replace(self, worker: _Worker) -> None:
        started = time.monotonic()
        worker.kill()
        self.last_stop_seconds = time.monotonic() - started
        self.killed += 1
        if self.closed:
            return
        try:
            fresh = self._spawn()
        except RuntimeError:
            if not self.closed:
                log.exception("could not replace a query worker")
            return
        if self.closed:
            fresh.stop()
            return
        self._give_back(fresh)

    @staticmethod
    async def _reply(worker: _Worker, timeout: float) -> tuple | None:
        """The worker's answer, or None past the deadline. Waits on the event loop (the pipe's readiness),
        not in a thread: a thread hand-off per query cost more than the rest of a small query's path."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, timeout)
        except TimeoutError:
            return None
        finally:
            loop.remove_reader(fd)
            # an event loop may leave the descriptor non-blocking (uvloop does): recv() must block until the
            # whole message has arrived, or a large answer fails half-read
            os.set_blocking(fd, True)
        return worker.conn.recv()

    async def run(self, query: str, max_rows: int, timeout: float, formats: dict | None = None) -> dict:
        """Run on an idle worker, waiting at most queue_timeout for one (then 429).

        Without ``formats`` the answer holds terms (for callers that read the rows); with it, the worker
        serialises the result itself (see query_worker.execute_serialised)."""
        try:
            await asyncio.wait_for(self._admission.acquire(), self.queue_timeout)
        except TimeoutError:
            raise Busy(
                f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s; retry shortly",
                headers={"Retry-After": str(self.retry_after)},
            ) from None
        try:
            return await self._run(query, max_rows, timeout, formats)
        finally:
            self._admission.release()

    async def _run(self, query: str, max_rows: int, timeout: float, formats: dict | None) -> dict:
        worker = self._take()
        try:
            worker.conn.send((query, max_rows, formats))
            reply = await self._reply(worker, timeout)
        except asyncio.CancelledError:
            # the client went away: the worker may still be busy, so it is replaced, not reused
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        except (OSError, EOFError):
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise QueryTooLarge("the query worker stopped while answering this query") from None
        if reply is None:
            # kill now (frees CPU and memory at once); spawn the replacement off the request path
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit (setting CMKG_QUERY_TIMEOUT)")
        self._give_back(worker)
        status, payload = reply
        if status == "ok":
            return payload
        if status == "syntax":
            raise QuerySyntax(f"SPARQL syntax error: {payload}")
        if status == "memory":
            raise QueryTooLarge(payload)
        raise QuerySyntax(f"the query could not be evaluated: {payload}")

    def close(self) -> None:
        with self._lock:
            self.closed = True
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._idle if w.process.pid]
