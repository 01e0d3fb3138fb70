"""The JSON API in process (FastAPI TestClient): every endpoint, the two
envelopes, pagination limits, errors, search, uploads and the token rule."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from sitrep.config import sqlite_url
from sitrep.store import Store
from sitrep.web import models
from sitrep.web.envelope import API_VERSION, Envelope, ErrorEnvelope


LISTS = {
    "/api/stories": models.Story,
    "/api/documents": models.DocumentSummary,
    "/api/events": models.Event,
    "/api/discrepancies": models.Discrepancy,
    "/api/entities": models.Entity,
    "/api/places": models.Place,
    "/api/search?q=militias": models.SearchHit,
}


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"api", "ok", "data", "page"}
    assert body["api"] == API_VERSION and body["ok"] is True
    return body


def err(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    ErrorEnvelope.model_validate(body)
    assert set(body) == {"api", "ok", "error"} and body["ok"] is False
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["message"] and "\n" not in body["error"]["message"]
    assert "Traceback" not in body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


# -- envelopes and every endpoint -------------------------------------------------


@pytest.mark.parametrize("path,model", LISTS.items(), ids=list(LISTS))
def test_list_endpoints(client, path, model):
    body = ok(client.get(path))
    Envelope[list[model]].model_validate(body)
    page = body["page"]
    assert set(page) == {"limit", "offset", "total", "next_offset"}
    assert page["limit"] == 50 and page["offset"] == 0
    assert len(body["data"]) == min(50, page["total"]) > 0
    assert page["next_offset"] == (50 if page["total"] > 50 else None)


def test_index(client, corpus_db):
    body = ok(client.get("/api/"))
    data = Envelope[models.Index].model_validate(body).data
    assert body["page"] is None
    from sitrep.store.migrate import head_revision

    assert data.schema_revision == head_revision() == "0006_changes"
    with Store(sqlite_url(corpus_db)) as store:
        assert data.counts["documents"] == store.count_documents() and data.counts["stories"] == len(store.stories())
    assert data.auth.uploads == "open" and data.auth.reads == "open"
    for endpoint in ("GET /api/stories", "POST /api/documents", "GET /api/search", "GET /api/places/{place_id}",
                     "GET /api/openapi.json"):
        assert endpoint in data.endpoints


def _first(client, path: str) -> str:
    return client.get(path + ("&" if "?" in path else "?") + "limit=1").json()["data"][0]["id"]


@pytest.mark.parametrize("kind,model", [("stories", models.Story), ("events", models.Event),
                                        ("discrepancies", models.Discrepancy), ("entities", models.EntityDetail),
                                        ("places", models.PlaceDetail)])
def test_single_objects_and_404(client, kind, model):
    item_id = _first(client, f"/api/{kind}")
    body = ok(client.get(f"/api/{kind}/{quote(item_id, safe='')}"))
    assert body["page"] is None
    assert Envelope[model].model_validate(body).data.id == item_id
    missing = err(client.get(f"/api/{kind}/nope-123"), 404, "not_found")
    assert "nope-123" in missing["message"]


def test_document_with_clean_text_and_evidence(client):
    story = max(client.get("/api/stories").json()["data"], key=lambda s: s["counts"]["documents"])
    doc_id = story["documents"][0]
    body = ok(client.get(f"/api/documents/{doc_id}"))
    doc = Envelope[models.Document].model_validate(body).data
    stored = Store(client.app.state.sitrep.store.url).get_document(doc_id)
    assert doc.body == stored.body and doc.title == stored.title
    assert [r.text for r in doc.removed] == [r.text for r in stored.removed]
    kinds = {e.kind for e in doc.evidence}
    assert {"event", "entity"} <= kinds
    for e in doc.evidence:
        assert 0 <= e.start < e.end <= len(doc.body)
    event_spans = [e for e in doc.evidence if e.kind == "event"]
    event = ok(client.get(f"/api/events/{event_spans[0].ref}"))["data"]
    assert any(m["document"] == doc_id for m in event["mentions"])
    err(client.get("/api/documents/d-000000000000"), 404, "not_found")


def test_story_report_is_sitrep1(client):
    story = _first(client, "/api/stories")
    report = ok(client.get(f"/api/stories/{story}/report"))["data"]
    assert report["format"] == "sitrep/1"
    for key in ("documents", "lineage", "stories", "entities", "places", "quotes", "events", "discrepancies"):
        assert isinstance(report[key], list)
    assert [s["id"] for s in report["stories"]] == [story]
    err(client.get("/api/stories/s-nope/report"), 404)


def test_story_filters(client):
    stories = client.get("/api/stories").json()["data"]
    big = max(stories, key=lambda s: s["counts"]["documents"])
    events = ok(client.get(f"/api/events?story={big['id']}&limit=200"))
    assert events["page"]["total"] == big["counts"]["events"]
    assert {e["story"] for e in events["data"]} == {big["id"]}
    ledger = ok(client.get(f"/api/discrepancies?story={big['id']}"))
    assert ledger["page"]["total"] == big["counts"]["discrepancies"]
    docs = ok(client.get(f"/api/documents?story={big['id']}&limit=200"))
    assert sorted(d["id"] for d in docs["data"]) == sorted(big["documents"])
    entities = ok(client.get(f"/api/entities?story={big['id']}&limit=200"))["data"]
    assert entities and all(set(e["documents"]) <= set(big["documents"]) for e in entities)
    people = ok(client.get("/api/entities?type=PERSON&limit=200"))["data"]
    assert all(e["type"] == "PERSON" for e in people)
    for path in ("events", "discrepancies", "documents", "entities", "places"):
        err(client.get(f"/api/{path}?story=s-nope"), 404, "not_found")


def test_documents_body_only_when_asked(client):
    plain = ok(client.get("/api/documents?limit=3"))["data"]
    assert all("body" not in d and d["words"] > 0 for d in plain)
    full = ok(client.get("/api/documents?limit=3&include_body=true"))["data"]
    assert all(d["body"] for d in full)


# -- pagination --------------------------------------------------------------------


def test_paging_walks_every_document_once(client, corpus_db):
    seen, offset, total = [], 0, None
    while offset is not None:
        body = ok(client.get(f"/api/documents?limit=5&offset={offset}"))
        total = body["page"]["total"]
        assert body["page"]["limit"] == 5 and body["page"]["offset"] == offset
        seen += [d["id"] for d in body["data"]]
        offset = body["page"]["next_offset"]
    with Store(sqlite_url(corpus_db)) as store:
        assert len(seen) == len(set(seen)) == total == store.count_documents() > 5


@pytest.mark.parametrize("query", ["limit=201", "limit=0", "limit=-1", "limit=x", "offset=-1", "offset=1e3",
                                   "limit=1000000000000"])
def test_paging_limits(client, query):
    e = err(client.get(f"/api/events?{query}"), 422, "invalid_parameter")
    assert e["message"].split(":")[0] in ("limit", "offset")


def test_limit_maximum_is_200(client):
    body = ok(client.get("/api/events?limit=200"))
    assert len(body["data"]) == min(200, body["page"]["total"])
    past = ok(client.get("/api/events?offset=100000"))
    assert past["data"] == [] and past["page"]["next_offset"] is None


# -- errors -------------------------------------------------------------------------


def test_unknown_path_and_method(client):
    err(client.get("/api/nothing-here"), 404, "not_found")
    err(client.delete("/api/stories"), 405, "method_not_allowed")
    err(client.put("/api/documents"), 405)


def test_internal_and_store_errors_are_one_line(make_client, corpus_db, monkeypatch):
    from sitrep.errors import StoreError

    with make_client(corpus_db) as c:
        cache = c.app.state.sitrep.cache
        monkeypatch.setattr(cache, "get", lambda: (_ for _ in ()).throw(RuntimeError("boom\nsecret detail")))
        e = err(c.get("/api/stories"), 500, "internal_error")
        assert e["message"] == "internal error: RuntimeError"
        monkeypatch.setattr(cache, "get", lambda: (_ for _ in ()).throw(StoreError("cannot read database x.db: locked")))
        e = err(c.get("/api/events"), 503, "unavailable")
        assert "locked" in e["message"]


# -- OpenAPI -------------------------------------------------------------------------


def test_openapi_schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in ("/api/", "/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/report",
                 "/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/events/{event_id}",
                 "/api/discrepancies", "/api/discrepancies/{discrepancy_id}", "/api/entities",
                 "/api/entities/{entity_id}", "/api/places", "/api/places/{place_id}", "/api/search"):
        assert path in paths, path
    assert "post" in paths["/api/documents"]
    assert not any(p.startswith(("/documents", "/stories", "/static")) for p in paths), "pages stay out of the API"
    components = schema["components"]["schemas"]
    assert "ErrorEnvelope" in components and "Page" in components
    for path, item in paths.items():
        for method, op in item.items():
            ok_schema = json.dumps(op["responses"][next(s for s in op["responses"] if s.startswith("2"))])
            assert "Envelope" in ok_schema, (method, path)
            for status in ("404", "422", "500"):
                assert "ErrorEnvelope" in json.dumps(op["responses"][status]), (method, path, status)
    limit = next(p for p in paths["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200 and limit["schema"]["minimum"] == 1
    # no browser UI that would load scripts from a CDN
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


# -- search -------------------------------------------------------------------------


def test_search(client):
    body = ok(client.get("/api/search?q=militias&limit=3"))
    assert body["page"]["total"] >= 5 and len(body["data"]) == 3 and body["page"]["next_offset"] == 3
    for hit in body["data"]:
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower().startswith("militia")
    nxt = ok(client.get("/api/search?q=militias&limit=3&offset=3"))["data"]
    assert not {h["document"] for h in nxt} & {h["document"] for h in body["data"]}
    phrase = ok(client.get('/api/search?q="Tal Qasr crossing"'))
    assert phrase["page"]["total"] >= 1
    assert ok(client.get("/api/search?q=zzzqqqnothing"))["page"]["total"] == 0


@pytest.mark.parametrize("query", ["", "%22%22", "%3F%21", "x" * 501])
def test_search_bad_queries(client, query):
    err(client.get(f"/api/search?q={query}"), 422, "invalid_parameter")


def test_search_needs_q(client):
    e = err(client.get("/api/search"), 422, "invalid_parameter")
    assert e["message"].startswith("q:")


@pytest.mark.postgres
def test_search_on_postgres(make_client, pg_url, hostile):
    """The same endpoint over PostgreSQL full text."""
    from sitrep.model import content_hash, document_id, Document

    def doc(body: str, title: str) -> Document:
        h = content_hash(body)
        return Document(id=document_id(h), source=f"reports/{h[:8]}.txt", format="text", content_hash=h,
                        raw_hash=h, body=body, title=title, outlet="Example Times")

    with Store(pg_url) as store:
        for i in range(7):
            store.add_document(doc(f"Report {i}: militias crossed the river near Sevrin; strikes followed.", f"Crossing {i}"))
        store.add_document(doc(hostile.record["text"], hostile.title))
    with make_client(pg_url) as c:
        body = ok(c.get("/api/search?q=militia&limit=5"))
        assert body["page"]["total"] == 8 and body["page"]["next_offset"] == 5
        assert all(h["highlights"] for h in body["data"])
        assert ok(c.get("/api/search?q=militia&offset=5"))["page"]["next_offset"] is None
        assert ok(c.get("/api/search?q=strike"))["page"]["total"] == 7  # stemmed: strikes
        assert ok(c.get('/api/search?q="crossed the river"'))["page"]["total"] == 7
        hit = ok(c.get("/api/search?q=ministry"))["data"][0]
        assert hit["title"] == hostile.title
        raw = c.get("/api/search?q=ministry").content
        assert b"<script" not in raw and b"<img" not in raw
        for q in ("or", "-", "!!", "a & b | c", "'; drop table documents; --"):
            r = c.get(f"/api/search?q={quote(q)}")
            assert r.status_code in (200, 422), r.text
        err(c.get("/api/search?q=%22%22"), 422)


# -- hostile text in JSON -------------------------------------------------------------


def test_hostile_text_is_stored_exactly_and_escaped_in_json(client, hostile_id, hostile):
    response = client.get(f"/api/documents/{hostile_id}")
    raw = response.content
    for fragment in (b"<script", b"<img", b"<a href", b"</script>"):
        assert fragment not in raw
    assert b"\\u003cscript\\u003e" in raw
    doc = ok(response)["data"]
    assert doc["title"] == hostile.title
    assert hostile.script in doc["body"] and hostile.img in doc["body"] and hostile.js_link in doc["body"]
    assert doc["url"] == "javascript:alert(1)"
    for path in ("/api/documents?limit=200", "/api/stories", f"/api/stories/{doc['story']}/report",
                 "/api/search?q=ministry", "/api/events?limit=200"):
        body = client.get(path).content
        assert b"<script" not in body and b"<img" not in body, path


# -- uploads --------------------------------------------------------------------------


ARTICLE = ("Flood waters cut off 12 villages in the Zerin valley on Tuesday, the regional council said, "
           "and rescue teams reached them by boat.\n\nThe council said 300 families had been moved to shelters.")


def count(client) -> int:
    return client.get("/api/documents?limit=1").json()["page"]["total"]


def test_upload_files_and_jsonl(make_client, db_copy):
    with make_client(db_copy) as c:
        before = count(c)
        files = [("files", ("zerin-flood.txt", f"Floods cut off Zerin villages\n\n{ARTICLE}\n".encode(), "text/plain")),
                 ("files", ("more.jsonl", (json.dumps({"text": ARTICLE.replace("12", "14"), "title": "Zerin"}) + "\n").encode(),
                            "application/octet-stream"))]
        body = ok(c.post("/api/documents", files=files), 201)
        data = Envelope[models.UploadResult].model_validate(body).data
        assert data.new == 2 and data.ingested == 2 and len(data.documents) == 2
        assert data.corpus.documents == before + 2 and data.corpus.stories >= 1
        assert count(c) == before + 2
        doc = ok(c.get(f"/api/documents/{data.documents[0]}"))["data"]
        assert doc["source"] == "upload:zerin-flood.txt" and doc["story"]
        assert ok(c.get("/api/search?q=Zerin shelters"))["page"]["total"] >= 2
        again = ok(c.post("/api/documents", data={"jsonl": json.dumps({"text": ARTICLE.replace("12", "14"),
                                                                         "title": "Zerin"})}), 201)["data"]
        assert again["new"] == 0 and again["duplicates"] == 1
        assert count(c) == before + 2


def test_bad_upload_stores_nothing(make_client, db_copy):
    with make_client(db_copy) as c:
        before = count(c)
        runs = len(Store(sqlite_url(db_copy)).runs())
        good = ("files", ("good.txt", f"Good report\n\n{ARTICLE}\n".encode(), "text/plain"))
        cases = [
            ([good, ("files", ("bad.jsonl", b'{"text": "fine line about the Zerin floods and the council"}\n{oops\n',
                               "application/octet-stream"))], 400, "bad_input", "line 2"),
            ([good, ("files", ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/plain"))], 400, "bad_input", "PNG"),
            ([good, ("files", ("empty.txt", b"", "text/plain"))], 400, "bad_input", "empty"),
            ([good, ("files", ("picture.png", b"\x89PNG....", "image/png"))], 415, "unsupported_media_type", "picture.png"),
        ]
        for files, status, code, words in cases:
            e = err(c.post("/api/documents", files=files), status, code)
            assert words in e["message"], e
        err(c.post("/api/documents"), 400, "bad_input")
        err(c.post("/api/documents", data={"jsonl": "   "}), 400, "bad_input")
        assert count(c) == before
        assert len(Store(sqlite_url(db_copy)).runs()) == runs, "a rejected upload leaves no run behind"


def test_upload_size_limit(make_client, db_copy):
    with make_client(db_copy, max_upload_bytes=2000) as c:
        before = count(c)
        big = ("files", ("big.txt", b"word " * 1000, "text/plain"))
        e = err(c.post("/api/documents", files=[big]), 413, "too_large")
        assert "2,000" in e["message"]
        chunked = c.post("/api/documents", content=iter([b"--x\r\n"]),
                         headers={"Content-Type": "multipart/form-data; boundary=x"})
        err(chunked, 411, "length_required")
        assert count(c) == before


# -- the token rule -----------------------------------------------------------------


def upload_one(c, headers=None, text=ARTICLE):
    files = [("files", ("token-test.txt", f"Token test\n\n{text}\n".encode(), "text/plain"))]
    return c.post("/api/documents", files=files, headers=headers or {})


def test_bound_to_all_interfaces_uploads_need_the_token(make_client, db_copy, monkeypatch):
    monkeypatch.setenv("SITREP_TOKEN", "s3cret-token")
    with make_client(db_copy, host="0.0.0.0") as c:
        before = count(c)
        e = err(upload_one(c), 401, "token_required")
        assert "token" in e["message"]
        assert upload_one(c).headers["www-authenticate"].startswith("Bearer")
        err(upload_one(c, {"Authorization": "Bearer wrong"}), 403, "bad_token")
        err(upload_one(c, {"Authorization": "Basic czNjcmV0LXRva2Vu"}), 401)
        err(upload_one(c, {"X-Sitrep-Token": "wrong"}), 403)
        c.cookies.set("sitrep_token", "s3cret-token")  # cookies never authorise writes
        err(upload_one(c), 401)
        c.cookies.clear()
        assert count(c) == before
        assert ok(upload_one(c, {"Authorization": "Bearer s3cret-token"}), 201)["data"]["new"] == 1
        # the same file name with a changed text: a new revision of that upload
        changed = ok(upload_one(c, {"X-Sitrep-Token": "s3cret-token"}, ARTICLE.replace("300", "310")), 201)["data"]
        assert changed["revisions"] == 1
        assert count(c) == before + 1
        # reads stay open
        ok(c.get("/api/stories"))
        assert c.get("/").status_code == 200
        assert ok(c.get("/api/"))["data"]["auth"] == {"uploads": "token", "reads": "open"}


def test_bound_to_loopback_uploads_are_open(make_client, db_copy, monkeypatch):
    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    with make_client(db_copy, host="127.0.0.1") as c:
        assert c.app.state.sitrep.access.token is None
        ok(upload_one(c), 201)


@pytest.mark.parametrize("host,needs", [("127.0.0.1", False), ("localhost", False), ("::1", False),
                                        ("0.0.0.0", True), ("::", True), ("127.0.0.2", True), ("192.168.1.5", True)])
def test_which_hosts_need_a_token(host, needs, monkeypatch):
    from sitrep.web.auth import Access

    monkeypatch.delenv("SITREP_TOKEN", raising=False)
    access = Access.for_host(host)
    assert access.uploads_need_token is needs
    assert (access.token is not None) is needs and access.token_generated is needs
    if needs:
        assert len(access.token) >= 24
    monkeypatch.setenv("SITREP_TOKEN", "from-env")
    again = Access.for_host(host)
    assert again.token == "from-env" and not again.token_generated


def test_protected_reads(make_client, corpus_db, monkeypatch):
    monkeypatch.setenv("SITREP_TOKEN", "read-token")
    with make_client(corpus_db, protect_reads=True) as c:
        for path in ("/api/", "/api/stories", "/api/search?q=militias", "/api/documents"):
            err(c.get(path), 401, "token_required")
        err(c.get("/api/stories", headers={"Authorization": "Bearer nope"}), 403, "bad_token")
        ok(c.get("/api/stories", headers={"Authorization": "Bearer read-token"}))
        page = c.get("/")
        assert page.status_code == 401 and "text/html" in page.headers["content-type"]
        assert 'href="/login?next=%2F"' in page.text
        assert c.get("/static/sitrep.css").status_code == 200  # the sign-in page keeps its style
        assert c.post("/login", data={"token": "wrong", "next": "/"}, follow_redirects=False).status_code == 403
        signed = c.post("/login", data={"token": "read-token", "next": "//evil.example/x"}, follow_redirects=False)
        assert signed.status_code == 303 and signed.headers["location"] == "/"
        cookie = signed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert c.get("/").status_code == 200
        ok(c.get("/api/stories"))


# -- browser-facing guards -------------------------------------------------------------


def test_loopback_server_refuses_foreign_host_headers(make_client, corpus_db):
    with make_client(corpus_db, allowed_hosts="auto") as c:
        err(c.get("/api/stories", headers={"Host": "evil.example"}), 400, "bad_host")
        err(c.get("/api/stories", headers={"Host": "evil.example:8000"}), 400, "bad_host")
        ok(c.get("/api/stories", headers={"Host": "127.0.0.1:8000"}))
        ok(c.get("/api/stories", headers={"Host": "localhost"}))
        ok(c.get("/api/stories", headers={"Host": "[::1]:8000"}))
        assert c.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_cross_origin_writes_are_refused(make_client, db_copy):
    with make_client(db_copy) as c:
        before = count(c)
        for origin in ("http://evil.example", "null", "http://127.0.0.1:9999"):
            err(upload_one(c, {"Origin": origin}), 403, "cross_origin")
        assert count(c) == before
        ok(upload_one(c, {"Origin": "http://testserver"}), 201)


def test_security_headers(client):
    for path in ("/api/stories", "/", "/api/nope", "/nope"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    page = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in page and "script-src" not in page and "unsafe-inline" not in page
