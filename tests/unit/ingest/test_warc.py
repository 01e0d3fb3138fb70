"""sitrep.ingest.warc: archives built with warcio's WARCWriter in tmp_path."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.errors import (
    EmptyInputError, InputError, MissingInputError, NoArticleError, TooLargeError, TruncatedArchiveError,
)
from sitrep.ingest import decode
from sitrep.ingest.warc import WarcStats, read
from sitrep.model import RawDocument

WARC_DATE = "2024-03-15T09:12:44Z"


def _response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
              content_type: str | None = "text/html; charset=utf-8", extra: list[tuple[str, str]] | None = None):
    headers = [("Content-Type", content_type)] if content_type else []
    headers += extra or []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=http,
        warc_headers_dict={"WARC-Date": WARC_DATE},
    )
    writer.write_record(record)


def _request(writer: WARCWriter, uri: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http))


def _warcinfo(writer: WARCWriter) -> None:
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test-crawler/1.0"}))


def build(path: Path, page, *, gz: bool) -> Path:
    """A small crawl: warcinfo, two article pages (each with its request),
    a PNG, a 404, a cookie-banner-only home page and a redirect."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        _warcinfo(writer)
        _request(writer, "https://courier.example/news/marrowby-flood")
        _response(writer, "https://courier.example/news/marrowby-flood", page().encode("utf-8"))
        _response(writer, "https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
        _response(writer, "https://courier.example/news/missing", b"<html><body>Not found</body></html>",
                  status="404 Not Found")
        _response(writer, "https://courier.example/old", b"", status="301 Moved Permanently",
                  content_type=None, extra=[("Location", "https://courier.example/new")])
        _response(writer, "https://courier.example/", b"<html><body><nav><a href='/a'>News</a> <a href='/b'>Sport</a>"
                  b"</nav><div id='cookie-notice'>We use cookies.</div></body></html>")
        _response(writer, "https://harbourline.example/ferry-strike",
                  page(title="Ferry strike enters third day on Orrin Sound", outlet="Harbourline Daily",
                       paragraphs=page.FERRY, authors=("Tamsin Okafor-Reyes",)).encode("cp1252"),
                  content_type="text/html; charset=windows-1252")
    return path


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def archive(request, tmp_path, page) -> Path:
    name = "crawl.warc.gz" if request.param else "crawl.warc"
    return build(tmp_path / name, page, gz=request.param)


def test_reads_html_responses_and_skips_the_rest(archive, settings):
    stats = WarcStats()
    items = list(read(str(archive), archive, settings, stats=stats))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.source for d in docs] == [
        "https://courier.example/news/marrowby-flood",
        "https://harbourline.example/ferry-strike",
    ]
    assert all(d.format == "warc" and d.needs_cleaning is False for d in docs)
    assert docs[0].text.split("\n\n")[0].startswith("Around 400 residents")
    assert docs[1].hints["outlet"] == "Harbourline Daily"
    assert "Sound Link Ferries" in docs[1].text
    # the home page has no article: yielded, named archive#uri, and reading went on
    assert len(errors) == 1 and isinstance(errors[0], NoArticleError)
    assert errors[0].source == f"{archive}#https://courier.example/"
    assert stats == WarcStats(
        records=8, documents=2, rejected=1, skipped_type=2, skipped_status=2, skipped_content=1, truncated=False
    )


def test_hints_and_hash(archive, settings, page):
    doc = next(i for i in read(str(archive), archive, settings) if isinstance(i, RawDocument))
    assert doc.hints["url"] == "https://courier.example/news/marrowby-flood"
    assert doc.hints["fetched"] == WARC_DATE  # capture time: a weak hint, never "published"
    assert doc.hints["published"] == "2024-03-14"  # what the page itself declares
    assert doc.hints["title"] == "Flooding forces evacuation of Marrowby riverside district"
    assert doc.raw_hash == decode.sha256(page().encode("utf-8"))


