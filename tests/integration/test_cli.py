"""The command line end to end, in a subprocess: bad inputs, idempotency, report shape."""

import gzip
import json

from sitrep.report import LIST_KEYS

CONTRACT_DOC_KEYS = {"id", "source", "title", "outlet", "authors", "published", "published_inferred",
                     "dateline", "language", "body", "story", "wire"}


def no_traceback(r):
    assert "Traceback" not in r.err and "Traceback" not in r.out, r.err


def test_help_on_every_command(sitrep):
    for cmd in ([], ["analyze"], ["ingest"], ["documents"], ["show"], ["events"], ["discrepancies"]):
        r = sitrep(*cmd, "--help")
        assert r.code == 0 and "Usage" in r.out, (cmd, r.err)


def test_usage_error_is_not_a_traceback(sitrep):
    r = sitrep("analyze", "--no-such-option")
    no_traceback(r)
    assert r.code == 2 and "No such option" in r.err


def test_analyze_writes_contract_report(sitrep, tmp_path, article):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(article(i))
    r = sitrep("analyze", str(corpus), "--json", "out/report.json")
    no_traceback(r)
    assert r.code == 0, r.err
    rep = json.loads((tmp_path / "out" / "report.json").read_text())
    assert rep["format"] == "sitrep/1"
    assert set(LIST_KEYS) <= set(rep)
    assert len(rep["documents"]) == 3
    for d in rep["documents"]:
        assert CONTRACT_DOC_KEYS <= set(d)
        assert d["id"].startswith("d-")
        assert d["published"].startswith("2025-03-")
        assert d["dateline"] == "Port Arden"
        assert "Dismiss" not in d["body"] and "Floods force" not in d["body"]
    assert "ingested 3 (3 new, 0 revisions) / duplicates 0 / rejected 0" in r.err


def test_same_folder_twice_stores_nothing_new(sitrep, tmp_path, article):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"{i}.txt").write_text(article(i))
    first = sitrep("ingest", str(corpus))
    second = sitrep("ingest", str(corpus))
    assert "ingested 4 (4 new" in first.err
    assert "ingested 0 (0 new, 0 revisions) / duplicates 4 / rejected 0" in second.err
    assert second.code == 0
    docs = json.loads(sitrep("documents", "--json").out)
    assert len(docs) == 4


