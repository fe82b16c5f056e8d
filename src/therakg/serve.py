"""A read-only SPARQL endpoint of our own: `therakg serve`.

- `GET|POST /sparql`: the SPARQL 1.1 Protocol, query operation
  (https://www.w3.org/TR/sparql11-protocol/#query-operation): `query=` in the URL or a form,
  or the query as an `application/sparql-query` body. Answers in SPARQL JSON, XML, CSV or
  TSV (SELECT, ASK) and Turtle or N-Triples (CONSTRUCT, DESCRIBE), chosen by the Accept
  header or `format=`.
- `GET /queries`: the catalogue as JSON; `GET /queries/NAME?param=value`: one catalogue
  query, with parameters named as in the CLI (labels, synonyms or compact IRIs).

It is read-only and safe by default: every query passes `therakg.guard` (no updates,
SERVICE, LOAD or remote FROM) before any engine sees it; answers are capped in rows and
time, and the caps are stated in response headers (`X-TheraKG-Max-Rows`,
`X-TheraKG-Timeout`, `X-TheraKG-Truncated`); queries run in worker processes
(`therakg.sandbox`) that are killed when they overrun. It listens on 127.0.0.1 unless told
otherwise.
"""

from __future__ import annotations

import json
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import TheraKGError
from .guard import QueryRefused, check_query
from .project import Project
from .queries import catalogue
from .results import GRAPH_MEDIA, SPARQL_MEDIA, Answer
from .sandbox import QueryTimeout, Sandbox
from .terms import UnknownTerm

#: the largest request body accepted, in bytes
MAX_BODY = 64_000
_BY_MEDIA = {media: name for name, media in {**SPARQL_MEDIA, **GRAPH_MEDIA}.items()}
_BY_MEDIA.update({"application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/plain": "nt"})


class Endpoint:
    """What the HTTP handler serves: a sandbox of workers and the project's catalogue."""

    def __init__(self, sandbox: Sandbox, project: Project, graphs: tuple[str, ...] = ()):
        self.sandbox = sandbox
        self.catalogue = catalogue(project)
        self.graphs = graphs

    def sparql(self, text: str, max_rows: int | None = None) -> Answer:
        return self.sandbox.run(check_query(text, self.graphs), max_rows=max_rows)

    def catalogue_query(self, name: str, params: dict[str, str], max_rows: int | None = None) -> Answer:
        if name not in self.catalogue:
            raise LookupError(f"No query named {name!r}; see /queries for the catalogue.")
        return self.sandbox.run(self.catalogue[name], params, max_rows=max_rows)

    def describe_catalogue(self) -> list[dict]:
        return [{**q.describe(), "url": f"/queries/{q.name}"} for q in self.catalogue.values()]


