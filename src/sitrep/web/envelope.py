"""The two JSON envelopes every ``/api/`` response uses (pinned: ``sitrep-api/1``).

Success::

    {"api": "sitrep-api/1", "ok": true, "data": <object or list>,
     "page": {"limit": 50, "offset": 0, "total": 123, "next_offset": 50} | null}

``page`` is an object on list endpoints and ``null`` on single objects.

Error (any status >= 400, from any endpoint, including unknown paths,
validation failures, authentication and internal errors)::

    {"api": "sitrep-api/1", "ok": false,
     "error": {"status": 404, "code": "not_found", "message": "d-123: no such document"}}

``message`` is one line without a traceback. The codes are in :data:`CODES`.

JSON is written with ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e`` and
``\\u0026`` (the same strings once decoded), so a response body never
contains markup even when stored text does.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

API_VERSION = "sitrep-api/1"

#: status -> error code used when nothing more specific applies
CODES = {
    400: "bad_request",
    401: "token_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    411: "length_required",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
}

T = TypeVar("T")


class Page(BaseModel):
    """Where a list response sits in the whole list."""

    limit: int = Field(description="Most items this response could hold (the request's limit).")
    offset: int = Field(description="Items skipped before the first one.")
    total: int = Field(description="Items in the whole list.")
    next_offset: int | None = Field(description="Offset of the next page, or null on the last page.")


class Envelope(BaseModel, Generic[T]):
    """The success envelope."""

    api: Literal["sitrep-api/1"] = API_VERSION
    ok: Literal[True] = True
    data: T
    page: Page | None = None


class ErrorBody(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A stable machine-readable code: " + ", ".join(sorted(set(CODES.values()))) +
                      ", bad_input (an uploaded document is unusable), bad_token, cross_origin, bad_host.")
    message: str = Field(description="One line a person can read.")


class ErrorEnvelope(BaseModel):
    """The error envelope."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "api": API_VERSION, "ok": False,
        "error": {"status": 404, "code": "not_found", "message": "d-0123456789ab: no such document"}}})

    api: Literal["sitrep-api/1"] = API_VERSION
    ok: Literal[False] = False
    error: ErrorBody


class ApiError(Exception):
    """An error a request caused; becomes the error envelope (or an HTML
    error page outside ``/api/``)."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = " ".join(str(message).split()) or self.code
        self.headers = headers or {}
        super().__init__(self.message)


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, BaseModel):
        return value.model_dump()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def json_bytes(content: Any) -> bytes:
    """Compact UTF-8 JSON with ``<``, ``>`` and ``&`` escaped. They only
    occur inside strings in JSON, so replacing them everywhere is exact."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_default, allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").encode("utf-8")


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


def ok(data: Any, page: dict | None = None, status: int = 200) -> JSONResponse:
    return JSONResponse({"api": API_VERSION, "ok": True, "data": data, "page": page}, status_code=status)


def error_response(status: int, message: str, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"api": API_VERSION, "ok": False,
            "error": {"status": status, "code": code or CODES.get(status, "error"), "message": " ".join(message.split())}}
    return JSONResponse(body, status_code=status, headers=headers)


def page_of(items: list, limit: int, offset: int) -> tuple[list, dict]:
    """One page of an in-memory list and its ``page`` object."""
    total = len(items)
    chunk = items[offset : offset + limit]
    nxt = offset + limit if offset + limit < total else None
    return chunk, {"limit": limit, "offset": offset, "total": total, "next_offset": nxt}


#: the error responses every endpoint documents in the OpenAPI schema
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": desc}
    for status, desc in (
        (401, "A token is required (uploads when not bound to 127.0.0.1 only; reads when protected)."),
        (403, "Wrong token, or a cross-origin write."),
        (404, "No such object."),
        (422, "A parameter is invalid (for example limit above the maximum)."),
        (500, "Internal error (one line, no traceback)."),
    )
}
