"""The remote backend: any SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, ...).

- Queries go over the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/)
  through SPARQLWrapper.
- Loading uses the SPARQL 1.1 Graph Store HTTP Protocol
  (https://www.w3.org/TR/sparql11-http-rdf-update/): POST adds to a graph, PUT replaces it.

Address: `sparql:QUERY_URL`, optionally `sparql:QUERY_URL#graph=GRAPH_IRI` to read one named
graph as the default graph (Virtuoso otherwise reads every graph it holds).

The environment supplies what the address should not carry:
- THERAKG_SPARQL_USER, THERAKG_SPARQL_PASSWORD: credentials for loading (HTTP digest or basic);
- THERAKG_GRAPH_STORE: the Graph Store Protocol URL (default: the query URL; Virtuoso's is
  `.../sparql-graph-crud-auth`);
- THERAKG_SPARQL_TIMEOUT: seconds to wait for an answer (default 30).
"""

from __future__ import annotations

import base64
import io
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from itertools import islice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ..errors import StoreError
from .base import Capabilities, Row, Store

DEFAULT_TIMEOUT = 30.0
#: triples per Graph Store request when loading a large graph
BATCH = 50_000


class SparqlStore(Store):
    def __init__(self, address: str, graph_store: str | None = None, user: str | None = None, password: str | None = None):
        url, _, fragment = address.partition("#")
        if not url.startswith(("http://", "https://")):
            raise StoreError(f"A SPARQL store needs an http(s) URL: sparql:URL, got {address!r}.")
        self.url = url
        self.graph = urllib.parse.parse_qs(fragment).get("graph", [None])[0]
        self.address = f"sparql:{address}"
        self.capabilities = Capabilities(read_only=False, persistent=True, remote=True)
        self.timeout = float(os.environ.get("THERAKG_SPARQL_TIMEOUT", DEFAULT_TIMEOUT))
        self.graph_store = graph_store or os.environ.get("THERAKG_GRAPH_STORE", url)
        self._credentials = (
            user or os.environ.get("THERAKG_SPARQL_USER"),
            password or os.environ.get("THERAKG_SPARQL_PASSWORD"),
        )

    # -- queries ---------------------------------------------------------------------------

    def _wrapper(self, query: str, fmt: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.url, agent="therakg")
        client.setMethod(POST)  # long queries do not fit in a URL
        client.setQuery(query)
        client.setReturnFormat(fmt)
        client.setTimeout(int(self.timeout))
        if self.graph:
            client.addDefaultGraph(self.graph)
        return client

    def _run(self, query: str, fmt: str):
        try:
            return self._wrapper(query, fmt).query()
        except QueryBadFormed as e:
            raise StoreError(f"The query is not valid SPARQL for the server at {self.url}: {_server_says(e)}") from e
        except SPARQLWrapperException as e:
            raise StoreError(f"The SPARQL server at {self.url} could not answer: {_server_says(e)}") from e
        except urllib.error.HTTPError as e:
            raise StoreError(f"The SPARQL server at {self.url} answered {e.code} {e.reason}: {_body(e)}") from e
        except (TimeoutError, socket.timeout) as e:
            raise StoreError(f"The SPARQL server at {self.url} did not answer within {self.timeout:g} s.") from e
        except (urllib.error.URLError, ConnectionError, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise StoreError(f"The SPARQL server at {self.url} did not answer within {self.timeout:g} s.") from e
            raise StoreError(f"Cannot reach the SPARQL server at {self.url}: {reason}.") from e

    def _json(self, query: str) -> dict:
        result = self._run(query, JSON)
        try:
            return result.convert()
        except ValueError as e:
            raise StoreError(f"The SPARQL server at {self.url} sent an answer that is not SPARQL JSON.") from e

    def _select(self, query: str, max_rows: int | None) -> list[Row]:
        answer = self._json(query)
        if "results" not in answer:
            raise StoreError("select() needs a SELECT query.")
        names = answer["head"]["vars"]
        bindings = islice(answer["results"]["bindings"], max_rows)
        return [{name: from_json(b.get(name)) for name in names} for b in bindings]

    def _ask(self, query: str) -> bool:
        answer = self._json(query)
        if "boolean" not in answer:
            raise StoreError("ask() needs an ASK query.")
        return bool(answer["boolean"])

    def _construct(self, query: str) -> Graph:
        result = self._run(query, TURTLE)
        data = result.response.read()
        graph = Graph()
        try:
            graph.parse(data=data, format="turtle")
        except Exception as e:  # noqa: BLE001 - any parser error means the same to the user
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query (the server sent no RDF).") from e
        return graph

    def __len__(self) -> int:
        [row] = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None)
        return int(row["n"])

    # -- loading: SPARQL 1.1 Graph Store HTTP Protocol --------------------------------------

    def _load(self, data: bytes, format: str, graph: str | None, replace: bool) -> None:
        if format != "nt":
            data = Graph().parse(data=data, format=format).serialize(format="nt", encoding="utf-8")
        for i, batch in enumerate(_batches(data)):
            self._send("PUT" if replace and i == 0 else "POST", batch, graph)

    def _send(self, method: str, body: bytes, graph: str | None) -> None:
        target = self.graph_store + ("&" if "?" in self.graph_store else "?")
        target += urllib.parse.urlencode({"graph": graph} if graph else {"default": ""})
        headers = {"Content-Type": "text/turtle"}
        try:
            authorization = self._authorization(method, target)
            if authorization:
                headers["Authorization"] = authorization
            request = urllib.request.Request(target, data=body, method=method, headers=headers)
            with urllib.request.urlopen(request, timeout=max(self.timeout, 120)) as response:
                response.read()
        except urllib.error.HTTPError as e:
            if e.code == 401:
                raise StoreError(
                    f"The Graph Store at {self.graph_store} refused the credentials (or needs some): set "
                    "THERAKG_SPARQL_USER and THERAKG_SPARQL_PASSWORD."
                ) from e
            raise StoreError(f"The Graph Store at {self.graph_store} answered {e.code} {e.reason}: {_body(e)}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"Cannot reach the Graph Store at {self.graph_store}: {getattr(e, 'reason', e)}.") from e

    def _authorization(self, method: str, target: str) -> str | None:
        """The Authorization header for a request, answered to the server's challenge first.

        A server asking for digest auth answers the first, unauthenticated request with 401
        and may close the connection while a large body is still being sent (Virtuoso does),
        so the challenge is fetched with an empty POST (which adds nothing) before the body
        goes out once, already authenticated; with no credentials set, that 401 is reported
        before any body is sent.
        """
        user, password = self._credentials
        probe = urllib.request.Request(target, data=b"", method="POST", headers={"Content-Type": "text/turtle"})
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout) as response:
                response.read()
            return None
        except urllib.error.HTTPError as e:
            if e.code != 401 or not user:
                raise  # without credentials, a 401 is the clear "set THERAKG_SPARQL_USER" error
            challenge = e.headers.get("WWW-Authenticate", "")
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "basic":
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            return f"Basic {token}"
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, target, user, password or "")
        handler = urllib.request.HTTPDigestAuthHandler(passwords)
        parts = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        digest = handler.get_authorization(urllib.request.Request(target, method=method), parts)
        return f"Digest {digest}" if digest else None


