"""A throwaway PostgreSQL server for tests and benchmarks.

    with temporary_postgres() as url:      # postgresql+psycopg://postgres@127.0.0.1:<port>/sitrep
        store = Store(url)
        other = create_database(url, "second")

The server is a fresh cluster (``initdb``) in a temporary folder, listening on
127.0.0.1 at a free port with ``fsync`` off, trusted local login for user
``postgres``; it is stopped and its folder removed on exit. ``initdb``
refuses to run as root, so as root the server runs as the ``postgres`` user
(via ``runuser`` or ``su``). Needs the server binaries (Debian:
``apt-get install postgresql``, see ``tools/ensure-postgres.sh``).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

#: Environment variable naming the folder with ``initdb``/``pg_ctl``/``postgres``.
PG_BIN_ENV = "SITREP_PG_BIN"
_SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
_START_ATTEMPTS = 3


def find_pg_bin() -> str | None:
    """The folder holding PostgreSQL's server binaries, or None.

    Looks at ``$SITREP_PG_BIN``, then ``initdb`` on ``PATH`` (symlinks
    followed, as Debian keeps the server outside ``PATH``), then the newest
    ``/usr/lib/postgresql/<version>/bin``.
    """
    candidates: list[Path] = []
    if os.environ.get(PG_BIN_ENV):
        candidates.append(Path(os.environ[PG_BIN_ENV]))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += [Path(p) for p in sorted(versions, key=_version_key, reverse=True)]
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in _SERVER_BINARIES):
            return str(folder)
    return None


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def temporary_postgres(database: str = "sitrep", *, base_dir: str | None = None) -> Iterator[str]:
    """Run a private PostgreSQL server; yield a SQLAlchemy URL to a new database on it.

    Raises ``RuntimeError`` with a one-line reason when the server binaries
    are missing or the server does not start.
    """
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH, in "
            f"/usr/lib/postgresql/*/bin or ${PG_BIN_ENV}; install them with "
            "'apt-get install -y postgresql' (see tools/ensure-postgres.sh)"
        )
    as_user = _server_user()
    if base_dir is None and as_user is not None:
        base_dir = "/tmp"  # the postgres user must be able to reach the folder
    root = Path(tempfile.mkdtemp(prefix="sitrep-pg-", dir=base_dir))
    data = root / "data"
    log = root / "server.log"
    started = False
    try:
        if as_user is not None:
            entry = pwd.getpwnam(as_user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        _run(
            bin_dir,
            as_user,
            ["initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--locale=C", "--no-sync"],
            "initdb",
        )
        for attempt in range(_START_ATTEMPTS):
            port = free_port()
            options = (
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                _run(
                    bin_dir,
                    as_user,
                    ["pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options,
                     "start"],
                    "pg_ctl start",
                )
            except RuntimeError as exc:
                if attempt == _START_ATTEMPTS - 1:
                    raise RuntimeError(f"{exc}; server log: {_tail(log)}") from None
                continue  # most likely someone took the port in the meantime
            started = True
            break
        server = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        yield create_database(server, database)
    finally:
        if started:
            try:
                _run(bin_dir, as_user, ["pg_ctl", "-D", str(data), "-m", "immediate", "-w",
                                        "stop"], "pg_ctl stop")
            except RuntimeError:
                pass  # the folder goes anyway; a stray server dies with its data
        shutil.rmtree(root, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create database ``name`` on the server ``url`` points at; return its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"database name must be lower-case letters, digits and _, got {name!r}")
    sa_url = make_url(url)
    with psycopg.connect(
        host=sa_url.host,
        port=sa_url.port,
        user=sa_url.username,
        password=sa_url.password,
        dbname=sa_url.database or "postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return sa_url.set(database=name).render_as_string(hide_password=False)


def _tail(path: Path, chars: int = 500) -> str:
    try:
        return " ".join(path.read_text(errors="replace").split())[-chars:] or "(empty)"
    except OSError:
        return "(none)"


def _server_user() -> str | None:
    """The user to run the server as: None for ourselves, ``postgres`` as root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "running as root, and initdb refuses root, but there is no 'postgres' user to run "
            "the server as (installing Debian's postgresql package creates it)"
        ) from None
    return "postgres"


def _run(bin_dir: str, as_user: str | None, argv: Sequence[str], what: str) -> None:
    command = [str(Path(bin_dir) / argv[0]), *argv[1:]]
    if as_user is not None:
        if shutil.which("runuser"):
            command = ["runuser", "-u", as_user, "--", *command]
        else:
            command = ["su", as_user, "-s", "/bin/sh", "-c", shlex.join(command)]
    done = subprocess.run(command, capture_output=True, text=True, cwd="/", check=False)
    if done.returncode != 0:
        output = " ".join((done.stderr or done.stdout).split())[-500:]
        raise RuntimeError(f"{what} failed (exit {done.returncode}): {output}")