def make_server(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """An HTTP server for `endpoint` (call serve_forever(); port 0 picks a free port)."""

    class Handler(_Handler):
        pass

    Handler.endpoint = endpoint
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "TheraKG"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet by default; errors are in responses
        pass

    # -- routing ---------------------------------------------------------------------------

    def do_GET(self):
        self._handle(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)), body_query=None)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"The request is larger than {MAX_BODY:,} bytes.")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        if kind == "application/sparql-update" or "update" in params:
            return self._error(HTTPStatus.FORBIDDEN, "Updates are refused: this endpoint is read-only.")
        if kind == "application/x-www-form-urlencoded":
            form = dict(urllib.parse.parse_qsl(body))
            if "update" in form:
                return self._error(HTTPStatus.FORBIDDEN, "Updates are refused: this endpoint is read-only.")
            params.update(form)
            body = None
        elif kind != "application/sparql-query":
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a form or an application/sparql-query body.")
        self._handle(params, body_query=body)

    def do_PUT(self):
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "This endpoint is read-only.")

    do_DELETE = do_PATCH = do_PUT

    def _handle(self, params: dict[str, str], body_query: str | None) -> None:
        path = urllib.parse.urlsplit(self.path).path.rstrip("/") or "/"
        try:
            if path == "/sparql":
                text = body_query if body_query is not None else params.get("query")
                if "update" in params:
                    return self._error(HTTPStatus.FORBIDDEN, "Updates are refused: this endpoint is read-only.")
                if not text:
                    return self._error(HTTPStatus.BAD_REQUEST, "Send a SPARQL query in the query parameter.")
                return self._answer(self.endpoint.sparql(text, _int(params.get("max_rows"))), params)
            if path == "/queries":
                return self._send(HTTPStatus.OK, "application/json", json.dumps(self.endpoint.describe_catalogue(), indent=2).encode())
            if path.startswith("/queries/"):
                values = {k: v for k, v in params.items() if k not in ("format", "output", "max_rows")}
                answer = self.endpoint.catalogue_query(path.removeprefix("/queries/"), values, _int(params.get("max_rows")))
                return self._answer(answer, params)
            if path == "/":
                return self._send(HTTPStatus.OK, "text/plain; charset=utf-8", _WELCOME.encode())
            return self._error(HTTPStatus.NOT_FOUND, f"Nothing at {path}: try /sparql or /queries.")
        except QueryRefused as e:
            status = HTTPStatus.BAD_REQUEST if "not valid SPARQL" in str(e) else HTTPStatus.FORBIDDEN
            return self._error(status, str(e))
        except QueryTimeout as e:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(e))
        except LookupError as e:
            return self._error(HTTPStatus.NOT_FOUND, str(e))
        except (UnknownTerm, ValueError) as e:
            return self._error(HTTPStatus.BAD_REQUEST, str(e))
        except TheraKGError as e:
            return self._error(HTTPStatus.BAD_REQUEST, str(e))
        except Exception as e:  # noqa: BLE001 - one clear message, never a dropped connection
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"The endpoint failed to answer: {e}")

    # -- answers ---------------------------------------------------------------------------

    def _answer(self, answer: Answer, params: dict[str, str]) -> None:
        graph = answer.form in ("CONSTRUCT", "DESCRIBE")
        asked = params.get("format") or params.get("output")
        fmt = _BY_MEDIA.get(asked, asked) if asked else self._negotiate(GRAPH_MEDIA if graph else SPARQL_MEDIA)
        if graph:
            if fmt not in GRAPH_MEDIA:
                return self._error(HTTPStatus.NOT_ACCEPTABLE, f"A graph comes as {', '.join(GRAPH_MEDIA)}, not {fmt}.")
            body, media = answer.serialize_graph(fmt).encode("utf-8"), GRAPH_MEDIA[fmt]
        else:
            if fmt not in SPARQL_MEDIA:
                return self._error(HTTPStatus.NOT_ACCEPTABLE, f"Results come as {', '.join(SPARQL_MEDIA)}, not {fmt}.")
            body, media = answer.serialize_sparql(fmt), SPARQL_MEDIA[fmt]
        headers = {"X-TheraKG-Truncated": "true" if answer.truncated else "false"}
        self._send(HTTPStatus.OK, f"{media}; charset=utf-8", body, headers)

    def _negotiate(self, offered: dict[str, str]) -> str:
        accept = self.headers.get("Accept") or ""
        ranked = []
        for i, part in enumerate(accept.split(",")):
            media, _, rest = part.strip().partition(";")
            q = 1.0
            for option in rest.split(";"):
                key, _, value = option.strip().partition("=")
                if key == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            ranked.append((-q, i, media.strip().lower()))
        for _, _, media in sorted(ranked):
            name = _BY_MEDIA.get(media)
            if name in offered:
                return name
        return next(iter(offered))  # JSON for results, Turtle for graphs

    def _send(self, status: HTTPStatus, media: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        caps = self.endpoint.sandbox.caps
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-TheraKG-Max-Rows", str(caps.max_rows))
        self.send_header("X-TheraKG-Timeout", f"{caps.timeout:g}")
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _int(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    number = int(value)
    if number < 1:
        raise ValueError("max_rows must be 1 or more.")
    return number


_WELCOME = """TheraKG SPARQL endpoint (read-only). For education, not clinical advice.

  /sparql?query=...          SPARQL 1.1 Protocol (GET or POST); JSON, XML, CSV, TSV or Turtle
  /queries                   the query catalogue (JSON)
  /queries/NAME?param=value  run one catalogue query

Updates, SERVICE, LOAD and remote FROM are refused; answers are capped in rows and time.
"""
