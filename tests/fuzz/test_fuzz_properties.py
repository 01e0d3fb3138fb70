"""Fuzz properties of the input path (issue 7): the readers, the text
cleaner, the metadata parsers and the time and quantity normalisers.

For any input:

- no exception escapes but the documented ones (a reader's
  :class:`InputError`, the cleaner's :class:`NoArticleError`);
- every span lies inside its text (``0 <= start <= end <= len(text)``) and,
  where the object carries its text, ``text[start:end]`` is that text; a
  mention (date, time, quantity) is not empty and has no whitespace at
  either end;
- every interval is ordered (``earliest <= latest``, ``low <= high``) and
  every date a metadata parser returns is a real date in 1900-2099;
- whatever a reader returns is a document (valid Unicode text) or an
  :class:`InputError`.

Inputs mix random Unicode with fragments of real news pages (date lines,
bylines, time and quantity phrases) and the characters that break naive
code (:data:`ODD`: NUL and control characters, odd whitespace, combining
marks, right-to-left text, letters whose ``lower()`` is longer or that
``re.IGNORECASE`` equates with ASCII ones, very long tokens), plus mutated
pages from ``examples/corpus``. The checks are plain functions
(``check_*``) that raise on a broken property; ``bench/fuzz.py`` imports
this module and runs the same checks for longer on random inputs.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.clean import clean, metadata
from sitrep.clean.dates import WEEKDAYS, find_dates, first_date, is_date_only, weekday_mentions
from sitrep.clean.furniture import clean_page, short_lines
from sitrep.config import Settings
from sitrep.errors import InputError, NoArticleError
from sitrep.ingest import Input, html, jsonl, read_input, text as text_reader, warc
from sitrep.ingest.decode import decode
from sitrep.model import RawDocument
from sitrep.nlp.quantities import HEDGES, find_quantities, interval
from sitrep.nlp.times import PRECISIONS, find_times, split_sentences, timeml_view
from sitrep.nlp.timex_rules import candidates, candidates_exhaustive, parse_number, spoken_year

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"

# ----------------------------------------------------------------- material

DATE_LINES = [
    "Updated 03 Dec, 2024 10:41 GMT", "Monday, December 2, 2024", "Published: 2 December 2024",
    "Dec. 01, 2024 • 3 min read", "2024-12-03T10:25", "05/11/2025", "Wednesday 05/11/2025", "31/02/2024",
    "3rd of December, 2024", "Nov 30 2024", "Last updated: December 3rd, 2024 at 9:15 am",
    "Posted on 2024-13-45", "Published 29 Feb, 2023", "٢٠٢٤-١٢-٠٣", "Auguſt 3, 2024", "3 Auguſt 2024",
]
BYLINES = [
    "By Jane Roe, Reuters", "By bne Cairo bureau", "By Jane Roe and John Doe | 4 min read",
    "By Jane Roe & John Doe - December 2, 2024", "Reporting by Jane Roe in Kessara; editing by John Doe",
    "About the author: Jane Roe", "Author: Jane Roe", "— AFP", "Photo: AFP", "(AFP Photo)",
    "Fighters gather in a square in central Brask. Photo: Kestrel Images",
    "© 2024 Kostrel Today. All rights reserved", "Published in The Eastern Ledger, 3 December 2024",
    "KESSARA (Reuters) - ", "ALEPPO, Syria — ", "KESSARA, Ashvar Region of Kostrel - ",
    "told Kostrel Today", "Kostrel Today has learned", "KOSTREL TODAY", "MPA | Meridian Press Agency",
    "Jane Roe is a senior fellow at the Institute, where she covers the region.",
    "Subscribe to our newsletter", "News   Region   Sport   Weather", "By", "By İnci Ünal",
]
TIME_PHRASES = [
    "late on Sunday", "last week", "from 2012 until 2016", "days ago", "between March 3 and March 5",
    "since 2011", "the third quarter", "early next week", "two weeks ago", "overnight", "6 a.m. local time",
    "1430 GMT", "the 1990s", "the 21st century", "mid-October", "winter 2024", "Christmas Eve", "FY2024",
    "Q3 2024", "the year ended March 31", "three years later", "the following Monday",
    "the day before yesterday", "nineteen ninety-four", "in two thousand and one", "3000 years ago",
    "the past 20 years", "December 2-3", "in '90s", "a year earlier", "that morning", "the next day",
    "more than four hours", "for years", "daily", "right now", "recently", "the near future", "April next year",
    "the 0th century", "the 99th century", "10000 years from now", "99 centuries later", "2024 years ago",
    "the first quarter of 1500", "from December 3 to December 1", "Sunday night", "noon on Friday",
    "on Tueſday", "the firſt quarter", "the second half of this year", "earlier this month", "Q1",
]
QUANTITY_PHRASES = [
    "nearly 200 fighters", "at least 300", "dozens", "a handful", "dozens of fighters", "a handful of people",
    "seven people were killed, including five children", "between 200 and 300 people", "rose from 12 to 16",
    "$5 million", "2.5bn", "45%", "more than 1,000 troops", "two of the dam's four gates",
    "tens of thousands of people", "several hundred", "half a dozen", "one hundred and fifty", "200-300",
    "F-16", "Resolution 2254", "+44 20 7946 0958", "10:30", "3 pm", "1990s", "200 or more", "a few dozen",
    "scores of", "the death toll rose to 12", "killed seven", "almoſt 200 fighters", "İn excess of 300 people",
    "ſeveral people", "nearly 0 people", "under 0.5 km", "1,000,000,000,000 dinars", "0 or fewer",
]
SENTENCES = [
    "The army said on Monday that fighters crossed the border near the town.",
    "Nearly 200 fighters crossed the Sable Bridge late on Sunday, officials said.",
    "“Nothing about this is an accident,” Badran told The Ashvar Dispatch.",
    "Shelling resumed late on Sunday.", "Mr. Korrad met U.S. envoys in Dec. 2024 in Brask.",
    "Seven people were killed, including five children, the ministry said.",
]
ODD = [
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x0b", "\x0c", "\r", "\r\n", "\t", "\u00a0", "\u200b",
    "\u200d", "\u200e", "\u200f", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\u3000",
    "İ", "ı", "ſ", "\u212a", "ß", "ﬁ", "ŉ", "ǰ", "e\u0301", "\u0301", "\u0300\u0301\u0302", "Ⅻ", "²", "½",
    "٣", "१२", "𝟙𝟚", "قال الجيش يوم الاثنين", "שלום עולם", "日本語の記事", "\U0001F44D\U0001F3FD", "𝕯𝖊𝖈",
]
LONG = ["a" * 3000, "9" * 500, "1" * 40 + " days ago", "9" * 400 + " years", "Dec" * 400, " " * 2000,
        "\n" * 300, "-" * 1000, "." * 800, "İ" * 500, ("word " * 600).strip()]

FRAGMENTS = DATE_LINES + BYLINES + TIME_PHRASES + QUANTITY_PHRASES + SENTENCES
_SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", ", ", ". ", "\t", "   ", "\u00a0", " | ", " - ", "\r\n"]


def _corpus(suffix: str) -> list[str]:
    if not CORPUS.is_dir():
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*" + suffix))]


CORPUS_TEXTS = _corpus(".txt") or ["\n\n".join(SENTENCES)]
CORPUS_HTML = _corpus(".html")
CORPUS_JSONL = _corpus(".jsonl")


def mutate(text: str, rnd: random.Random, others: list[str] = CORPUS_TEXTS, steps: int | None = None) -> str:
    """``text`` after a few random edits: cut a slice, splice in a slice of
    another text, duplicate or drop a paragraph, insert odd characters or
    fragments, change line endings or case."""
    for _ in range(rnd.randint(1, 4) if steps is None else steps):
        op = rnd.randrange(8)
        n = len(text)
        i, j = sorted((rnd.randint(0, n), rnd.randint(0, n)))
        if op == 0:  # cut
            text = text[:i] + text[j:]
        elif op == 1 and others:  # splice
            other = rnd.choice(others)
            a, b = sorted((rnd.randint(0, len(other)), rnd.randint(0, len(other))))
            text = text[:i] + other[a:b] + text[i:]
        elif op == 2:  # duplicate a paragraph
            paras = text.split("\n\n")
            k = rnd.randrange(len(paras))
            paras.insert(rnd.randrange(len(paras) + 1), paras[k])
            text = "\n\n".join(paras)
        elif op == 3:  # drop a paragraph
            paras = text.split("\n\n")
            del paras[rnd.randrange(len(paras))]
            text = "\n\n".join(paras)
        elif op == 4:  # odd characters
            text = text[:i] + "".join(rnd.choice(ODD) for _ in range(rnd.randint(1, 5))) + text[i:]
        elif op == 5:  # random code points (no surrogates: not text)
            cps = [rnd.choice((rnd.randint(32, 0x2FF), rnd.randint(0, 0xD7FF), rnd.randint(0xE000, 0x10FFFF)))
                   for _ in range(rnd.randint(1, 20))]
            text = text[:i] + "".join(map(chr, cps)) + text[i:]
        elif op == 6:  # a realistic fragment, on its own line or inline
            frag = rnd.choice(FRAGMENTS + LONG[:3])
            text = text[:i] + rnd.choice(["\n", " ", "\n\n", ""]) + frag + rnd.choice(["\n", " ", ""]) + text[i:]
        else:  # line endings, case
            text = rnd.choice([text.replace("\n", "\r\n"), text.replace("\n", "\r"), text.upper(), text.lower(),
                               text.replace("\n\n", "\n \n"), text.replace(" ", "\u00a0")])
    return text


# ----------------------------------------------------------------- strategies

_piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(ODD),
    st.text(max_size=12),
    st.integers(min_value=0, max_value=10**15).map(str),
    st.from_regex(r"\A\d{1,4}(?:[.,/:-]\d{1,4}){0,2}\Z"),
    st.sampled_from(LONG),
    st.sampled_from("the a of on in by at to and said were killed fighters people days years".split()),
)
#: short texts: fragments, numbers and noise with separators between them
texts = st.lists(st.tuples(_piece, st.sampled_from(_SEPARATORS)), max_size=25).map(
    lambda xs: "".join(p + s for p, s in xs))
#: pages: lines of noise, or a corpus page after a few random edits
pages = st.one_of(
    st.lists(texts, max_size=20).map("\n".join),
    st.builds(mutate, st.sampled_from(CORPUS_TEXTS), st.randoms(use_true_random=False)),
)
#: publication dates are 1900-2099 (see check_metadata), and None when unknown
anchors = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
                    st.sampled_from([date(1900, 1, 1), date(2099, 12, 31), date(2024, 12, 2), date(2024, 2, 29)]))


def fuzz(n: int):
    """Hypothesis settings for one property: ``n`` examples, no deadline
    (the first call of a pipeline loads it)."""
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))


# ----------------------------------------------------------------- checks

def check_span(start: int, end: int, text: str, span_text: str | None = None, what: str = "span") -> None:
    assert isinstance(start, int) and isinstance(end, int), (what, start, end)
    assert 0 <= start <= end <= len(text), (what, start, end, len(text))
    if span_text is not None:
        assert text[start:end] == span_text, (what, start, end, text[start:end], span_text)


def check_mention(start: int, end: int, text: str, span_text: str | None, what: str) -> None:
    """A mention's span: inside the text, not empty, no whitespace at
    either end (what a reader sees highlighted is the expression itself)."""
    check_span(start, end, text, span_text, what)
    s = text[start:end]
    assert s and s == s.strip(), (what, start, end, s)


def sane_date(d, what: str = "date") -> None:
    assert d is None or (isinstance(d, date) and 1900 <= d.year <= 2099), (what, d)


def check_dates(text: str) -> None:
    """The date patterns of the cleaner."""
    found = find_dates(text)
    for d in found:
        check_mention(d.start, d.end, text, d.text, "date")
        sane_date(d.value)
    assert [d.start for d in found] == sorted(d.start for d in found)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start, ("overlapping dates", a, b)
    first = first_date(text)
    assert first == (found[0] if found else None)
    assert isinstance(is_date_only(text), bool)
    assert all(w in WEEKDAYS for w in weekday_mentions(text)), weekday_mentions(text)


def check_metadata(page: str, published_hint: str | None = None) -> None:
    """Every metadata parser on a page cleaned fully and lightly, and a
    format's ``published`` string parsed as a hint."""
    for full in (True, False):
        result = clean_page(page, full=full)
        for fn in (metadata.published_from_lines, metadata.infer_published):
            value, why = fn(result)
            sane_date(value, fn.__name__)
            assert (value is None) == (why is None), (fn.__name__, value, why)
        name, why, hints = metadata.outlet_from_text(result)
        assert name is None or (isinstance(name, str) and name.strip()), name
        assert hints.brand is None or isinstance(hints.brand, str)
        authors = metadata.authors_from_text(result)
        assert all(isinstance(a, str) and a.strip() and len(a) <= 60 for a in authors), authors
        dateline = metadata.dateline_from_text(result)
        assert dateline is None or (isinstance(dateline, str) and dateline.strip()), dateline
        md = metadata.extract(result, {"published": published_hint} if published_hint is not None else {})
        sane_date(md.published, "published")
        assert not md.published_inferred or md.published is not None
        assert metadata.refine_outlets([(md.outlet, md.hints)], {"Kostrel Today"}) is not None


