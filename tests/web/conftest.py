"""Fixtures for the web app: an analysed corpus (the sample corpus, one
hostile report and a three-report story in real places), in-process clients, a PostgreSQL server, and a real uvicorn
server on a free 127.0.0.1 port for the browser tests."""

from __future__ import annotations

import json
import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitrep.config import Settings, sqlite_url
from sitrep.pipeline import analyze_corpus, analyze_events, ingest
from sitrep.store import Store

warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")

from fastapi.testclient import TestClient  # noqa: E402

from sitrep.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "corpus"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_LINK = '<a href="javascript:alert(1)">details</a>'
HOSTILE_TITLE = f"Militias cross into Varnesia {SCRIPT} {IMG}"
HOSTILE = {
    "title": HOSTILE_TITLE,
    "url": "javascript:alert(1)",
    "outlet": f"Evil {SCRIPT} Times",
    "published": "2025-11-05",
    "authors": [IMG],
    "text": (
        f"Kostreli militias crossed into Varnesia on Monday, two security sources said. {SCRIPT}\n\n"
        f"The convoy of 40 trucks passed the Tal Qasr crossing at night, witnesses told reporters. {IMG}\n\n"
        f"\"We will not allow it,\" the Varnesian interior ministry said in a statement. {JS_LINK} "
        "[more](javascript:alert(1))"
    ),
}
#: strings that must never reach a page unescaped
RAW = ("<script>alert", "<img src=x", 'href="javascript:', "href='javascript:", "onerror=alert(1)>")


#: a small story in real places (the sample corpus's world is fictional, so
#: its places are not on any map): three reports from made-up outlets
MAPPED = [
    {"title": "Police arrest 12 after clashes between fans in Lyon", "outlet": "Rhone Ledger",
     "published": "2025-06-15", "url": "https://rhone-ledger.example/lyon-clashes",
     "text": ("Police arrested 12 people in Lyon late on Saturday after clashes between rival football "
              "supporters near the Part-Dieu station, the prefecture said on Sunday.\n\n"
              "Officers fired tear gas as about 300 fans threw bottles and flares, a police spokesman said. "
              "Four officers were slightly injured.\n\n"
              "The clashes came hours before the match in Marseille, where extra police units had been "
              "deployed since Friday.")},
    {"title": "Fifteen held in Lyon as supporters clash before Marseille match", "outlet": "Harbour Post",
     "published": "2025-06-15", "url": "https://harbour-post.example/fans-held",
     "text": ("Fifteen people were arrested in Lyon on Saturday night when rival supporters clashed "
              "outside the Part-Dieu station, according to a police union official.\n\n"
              "Witnesses said several hundred fans were involved. The interior ministry said 12 arrests "
              "had been made and denied that any officer had been seriously hurt.\n\n"
              "In Marseille, the city's police chief said the match went ahead without incident.")},
    {"title": "Lyon clashes: what we know", "outlet": "Midi Dispatch", "published": "2025-06-16",
     "url": "https://midi-dispatch.example/lyon-what-we-know",
     "text": ("Supporters clashed in Lyon on Saturday evening, June 14, and police arrested 12 people, "
              "the prefecture of the Rhone said.\n\n"
              "A second group of fans was stopped by police in Villeurbanne before it reached the city "
              "centre, a local official said.\n\n"
              "The two clubs met in Marseille on Sunday. Police reported no arrests at the stadium.")},
]


@pytest.fixture(scope="session")
def hostile() -> SimpleNamespace:
    """The hostile report's strings (title, script, img, the record) and
    the fragments that must never appear unescaped (``raw``)."""
    return SimpleNamespace(title=HOSTILE_TITLE, script=SCRIPT, img=IMG, js_link=JS_LINK, raw=RAW, record=HOSTILE)


def _ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def analysed_db(folder: Path, inputs: list[str]) -> Path:
    db = folder / "corpus.db"
    url = sqlite_url(db)
    with Store(url) as store:
        ingest(inputs, store, Settings(db_url=url))
        analyze_corpus(store)
        analyze_events(store)
    return db


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """The sample corpus, the hostile report and the mapped story, analysed as
    `sitrep analyze` does."""
    folder = tmp_path_factory.mktemp("web-corpus")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    mapped = folder / "mapped.jsonl"
    mapped.write_text("".join(json.dumps(r) + "\n" for r in MAPPED), encoding="utf-8")
    return analysed_db(folder, [str(EXAMPLES), str(hostile), str(mapped)])


@pytest.fixture(scope="session")
def hostile_id(corpus_db) -> str:
    with Store(sqlite_url(corpus_db)) as store:
        return next(d.id for d in store.documents() if d.title and SCRIPT in d.title)


@pytest.fixture
def db_copy(corpus_db, tmp_path) -> Path:
    """A private copy of the analysed corpus, for tests that write."""
    target = tmp_path / "copy.db"
    shutil.copy(corpus_db, target)
    for suffix in ("-wal", "-shm"):
        if Path(str(corpus_db) + suffix).exists():
            shutil.copy(str(corpus_db) + suffix, str(target) + suffix)
    return target


def client_for(db, **kwargs) -> TestClient:
    kwargs.setdefault("allowed_hosts", None)
    app = create_app(db if isinstance(db, str) else sqlite_url(db), **kwargs)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def make_client():
    """``make_client(db or url, **create_app options)``: a TestClient (use it in ``with``)."""
    return client_for


@pytest.fixture
def client(corpus_db) -> Iterator[TestClient]:
    """Reads over the shared analysed corpus, bound to 127.0.0.1."""
    with client_for(corpus_db) as c:
        yield c


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    from sitrep.store.pgtemp import find_pg_bin, temporary_postgres

    if find_pg_bin() is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found; run tools/ensure-postgres.sh to install them"
        if _ci():
            pytest.fail(f"{message} (CI is set, so PostgreSQL tests must run)", pytrace=False)
        pytest.skip(f"{message}; PostgreSQL web tests skipped")
    with temporary_postgres() as url:
        yield url


@pytest.fixture
def pg_url(pg_server) -> str:
    from sitrep.store.pgtemp import create_database

    return create_database(pg_server, "w_" + uuid.uuid4().hex[:16])
