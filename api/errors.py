"""Domain errors with stable codes, and the handlers that turn every error into {"error", "detail"}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from cmkg.stores.base import StoreTimeout, StoreUnavailable

log = logging.getLogger("cmkg.api")


class CmkgError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class QuerySyntax(CmkgError):
    status, code = 400, "query_syntax"


class QueryMissing(CmkgError):
    status, code = 400, "query_missing"


class UpdateForbidden(CmkgError):
    status, code = 403, "update_forbidden"


class ServiceForbidden(CmkgError):
    status, code = 403, "service_forbidden"


class QueryTooComplex(CmkgError):
    status, code = 400, "query_too_complex"


class DatasetUnsupported(CmkgError):
    status, code = 400, "dataset_unsupported"


class QueryTimeout(CmkgError):
    status, code = 503, "query_timeout"


class NotAcceptable(CmkgError):
    status, code = 406, "not_acceptable"


class InvalidParameter(CmkgError):
    status, code = 422, "invalid_parameter"


class UnknownResource(CmkgError):
    status, code = 404, "not_found"


class BodyTooLarge(CmkgError):
    status, code = 413, "body_too_large"


class UnsupportedMediaType(CmkgError):
    status, code = 415, "unsupported_media_type"


class NotReady(CmkgError):
    status, code = 503, "not_ready"


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer of the service."""

    error: str
    detail: Any


ERROR_STATUSES = {
    "400": "Bad request (e.g. SPARQL syntax error, query too complex)",
    "403": "Refused (SPARQL Update, SERVICE)",
    "404": "Not found",
    "406": "No acceptable format",
    "413": "Request body too large",
    "415": "Unsupported request media type",
    "422": "Invalid parameter",
    "429": "All query workers busy (see Retry-After)",
    "503": "Query timeout, memory limit, store unavailable, or not ready",
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Make the OpenAPI document say what errors really look like: {"error", "detail"} everywhere."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema()
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses[status] = {"description": description, "content": {"application/json": {"schema": ref}}}
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    return schema


def error_body(code: str, detail: object) -> dict[str, object]:
    return {"error": code, "detail": detail}


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CmkgError)
    async def domain_error(_request: Request, exc: CmkgError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.detail), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "parameter": ".".join(str(p) for p in err["loc"][1:]) or str(err["loc"][0]),
                "message": err["msg"],
            }
            for err in exc.errors()
        ]
        return JSONResponse(error_body("invalid_parameter", problems), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, exc.detail), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(StoreTimeout)
    async def store_timeout(_request: Request, exc: StoreTimeout) -> JSONResponse:
        return JSONResponse(error_body("query_timeout", str(exc) or "the store did not answer in time"), 503)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(_request: Request, exc: StoreUnavailable) -> JSONResponse:
        detail = str(exc) or "the triple store cannot be reached"
        return JSONResponse(error_body("store_unavailable", detail), 503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(error_body("internal_error", "the server could not answer this request"), 500)