def check_raw_clean(raw: RawDocument, shared: set[str] | None = None) -> None:
    """:func:`clean` on a raw document: a document or NoArticleError."""
    try:
        doc = clean(raw, shared=shared).document
    except NoArticleError as exc:
        assert str(exc).startswith(raw.source + ": "), str(exc)
        return
    assert doc.body.strip() and doc.id.startswith("d-")
    sane_date(doc.published, "published")
    assert not doc.published_inferred or doc.published is not None
    assert all(isinstance(a, str) and a.strip() for a in doc.authors), doc.authors
    lines = raw.text.count("\n") + 1
    for r in doc.removed:
        assert 1 <= r.line <= lines, (r, lines)


def check_clean(page: str) -> None:
    """A saved page (alone, and with the short lines of a batch it shares),
    and the same text as an extractor's article with its first line as the
    title hint (light cleaning)."""
    raw = RawDocument(source="fuzz.txt", format="text", text=page, raw_hash="0" * 64, needs_cleaning=True)
    check_raw_clean(raw)
    check_raw_clean(raw, shared=short_lines(page) | short_lines(CORPUS_TEXTS[0]))
    title = next((line for line in page.split("\n") if line.strip()), "")
    check_raw_clean(RawDocument(source="fuzz.txt", format="text", text=page, raw_hash="0" * 64,
                                hints={"title": title} if title else {}, needs_cleaning=False))


