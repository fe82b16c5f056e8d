"""TheraKG: an open knowledge graph of therapeutic interventions in health and social care.

The library is the product; the command line (`therakg.cli`) and the browser are thin
callers of it. Start with `therakg.build.build_graph`, `therakg.validate.validate`,
`therakg.reason.reason`, `therakg.stats.stats` and `therakg.store.open_store`;
from a notebook, `therakg.open()` gives the graph and its query catalogue in one call.

For education, not clinical advice.
"""

__version__ = "0.1.0"

from .graph import TheraKG, open  # noqa: E402,A004 - `therakg.open()` is the one-call entry point

__all__ = ["TheraKG", "open", "__version__"]