def from_json(value: dict | None) -> Node | None:
    """A term in SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/) as rdflib's."""
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise StoreError(f"Unsupported term type {kind!r} in the server's answer.")


def _batches(ntriples: bytes):
    """N-Triples in batches of BATCH lines; triples with blank nodes all go in the first batch.

    Each Graph Store request has its own blank-node scope, so a blank-node structure (an OWL
    list, say) must arrive in one request.
    """
    lines = [line for line in ntriples.splitlines() if line.strip()]
    with_bnodes = [line for line in lines if b"_:" in line]
    plain = [line for line in lines if b"_:" not in line]
    ordered = with_bnodes + plain
    for start in range(0, max(len(ordered), 1), BATCH):
        yield b"\n".join(ordered[start : start + BATCH]) + b"\n"


def _server_says(error: SPARQLWrapperException) -> str:
    """The first line of the server's own message (Virtuoso: 'Virtuoso 37000 Error SP030: ...')."""
    response = getattr(error, "response", None)
    if isinstance(response, bytes):
        for line in response.decode("utf-8", errors="replace").splitlines():
            if line.strip():
                return line.strip()[:500]
    return str(error).splitlines()[0][:500]


def _body(error: urllib.error.HTTPError) -> str:
    try:
        return " ".join(io.TextIOWrapper(error, encoding="utf-8", errors="replace").read().split())[:500]
    except Exception:  # noqa: BLE001 - the status line is enough
        return ""
