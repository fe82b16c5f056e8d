"""Benchmark every catalogue query at several sizes, embedded store against plain rdflib.

    python bench/catalogue.py                 # x1, x10, x100 and about 1 million triples
    python bench/catalogue.py --sizes 10 100  # chosen scale factors
    python bench/catalogue.py --rdflib-max 200000   # skip rdflib above this many triples

Prints, per size: load time and peak memory, then per query the rows it returns and p50/p95
on the embedded store (pyoxigraph), on plain rdflib (rdflib's own engine: the baseline), and
on Virtuoso where it is installed, with the ratio to rdflib; last, the queries over 1 s at
p95. The "engine" column is the embedded engine alone: the answer written as SPARQL TSV in
native code, with no Python rows built, so the gap between it and the p50 is the cost of rows
of rdflib terms. Figures, not asserts: see docs/performance.md.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import copies_for, real_graph, scaled  # noqa: E402
from therakg import virtuoso as virtuoso_server  # noqa: E402
from therakg.project import Project  # noqa: E402
from therakg.queries import bind_params, catalogue  # noqa: E402
from therakg.store import open_store  # noqa: E402
from therakg.store.sparqltext import bind_values, with_prefixes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: catalogue queries an interactive page makes; the pages' search runs on the app's own index,
#: timed at scale by bench/app.py
INTERACTIVE = ("term-details", "interventions-for-condition")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[max(0, math.ceil(0.95 * len(times)) - 1)]


def timed_in_child(run, repeats: int, timeout: float) -> float | None:
    """Median time of run() in a forked child, or None when it outlives the timeout."""
    context = multiprocessing.get_context("fork")  # the child shares the loaded graph
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(timed(run, repeats)[0]), daemon=True)
    child.start()
    ready = receive.poll(timeout * repeats)
    result = receive.recv() if ready else None
    child.kill()
    child.join()
    return result


def bench_size(graph: Graph, label: str, args) -> None:
    queries = catalogue(Project(ROOT))
    print(f"\n## {label}: {len(graph):,} triples\n")
    data = graph.serialize(format="nt", encoding="utf-8")

    started = time.perf_counter()
    store = open_store("memory")
    store._load(data, "nt", None, False)
    load_ox = time.perf_counter() - started
    print(f"load: embedded (pyoxigraph bulk load) {load_ox:.2f} s; peak RSS so far {peak_mb():,.0f} MB")

    baseline = None
    if len(graph) <= args.rdflib_max:
        started = time.perf_counter()
        baseline = Graph()
        baseline.parse(data=data, format="nt")
        print(f"load: plain rdflib {time.perf_counter() - started:.2f} s; peak RSS so far {peak_mb():,.0f} MB")

    remote = None
    if args.virtuoso and virtuoso_server.available():
        server = virtuoso_server.PrivateVirtuoso(tempfile.mkdtemp(prefix="bench-virtuoso-")).start()
        started = time.perf_counter()
        server.load(graph)
        print(f"load: Virtuoso (Graph Store Protocol) {time.perf_counter() - started:.2f} s")
        remote = open_store(server.address)

    # Embedded first, while nothing else runs; then the baseline, then the server.
    bindings = {name: bind_params(store, query, query.example) for name, query in queries.items()}
    prepared = {name: with_prefixes(bind_values(query.text, bindings[name])) for name, query in queries.items()}
    embedded, engine, rows, baseline_times, server_times = {}, {}, {}, {}, {}
    for name, query in queries.items():
        rows[name] = len(store.select(query.text, bindings[name]))
        embedded[name] = timed(lambda: store.select(query.text, bindings[name]), args.repeats)
        engine[name] = timed(lambda: store._store.query(prepared[name]).serialize(format=ox.QueryResultsFormat.TSV), args.repeats)[0]
    if baseline is not None:
        for name in queries:
            baseline_times[name] = timed_in_child(lambda: list(baseline.query(prepared[name])), args.rdflib_repeats, args.rdflib_timeout)
    if remote is not None:
        for name, query in queries.items():
            server_times[name] = timed(lambda: remote.select(query.text, bindings[name]), max(3, args.repeats // 4))[0]
        server.stop()

    print("\n| query | rows | embedded p50 | embedded p95 | engine p50 | rdflib p50 | ratio | Virtuoso p50 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total_ox = total_rdflib = 0.0
    timed_out = 0
    for name in queries:
        ox50, ox95 = embedded[name]
        total_ox += ox50
        cells = [f"{rows[name]:,}", f"{1000 * ox50:.1f} ms", f"{1000 * ox95:.1f} ms", f"{1000 * engine[name]:.1f} ms"]
        if name in baseline_times:
            rd50 = baseline_times[name]
            if rd50 is None:  # stopped at the timeout: the ratio is at least this
                timed_out += 1
                total_rdflib += args.rdflib_timeout
                cells += [f"> {args.rdflib_timeout:.0f} s", f"> {args.rdflib_timeout / ox50:.0f}x"]
            else:
                total_rdflib += rd50
                cells += [f"{1000 * rd50:.0f} ms", f"{rd50 / ox50:.0f}x"]
        else:
            cells += ["-", "-"]
        cells.append(f"{1000 * server_times[name]:.1f} ms" if name in server_times else "-")
        mark = " (interactive)" if name in INTERACTIVE else ""
        print(f"| {name}{mark} | " + " | ".join(cells) + " |")
    summary = f"\nwhole catalogue (sum of p50): embedded {total_ox:.2f} s"
    if baseline is not None:
        at_least = "at least " if timed_out else ""
        summary += f", rdflib {at_least}{total_rdflib:.2f} s: {at_least}{total_rdflib / total_ox:.0f}x faster embedded"
        if timed_out:
            summary += f" ({timed_out} rdflib queries stopped at {args.rdflib_timeout:.0f} s, counted as {args.rdflib_timeout:.0f} s)"
    print(summary)
    over = sorted((name for name in queries if embedded[name][1] > 1.0), key=lambda name: -embedded[name][1])
    listed = ", ".join(f"{name} {embedded[name][1]:.2f} s ({rows[name]:,} rows)" for name in over)
    print(f"queries over 1 s at p95, embedded: {len(over)} of {len(queries)}" + (f": {listed}" if over else ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", type=int, default=None, help="scale factors (default: 1 10 100 and ~1M triples)")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--rdflib-repeats", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="stop an rdflib query after this many seconds")
    parser.add_argument("--rdflib-max", type=int, default=2_000_000, help="skip rdflib above this many triples")
    parser.add_argument("--no-virtuoso", dest="virtuoso", action="store_false")
    args = parser.parse_args()
    real = real_graph()
    sizes = args.sizes or [1, 10, 100, copies_for(real, 1_000_000)]
    print(f"# TheraKG catalogue benchmark\n\nreal graph: {len(real):,} triples; sizes: x{', x'.join(map(str, sizes))}")
    for factor in sizes:
        bench_size(scaled(real, factor), f"x{factor}", args)


if __name__ == "__main__":
    main()
