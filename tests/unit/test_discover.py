import os

from sitrep.errors import InputError, MissingInputError, NoSupportedFilesError
from sitrep.ingest import Input, discover, format_of


def test_format_of():
    assert format_of("a/B.TXT") == "text"
    assert format_of("x.warc.gz") == "warc"
    assert format_of("x.htm") == "html"
    assert format_of("x.ndjson") == "jsonl"
    assert format_of("x.pdf") is None


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for p in ["z.txt", "a.html", "b/c.jsonl", "b/skip.pdf", ".hidden.txt", ".git/x.txt"]:
        (tmp_path / p).write_text("x")
    got = list(discover([str(tmp_path)]))
    assert all(isinstance(g, Input) for g in got)
    assert [os.path.relpath(g.source, tmp_path) for g in got] == ["a.html", "z.txt", os.path.join("b", "c.jsonl")]
    assert [g.kind for g in got] == ["html", "text", "jsonl"]


def test_missing_empty_folder_glob_and_unsupported(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_text("x")
    (tmp_path / "doc.pdf").write_text("x")
    got = list(discover([str(tmp_path / "nope.txt"), str(tmp_path / "empty"), str(tmp_path / "*.zzz"), str(tmp_path / "doc.pdf")]))
    assert isinstance(got[0], MissingInputError) and str(got[0]).endswith("no such file or folder")
    assert isinstance(got[1], NoSupportedFilesError) and "no supported files" in str(got[1])
    assert isinstance(got[2], MissingInputError) and "no supported files match" in str(got[2])
    assert isinstance(got[3], InputError) and "unsupported file type" in str(got[3])


def test_glob_stdin_and_url(tmp_path):
    for p in ["a.txt", "b.txt"]:
        (tmp_path / p).write_text("x")
    got = list(discover([str(tmp_path / "*.txt"), "-", "https://example.org/feed.xml"]))
    assert [g.kind for g in got] == ["text", "text", "stdin", "url"]
