"""Fixtures for the store contract suite: every test runs on SQLite and PostgreSQL.

``store_url`` is a fresh database: a SQLite file under ``tmp_path``, or a new
database on one PostgreSQL server started for the session with
``temporary_postgres()``. Without PostgreSQL's server binaries the
PostgreSQL cases are skipped, unless ``CI`` is set, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from sitrep.config import sqlite_url
from sitrep.model import Document, Removal, content_hash, document_id
from sitrep.store import Store
from sitrep.store.pgtemp import create_database, find_pg_bin, temporary_postgres


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a private PostgreSQL server, started once per test session."""
    if find_pg_bin() is None:
        message = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found; "
            "run tools/ensure-postgres.sh to install them"
        )
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message} (CI is set, so PostgreSQL tests must run)", pytrace=False)
        pytest.skip(f"{message}; PostgreSQL contract tests skipped")
    with temporary_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A URL to a fresh, never-opened database on one backend."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "db" / "sitrep.db")
    server = request.getfixturevalue("pg_server")
    return create_database(server, "t_" + uuid.uuid4().hex[:16])


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    """Build a Document by hand: ``make_doc(body, source=..., url=..., **fields)``.

    Without ``source`` each body gets its own, so documents are unrelated.
    """

    def make(body: str, source: str | None = None, **fields) -> Document:
        chash = content_hash(body)
        values = dict(
            id=document_id(chash),
            # one source per text unless a test shares it (to make revisions)
            source=source or f"reports/{chash[:8]}.txt",
            format="text",
            content_hash=chash,
            raw_hash=content_hash("raw:" + body),
            body=body,
            title="Clashes reported near the crossing",
            outlet="Example Times",
            authors=["A. Writer"],
            published=date(2024, 12, 3),
            language="en",
            removed=[Removal(line=1, text="Home | World | Sport", reason="menu", detail="nav bar")],
        )
        values.update(fields)
        return Document(**values)

    return make
