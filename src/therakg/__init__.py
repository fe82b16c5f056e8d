"""TheraKG: an open knowledge graph of therapeutic interventions in health and social care.

The library is the product; the command line (`therakg.cli`) and the browser are thin
callers of it. Start with `therakg.build.build_graph`, `therakg.validate.validate`,
`therakg.reason.reason`, `therakg.stats.stats` and `therakg.store.open_store`.

For education, not clinical advice.
"""

__version__ = "0.1.0"