def test_accepts_bytes(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc.gz", page, gz=True)
    docs = [i for i in read("crawl.warc.gz", path.read_bytes(), settings) if isinstance(i, RawDocument)]
    assert len(docs) == 2


def test_record_over_max_bytes_is_yielded_as_too_large(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc", page, gz=False)
    small = settings.with_(max_bytes=len(page().encode("utf-8")) - 10)
    items = list(read("crawl.warc", path, small))
    too_large = [i for i in items if isinstance(i, TooLargeError)]
    assert [e.source for e in too_large] == ["crawl.warc#https://courier.example/news/marrowby-flood"]
    # the ferry page (shorter in cp1252) is still read
    assert [d.source for d in items if isinstance(d, RawDocument)] == ["https://harbourline.example/ferry-strike"]


def test_chunked_and_gzip_encoded_payload(tmp_path, page, settings):
    body = gzip.compress(page().encode("utf-8"))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    path = tmp_path / "enc.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        _response(writer, "https://courier.example/enc", chunked,
                  extra=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")])
    (doc,) = list(read("enc.warc.gz", path, settings))
    assert isinstance(doc, RawDocument)
    assert "Oskar Pellworth" in doc.text
    assert doc.raw_hash == decode.sha256(page().encode("utf-8"))


def test_untyped_html_response_is_sniffed(tmp_path, page, settings):
    path = tmp_path / "untyped.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, "https://courier.example/a", page().encode("utf-8"), content_type=None)
        _response(writer, "https://courier.example/b", b"just some bytes", content_type=None)
    stats = WarcStats()
    items = list(read("untyped.warc", path, settings, stats=stats))
    assert [i.source for i in items] == ["https://courier.example/a"]
    assert stats.skipped_content == 1


def test_undecodable_record_is_a_per_record_error(tmp_path, page, settings):
    path = tmp_path / "bin.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, "https://courier.example/fake.html", b"\x89PNG\r\n\x1a\n" + bytes(300))
        _response(writer, "https://courier.example/a", page().encode("utf-8"))
    items = list(read("bin.warc", path, settings))
    assert isinstance(items[0], InputError) and items[0].source == "bin.warc#https://courier.example/fake.html"
    assert isinstance(items[1], RawDocument)


# ------------------------------------------------------------------ damage


def test_truncated_gzip_yields_good_records_then_error(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc.gz", page, gz=True)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:-120])  # inside the last (ferry) record's gzip member
    stats = WarcStats()
    items = list(read("cut.warc.gz", cut, settings, stats=stats))
    assert [i.source for i in items if isinstance(i, RawDocument)] == ["https://courier.example/news/marrowby-flood"]
    last = items[-1]
    assert isinstance(last, TruncatedArchiveError)
    assert last.source == "cut.warc.gz"
    assert last.problem.startswith("WARC archive is truncated or corrupt after 7 records: ")
    assert stats.truncated and stats.records == 7


def test_gzip_trailer_cut_still_reports_truncation(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc.gz", page, gz=True)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(path.read_bytes()[:-4])  # only the last member's size field is lost
    items = list(read("cut.warc.gz", cut, settings))
    assert isinstance(items[-1], TruncatedArchiveError)


def test_truncated_plain_warc(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc", page, gz=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(path.read_bytes()[:-300])
    items = list(read("cut.warc", cut, settings))
    assert [i.source for i in items if isinstance(i, RawDocument)] == ["https://courier.example/news/marrowby-flood"]
    assert isinstance(items[-1], TruncatedArchiveError)
    assert "after 7 records" in items[-1].problem


def test_cut_inside_record_headers(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc", page, gz=False)
    data = path.read_bytes()
    last = data.rindex(b"WARC/1.")
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: last + 60])  # a few header lines of the last record
    items = list(read("cut.warc", cut, settings))
    assert isinstance(items[-1], TruncatedArchiveError)
    assert "after 7 records" in items[-1].problem


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_every_cut_is_reported(tmp_path, page, settings, gz):
    """Whatever the cut point, the reader never loses a record silently: it
    yields the complete records and then reports the damage."""
    path = tmp_path / "two.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for n in range(2):
            _response(writer, f"https://courier.example/{n}", page().encode("utf-8"))
    data = path.read_bytes()
    step = max(1, len(data) // 60)
    for cut in range(5, len(data) - 5, step):
        path.write_bytes(data[:cut])
        try:
            items = list(read("two.warc", path, settings))
        except TruncatedArchiveError:
            continue  # nothing readable: raised
        docs = [i for i in items if isinstance(i, RawDocument)]
        if not gz and cut >= len(data) - 4:
            continue  # only trailing blank lines lost
        assert items and isinstance(items[-1], TruncatedArchiveError), (cut, items)
        assert len(docs) <= 1


def test_corrupt_gzip_data(tmp_path, page, settings):
    path = build(tmp_path / "crawl.warc.gz", page, gz=True)
    data = bytearray(path.read_bytes())
    middle = len(data) - 400
    data[middle:middle + 40] = bytes(40)
    path.write_bytes(bytes(data))
    items = list(read("bad.warc.gz", path, settings))
    assert isinstance(items[-1], TruncatedArchiveError)
    assert items[-1].source == "bad.warc.gz"


def test_not_a_warc_is_raised(tmp_path, settings, page):
    path = tmp_path / "page.warc"
    path.write_text(page())
    with pytest.raises(TruncatedArchiveError, match="after 0 records"):
        list(read("page.warc", path, settings))


def test_gzip_of_something_else_is_raised(tmp_path, settings):
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"shopping list: eggs, flour, sugar\n" * 20))
    with pytest.raises(TruncatedArchiveError):
        list(read("notes.warc.gz", path, settings))


def test_empty_and_missing(tmp_path, settings):
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    with pytest.raises(EmptyInputError):
        list(read("empty.warc", empty, settings))
    with pytest.raises(MissingInputError):
        list(read("nope.warc", tmp_path / "nope.warc", settings))


def test_single_member_gzip_is_read(tmp_path, page, settings):
    """A whole-file gzip (not one member per record) is not standard but is
    what ``gzip crawl.warc`` produces; it is read like any other."""
    plain = build(tmp_path / "crawl.warc", page, gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    docs = [i for i in read("whole.warc.gz", whole, settings) if isinstance(i, RawDocument)]
    assert len(docs) == 2
