"""Serialise SPARQL results (SELECT / ASK in JSON, XML, CSV, TSV; graphs in RDF formats)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from loaders.namespaces import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# media type -> short name of the `format` parameter
TABULAR = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
}
GRAPH = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def select_json(variables: list[str], rows: Iterable[dict[str, Term]]) -> bytes:
    bindings = [{k: _json_term(v) for k, v in row.items()} for row in rows]
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode()


def ask_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def select_xml(variables: list[str], rows: Iterable[dict[str, Term]]) -> bytes:
    parts = [XML_HEAD, "<head>"]
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        for name, term in row.items():
            parts.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def ask_xml(value: bool) -> bytes:
    return f"{XML_HEAD}<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n".encode()


def select_csv(variables: list[str], rows: Iterable[dict[str, Term]]) -> bytes:
    """SPARQL 1.1 CSV: plain values (IRIs and literals without markup), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        cells = []
        for name in variables:
            term = row.get(name)
            if term is None:
                cells.append("")
            elif isinstance(term, ox.BlankNode):
                cells.append(f"_:{term.value}")
            else:
                cells.append(term.value)
        writer.writerow(cells)
    return buffer.getvalue().encode()


def select_tsv(variables: list[str], rows: Iterable[dict[str, Term]]) -> bytes:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, variables with '?'."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join(str(row[v]) if v in row else "" for v in variables))
    return ("\n".join(lines) + "\n").encode()


def ask_csv(value: bool) -> bytes:
    return f"_askResult\r\n{'true' if value else 'false'}\r\n".encode()


def ask_tsv(value: bool) -> bytes:
    return f"?_askResult\n{'true' if value else 'false'}\n".encode()


SELECT_SERIALISERS = {"json": select_json, "xml": select_xml, "csv": select_csv, "tsv": select_tsv}
ASK_SERIALISERS = {"json": ask_json, "xml": ask_xml, "csv": ask_csv, "tsv": ask_tsv}


def graph_bytes(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    fmt = GRAPH[media_type]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    return ox.serialize(triples, format=fmt)
