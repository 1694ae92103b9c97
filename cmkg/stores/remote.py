"""The remote backend: any engine with SPARQL 1.1 Query (+ Graph Store Protocol and Update, to load).

What ``cmkg load`` leaves in the engine (``{base}`` is the base IRI, ``https://w3id.org/cmkg/`` by default):

* ``{base}graph/{version}``: one named graph per loaded version of the graph, sent with a GSP ``PUT``;
* ``{base}graph/current``: the pointer graph. ``<{base}graph/current> store:currentGraph <graph>`` names
  the graph readers see; it also registers every graph put in the engine and not dropped yet.

Loading is atomic from the reader's side: the new graph is registered, ``PUT`` whole into a fresh named
graph and counted; then one SPARQL Update moves the pointer (one operation, one transaction); the graphs it
replaced are dropped after a grace period. A reader resolves the pointer (at most every ``pointer_ttl``
seconds) and runs each query with that graph as its default graph, so it sees the old graph or the new
one, never a mix and never an empty graph.

Results are parsed with pyoxigraph (``parse_query_results``, ``parse``), so callers get the same objects
as from the embedded store. Failures are domain errors: :class:`StoreUnavailable` (engine down or failing:
the API answers 503), :class:`StoreTimeout` (a ``TimeoutError``), ``SyntaxError`` (the engine refused the
query), :class:`StoreError` (configuration: URLs, credentials).
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import logging
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Literal

import pyoxigraph as ox

from cmkg.bindings import apply_bindings
from cmkg.stores.base import (
    NotLoaded,
    SelectResult,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    Term,
    as_triples,
    graph_version,
    select_result,
    store_query,
)
from cmkg.stores.sparql_text import bind_with_bind, query_form, with_from

log = logging.getLogger("cmkg.stores")

POINTER_TTL = 1.0  # seconds a resolved pointer is trusted before it is read again
LOAD_TIMEOUT = 600.0  # seconds for one Graph Store Protocol request while loading
MAX_ANSWER_BYTES = 256 << 20  # an answer larger than this is refused (results are capped by the API anyway)
PRE_AUTHORIZE_BYTES = 32_768  # larger bodies get their digest credentials before they are sent
XSD = "http://www.w3.org/2001/XMLSchema#"
# the one named graph of a reader's dataset, which holds nothing: GRAPH ?g finds no graph, as on the embedded
# store (Virtuoso would otherwise show every graph it has to a query given only a default-graph-uri)
NO_NAMED_GRAPHS = "urn:x-cmkg:no-named-graphs"
TABULAR_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_PARSER = ox.Store()  # empty: parses queries locally (same errors, with line:column, on every engine)


@dataclass(frozen=True)
class Dialect:
    """What differs between engines, learnt from the ``Server`` header of their first answer."""

    name: str
    timeout_param: str | None = None  # query parameter that makes the engine stop at our time limit
    timeout_per_second: float = 1.0  # its unit, per second
    bind_single_terms: bool = False  # bind one-term parameters with BIND, not VALUES (see sparql_text)
    describe_pragma: str = ""  # put before a DESCRIBE so that it answers as the embedded store does


GENERIC = Dialect("the SPARQL engine")
OXIGRAPH = Dialect("Oxigraph")
# Virtuoso: `timeout` (ms) makes it return what it has, flagged X-SQL-State: S1TAT ("anytime" results);
# without it a runaway query runs on after we hang up. VALUES-bound path starts are lost (see sparql_text).
# Its DESCRIBE adds the triples that point at the resource; the CBD mode gives what Oxigraph gives: the
# resource's own triples (and its blank nodes').
VIRTUOSO = Dialect(
    "Virtuoso",
    timeout_param="timeout",
    timeout_per_second=1000.0,
    bind_single_terms=True,
    describe_pragma='define sql:describe-mode "CBD"\n',
)


def dialect_for(server: str | None) -> Dialect:
    name = (server or "").strip().lower()
    if name.startswith("virtuoso"):
        return VIRTUOSO
    if name.startswith("oxigraph"):
        return OXIGRAPH
    return GENERIC


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def message(self) -> str:
        text = self.body.decode("utf-8", "replace").strip()
        text = text.split("\n\nSPARQL query:")[0]  # Virtuoso repeats the whole query after its message
        return " ".join(text.split())[:500] or f"HTTP {self.status}"


@dataclass(frozen=True)
class Current:
    graph: str
    version: str


@dataclass
class LoadReport:
    graph: str
    version: str
    triples: int
    previous: str | None
    dropped: list[str] = field(default_factory=list)
    unchanged: bool = False


TIMEOUT_WORDS = re.compile(r"S1T00|S1TAT|timeout|timed out|cancelled|canceled", re.IGNORECASE)
# Virtuoso answers 500 to queries it cannot compile (SQL states of the 37000/42000/22000/S0000 classes)
VIRTUOSO_QUERY_ERROR = re.compile(r"\b(37000|42000|42S\w\w|22\d\d\d|S0\d\d\d)\b")


_URI_ELEMENT = re.compile(rb"<uri>([^<]*)</uri>")
_SCHEME = re.compile(rb"^[A-Za-z][A-Za-z0-9+.-]*:")
_XSD_INT = b'datatype="http://www.w3.org/2001/XMLSchema#int"'


def repair_virtuoso_xml(body: bytes) -> bytes:
    """Undo two quirks of Virtuoso 7's SPARQL XML results.

    A plain string bound in the query (VALUES, BIND) in a column that also holds IRIs comes out as
    ``<uri>s</uri>``: an IRI is always absolute, so a ``<uri>`` without a scheme is put back as the literal
    it was. Aggregates typed ``xsd:int`` (COUNT in some 7.x builds) are given the ``xsd:integer`` of SPARQL;
    our graph holds no ``xsd:int`` of its own."""

    def literal_unless_iri(match: re.Match[bytes]) -> bytes:
        value = match.group(1)
        return match.group(0) if _SCHEME.match(value) else b"<literal>" + value + b"</literal>"

    body = _URI_ELEMENT.sub(literal_unless_iri, body)
    return body.replace(_XSD_INT, b'datatype="http://www.w3.org/2001/XMLSchema#integer"')


def _unreadable(body: bytes, fmt: ox.QueryResultsFormat) -> str | None:
    """None if the results parse to their end, else the parser's message.

    Parsed and dropped inside this frame: pyoxigraph results must be freed by the thread that made them."""
    try:
        parsed = ox.parse_query_results(body, format=fmt)
        if isinstance(parsed, ox.QuerySolutions):
            for _ in parsed:
                pass
        del parsed
    except (SyntaxError, ValueError, OSError) as exc:
        return str(exc)
    return None


def _parsed_triples(body: bytes, fmt: ox.RdfFormat) -> tuple[list[ox.Triple], str | None]:
    """The triples of an RDF document, or the parser's message (the parser is freed in this frame)."""
    try:
        return as_triples(ox.parse(body, format=fmt)), None
    except (SyntaxError, ValueError, OSError) as exc:
        return [], str(exc)


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _where(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class RemoteStore:
    """A graph served by a SPARQL engine over HTTP (Oxigraph server, Virtuoso, Fuseki, GraphDB, ...)."""

    # reading ``version`` may ask the engine (HTTP): callers on an event loop run it in a thread
    version_may_block = True

    def __init__(
        self,
        query_url: str,
        *,
        base_iri: str,
        gsp_url: str | None = None,
        update_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: Literal["basic", "digest"] = "basic",
        timeout: float = 10.0,
        dataset: Literal["auto", "protocol", "from"] = "auto",
        pointer_ttl: float = POINTER_TTL,
    ):
        self.query_url = query_url
        self.gsp_url = gsp_url
        self.update_url = update_url
        self.timeout = timeout
        self.pointer_ttl = pointer_ttl
        self.pointer = f"{base_iri}graph/current"
        self.graph_prefix = f"{base_iri}graph/"
        self.dialect = GENERIC
        self._dialect_known = False
        self._dataset: str | None = None if dataset == "auto" else dataset
        self._basic = None
        handlers: list[urllib.request.BaseHandler] = []
        urls = [u for u in (query_url, gsp_url, update_url) if u]
        if all(_is_loopback(u) for u in urls):
            handlers.append(urllib.request.ProxyHandler({}))
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        if user and auth == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                passwords.add_password(None, url, user, password or "")
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers.append(self._digest)
        elif user:
            self._basic = "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        self._plain_handlers = [h for h in handlers if h is not self._digest]
        self._opener = urllib.request.build_opener(*handlers)
        self._lock = threading.Lock()
        self._current: Current | None = None
        self._resolved_at = float("-inf")
        self._lengths: dict[str, int] = {}
        self._triples: tuple[str, list[ox.Triple]] | None = None

    @classmethod
    def from_settings(cls, settings) -> RemoteStore:
        if not settings.remote_query_url:
            raise StoreError("the remote store needs CMKG_REMOTE_QUERY_URL (the engine's SPARQL query endpoint)")
        return cls(
            settings.remote_query_url,
            base_iri=settings.base_iri,
            gsp_url=settings.remote_gsp_url,
            update_url=settings.remote_update_url,
            user=settings.remote_user,
            password=settings.remote_password,
            auth=settings.remote_auth,
            timeout=settings.query_timeout,
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    @property
    def engine(self) -> str:
        return f"{self.dialect.name} at {_where(self.query_url)}"

    # -- HTTP ---------------------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        *,
        form: Mapping[str, str] | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Answer:
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
        headers = {"User-Agent": "cmkg"}
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        if self._basic:
            headers["Authorization"] = self._basic
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        # the engine's own limit comes first (its answer says why); ours catches an engine that never answers
        limit = timeout or self.timeout + min(5.0, self.timeout / 2 + 0.5)
        try:
            if self._digest is not None and body and len(body) > PRE_AUTHORIZE_BYTES:
                self._pre_authorize(request, limit)
            deadline = time.monotonic() + limit
            with self._opener.open(request, timeout=limit) as response:
                answer = Answer(response.status, response.headers, self._read(response, deadline))
        except urllib.error.HTTPError as exc:
            with exc:
                answer = Answer(exc.code, exc.headers, exc.read(MAX_ANSWER_BYTES))
        except urllib.error.URLError as exc:
            raise StoreUnavailable(f"cannot reach the SPARQL engine at {_where(url)}: {exc.reason}") from None
        except TimeoutError:
            raise StoreTimeout(f"{self.engine} did not answer within {limit:g} s") from None
        except (http.client.HTTPException, ConnectionError) as exc:
            raise StoreUnavailable(f"the connection to {_where(url)} broke: {exc!r}") from None
        if not self._dialect_known and (server := answer.headers.get("Server")):
            self.dialect, self._dialect_known = dialect_for(server), True
        return answer

    def _read(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The whole body, within the deadline and the size limit (an engine may stream without end)."""
        chunks, size = [], 0
        while chunk := response.read(1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise StoreError(f"{self.engine} sent more than {MAX_ANSWER_BYTES >> 20} MiB: answer refused")
            if time.monotonic() > deadline:
                raise TimeoutError
        return b"".join(chunks)

    def _pre_authorize(self, request: urllib.request.Request, timeout: float) -> None:
        """Digest credentials before a request with a body is sent.

        Answering the challenge afterwards means sending the body twice, and an engine that refuses
        the first attempt at once and hangs up (Virtuoso) breaks the pipe of a large PUT. So a HEAD
        fetches the challenge first, and the real request carries its answer. (Small bodies are simply
        sent again after the challenge, by urllib's digest handler.)"""
        assert self._digest is not None
        probe = urllib.request.Request(request.full_url, headers={"User-Agent": "cmkg"}, method="HEAD")
        try:
            urllib.request.build_opener(*self._plain_handlers).open(probe, timeout=timeout).close()
            return  # no credentials asked for
        except urllib.error.HTTPError as exc:
            exc.close()
            challenge = exc.headers.get("WWW-Authenticate") or ""
            if exc.code != 401 or not challenge.lower().startswith("digest "):
                return
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[len("digest ") :]))
        answer = self._digest.get_authorization(request, fields)
        if answer:
            request.add_unredirected_header("Authorization", f"Digest {answer}")

    def _check(self, answer: Answer, what: str, url: str, *, user_query: bool = False) -> None:
        """Raise the domain error an unsuccessful (or partial) answer stands for."""
        if 200 <= answer.status < 300:
            state = answer.headers.get("X-SQL-State") or ""
            if state.startswith("S1TAT"):
                limit = f"{self.timeout:g} s"
                raise StoreTimeout(f"{self.engine} stopped the query at the {limit} limit (partial results)")
            return
        message = answer.message()
        where = _where(url)
        if answer.status == 400:
            if user_query:
                raise SyntaxError(f"{self.dialect.name} refused the query: {message}")
            raise StoreError(f"{self.engine} refused our {what}: {message}")
        if answer.status in (401, 403):
            raise StoreError(
                f"{where} refused our credentials for the {what} (HTTP {answer.status}); "
                "check CMKG_REMOTE_USER, CMKG_REMOTE_PASSWORD and CMKG_REMOTE_AUTH (basic or digest)"
            )
        if answer.status == 404:
            raise StoreError(f"no {what} endpoint at {where} (HTTP 404): check the CMKG_REMOTE_* URLs")
        if answer.status >= 500 and TIMEOUT_WORDS.search(message):
            raise StoreTimeout(f"{self.engine} stopped the query at its time limit: {message}")
        if answer.status >= 500 and self.dialect is VIRTUOSO and VIRTUOSO_QUERY_ERROR.search(message):
            if user_query:
                raise SyntaxError(f"Virtuoso cannot run this query: {message}")
            raise StoreError(f"{self.engine} cannot run our {what}: {message}")
        if answer.status >= 500:
            raise StoreUnavailable(f"{self.engine} failed on the {what} (HTTP {answer.status}): {message}")
        raise StoreError(f"{where} answered HTTP {answer.status} to the {what}: {message}")

    # -- queries ------------------------------------------------------------------------------------

    def _bind(self, query: str, bindings: Mapping) -> str:
        if self.dialect.bind_single_terms:
            return bind_with_bind(query, bindings)
        return apply_bindings(query, bindings)

    def _post_query(self, text: str, accept: str, graph: str | None, mode: str | None, user_query: bool) -> Answer:
        form = {"query": text}
        if graph is not None:  # our graph as the default graph, and no named graphs (as embedded)
            if mode == "from":
                form["query"] = with_from(text, graph, NO_NAMED_GRAPHS)
            else:
                form["default-graph-uri"] = graph
                form["named-graph-uri"] = NO_NAMED_GRAPHS
        if self.dialect.timeout_param:
            form[self.dialect.timeout_param] = str(int(self.timeout * self.dialect.timeout_per_second))
        answer = self._send("POST", self.query_url, form=form, accept=accept)
        self._check(answer, "query", self.query_url, user_query=user_query)
        return answer

    def _results(self, answer: Answer) -> ox.QuerySolutions | ox.QueryBoolean:
        try:
            fmt = ox.QueryResultsFormat.from_media_type(answer.media_type)
        except ValueError:
            fmt = None
        if fmt is None:
            raise StoreError(f"{self.engine} answered {answer.media_type or 'no type'}, not SPARQL results")
        body = answer.body
        if self.dialect is VIRTUOSO and fmt == ox.QueryResultsFormat.XML:
            body = repair_virtuoso_xml(body)
        problem = _unreadable(body, fmt)  # read it all once: an error midway (a cancelled query) shows here
        if problem is not None:
            if TIMEOUT_WORDS.search(body[-300:].decode("utf-8", "replace")):
                raise StoreTimeout(f"{self.engine} stopped the query at its time limit")
            raise StoreError(f"{self.engine} sent results that do not parse: {problem}")
        return ox.parse_query_results(body, format=fmt)

    def _triples_of(self, answer: Answer) -> list[ox.Triple]:
        try:
            fmt = ox.RdfFormat.from_media_type(answer.media_type)
        except ValueError:
            fmt = None
        if fmt is None:
            raise StoreError(f"{self.engine} answered {answer.media_type or 'no type'}, not RDF")
        triples, problem = _parsed_triples(answer.body, fmt)
        if problem is not None:
            if TIMEOUT_WORDS.search(answer.body[-300:].decode("utf-8", "replace")):
                raise StoreTimeout(f"{self.engine} stopped the query at its time limit")
            raise StoreError(f"{self.engine} sent RDF that does not parse: {problem}")
        return triples

    def _internal_select(self, name: str, bindings: Mapping, graph: str | None = None) -> SelectResult:
        mode = self._dataset_mode() if graph is not None else None
        answer = self._post_query(self._bind(store_query(name), bindings), TABULAR_ACCEPT, graph, mode, False)
        result = self._results(answer)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"queries/store/{name}.rq is not a SELECT query")
        return select_result(result)

    def query(
        self, query: str, bindings: Mapping[str, Term] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a read query on the current graph. Graph results come as a list of ``Triple``."""
        current = self._resolve()  # first, so the engine's dialect is known before binding
        text = self._bind(query, bindings or {})
        try:  # parsed here first: a SyntaxError with line:column, as from the embedded store
            graph_form = not isinstance(_PARSER.query(text), ox.QuerySolutions | ox.QueryBoolean)
        except OSError:  # only an ASK is evaluated at once (on no data): its SERVICE failed, the syntax is fine
            graph_form = False
        accept = GRAPH_ACCEPT if graph_form else TABULAR_ACCEPT
        if graph_form and self.dialect.describe_pragma and query_form(text) == "DESCRIBE":
            text = self.dialect.describe_pragma + text
        answer = self._post_query(text, accept, current.graph, self._dataset_mode(), True)
        return self._triples_of(answer) if graph_form else self._results(answer)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        result = self.query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        return select_result(result)

    def contains(self, subject: ox.NamedNode, predicate: ox.NamedNode | None = None, obj: Term | None = None) -> bool:
        given = {"subject": subject, "predicate": predicate, "object": obj}
        return bool(self.query(store_query("contains"), {k: v for k, v in given.items() if v is not None}))

    def __len__(self) -> int:
        current = self._resolve()
        if current.graph not in self._lengths:
            rows = self._internal_select("count", {}, current.graph).rows
            self._lengths[current.graph] = int(rows[0]["triples"].value)
        return self._lengths[current.graph]

    def _all_triples(self) -> list[ox.Triple]:
        """Every triple of the current graph: a GSP GET, or a CONSTRUCT on a query-only engine."""
        current = self._resolve()
        cached = self._triples
        if cached is not None and cached[0] == current.graph:
            return cached[1]
        if self.gsp_url:
            answer = self._send("GET", self.gsp_url, params={"graph": current.graph}, accept=GRAPH_ACCEPT)
            self._check(answer, "Graph Store Protocol GET", self.gsp_url)
            triples = self._triples_of(answer)
        else:
            answer = self._post_query(
                store_query("all-triples"), GRAPH_ACCEPT, current.graph, self._dataset_mode(), False
            )
            triples = self._triples_of(answer)
        expected = len(self)
        if len(triples) != expected:
            raise StoreError(
                f"{self.engine} returned {len(triples)} of the {expected} triples of {current.graph}: "
                "raise its result size limit (Virtuoso: [SPARQL] ResultSetMaxRows)"
            )
        self._triples = (current.graph, triples)
        return triples

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self.dump_with_prefixes(fmt, {})

    def dump_with_prefixes(self, fmt: ox.RdfFormat, prefixes: Mapping[str, str]) -> bytes:
        # serialised by pyoxigraph, as the embedded store does: the same dumps whatever engine holds the data
        local = ox.Store()
        local.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in self._all_triples())
        if prefixes:
            return local.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=dict(prefixes))
        return local.dump(format=fmt, from_graph=ox.DefaultGraph())

    # -- the pointer --------------------------------------------------------------------------------

    def read_pointer(self) -> Current | None:
        """The current graph as the engine says now (no cache); None if nothing was loaded."""
        rows = self._internal_select("current-graph", {"pointer": ox.NamedNode(self.pointer)}).rows
        if not rows:
            return None
        row = min(rows, key=lambda r: r["graph"].value)
        return Current(row["graph"].value, row["version"].value)

    def _resolve(self, force: bool = False) -> Current:
        with self._lock:
            if not force and self._current and time.monotonic() - self._resolved_at < self.pointer_ttl:
                return self._current
            current = self.read_pointer()
            if current is None:
                raise NotLoaded(f"{self.engine} holds no graph of ours yet: run `cmkg load`")
            if self._current and current != self._current:
                log.info("the current graph is now %s (was %s)", current.graph, self._current.graph)
            self._current, self._resolved_at = current, time.monotonic()
            return current

    def check(self) -> Current:
        """The current graph, read now: raises NotLoaded or StoreUnavailable (with a clear message)."""
        return self._resolve(force=True)

    @property
    def version(self) -> str:
        """The version of the graph served now (the last known one while the engine cannot be asked)."""
        try:
            return self._resolve().version
        except StoreError:
            if self._current is not None:
                return self._current.version
            raise

    def _dataset_mode(self) -> str:
        """How to make the current graph the default graph: "protocol" (default-graph-uri) or "from".

        Learnt once per store by asking: the pointer triple must be seen with the pointer graph as the
        default graph, and not with a data graph (an engine that ignores the dataset sees both or none)."""
        if self._dataset is None:
            current = self._current or self._resolve()
            probe = store_query("probe-dataset")
            for mode in ("protocol", "from"):
                seen = [
                    bool(self._results(self._post_query(probe, TABULAR_ACCEPT, graph, mode, False)))
                    for graph in (self.pointer, current.graph)
                ]
                if seen == [True, False]:
                    self._dataset = mode
                    log.info("%s: the default graph is given by %s", self.engine, mode)
                    break
            else:
                raise StoreError(f"{self.engine} honours neither default-graph-uri nor FROM: it cannot serve our graph")
        return self._dataset

    # -- loading ------------------------------------------------------------------------------------

    def _update(self, name: str, bindings: Mapping) -> None:
        assert self.update_url
        answer = self._send("POST", self.update_url, form={"update": self._bind(store_query(name), bindings)})
        self._check(answer, "SPARQL update", self.update_url)

    def _graph_request(self, method: str, graph: str, body: bytes | None = None) -> Answer:
        assert self.gsp_url
        content_type = "text/turtle; charset=utf-8" if body is not None else None
        answer = self._send(
            method, self.gsp_url, params={"graph": graph}, body=body, content_type=content_type, timeout=LOAD_TIMEOUT
        )
        if not (method == "DELETE" and answer.status == 404):  # already gone is fine
            self._check(answer, f"Graph Store Protocol {method}", self.gsp_url)
        return answer

    def load(self, ntriples: bytes, *, force: bool = False, grace: float = 0.0) -> LoadReport:
        """Put a validated graph (sorted N-Triples) into the engine and make it the current graph.

        Readers are switched in one update; the graphs it replaces are dropped ``grace`` seconds later (give
        queries that resolved the old pointer the time to finish). Same version already current: nothing to
        do, unless ``force``."""
        if not (self.gsp_url and self.update_url):
            raise StoreError(
                "loading needs the engine's Graph Store Protocol and SPARQL Update endpoints: "
                "set CMKG_REMOTE_GSP_URL and CMKG_REMOTE_UPDATE_URL"
            )
        version = graph_version(ntriples)
        try:
            triples = sum(1 for _ in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise StoreError(f"not N-Triples: {exc}") from None
        previous = self.read_pointer()  # also learns the engine's dialect, before anything is bound for it
        if previous and previous.version == version and not force:
            return LoadReport(previous.graph, version, triples, previous.graph, unchanged=True)
        graph = self.graph_prefix + version
        if previous and previous.graph == graph:  # reloading the very graph readers use: a fresh name
            graph = f"{graph}-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        pointer = ox.NamedNode(self.pointer)
        node = ox.NamedNode(graph)
        self._update("register-graph", registration(self.pointer, graph, version, triples))
        # N-Triples is Turtle: sent as text/turtle, which every engine's GSP accepts (Virtuoso 7 may not
        # know application/n-triples), and no engine's Turtle quirks apply to it
        self._graph_request("PUT", graph, ntriples)
        stored = int(self._internal_select("count-graph", {"graph": node}).rows[0]["triples"].value)
        if stored != triples:
            self._graph_request("DELETE", graph)
            self._update("unregister-graph", {"pointer": pointer, "graph": node})
            raise StoreError(f"{self.engine} kept {stored} of the {triples} triples sent to {graph}; nothing changed")
        self._update("switch-pointer", {"pointer": pointer, "graph": node})
        now = self._resolve(force=True)
        if now.graph != graph:
            raise StoreError(f"the pointer of {self.engine} names {now.graph}, not {graph}, after the switch")
        log.info("%s: %s is the current graph (%d triples)", self.engine, graph, triples)
        if grace > 0:
            time.sleep(grace)
        dropped = self.drop_stale()
        return LoadReport(graph, version, triples, previous.graph if previous else None, dropped)

    def registered(self) -> list[tuple[str, str]]:
        rows = self._internal_select("registered-graphs", {"pointer": ox.NamedNode(self.pointer)}).rows
        return [(r["graph"].value, r["version"].value) for r in rows]

    def drop_stale(self) -> list[str]:
        """Drop every graph of ours but the current one (replaced ones, and leftovers of failed loads)."""
        current = self.read_pointer()
        dropped = []
        for graph, _version in self.registered():
            if current is not None and graph == current.graph:
                continue
            self._graph_request("DELETE", graph)
            self._update("unregister-graph", {"pointer": ox.NamedNode(self.pointer), "graph": ox.NamedNode(graph)})
            dropped.append(graph)
        return dropped


def registration(pointer: str, graph: str, version: str, triples: int) -> dict[str, ox.NamedNode | ox.Literal]:
    """The bindings of queries/store/register-graph.rq for one graph."""
    return {
        "pointer": ox.NamedNode(pointer),
        "graph": ox.NamedNode(graph),
        "version": ox.Literal(version),
        "triples": ox.Literal(str(triples), datatype=ox.NamedNode(XSD + "integer")),
        "created": ox.Literal(datetime.now(UTC).isoformat(), datatype=ox.NamedNode(XSD + "dateTime")),
    }


def snapshot_nquads(ntriples: bytes, base_iri: str) -> bytes:
    """The graph as `cmkg load` leaves it in an engine (its named graph, the pointer graph), as N-Quads.

    For engines loaded by their own bulk loader: query-only ones (QLever), or very large graphs. Made with
    the same queries/store/*.rq updates, run on a local pyoxigraph store."""
    version = graph_version(ntriples)
    pointer, graph = f"{base_iri}graph/current", f"{base_iri}graph/{version}"
    local = ox.Store()
    local.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    triples = sum(1 for _ in local.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    local.update(apply_bindings(store_query("register-graph"), registration(pointer, graph, version, triples)))
    switch = {"pointer": ox.NamedNode(pointer), "graph": ox.NamedNode(graph)}
    local.update(apply_bindings(store_query("switch-pointer"), switch))
    return local.dump(format=ox.RdfFormat.N_QUADS)


__all__ = ["Current", "LoadReport", "RemoteStore", "dialect_for", "graph_version", "snapshot_nquads"]
