"""Who may read and who may upload.

The rule (issue 6): uploads (``POST /api/documents``) need the token
whenever the server is not bound to 127.0.0.1 only; reads are open unless
``--protect-reads`` (or ``SITREP_PROTECT_READS=1``) asks for the token too.
"Bound to 127.0.0.1 only" means the host is ``127.0.0.1``, ``localhost`` or
``::1``; anything else (``0.0.0.0``, a LAN address, even ``127.0.0.2``)
needs the token. The token is ``$SITREP_TOKEN``, or generated at start and
printed once.

A request carries the token as ``Authorization: Bearer <token>`` or
``X-Sitrep-Token: <token>``; reads also accept the ``sitrep_token`` cookie
that the sign-in page sets (HttpOnly, SameSite=Strict), uploads never do.
No token: 401 ``token_required``; a wrong one: 403 ``bad_token``.

Two more checks guard a server bound to loopback against web pages in the
user's own browser: the ``Host`` header must name a loopback host (DNS
rebinding), and a write whose ``Origin`` is another site is refused
(403 ``cross_origin``; a form on any site can otherwise POST to 127.0.0.1).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from .envelope import ApiError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Host header names a loopback-bound server answers to (any port)
LOOPBACK_HOST_HEADERS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
TOKEN_ENV = "SITREP_TOKEN"
PROTECT_READS_ENV = "SITREP_PROTECT_READS"
COOKIE = "sitrep_token"


def is_loopback_only(host: str) -> bool:
    return host.strip().strip("[]").lower() in LOOPBACK_HOSTS


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class Access:
    token: str | None
    uploads_need_token: bool
    reads_need_token: bool
    token_generated: bool = False
    #: Host header values accepted, or None for any
    allowed_hosts: frozenset[str] | None = None

    @classmethod
    def for_host(cls, host: str, *, token: str | None = None, protect_reads: bool = False,
                 allowed_hosts: frozenset[str] | None | str = "auto") -> "Access":
        """The access rule for a server bound to ``host``. ``token`` None
        reads ``$SITREP_TOKEN``; when a token is needed and none is set, one
        is generated (``token_generated``)."""
        loopback = is_loopback_only(host)
        uploads = not loopback
        token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
        generated = False
        if (uploads or protect_reads) and not token:
            token, generated = secrets.token_urlsafe(24), True
        if allowed_hosts == "auto":
            allowed_hosts = LOOPBACK_HOST_HEADERS if loopback else None
        return cls(token=token, uploads_need_token=uploads, reads_need_token=protect_reads,
                   token_generated=generated, allowed_hosts=allowed_hosts)  # type: ignore[arg-type]

    def check(self, headers, cookies, *, write: bool) -> None:
        """Raise :class:`ApiError` 401/403 unless the request may go on."""
        if not (self.uploads_need_token if write else self.reads_need_token):
            return
        given = _bearer(headers.get("authorization")) or headers.get("x-sitrep-token")
        if not given and not write:
            given = cookies.get(COOKIE)
        if not given:
            what = "uploads" if write else "reads"
            raise ApiError(401, f"a token is required for {what} on this server "
                                "(Authorization: Bearer <token>)", "token_required",
                           {"WWW-Authenticate": 'Bearer realm="sitrep"'})
        if not secrets.compare_digest(given.encode(), (self.token or "").encode()):
            raise ApiError(403, "wrong token", "bad_token")

    def host_allowed(self, host_header: str | None) -> bool:
        if self.allowed_hosts is None:
            return True
        name = (host_header or "").strip().lower()
        if name.startswith("["):
            name = name[: name.find("]") + 1] if "]" in name else name
        elif name.count(":") == 1:
            name = name.split(":", 1)[0]
        return name in self.allowed_hosts


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, rest = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return rest.strip() or None


def cross_origin(method: str, headers) -> bool:
    """Whether a state-changing request comes from a page of another origin."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return False  # not sent by a browser (curl, scripts)
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != (headers.get("host") or "").lower()