def check_times(text: str, anchor: date | None, tense: str | None = None, doc=None) -> None:
    """Time expressions: spans, ordered intervals, the anchored scan equal
    to the exhaustive one."""
    found = find_times(text, anchor, tense=tense, doc=doc)
    prev_end = 0
    for m in found:
        check_mention(m.start, m.end, text, m.text, "time")
        assert m.start >= prev_end, ("overlapping times", m)
        prev_end = m.end
        assert m.type in ("DATE", "TIME", "DURATION", "SET"), m
        assert m.precision in PRECISIONS or m.precision is None, m
        if m.earliest and m.latest:
            assert m.earliest <= m.latest, ("interval", m)
        for p in m.parts:
            check_mention(p.start, p.end, text, p.text, "range part")
            assert m.start <= p.start <= p.end <= m.end, (m, p)
        json.dumps(m.as_dict())
    for v in timeml_view(found):
        check_mention(v.start, v.end, text, v.text, "timeml view")
    cands = candidates(text)
    for c in cands:
        check_mention(c.start, c.end, text, c.text, "candidate")
    assert cands == candidates_exhaustive(text)
    sents = split_sentences(text)
    for s, e in sents:
        check_span(s, e, text, None, "sentence")
    assert all(a[1] <= b[0] for a, b in zip(sents, sents[1:])), sents


