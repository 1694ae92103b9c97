"""Whole-graph dumps for harvesters, and the VoID description."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.caching import not_modified, validators
from api.conneg import negotiate
from api.deps import StateDep
from api.errors import UnknownResource
from api.state import DUMPS

router = APIRouter(tags=["Dumps"])


@router.get("/dumps/", summary="List the dumps")
async def list_dumps(request: Request, state: StateDep) -> JSONResponse:
    base = str(request.base_url).rstrip("/")
    items = []
    for name, (_fmt, media_type) in DUMPS.items():
        for suffix, encoding in (("", None), (".gz", "gzip")):
            items.append(
                {
                    "name": name + suffix,
                    "url": f"{base}/dumps/{name}{suffix}",
                    "media_type": media_type.split(";")[0],
                    "encoding": encoding,
                }
            )
    headers = validators(state, "list")
    if (cached := not_modified(request, headers)) is not None:
        return cached  # type: ignore[return-value]
    body = {
        "graph_version": state.version,
        "triples": len(state.store),
        "dumps": items,
        "void": f"{base}/.well-known/void",
    }
    return JSONResponse(body, headers=headers)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether the client takes gzip content-coding (RFC 9110 section 12.5.3: named or *, with q > 0)."""
    allowed: dict[str, bool] = {}
    for part in (accept_encoding or "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding:
            allowed[coding.strip()] = q > 0
    return allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", False)))


@router.get("/dumps/{name}", summary="Download a dump (Turtle, N-Triples, JSON-LD)")
async def get_dump(name: str, request: Request, state: StateDep) -> Response:
    """`graph.nt.gz` etc. are gzip files; the plain names are sent gzip-encoded (`Content-Encoding: gzip`, from
    the same pre-compressed copy) to clients whose `Accept-Encoding` allows it, as is, to others."""
    gz = name.endswith(".gz")
    base_name = name.removesuffix(".gz")
    if base_name not in DUMPS:
        raise UnknownResource(f"no dump '{name}'; see /dumps/")
    encoded = not gz and accepts_gzip(request.headers.get("accept-encoding"))
    headers = validators(state, name + ("-gzip" if encoded else ""))
    headers["Content-Disposition"] = f'attachment; filename="cmkg-{state.version}-{name}"'
    if not gz:
        headers["Vary"] = "Accept-Encoding"
    if (cached := not_modified(request, headers)) is not None:
        return cached
    dump = state.dump(base_name)
    if gz:
        return Response(dump.gzipped, media_type="application/gzip", headers=headers)
    if encoded:
        headers["Content-Encoding"] = "gzip"
        return Response(dump.gzipped, media_type=dump.media_type, headers=headers)
    return Response(dump.body, media_type=dump.media_type, headers=headers)


VOID_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}


@router.get("/.well-known/void", summary="VoID / DCAT description of the dataset")
async def void(request: Request, state: StateDep) -> Response:
    media_type = negotiate(request.headers.get("accept"), list(VOID_FORMATS)) or "text/turtle"
    headers = validators(state, "void-" + VOID_FORMATS[media_type])
    headers["Vary"] = "Accept"
    if (cached := not_modified(request, headers)) is not None:
        return cached
    body = state.void_turtle()
    if media_type != "text/turtle":
        from rdflib import Graph

        body = Graph().parse(data=body, format="turtle").serialize(format=VOID_FORMATS[media_type], encoding="utf-8")
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(body, media_type=content_type, headers=headers)
