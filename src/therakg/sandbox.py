"""Run queries under a time cap that really stops them.

Neither embedded engine can interrupt a running query, so queries run in worker processes:
a worker that overruns the cap is killed and replaced, and the caller gets a clear
QueryTimeout. Rows are capped as they are read (the engine computes them lazily), so a huge
answer stops early too.

Workers open the store by address. An in-memory graph cannot be shared between processes,
so `Sandbox.for_graph` first writes it to an on-disk Oxigraph store that the workers open
read-only.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import shutil
import sys
import tempfile
import threading
import time
import types
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph

from .errors import TheraKGError
from .guard import CheckedQuery
from .queries import Query

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000


class QueryTimeout(TheraKGError):
    """A query ran past the time cap and was stopped."""


@dataclass(frozen=True)
class Caps:
    timeout: float = DEFAULT_TIMEOUT  # seconds
    max_rows: int = DEFAULT_MAX_ROWS


def _serve(address: str, conn) -> None:
    """A worker's loop: open the store, then answer queries until told to stop."""
    from .queries import Query, run_checked, run_query
    from .store import open_store

    try:
        store = open_store(address)
    except TheraKGError as e:
        conn.send(("error", str(e)))
        return
    conn.send(("ready", None))
    indexes: dict = {}  # term lookups, built once per kind: the store does not change
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            store.close()
            return
        query, params, max_rows = message
        try:
            if isinstance(query, Query):  # a catalogue query: its parameters are looked up here
                answer = run_query(store, query, params, max_rows, indexes)
            else:
                answer = run_checked(store, query, params, max_rows)
            if answer.graph is not None:  # graphs travel as N-Triples
                answer.graph = answer.graph.serialize(format="nt", encoding="utf-8")
            conn.send(("ok", answer))
        except TheraKGError as e:
            conn.send(("error", e if type(e).__init__ is Exception.__init__ else TheraKGError(str(e))))
        except Exception as e:  # noqa: BLE001 - report, keep serving
            conn.send(("error", TheraKGError(f"The query failed: {e}")))


@contextlib.contextmanager
def _importable_main():
    """Start a process without it re-running the parent's main script.

    A spawned worker imports the parent's `__main__` first. Under Streamlit that is the
    app's page script (and under a notebook, nothing importable), so hide it while the
    worker starts: the worker needs only this module.
    """
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


_MAIN_LOCK = threading.Lock()


class _Worker:
    def __init__(self, context, address: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(address, child), daemon=True)
        with _importable_main():
            self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise TheraKGError(f"A query worker did not start within {timeout:g} s.")
        status, detail = self.conn.recv()
        if status != "ready":
            raise TheraKGError(detail)
        self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


class Sandbox:
    """A pool of worker processes answering checked queries under caps."""

    def __init__(self, address: str, workers: int = 2, caps: Caps = Caps(), cleanup: str | None = None):
        self.address = address
        self.caps = caps
        self._cleanup = cleanup
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(max(1, workers)):
            self._idle.put(self._start())
        first = self._idle.get()
        try:
            first.wait_ready(60)  # fail now, clearly, if the store cannot be opened
        finally:
            self._idle.put(first)

    @classmethod
    def for_graph(cls, graph: Graph, workers: int = 2, caps: Caps = Caps()) -> Sandbox:
        """A sandbox over an in-memory graph: written once to a temporary on-disk store."""
        from .store import open_store

        folder = tempfile.mkdtemp(prefix="therakg-serve-")
        with open_store(f"oxigraph:{folder}") as store:
            store.load(graph)
        return cls(f"oxigraph-ro:{folder}", workers, caps, cleanup=folder)

    @classmethod
    def for_project(cls, project, address: str, workers: int = 2, caps: Caps = Caps()) -> Sandbox:
        """A sandbox over the store at `address`; `memory` is the project built now.

        An on-disk Oxigraph store is opened read-only by the workers.
        """
        from .build import build_graph
        from .graph import open_store_for

        if address == "memory":
            return cls.for_graph(build_graph(project).graph, workers, caps)
        open_store_for(project, address).close()  # a clear error now if it is empty or unreachable
        return cls(address.replace("oxigraph:", "oxigraph-ro:", 1), workers, caps)

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.address)
        with self._lock:
            self._all.append(worker)
        return worker

    def run(self, query: CheckedQuery | Query, params: Mapping[str, object] | None = None, max_rows: int | None = None):
        """The query's Answer, or QueryTimeout when it overran the time cap.

        `query` is a checked query (with `params` as RDF-term bindings) or a catalogue
        query (with `params` as a person's values, looked up by the worker).
        """
        cap = min(max_rows or self.caps.max_rows, self.caps.max_rows)
        worker = self._idle.get()
        try:
            worker.wait_ready(60)
            started = time.monotonic()
            worker.conn.send((query, dict(params or {}), cap))
            if not worker.conn.poll(self.caps.timeout):
                worker.kill()
                with self._lock:
                    self._all.remove(worker)
                worker = self._start()
                raise QueryTimeout(f"The query was stopped after the time cap of {self.caps.timeout:g} s.")
            status, answer = worker.conn.recv()
        except (EOFError, OSError):
            with self._lock:
                self._all.remove(worker)
            worker = self._start()
            raise TheraKGError("The query worker stopped unexpectedly; it has been restarted.") from None
        finally:
            self._idle.put(worker)
        if status == "error":
            raise answer
        if isinstance(answer.graph, bytes):
            answer.graph = Graph().parse(data=answer.graph, format="nt")
        answer.elapsed = time.monotonic() - started
        return answer

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
        if self._cleanup:
            shutil.rmtree(self._cleanup, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
