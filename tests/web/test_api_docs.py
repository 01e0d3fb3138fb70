"""The README documents every API endpoint and the serve command."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _norm(text: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", text)


def test_every_endpoint_is_in_the_readme(make_client, tmp_path):
    readme = _norm(README.read_text(encoding="utf-8"))
    with make_client(tmp_path / "empty.db") as client:
        paths = client.get("/api/openapi.json").json()["paths"]
    missing = [f"{m.upper()} {p}" for p, item in paths.items() for m in item
               if f"{m.upper()} {_norm(p)}" not in readme]
    assert missing == [], f"README.md does not document: {missing}"
    assert "/api/openapi.json" in readme
    for word in ('"api": "sitrep-api/1", "ok": true', '"ok": false, "error"', "`sitrep serve"):
        assert word in README.read_text(encoding="utf-8"), word
