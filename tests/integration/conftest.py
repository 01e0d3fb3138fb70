import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

ARTICLE = """{title}

By Ledger Port bureau March {day}, 2025

PORT ARDEN, Coastal Province - {lead} officials said on Thursday, adding that crews had worked through the night.

The regional council said {n} families had been moved to shelters and that more rain was expected over the weekend.

"We are doing everything we can," a council spokesperson told Harbour Ledger.

News

Dismiss
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def sitrep(tmp_path):
    db = tmp_path / "s.db"

    def run(*args, stdin: bytes | None = None, db_path=db) -> Run:
        cmd = [sys.executable, "-m", "sitrep", *args]
        if "--db" not in args and args and args[0] in ("analyze", "ingest", "documents", "show", "stories", "events", "discrepancies", "runs", "changes"):
            cmd += ["--db", str(db_path)]
        p = subprocess.run(cmd, input=stdin, capture_output=True, cwd=tmp_path, env={**os.environ, "COLUMNS": "200"})
        return Run(p.returncode, p.stdout.decode(), p.stderr.decode())

    run.db = db
    return run


@pytest.fixture
def article():
    def make(i: int) -> str:
        return ARTICLE.format(title=f"Floods force evacuations in district {i}", day=1 + i % 27,
                              lead=f"Rescue teams reached {i + 3} villages cut off by floodwater,", n=10 + i)
    return make


@pytest.fixture(scope="session")
def pg_server():
    """URL of a private PostgreSQL server for this session (skipped without
    the server binaries, failed instead with CI set)."""
    from sitrep.store.pgtemp import find_pg_bin, temporary_postgres

    if find_pg_bin() is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found; run tools/ensure-postgres.sh to install them"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message} (CI is set, so PostgreSQL tests must run)", pytrace=False)
        pytest.skip(f"{message}; PostgreSQL integration tests skipped")
    with temporary_postgres() as url:
        yield url
