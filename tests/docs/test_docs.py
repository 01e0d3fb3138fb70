"""The README and docs/reference.md document every CLI command (and, in the
reference, every option of it) and every API endpoint, and the reference
names none that no longer exist."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import typer.main

from sitrep.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands


def _sections(text: str) -> dict[str, str]:
    """The reference's command sections: name -> the heading and its text."""
    out = {}
    parts = re.split(r"^### ", text, flags=re.M)
    for part in parts[1:]:
        m = re.match(r"`sitrep ([a-z-]+)", part)
        if m:
            out[m.group(1)] = part.split("\n## ")[0]
    return out


def test_the_cli_has_commands():
    assert {"analyze", "ingest", "brief", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`sitrep {name}\b", README), f"README.md does not document `sitrep {name}`"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_reference(name):
    sections = _sections(REFERENCE)
    assert name in sections, f"docs/reference.md has no section for `sitrep {name}`"
    text = sections[name]
    shared = REFERENCE.split("### ")[0]
    for param in COMMANDS[name].params:
        if param.param_type_name != "option":
            continue
        long = max(param.opts, key=len)
        assert long in text or (long in shared and long in text.split("\n")[0]), \
            f"docs/reference.md does not document {long} of `sitrep {name}`"


def test_the_reference_names_no_missing_command():
    stale = set(_sections(REFERENCE)) - set(COMMANDS)
    assert not stale, f"docs/reference.md documents commands that do not exist: {sorted(stale)}"


def _endpoints() -> list[str]:
    from sitrep.web.app import create_app

    with tempfile.TemporaryDirectory() as d:
        paths = create_app(f"sqlite:///{d}/empty.db").openapi()["paths"]
    return [f"{m.upper()} {p}" for p, item in paths.items() for m in item]


def test_every_endpoint_is_in_the_reference_and_no_other():
    endpoints = _endpoints()
    assert len(endpoints) >= 10
    missing = [e for e in endpoints if f"`{e}`" not in REFERENCE]
    assert missing == [], f"docs/reference.md does not document: {missing}"
    documented = set(re.findall(r"`((?:GET|POST|PUT|PATCH|DELETE) /api/[^`]*)`", REFERENCE))
    assert documented <= set(endpoints), f"docs/reference.md documents endpoints that do not exist: {documented - set(endpoints)}"


def test_the_readme_links_the_reference():
    assert "docs/reference.md" in README
