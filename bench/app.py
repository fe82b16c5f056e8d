"""Benchmark the app: each page's server-side run on the shipped graph, and search at scale.

    python bench/app.py                # every page x 10 runs, then search at x1 and x100
    python bench/app.py --scale 100 --repeats 20

A page's server-side run is one full run of its script (Streamlit's AppTest, no browser),
with the graph and indexes already cached, as they are for every visitor after the first;
an empty page measured in the same run shows what Streamlit itself costs.
Search is timed per keystroke-sized query on the search index, at the shipped size and at
the scaled-up size (the ratio is the figure to watch). Figures, not asserts: see
docs/performance.md.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "app"))

from streamlit.testing.v1 import AppTest  # noqa: E402

from scale import real_graph, scaled  # noqa: E402
from therakg.graph import TheraKG  # noqa: E402
from therakg.project import Project  # noqa: E402
from therakg.search import TermSearch  # noqa: E402
from therakg.store import open_store  # noqa: E402

PAGES = [
    ("baseline", {}),  # an empty page: what Streamlit itself costs per run, to subtract
    ("search", {"q": "anxiety"}), ("term", {"id": "depression"}), ("term", {"id": "CBT"}),
    ("term", {"id": "physiotherapist"}), ("term", {"id": "NG222"}), ("explore", {}), ("graph", {"id": "stroke"}),
    ("compare", {}), ("tailoring", {}), ("cases", {}), ("console", {}), ("ontology", {}), ("about", {}),
]
SEARCHES = ["a", "an", "anx", "anxiety", "cbt", "behavior therapy", "parkinsons", "physio", "phq", "zzz"]


def run_view(app_dir, name):
    import importlib
    import sys

    if name == "baseline":
        import streamlit as st

        st.title("Baseline")
        return
    if app_dir not in sys.path:
        sys.path.insert(0, app_dir)
    importlib.import_module(f"views.{name}").render()


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, math.ceil(0.95 * len(times)) - 1)]


def bench_pages(repeats: int) -> None:
    print("| page | p50 | p95 | p50 minus the empty page |\n|---|---:|---:|---:|")
    baseline = None
    for name, params in PAGES:
        times = []
        for i in range(repeats + 1):
            at = AppTest.from_function(run_view, args=(str(ROOT / "app"), name), default_timeout=120)
            for key, value in params.items():
                at.query_params[key] = value
            started = time.perf_counter()
            at.run()
            if i:  # the first run fills the caches
                times.append(time.perf_counter() - started)
            if at.exception:
                raise SystemExit(f"{name} failed: {at.exception[0].value}")
        p50, p95 = percentiles(times)
        baseline = p50 if baseline is None else baseline
        label = name + (f" ({', '.join(f'{k}={v}' for k, v in params.items())})" if params else "")
        print(f"| {label} | {1000 * p50:.0f} ms | {1000 * p95:.0f} ms | {1000 * (p50 - baseline):.0f} ms |", flush=True)


def bench_search(factor: int, repeats: int) -> float:
    graph = real_graph() if factor == 1 else scaled(real_graph(), factor)
    store = open_store("memory")
    store._load(graph.serialize(format="nt", encoding="utf-8"), "nt", None, False)
    started = time.perf_counter()
    search = TermSearch(TheraKG(store, Project(ROOT)))
    built = time.perf_counter() - started
    times = []
    for _ in range(repeats):
        for text in SEARCHES:
            started = time.perf_counter()
            search.search(text)
            times.append(time.perf_counter() - started)
    p50, p95 = percentiles(times)
    print(f"| x{factor} | {len(graph):,} | {len(search.terms):,} | {built:.2f} s | {1000 * p50:.1f} ms | {1000 * p95:.1f} ms |", flush=True)
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    print("# TheraKG app benchmark\n\n## Server-side run of each page (shipped graph, warm caches)\n")
    bench_pages(args.repeats)
    print("\n## Search as you type (one query per keystroke pause)\n")
    print("| size | triples | terms | index built once | p50 | p95 |\n|---|---:|---:|---:|---:|---:|")
    small = bench_search(1, args.repeats)
    large = bench_search(args.scale, max(2, args.repeats // 2))
    print(f"\nsearch p95 at x{args.scale} is {large / small:.0f}x the p95 at x1")


if __name__ == "__main__":
    main()