def check_quantities(doc) -> None:
    """Quantities in a spaCy ``Doc``: spans, ordered intervals, subsets."""
    text = doc.text
    qs = find_quantities(doc)
    for i, q in enumerate(qs):
        check_mention(q.start, q.end, text, q.text, "quantity")
        if q.low is not None and q.high is not None:
            assert q.low <= q.high, ("interval", q)
        if q.subset_of is not None:
            assert 0 <= q.subset_of < len(qs) and q.subset_of != i, (i, q)
    assert [q.start for q in qs] == sorted(q.start for q in qs)


def check_number_words(s: str) -> None:
    """The number-word parsers take any string."""
    v = parse_number(s)
    assert v is None or isinstance(v, float), v
    y = spoken_year(s)
    assert y is None or isinstance(y, int), y


def check_interval(hedge: str, a: float, b: float, counted: bool) -> None:
    low, high = interval(hedge, a, b, counted=counted)
    if low is not None and high is not None:
        assert low <= high, (hedge, a, b, low, high)


# readers: name -> (module reading bytes, file name suffix)
READERS = {"text": (text_reader, ".txt"), "html": (html, ".html"), "jsonl": (jsonl, ".jsonl"),
           "warc": (warc, ".warc")}


def check_raw(item) -> None:
    """A reader's item: an InputError, or a document of valid Unicode that cleans."""
    assert isinstance(item, (RawDocument, InputError)), item
    if isinstance(item, InputError):
        assert str(item).startswith(item.source + ": ") and item.problem, str(item)
        return
    assert isinstance(item.text, str) and item.text.strip(), item
    item.text.encode("utf-8")  # valid Unicode: no lone surrogates
    for key, value in item.hints.items():
        if isinstance(value, str):
            value.encode("utf-8")
        elif isinstance(value, list):
            for v in value:
                v.encode("utf-8")
    assert len(item.raw_hash) == 64
    check_raw_clean(item)


