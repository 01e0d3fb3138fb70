"""Pure pieces of the web package: evidence highlighting, search snippet
marks, the envelope's JSON, the access rule's helpers, upload names and
the briefing's content security policy."""

from __future__ import annotations

import json
import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.web.auth import Access, cross_origin
from sitrep.web.envelope import json_bytes, page_of
from sitrep.web.highlight import mark_ranges, render
from sitrep.web.pages import briefing_csp, safe_url
from sitrep.web.upload import safe_name


def span(kind, start, end, ref="x-1", label="label"):
    return {"kind": kind, "start": start, "end": end, "ref": ref, "label": label}


def strip(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def balanced(html: str) -> bool:
    stack = []
    for closing, tag in re.findall(r"<(/?)(mark|a)\b", html):
        if closing:
            if not stack or stack.pop() != tag:
                return False
        else:
            stack.append(tag)
    return not stack


def test_overlapping_spans_nest_and_keep_the_text():
    text = 'He said "Militias crossed into Varnesia on Monday." Then he left.'
    spans = [span("event", 0, 50, "v-1", "event"), span("quote", 8, 51, None, "quote"),
             span("entity", 9, 17, "e-1"), span("place", 31, 39, "p-1"), span("entity", 31, 39, "e-2")]
    html = render(text, spans)
    assert strip(html) == text and balanced(html)
    assert '<a class="pl" href="/places/p-1"' in html  # a place's link wins over the entity's
    assert "/entities/e-2" not in html and '<a class="en" href="/entities/e-1"' in html
    assert html.count('<mark class="ev"') >= 1 and '<mark class="qt"' in html


def test_text_and_attributes_are_escaped():
    text = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    html = render(text, [span("event", 0, 10, 'v-"1', '"><script>x</script>'), span("entity", 26, 30, "e/1?x=<b>")])
    assert "<script" not in html and "<img" not in html
    assert strip(html) == text
    assert 'href="/entities/e%2F1%3Fx%3D%3Cb%3E"' in html


def test_spans_outside_the_text_are_ignored():
    assert render("abc", [span("event", -1, 2), span("quote", 2, 9), span("entity", 2, 2)]) == "abc"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet='ab <>&"\n', max_size=40),
       st.lists(st.tuples(st.sampled_from(["event", "quote", "entity", "place"]), st.integers(-2, 45),
                          st.integers(-2, 45)), max_size=8))
def test_any_spans_give_well_nested_markup_of_the_same_text(text, raw):
    html = render(text, [span(k, a, b, f"r{i}") for i, (k, a, b) in enumerate(raw)])
    assert strip(html) == text
    assert balanced(html)
    assert "<" not in re.sub(r"</?(mark|a)\b[^>]*>", "", html)


def test_mark_ranges():
    assert mark_ranges("a <b> c", [[2, 5]]) == "a <mark>&lt;b&gt;</mark> c"
    assert mark_ranges("abc", [[1, 9], [2, 1]]) == "abc"


def test_json_never_contains_markup():
    raw = json_bytes({"t": "<script>&</script>", "n": [1, None]})
    assert b"<" not in raw and b">" not in raw and b"&" not in raw
    assert json.loads(raw) == {"t": "<script>&</script>", "n": [1, None]}


def test_page_of():
    assert page_of(list(range(5)), 2, 4) == ([4], {"limit": 2, "offset": 4, "total": 5, "next_offset": None})
    assert page_of(list(range(5)), 2, 0)[1]["next_offset"] == 2


def test_safe_url():
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.example", "http:x", None, ""):
        assert safe_url(bad) is None


def test_tokens_and_origins():
    access = Access.for_host("0.0.0.0", token="t0k")
    access.check({"authorization": "Bearer t0k"}, {}, write=True)
    access.check({}, {}, write=False)  # reads open
    for headers, status in (({}, 401), ({"authorization": "Bearer"}, 401), ({"authorization": "Token t0k"}, 401),
                            ({"authorization": "Bearer t0"}, 403), ({"x-sitrep-token": "T0K"}, 403)):
        try:
            access.check(headers, {}, write=True)
        except Exception as exc:
            assert exc.status == status, headers
        else:
            raise AssertionError(f"{headers} passed")
    assert cross_origin("POST", {"origin": "http://evil.example", "host": "127.0.0.1:8000"})
    assert not cross_origin("POST", {"origin": "http://127.0.0.1:8000", "host": "127.0.0.1:8000"})
    assert not cross_origin("POST", {"host": "127.0.0.1:8000"})
    assert not cross_origin("GET", {"origin": "http://evil.example", "host": "127.0.0.1:8000"})
    loop = Access.for_host("127.0.0.1")
    assert loop.host_allowed("127.0.0.1:8000") and loop.host_allowed("[::1]:80") and loop.host_allowed("LOCALHOST")
    assert not loop.host_allowed("evil.example") and not loop.host_allowed(None) and not loop.host_allowed("127.0.0.1.evil.example")
    assert Access.for_host("0.0.0.0", token="x").host_allowed("anything.example")


def test_safe_upload_names():
    assert safe_name("../../etc/passwd", 0) == "passwd"
    assert safe_name("C:\\Users\\a\\report.txt", 0) == "report.txt"
    assert safe_name("a\x00b\nc.txt", 0) == "abc.txt"
    assert safe_name(None, 2) == "upload-3" and safe_name("///", 0) == "upload-1"


def test_briefing_policy_hashes_only_inline_javascript():
    html = ('<script>one()</script><script type="application/json">{"a":1}</script>'
            '<script src="/x.js"></script><SCRIPT type="module">two()</SCRIPT>')
    policy = briefing_csp(html)
    script_src = policy.split("script-src ")[1].split(";")[0].split()
    assert len(script_src) == 2 and all(s.startswith("'sha256-") for s in script_src)
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'none'" in briefing_csp("<p>no scripts</p>")
