import pytest

from sitrep.config import Settings
from sitrep.errors import EmptyInputError, InputError, MalformedRecordError
from sitrep.ingest import jsonl

S = Settings(db_url="sqlite://")


def test_good_and_bad_lines():
    data = b'\n'.join([
        b'{"text": "First article text.", "title": "One", "url": "https://example.org/one", "published": "2025-01-02"}',
        b'{"text": "Second", broken',
        b'',
        b'{"title": "no text"}',
        b'["not", "an object"]',
        b'{"text": "Third article.", "authors": "Ann Lee", "outlet": "The Courier"}',
        b'{"text": "x", "title": 5}',
    ])
    out = list(jsonl.read("feed.jsonl", data, S))
    docs = [o for o in out if not isinstance(o, InputError)]
    errs = [o for o in out if isinstance(o, InputError)]
    assert [d.source for d in docs] == ["https://example.org/one", "feed.jsonl#L6"]
    assert docs[0].hints["title"] == "One" and docs[0].hints["published"] == "2025-01-02"
    assert docs[1].hints["authors"] == ["Ann Lee"] and docs[1].hints["outlet"] == "The Courier"
    assert not docs[0].needs_cleaning
    msgs = [str(e) for e in errs]
    assert msgs[0].startswith("feed.jsonl: line 2: invalid JSON")
    assert msgs[1] == "feed.jsonl: line 4: missing required field 'text'"
    assert msgs[2] == "feed.jsonl: line 5: expected a JSON object, got list"
    assert msgs[3] == "feed.jsonl: line 7: field 'title' must be a string, got int"
    assert all(isinstance(e, MalformedRecordError) for e in errs)


def test_empty_jsonl():
    with pytest.raises(EmptyInputError):
        list(jsonl.read("e.jsonl", b"\n\n", S))


def test_record_size_limit():
    out = list(jsonl.read("big.jsonl", b'{"text": "' + b"a" * 200 + b'"}', Settings(db_url="sqlite://", max_bytes=100)))
    assert "line 1: record is" in str(out[0])


def test_unpaired_surrogate_escape_is_a_bad_record():
    # "\ud800" is valid JSON but not text: the cleaner could not hash or store it
    data = b"\n".join([
        b'{"text": "Ferries resume \\ud800 today."}',
        b'{"text": "Ferries resume today.", "authors": ["Ann \\udfff Lee"]}',
        b'{"text": "Ferries resume today. \\ud83d\\ude00", "title": "T"}',
    ])
    out = list(jsonl.read("feed.jsonl", data, S))
    assert [str(e) for e in out[:2]] == [
        "feed.jsonl: line 1: field 'text' is not valid Unicode (an unpaired surrogate such as \\ud800)",
        "feed.jsonl: line 2: field 'authors' is not valid Unicode (an unpaired surrogate such as \\ud800)",
    ]
    assert isinstance(out[0], MalformedRecordError) and isinstance(out[1], MalformedRecordError)
    assert out[2].text == "Ferries resume today. \U0001F600"  # a surrogate pair is one character


def test_line_nested_deeper_than_the_parser_goes_is_a_bad_record():
    # json.loads raises RecursionError on "[[[[...": it stopped the file and escaped the reader
    data = b"[" * 5000 + b"]" * 5000 + b'\n{"text": "Ferries resume today."}'
    out = list(jsonl.read("feed.jsonl", data, S))
    assert str(out[0]) == "feed.jsonl: line 1: invalid JSON (nested too deeply)"
    assert isinstance(out[0], MalformedRecordError)
    assert out[1].text == "Ferries resume today."