def check_reader(kind: str, data: bytes, settings_: Settings) -> None:
    """A reader's bytes entry point: documents or InputErrors, yielded or
    raised, and each document cleans to a document or NoArticleError."""
    module, _ = READERS[kind]
    try:
        items = list(module.read("fuzz" + READERS[kind][1], data, settings_))
    except InputError as exc:
        items = [exc]
    for item in items:
        check_raw(item)


def check_read_input(kind: str, data: bytes, settings_: Settings) -> None:
    """:func:`read_input` on a file: never raises, yields documents or
    InputErrors."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / ("fuzz" + READERS[kind][1]))
        Path(path).write_bytes(data)
        for item in read_input(Input(kind, path, path), settings_):
            check_raw(item)


def check_decode(data: bytes) -> None:
    """Bytes to text, plain and HTML: valid, non-blank Unicode or an InputError."""
    for fn, source in ((decode, "fuzz.txt"), (html.decode_html, "fuzz.html")):
        try:
            s = fn(source, data)
        except InputError as exc:
            assert str(exc).startswith(source + ": "), str(exc)
            continue
        assert isinstance(s, str) and s.strip(), (fn.__name__, s)
        s.encode("utf-8")  # no lone surrogates


# ----------------------------------------------------------------- byte inputs

SIGNATURES = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
              b"\x7fELF", b"RIFF", b"\x00\x00\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
              b"\x00\x00\xfe\xff", b"WARC/1.0\r\n", b"<html>", b"{", b"\r\n"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "gb18030", "shift_jis",
             "koi8-r"]
#: labels a page may declare, real and odd (Python codecs that are no web encoding included)
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "shift_jis", "utf-16", "gbk", "bogus", "x-user-defined",
            "", "utf-8\"", "koi8-r", "undefined", "unicode_escape", "utf-7", "rot13", "base64", "idna"]
#: JSON nested deeper than the parser's recursion limit
DEEP_JSON = "[" * 5000 + "]" * 5000
HTML_ODD = ["&#0;", "&#xD800;", "&#x110000;", "&#65533;", "&nbsp;", "<![CDATA[x]]>", "<script>var x = '<p>';</script>",
            "<p>", "</div>", "<?xml version='1.0' encoding='utf-16'?>", "<svg><text>x</text></svg>", "<!-- -->",
            "<time datetime='0001-01-01'>x</time>", "<meta property='article:published_time' content='9999-99-99'>",
            "<script type='application/ld+json'>{\"publisher\": {\"name\": \"\\ud800\"}}</script>",
            f"<script type='application/ld+json'>{DEEP_JSON}</script>", "<div>" * 3000]


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def html_page(title: str, paragraphs: list[str], charset: str, extra: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title}</title>'
            f'<meta property="og:site_name" content="{title[:20]}"></head><body>{extra}<article><h1>{title}</h1>'
            f"{body}</article></body></html>")


def jsonl_line(value) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode("utf-8")


def warc_archive(pages: list[bytes], *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"}))
    for n, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.invalid/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def mutate_bytes(data: bytes, rnd: random.Random, steps: int | None = None) -> bytes:
    """``data`` after a few byte edits: truncate, cut, flip, insert, repeat."""
    for _ in range(rnd.randint(1, 3) if steps is None else steps):
        n = len(data)
        i, j = sorted((rnd.randint(0, n), rnd.randint(0, n)))
        op = rnd.randrange(6)
        if op == 0:
            data = data[:i]
        elif op == 1:
            data = data[:i] + data[j:]
        elif op == 2 and n:
            k = rnd.randrange(n)
            data = data[:k] + bytes([data[k] ^ (1 << rnd.randrange(8))]) + data[k + 1:]
        elif op == 3:
            data = data[:i] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16))) + data[i:]
        elif op == 4:
            data = data[:i] + rnd.choice(SIGNATURES) + data[i:]
        else:
            data = data[:j] + data[i:j] + data[j:]
    return data


_text_bytes = st.one_of(
    st.binary(max_size=400),
    st.builds(encode, pages, st.sampled_from(ENCODINGS)),
    st.builds(lambda sig, rest: sig + rest, st.sampled_from(SIGNATURES), st.binary(max_size=200)),
    st.builds(mutate_bytes, st.builds(encode, st.sampled_from(CORPUS_TEXTS), st.sampled_from(ENCODINGS)),
              st.randoms(use_true_random=False)),
)
_html_text = st.lists(st.one_of(texts, st.sampled_from(SENTENCES + HTML_ODD)), max_size=6)
_html_bytes = st.one_of(
    st.builds(lambda t, ps, cs, extra, enc: encode(html_page(t, ps, cs, extra), enc),
              texts, st.lists(st.one_of(st.sampled_from(CORPUS_TEXTS).map(lambda s: s[:600]), texts), max_size=5),
              st.sampled_from(CHARSETS), _html_text.map("".join), st.sampled_from(ENCODINGS)),
    st.builds(mutate_bytes, st.sampled_from(CORPUS_HTML or [html_page("t", SENTENCES, "utf-8", "")]).map(
        lambda s: s.encode("utf-8")), st.randoms(use_true_random=False)),
    _text_bytes,
)
#: lone surrogates: valid JSON escapes ("\\ud800"), but not text
_surrogates = st.sampled_from(["\ud800", "\udfff", "\ud83d"])
_json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts,
                         _surrogates, st.sampled_from(["2024-12-03", "0001-01-01T00:00:00Z"]))
_json_value = st.recursive(_json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                   st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                           max_leaves=6)
_article = st.fixed_dictionaries(
    {"text": st.one_of(pages, _json_scalar, st.builds(lambda p, s: p + s, pages, _surrogates))},
    optional={k: _json_scalar for k in ("title", "url", "published", "outlet", "language")}
    | {"authors": st.one_of(_json_scalar, st.lists(_json_scalar, max_size=3))},
)
_jsonl_bytes = st.one_of(
    st.lists(st.one_of(_article.map(jsonl_line), _json_value.map(jsonl_line), st.binary(max_size=60),
                       st.just(DEEP_JSON.encode())),
             max_size=4).map(b"\n".join),
    st.builds(mutate_bytes, st.sampled_from(CORPUS_JSONL or ['{"text": "x"}']).map(lambda s: s.encode("utf-8")),
              st.randoms(use_true_random=False)),
    _text_bytes,
)
_WARC_PAGES = [s.encode("utf-8") for s in CORPUS_HTML] or [html_page("t", SENTENCES * 5, "utf-8", "").encode()]
_WARCS = [warc_archive(_WARC_PAGES, gz=False), warc_archive(_WARC_PAGES, gz=True)]
_warc_bytes = st.one_of(
    st.builds(mutate_bytes, st.sampled_from(_WARCS), st.randoms(use_true_random=False)),
    st.builds(lambda pages_, gz: warc_archive(pages_, gz=gz), st.lists(_html_bytes, max_size=2), st.booleans()),
    st.builds(lambda data: gzip.compress(data), st.binary(max_size=200)),
    _text_bytes,
)
reader_settings = st.sampled_from([Settings(db_url="sqlite://"), Settings(db_url="sqlite://", max_bytes=700)])


# ----------------------------------------------------------------- properties

@fuzz(200)
@given(texts)
def test_dates_spans(text):
    check_dates(text)


@fuzz(100)
@given(pages, st.one_of(st.none(), texts, st.sampled_from(DATE_LINES + ["0001-01-01T00:00:00Z", "9999-12-31"])))
def test_metadata_parsers(page, published_hint):
    check_metadata(page, published_hint)


@fuzz(100)
@given(pages)
def test_clean_never_raises_but_no_article(page):
    check_clean(page)


@fuzz(300)
@given(texts, anchors, st.sampled_from([None, "past", "future"]))
def test_times(text, anchor, tense):
    check_times(text, anchor, tense)


@fuzz(40)
@given(pages, anchors)
def test_times_on_pages(page, anchor):
    check_times(page, anchor)


@fuzz(200)
@given(st.one_of(texts, st.sampled_from(QUANTITY_PHRASES)))
def test_quantities_blank_pipeline(text):
    check_quantities(_blank()(text))


@fuzz(60)
@given(st.one_of(texts, pages.map(lambda s: s[:3000])), anchors)
def test_quantities_and_times_parsed(text, anchor):
    """With the real model: the parse, sentences and entities are used."""
    nlp = _model()
    if nlp is None:
        return
    doc = nlp(text)
    check_quantities(doc)
    check_times(text, anchor, doc=doc)


@fuzz(200)
@given(st.one_of(texts, st.sampled_from(FRAGMENTS)))
def test_number_word_parsers(s):
    check_number_words(s)


@fuzz(200)
@given(st.sampled_from(sorted(set(HEDGES.values()))), st.floats(0, 1e12), st.floats(0, 1e12), st.booleans())
def test_interval_is_ordered(hedge, a, b, counted):
    a, b = min(a, b), max(a, b)
    check_interval(hedge, a, b, counted)


@fuzz(200)
@given(_text_bytes)
def test_decode(data):
    check_decode(data)


@fuzz(150)
@given(_text_bytes, reader_settings)
def test_text_reader(data, settings_):
    check_reader("text", data, settings_)


@fuzz(150)
@given(_html_bytes, reader_settings)
def test_html_reader(data, settings_):
    check_reader("html", data, settings_)


@fuzz(150)
@given(_jsonl_bytes, reader_settings)
def test_jsonl_reader(data, settings_):
    check_reader("jsonl", data, settings_)


@fuzz(100)
@given(_warc_bytes, reader_settings)
def test_warc_reader(data, settings_):
    check_reader("warc", data, settings_)


@fuzz(60)
@given(st.sampled_from(sorted(READERS)), st.one_of(_text_bytes, _jsonl_bytes, _warc_bytes), reader_settings)
def test_read_input_never_raises(kind, data, settings_):
    check_read_input(kind, data, settings_)


# ----------------------------------------------------------------- pipelines

_pipelines: dict[str, object] = {}


def _blank():
    if "blank" not in _pipelines:
        import spacy

        _pipelines["blank"] = spacy.blank("en")
    return _pipelines["blank"]


def _model():
    """The sitrep pipeline's model, or None when it is not installed."""
    if "model" not in _pipelines:
        from sitrep.errors import ConfigError
        from sitrep.nlp.pipeline import load

        try:
            _pipelines["model"] = load()
        except ConfigError:
            _pipelines["model"] = None
    return _pipelines["model"]
