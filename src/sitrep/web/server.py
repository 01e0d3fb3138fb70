"""``sitrep serve``: the web app under uvicorn.

Ctrl+C stops it gracefully (exit status 0).

The socket is opened here, before uvicorn starts, so a port in use is one
line (``cannot listen on 127.0.0.1:8000: Address already in use``) and
``--port 0`` picks a free port; the address actually bound is printed.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

from ..errors import ConfigError
from .app import create_app
from .auth import PROTECT_READS_ENV, env_flag


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``; :class:`ConfigError` with
    one line when it cannot be had."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, socket.gaierror) as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(db_url: str, *, host: str = "127.0.0.1", port: int = 8000, protect_reads: bool = False,
          echo: Callable[[str], None] = print) -> None:
    """Serve the store at ``db_url`` until interrupted."""
    import uvicorn

    protect = protect_reads or env_flag(PROTECT_READS_ENV)
    app = create_app(db_url, host=host, protect_reads=protect)
    access = app.state.sitrep.access
    sock = listen(host, port)
    echo(f"sitrep: serving {app.state.sitrep.store.name} at {url_of(sock)} (Ctrl+C stops)")
    needs = [what for what, yes in (("uploads", access.uploads_need_token), ("reads", access.reads_need_token)) if yes]
    if needs and access.token_generated:
        echo(f"sitrep: token for {' and '.join(needs)}: {access.token}")
    elif needs:
        echo(f"sitrep: {' and '.join(needs)} need the token in $SITREP_TOKEN")
    else:
        echo("sitrep: bound to loopback only: uploads need no token")
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, proxy_headers=False,
                            lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down gracefully, then re-raised Ctrl+C
        echo("sitrep: stopped")
    finally:
        sock.close()
