"""The FastAPI application: JSON API under ``/api/``, HTML pages elsewhere.

    app = create_app("sqlite:///sitrep.db", host="127.0.0.1")

Every ``/api/`` response is one of the two envelopes of
:mod:`sitrep.web.envelope`; pages are server-rendered with jinja2
(autoescape on), use no script, CDN or external font, and are sent with a
Content-Security-Policy that allows only this server's own stylesheet.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings
from ..errors import SitrepError
from .auth import Access, cross_origin
from .data import SnapshotCache
from .envelope import API_VERSION, CODES, ApiError, error_response

log = logging.getLogger("sitrep.web")

UPLOAD_PATH = "/api/documents"

STATIC = Path(__file__).with_name("static")
#: the policy of every page this package renders (the briefing hook adds script hashes)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

DESCRIPTION = f"""
The stored corpus of a sitrep database: stories, documents (with clean
text), events, discrepancies, entities, places and full-text search, and
ingest by upload.

**Envelopes (pinned, `{API_VERSION}`).** Every response under `/api/` other
than this schema is either

    {{"api": "{API_VERSION}", "ok": true, "data": …, "page": {{"limit", "offset", "total", "next_offset"}} | null}}

or, for every status >= 400 (including unknown paths and validation errors),

    {{"api": "{API_VERSION}", "ok": false, "error": {{"status": 404, "code": "not_found", "message": "one line"}}}}

**Pagination.** List endpoints take `limit` (1–200, default 50) and
`offset` (default 0); `page.next_offset` is null on the last page.

**Tokens.** Uploads need `Authorization: Bearer <token>` whenever the
server is not bound to 127.0.0.1 only; reads need it when the server was
started with `--protect-reads`.
"""


@dataclass
class WebState:
    store: object
    cache: SnapshotCache
    access: Access
    settings: Settings
    owns_store: bool


def create_app(db, *, host: str = "127.0.0.1", token: str | None = None, protect_reads: bool = False,
               settings: Settings | None = None, allowed_hosts="auto", max_upload_bytes: int = 64 * 1024 * 1024
               ) -> FastAPI:
    """The application over ``db`` (a database URL, opened and closed with
    the app, or an open :class:`~sitrep.store.Store` the caller keeps).

    ``host`` is the address the server is bound to; it decides whether
    uploads need the token (see :mod:`sitrep.web.auth`). ``token`` defaults
    to ``$SITREP_TOKEN``, else one is generated when needed
    (``app.state.sitrep.access.token``). ``allowed_hosts`` is the set of
    Host header names accepted, ``None`` for any, ``"auto"`` for loopback
    names when bound to loopback.
    """
    from ..store import Store

    owns = isinstance(db, str)
    store = Store(db) if owns else db
    settings = settings or Settings(db_url=store.url)
    access = Access.for_host(host, token=token, protect_reads=protect_reads, allowed_hosts=allowed_hosts)
    state = WebState(store=store, cache=SnapshotCache(store), access=access, settings=settings, owns_store=owns)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            yield
        finally:
            if state.owns_store:
                store.close()

    app = FastAPI(
        title="sitrep", version="1", summary="Cross-checked situation reports from news coverage.",
        description=DESCRIPTION, openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
        swagger_ui_oauth2_redirect_url=None, lifespan=lifespan,
        telemetry={"tracing": False, "metrics": False, "logs": False, "auto_configure": False},
    )
    app.state.sitrep = state

    from . import api, pages

    app.include_router(api.router())
    app.include_router(pages.login_router())
    app.include_router(pages.router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if not access.host_allowed(request.headers.get("host")):
            return _error(request, 400, "this server answers only to its loopback name (Host header refused)",
                          "bad_host")
        if cross_origin(request.method, request.headers):
            return _error(request, 403, "cross-origin write refused", "cross_origin")
        if request.method == "POST" and request.url.path == UPLOAD_PATH:
            # before the body is read: the token, then the declared length
            # (which bounds the body: the HTTP server enforces it)
            try:
                access.check(request.headers, request.cookies, write=True)
            except ApiError as exc:
                return _error(request, exc.status, exc.message, exc.code, exc.headers)
            length = request.headers.get("content-length")
            if length is None:
                return _error(request, 411, "an upload needs a Content-Length header", "length_required")
            if not length.isdigit() or int(length) > max_upload_bytes:
                return _error(request, 413, f"the upload is {length} bytes; at most {max_upload_bytes:,} bytes "
                                            "in one request", "too_large")
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return _error(request, exc.status, exc.message, exc.code, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(status, "error")
        if status == 404 and message == "Not Found":
            message = f"{request.url.path}: no such page or endpoint"
        return _error(request, status, message, None, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _error(request, 422, _validation_line(exc), "invalid_parameter")

    @app.exception_handler(SitrepError)
    async def store_error(request: Request, exc: SitrepError):
        return _error(request, 503, str(exc), "unavailable")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(request, 500, f"internal error: {type(exc).__name__}", "internal_error")

    return app


def _validation_line(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body", "header"))
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where or 'request'}: {first.get('msg', 'invalid')}{more}"


def _error(request: Request, status: int, message: str, code: str | None = None, headers=None):
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        response = error_response(status, message, code, headers)
    else:
        from .pages import error_page

        response = error_page(request, status, message, code or CODES.get(status, "error"), headers)
        response.headers.setdefault("Content-Security-Policy", CSP)
    for k, v in SECURITY_HEADERS.items():
        response.headers.setdefault(k, v)
    return response