def test_bad_inputs_one_line_each_rest_continue(sitrep, tmp_path, article):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(article(1))
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "big.txt").write_text(article(2) + "x" * 5000)
    (d / "utf16.txt").write_bytes(article(3).encode("utf-16"))
    (d / "cp1252.txt").write_bytes(article(4).replace("We are", "\u201cWe\u2019re").encode("cp1252"))
    (d / "bad-utf8.txt").write_bytes(article(5).encode() + bytes([0xC3, 0x28, 0xA0, 0xA1, 0xFF]) + b" end.\n")
    (d / "mixed.jsonl").write_text('{"text": "' + "A valid article sentence with enough words in it. " * 3 + '"}\n{"text": oops}\n')
    whole = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\n" + b"x" * 100)
    (d / "cut.warc.gz").write_bytes(whole[: len(whole) // 2])
    (d / "nav.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>")
    r = sitrep("ingest", str(d), str(tmp_path / "missing.txt"), "--max-bytes", "3000")
    no_traceback(r)
    assert r.code == 0
    lines = [l for l in r.err.splitlines() if l.startswith("sitrep: ")]
    text = "\n".join(lines)
    assert "empty.txt: file is empty" in text
    assert "image.txt: is a PNG image, not text" in text
    assert "big.txt: file is" in text and "over the size limit" in text
    assert "mixed.jsonl: line 2: invalid JSON" in text
    assert "cut.warc.gz" in text
    assert "nav.html" in text
    assert "missing.txt: no such file or folder" in text
    assert len(lines) == 7, lines
    # invalid UTF-8 is read with the detected legacy encoding rather than rejected
    assert "ingested 5 (5 new, 0 revisions) / duplicates 0 / rejected 7" in r.err


def test_nothing_ingested_exits_2(sitrep, tmp_path):
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "notes.pdf").write_bytes(b"%PDF-1.4")
    r = sitrep("ingest", str(tmp_path / "e"))
    no_traceback(r)
    assert r.code == 2
    assert "no supported files in this folder" in r.err


def test_failed_run_leaves_store_unchanged(sitrep, tmp_path, article):
    (tmp_path / "a.txt").write_text(article(1))
    assert sitrep("ingest", str(tmp_path / "a.txt")).code == 0
    before = sitrep("documents", "--json").out
    (tmp_path / "bad.txt").write_bytes(b"")
    r = sitrep("ingest", str(tmp_path / "bad.txt"), str(tmp_path / "nope"))
    assert r.code == 2
    assert sitrep("documents", "--json").out == before


def test_changed_version_of_same_source_is_a_revision(sitrep, tmp_path, article):
    p = tmp_path / "a.txt"
    p.write_text(article(1))
    sitrep("ingest", str(p))
    p.write_text(article(1).replace("night.", "night and into the morning."))
    r = sitrep("ingest", str(p))
    assert "1 revisions" in r.err
    docs = json.loads(sitrep("documents", "--json", "--all-revisions").out)
    assert sorted(d["revision"] for d in docs) == [1, 2]
    assert len(json.loads(sitrep("documents", "--json").out)) == 1


def test_stdin_jsonl(sitrep):
    line = json.dumps({"text": "The council said the bridge would reopen on Monday after repairs were finished. " * 2,
                       "title": "Bridge to reopen", "url": "https://example.org/bridge", "published": "2025-02-03"})
    r = sitrep("analyze", "-", "--json", "r.json", stdin=(line + "\n").encode())
    assert r.code == 0, r.err
    assert "Bridge to reopen" in r.out


def test_bad_db_url_is_one_line(sitrep, tmp_path, article):
    (tmp_path / "a.txt").write_text(article(1))
    r = sitrep("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "a.txt" / "x.db"))
    no_traceback(r)
    assert r.code == 2
    assert len(r.err.strip().splitlines()) == 1


def test_show_document(sitrep, tmp_path, article):
    (tmp_path / "a.txt").write_text(article(1))
    sitrep("ingest", str(tmp_path / "a.txt"))
    doc = json.loads(sitrep("documents", "--json").out)[0]
    r = sitrep("show", doc["id"], "--removed")
    assert r.code == 0 and "Dismiss" in r.out and "menu" in r.out
    r = sitrep("show", "d-000000000000")
    assert r.code == 2 and "no such document" in r.err


def test_events_and_discrepancies_commands(sitrep, tmp_path):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "examples" / "corpus"
    r = sitrep("analyze", str(corpus), "--json", "r.json", "-q")
    assert r.code == 0, r.err
    report = json.loads((tmp_path / "r.json").read_text())
    r = sitrep("events", "--json")
    assert r.code == 0, r.err
    events = json.loads(r.out)
    assert events == report["events"]
    assert any(e["independent_sources"] >= 2 for e in events)
    bodies = {d["id"]: d["body"] for d in report["documents"]}
    for e in events:
        for m in e["mentions"]:
            assert m["sentence"] in bodies[m["document"]]  # every statement links back to its sentence
    r = sitrep("discrepancies", "--json")
    assert r.code == 0, r.err
    ledger = json.loads(r.out)
    assert ledger and all(len(x["values"]) >= 2 for x in ledger)
    story = report["stories"][0]["id"]
    r = sitrep("discrepancies", "--story", story)
    assert r.code == 0 and "discrepancies" in r.out, r.err
    r = sitrep("events", "--story", "s-none")
    no_traceback(r)
    assert r.code == 2 and "s-none" in r.err and len(r.err.strip().splitlines()) == 1


def test_runs_and_changes(sitrep, tmp_path, article):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(article(i))
    assert sitrep("analyze", str(corpus), "-q").code == 0
    r = sitrep("runs", "--json")
    assert r.code == 0, r.err
    runs = json.loads(r.out)
    assert len(runs) == 1 and runs[0]["command"] == "analyze" and runs[0]["ingested"] == 3
    r = sitrep("changes", "--json")
    assert r.code == 0, r.err
    changes = json.loads(r.out)
    assert changes and {c["run"] for c in changes} == {runs[0]["id"]}
    assert "new_story" in {c["kind"] for c in changes}
    assert runs[0]["changes"] == len(changes)
    # the same input again: a run with nothing to change
    assert sitrep("analyze", str(corpus), "-q").code == 0
    second = json.loads(sitrep("runs", "--json").out)[-1]
    assert second["ingested"] == 0 and second["changes"] == 0
    assert json.loads(sitrep("changes", "--since", runs[0]["id"], "--json").out) == []
    r = sitrep("changes", "--since", "r-nope")
    no_traceback(r)
    assert r.code == 2 and "r-nope" in r.err and len(r.err.strip().splitlines()) == 1
    r = sitrep("changes")
    assert r.code == 0 and "new_story" in r.out
