"""Commands that put the graph somewhere others can use it: load, serve."""

from __future__ import annotations

import click

from ..build import build_graph
from ..errors import TheraKGError
from ..graph import store_address
from ..project import Project
from ..sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Caps, Sandbox
from ..serve import Endpoint, make_server
from ..store import open_store
from . import friendly_errors, main, pass_project

#: the named graph a build is pushed into on a SPARQL server
DEFAULT_GRAPH = "https://w3id.org/therakg/graph"


@main.command()
@click.option("--endpoint", metavar="URL", help="A SPARQL 1.1 server's query URL: push the build there.")
@click.option("--store", metavar="ADDRESS", help="Or any store address, e.g. oxigraph:data/store.")
@click.option("--graph", "graph", metavar="IRI", default=None,
              help=f"The named graph to replace (default on a server: {DEFAULT_GRAPH}; in oxigraph: the default graph).")
@pass_project
@friendly_errors
def load(project: Project, endpoint: str | None, store: str | None, graph: str | None) -> None:
    """Build the graph and load it into a store, replacing what the target graph held.

    On a SPARQL server this uses the Graph Store Protocol; set THERAKG_SPARQL_USER and
    THERAKG_SPARQL_PASSWORD for its credentials and THERAKG_GRAPH_STORE for its URL when it
    differs from the query URL (Virtuoso: .../sparql-graph-crud-auth).

    \b
    Example:
        THERAKG_GRAPH_STORE=http://localhost:8890/sparql-graph-crud-auth \\
        THERAKG_SPARQL_USER=dba THERAKG_SPARQL_PASSWORD=dba \\
        therakg load --endpoint http://localhost:8890/sparql
    """
    if bool(endpoint) == bool(store):
        raise TheraKGError("Give either --endpoint URL or --store ADDRESS.")
    address = f"sparql:{endpoint}" if endpoint else store
    if address.startswith("sparql:") and graph is None:
        graph = DEFAULT_GRAPH
    built = build_graph(project).graph
    with open_store(address) as target:
        target.load(built, graph=graph, replace=True)
    click.echo(f"Loaded {len(built)} triples into {address}" + (f", graph <{graph}>." if graph else "."))
    if address.startswith("sparql:"):
        click.echo(f"Query it with: --store 'sparql:{endpoint}#graph={graph}'")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (loopback only by default).")
@click.option("--port", type=int, default=7878, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Stop any query after this many seconds.")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True,
              help="Return at most this many rows.")
@click.option("--workers", type=click.IntRange(min=1, max=32), default=2, show_default=True,
              help="Queries answered at once (one process each).")
@click.option("--store", "store", envvar="THERAKG_STORE", default=None, metavar="ADDRESS",
              help="Serve this store instead of the project built in memory.")
@pass_project
@friendly_errors
def serve(project: Project, host: str, port: int, timeout: float, max_rows: int, workers: int, store: str | None) -> None:
    """Serve the graph as a read-only SPARQL endpoint, with the query catalogue as URLs.

    Refuses updates, SERVICE, LOAD and remote FROM; caps rows and time. Stop with Ctrl-C.

    \b
    Example:
        therakg serve --port 7878
        curl 'http://127.0.0.1:7878/queries/interventions-for-condition?condition=depression'
    """
    caps = Caps(timeout=timeout, max_rows=max_rows)
    address = store_address(store)
    graphs = (address.partition("#graph=")[2],) if "#graph=" in address else ()
    with Sandbox.for_project(project, address, workers=workers, caps=caps) as sandbox:
        server = make_server(Endpoint(sandbox, project, graphs), host, port)
        click.echo(f"Serving TheraKG at http://{host}:{server.server_address[1]}/sparql (Ctrl-C to stop).", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
