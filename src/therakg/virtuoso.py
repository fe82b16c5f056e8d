"""A private Virtuoso on loopback: for the contract tests, the benchmarks, and trying the
server backend without touching a system-wide server.

Uses Debian's `virtuoso-opensource` package (`virtuoso-t`). Everything it writes stays in
the folder given; it listens on 127.0.0.1 only, on ports chosen free at start.

    with PrivateVirtuoso(tmp_path) as v:
        store = open_store(v.address)        # sparql:http://127.0.0.1:PORT/sparql#graph=...
        v.load(graph)                          # through the Graph Store Protocol
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from .errors import StoreError

BINARY = "virtuoso-t"
GRAPH = "https://w3id.org/therakg/graph"
_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 20
CheckpointInterval       = 60
CaseMode                 = 2
DirsAllowed              = ., {dir}/load, /usr/share/virtuoso-opensource-7/vad
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers          = 170000
MaxDirtyBuffers          = 130000
MaxQueryMem              = 1G
ThreadsPerQuery          = 2

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 20
ServerThreads               = 20
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
Charset                     = UTF-8

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 0
DefaultQuery               = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def available() -> bool:
    return shutil.which(BINARY) is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateVirtuoso:
    def __init__(self, folder: str | os.PathLike):
        if not available():
            raise StoreError("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource).")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.sql_port = _free_port(), _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def address(self) -> str:
        return f"sparql:{self.url}#graph={GRAPH}"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def environment(self) -> dict[str, str]:
        """The variables that let `therakg load` write here (a fresh database's dba account)."""
        return {"THERAKG_GRAPH_STORE": self.graph_store, "THERAKG_SPARQL_USER": "dba", "THERAKG_SPARQL_PASSWORD": "dba"}

    def start(self, timeout: float = 60) -> PrivateVirtuoso:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        (self.folder / "load").mkdir(exist_ok=True)
        log = open(self.folder / "stdout.log", "wb")
        self.process = subprocess.Popen([BINARY, "-f", "-c", str(ini)], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"Virtuoso stopped while starting; see {self.folder / 'virtuoso.log'}.")
            try:
                with urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise StoreError(f"Virtuoso did not answer within {timeout:g} s.")

    def load(self, graph) -> None:
        """Replace the project graph on this server with `graph` (an rdflib Graph)."""
        from .store.sparql import SparqlStore

        store = SparqlStore(f"{self.url}#graph={GRAPH}", graph_store=self.graph_store, user="dba", password="dba")
        store.load(graph, graph=GRAPH, replace=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def __enter__(self) -> PrivateVirtuoso:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
