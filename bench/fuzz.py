"""A longer fuzz run over the input path than the test suite can afford.

Runs the checks of ``tests/fuzz/test_fuzz_properties.py`` (imported from
there, so the properties are the same: no exception but the documented
ones, every span inside its text and equal to the text it reports, ordered
intervals, dates in 1900-2099, readers returning documents or
``InputError``s) on inputs drawn from a seeded random generator instead of
hypothesis, for a bounded time. The targets:
  - ``dates``, ``metadata``, ``clean``: the cleaner's date patterns, every
    metadata parser, and ``clean()`` with full and light cleaning;
  - ``times``, ``times-pages``: ``find_times`` (and the rule scan, the
    TimeML view, the sentence splitter) on short texts and on pages;
  - ``quantities``: ``find_quantities`` on ``spacy.blank("en")`` docs;
    ``nlp``: quantities and times on docs parsed by sitrep's model (as the
    NLP stage runs them; skipped when the model is not installed);
  - ``mentions``: event mention extraction on sentences built from the
    event taxonomy (``tests/fuzz/test_fuzz_mentions.py``; needs the model);
  - ``number-words``: ``parse_number`` and ``spoken_year``;
  - ``decode`` and the readers ``text``, ``html``, ``jsonl``, ``warc``
    (their bytes entry points, every document then cleaned), and
    ``read_input`` on temporary files.

Texts mix random Unicode (control characters, combining marks, RTL text,
astral characters), fragments of news pages (date lines, bylines, time and
quantity phrases), characters whose case mapping surprises (``İ``, ``ſ``)
and very long tokens, with the texts of ``--corpus`` (default
``examples/corpus``: ``.txt`` pages, ``.html`` pages, ``.jsonl`` feeds,
``.warc``/``.warc.gz`` archives) cut, spliced, with paragraphs duplicated
or dropped and random Unicode inserted. Byte inputs are those texts in
several encodings, random bytes, file signatures, HTML pages and JSONL
records built around them, and WARC archives written with warcio, all
with random byte edits (truncation, bit flips, insertions).

The time is split equally between the targets (model loading excluded).
An input that runs longer than ``--timeout`` seconds is a failure too: a
pattern that backtracks without end is a bug. Prints, per target, how many
inputs ran and how many failed, then the first failing input of each
failing target (its ``repr``, cut to ``--show`` characters) with the
error; exits with status 1 if any input failed. The same ``--seed`` gives
the same inputs in the same order (how many run depends on the machine).

    .venv/bin/python bench/fuzz.py [--seconds 60] [--seed N] [--corpus DIR] [--timeout S]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import random
import signal
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PROPERTIES = ROOT / "tests" / "fuzz" / "test_fuzz_properties.py"


def load_properties():
    spec = importlib.util.spec_from_file_location("fuzz_properties", PROPERTIES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


P = load_properties()


def load_mentions():
    spec = importlib.util.spec_from_file_location("fuzz_mentions", ROOT / "tests" / "fuzz" / "test_fuzz_mentions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ corpus

class Corpus:
    """Seed material from a folder: page texts, HTML pages, JSONL feeds and
    WARC archives (as bytes)."""

    def __init__(self, folder: Path | None):
        self.texts: list[str] = []
        self.html: list[bytes] = []
        self.jsonl: list[bytes] = []
        self.warc: list[bytes] = []
        for path in sorted(folder.rglob("*")) if folder and folder.is_dir() else []:
            name = path.name.lower()
            if not path.is_file() or name.startswith("."):
                continue
            data = path.read_bytes()
            if name.endswith((".txt", ".text", ".tml")):
                self.texts.append(data.decode("utf-8", errors="replace"))
            elif name.endswith((".html", ".htm", ".xhtml")):
                self.html.append(data)
            elif name.endswith((".jsonl", ".ndjson")):
                self.jsonl.append(data)
                for line in data.splitlines():
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(item, dict) and isinstance(item.get("text"), str):
                        self.texts.append(item["text"])
            elif name.endswith((".warc", ".warc.gz")):
                self.warc.append(data)
        self.texts = self.texts or list(P.CORPUS_TEXTS)
        self.html = self.html or [s.encode("utf-8") for s in P.CORPUS_HTML] or [
            P.html_page("Fighters cross the border", P.SENTENCES * 5, "utf-8", "").encode("utf-8")]
        self.jsonl = self.jsonl or [s.encode("utf-8") for s in P.CORPUS_JSONL] or [
            b'{"text": "Nearly 200 fighters crossed the border late on Sunday."}']
        self.warc += [P.warc_archive(self.html[:3], gz=False), P.warc_archive(self.html[:3], gz=True)]


# ------------------------------------------------------------------ generators

_RANGES = [(32, 126), (32, 126), (0, 31), (0xA0, 0x2FF), (0x300, 0x36F), (0x590, 0x6FF), (0x2000, 0x206F),
           (0x0, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF)]
_WORDS = "the a of on in by at to and said were killed fighters people days years ago since from until".split()


def random_unicode(rnd: random.Random, size: int) -> str:
    lo, hi = rnd.choice(_RANGES)
    return "".join(chr(rnd.randint(lo, hi)) for _ in range(size))


def piece(rnd: random.Random) -> str:
    k = rnd.randrange(8)
    if k == 0:
        return rnd.choice(P.FRAGMENTS)
    if k == 1:
        return rnd.choice(P.ODD)
    if k == 2:
        return random_unicode(rnd, rnd.randint(0, 12))
    if k == 3:
        return str(rnd.choice([rnd.randint(0, 99), rnd.randint(0, 9999), rnd.randint(0, 10**15)]))
    if k == 4:
        sep = rnd.choice(".,/:-")
        return sep.join(str(rnd.randint(0, 9999)) for _ in range(rnd.randint(1, 3)))
    if k == 5 and rnd.random() < 0.3:
        return rnd.choice(P.LONG)
    return rnd.choice(_WORDS)


def gen_text(rnd: random.Random) -> str:
    return "".join(piece(rnd) + rnd.choice(P._SEPARATORS) for _ in range(rnd.randint(0, 25)))


def gen_page(rnd: random.Random, corpus: Corpus) -> str:
    k = rnd.randrange(3)
    if k == 0:
        return "\n".join(gen_text(rnd) for _ in range(rnd.randint(0, 20)))
    if k == 1:
        return P.mutate(rnd.choice(corpus.texts), rnd, corpus.texts)
    lines = [gen_text(rnd) for _ in range(rnd.randint(0, 6))]
    return P.mutate(rnd.choice(corpus.texts), rnd, corpus.texts + lines, steps=rnd.randint(3, 10))


def gen_anchor(rnd: random.Random) -> date | None:
    k = rnd.randrange(4)
    if k == 0:
        return None
    if k == 1:
        return rnd.choice([date(1900, 1, 1), date(2099, 12, 31), date(2024, 12, 2), date(2024, 2, 29)])
    return date(1900, 1, 1) + timedelta(days=rnd.randrange((date(2099, 12, 31) - date(1900, 1, 1)).days + 1))


def gen_text_bytes(rnd: random.Random, corpus: Corpus) -> bytes:
    k = rnd.randrange(4)
    if k == 0:
        return rnd.randbytes(rnd.randint(0, 400))
    if k == 1:
        return P.encode(gen_page(rnd, corpus), rnd.choice(P.ENCODINGS))
    if k == 2:
        return rnd.choice(P.SIGNATURES) + rnd.randbytes(rnd.randint(0, 200))
    return P.mutate_bytes(P.encode(rnd.choice(corpus.texts), rnd.choice(P.ENCODINGS)), rnd)


def gen_html_bytes(rnd: random.Random, corpus: Corpus) -> bytes:
    k = rnd.randrange(4)
    if k == 0:
        paragraphs = [rnd.choice([gen_text(rnd), rnd.choice(corpus.texts)[:600], rnd.choice(P.HTML_ODD)])
                      for _ in range(rnd.randint(0, 6))]
        extra = "".join(rnd.choice(P.HTML_ODD) for _ in range(rnd.randint(0, 3)))
        page = P.html_page(gen_text(rnd), paragraphs, rnd.choice(P.CHARSETS), extra)
        return P.encode(page, rnd.choice(P.ENCODINGS))
    if k == 1:
        return P.mutate_bytes(rnd.choice(corpus.html), rnd)
    if k == 2:
        page = rnd.choice(corpus.html).decode("utf-8", errors="replace")
        return P.mutate(page, rnd, corpus.texts).encode(rnd.choice(["utf-8", "utf-16", "cp1252"]), errors="replace")
    return gen_text_bytes(rnd, corpus)


def gen_json_value(rnd: random.Random, corpus: Corpus, depth: int = 0):
    k = rnd.randrange(9 if depth < 2 else 7)
    if k == 0:
        return rnd.choice([None, True, False, 0, -1, 2**70, 1.5e308, "", " "])
    if k == 1:
        return gen_text(rnd)
    if k == 2:
        return gen_page(rnd, corpus)
    if k == 3:
        return rnd.choice(["\ud800", "\udfff", "\ud83d"]) + gen_text(rnd)
    if k == 4:
        return rnd.choice(["2024-12-03", "0001-01-01T00:00:00Z", "9999-12-31", "Dec. 1, 2024", "yesterday"])
    if k in (5, 6):
        return rnd.choice(corpus.texts)
    if k == 7:
        return [gen_json_value(rnd, corpus, depth + 1) for _ in range(rnd.randint(0, 3))]
    return {rnd.choice(["text", "title", "x"]): gen_json_value(rnd, corpus, depth + 1) for _ in range(rnd.randint(0, 3))}


def gen_jsonl_bytes(rnd: random.Random, corpus: Corpus) -> bytes:
    k = rnd.randrange(3)
    if k == 0:
        lines = []
        for _ in range(rnd.randint(0, 4)):
            j = rnd.randrange(7)
            if j in (0, 1, 2):
                item = {"text": gen_json_value(rnd, corpus)}
                for key in ("title", "url", "published", "outlet", "language", "authors"):
                    if rnd.random() < 0.3:
                        item[key] = gen_json_value(rnd, corpus)
                lines.append(P.jsonl_line(item))
            elif j in (3, 4):
                lines.append(P.jsonl_line(gen_json_value(rnd, corpus)))
            elif j == 5:
                lines.append(rnd.randbytes(rnd.randint(0, 60)))
            else:
                lines.append(P.DEEP_JSON.encode()[:rnd.randint(0, len(P.DEEP_JSON))])
        return b"\n".join(lines)
    if k == 1:
        return P.mutate_bytes(rnd.choice(corpus.jsonl), rnd)
    return gen_text_bytes(rnd, corpus)


def gen_warc_bytes(rnd: random.Random, corpus: Corpus) -> bytes:
    k = rnd.randrange(4)
    if k == 0:
        return P.mutate_bytes(rnd.choice(corpus.warc), rnd)
    if k == 1:
        pages = [gen_html_bytes(rnd, corpus) for _ in range(rnd.randint(0, 2))]
        return P.warc_archive(pages, gz=rnd.random() < 0.5)
    if k == 2:
        import gzip

        return gzip.compress(rnd.randbytes(rnd.randint(0, 200)))
    return gen_text_bytes(rnd, corpus)


def gen_any_bytes(rnd: random.Random, corpus: Corpus) -> bytes:
    return rnd.choice([gen_text_bytes, gen_html_bytes, gen_jsonl_bytes, gen_warc_bytes])(rnd, corpus)


# ------------------------------------------------------------------ targets

SETTINGS = None


def reader_settings(rnd: random.Random):
    return SETTINGS[rnd.randrange(len(SETTINGS))]


def targets(corpus: Corpus, nlp_model) -> dict:
    """name -> (make the arguments from a Random, the check)."""
    blank = P._blank()
    out = {
        "dates": (lambda r: (gen_text(r) if r.random() < 0.7 else gen_page(r, corpus),), P.check_dates),
        "metadata": (lambda r: (gen_page(r, corpus), r.choice([None, gen_text(r), r.choice(P.DATE_LINES)])),
                     P.check_metadata),
        "clean": (lambda r: (gen_page(r, corpus),), P.check_clean),
        "times": (lambda r: (gen_text(r), gen_anchor(r), r.choice([None, "past", "future"])), P.check_times),
        "times-pages": (lambda r: (gen_page(r, corpus), gen_anchor(r)), P.check_times),
        "quantities": (lambda r: (gen_text(r) if r.random() < 0.7 else gen_page(r, corpus),),
                       lambda text: P.check_quantities(blank(text))),
        "number-words": (lambda r: (r.choice([gen_text(r), piece(r), r.choice(P.FRAGMENTS)]),),
                         P.check_number_words),
        "decode": (lambda r: (gen_any_bytes(r, corpus),), P.check_decode),
        "text": (lambda r: ("text", gen_text_bytes(r, corpus), reader_settings(r)), P.check_reader),
        "html": (lambda r: ("html", gen_html_bytes(r, corpus), reader_settings(r)), P.check_reader),
        "jsonl": (lambda r: ("jsonl", gen_jsonl_bytes(r, corpus), reader_settings(r)), P.check_reader),
        "warc": (lambda r: ("warc", gen_warc_bytes(r, corpus), reader_settings(r)), P.check_reader),
        "read_input": (lambda r: (r.choice(sorted(P.READERS)), gen_any_bytes(r, corpus), reader_settings(r)),
                       P.check_read_input),
    }
    if nlp_model is not None:
        def check_nlp(text, anchor):
            doc = nlp_model(text)
            P.check_quantities(doc)
            P.check_times(text, anchor, doc=doc)

        out["nlp"] = (lambda r: ((gen_text(r) if r.random() < 0.5 else gen_page(r, corpus))[:5000], gen_anchor(r)),
                      check_nlp)
        M = load_mentions()
        out["mentions"] = (lambda r: (M.random_sentences(r),), lambda text: M.check_mentions(nlp_model, text))
    return out


# ------------------------------------------------------------------ running

class Timeout(BaseException):
    """An input ran past --timeout (a BaseException, so that no library's
    ``except Exception`` swallows it)."""


def _alarm(signum, frame):
    raise Timeout()


def describe(exc: BaseException) -> str:
    if isinstance(exc, Timeout):
        return "timeout"
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f for f in reversed(frames) if "/sitrep/" in f.filename), frames[-1] if frames else None)
    place = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    message = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}{place}: {message}"


def run(name: str, make, check, seconds: float, seed: int, timeout: float) -> dict:
    rnd = random.Random(f"{seed}:{name}")
    ran = failed = 0
    first = None
    kinds: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        args = make(rnd)
        ran += 1
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio's warnings about damaged records
                check(*args)
        except (Exception, Timeout) as exc:
            signal.setitimer(signal.ITIMER_REAL, 0)
            failed += 1
            kind = describe(exc)
            kinds[kind.split(": ")[0]] = kinds.get(kind.split(": ")[0], 0) + 1
            if first is None:
                first = (args, kind)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return {"ran": ran, "failed": failed, "first": first, "kinds": kinds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="total time, split between the targets")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus",
                    help="folder of real inputs to mutate (default: examples/corpus)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds one input may take")
    ap.add_argument("--show", type=int, default=600, help="characters of a failing input's repr to print")
    ap.add_argument("--only", nargs="*", help="run only these targets")
    args = ap.parse_args(argv)

    global SETTINGS
    from sitrep.config import Settings

    SETTINGS = [Settings(db_url="sqlite://"), Settings(db_url="sqlite://", max_bytes=700)]
    corpus = Corpus(args.corpus)
    nlp_model = P._model()
    todo = targets(corpus, nlp_model)
    if args.only:
        todo = {k: v for k, v in todo.items() if k in args.only}
    signal.signal(signal.SIGALRM, _alarm)
    print(f"seed {args.seed}, {args.seconds:g} s over {len(todo)} targets; corpus {args.corpus} "
          f"({len(corpus.texts)} texts, {len(corpus.html)} HTML, {len(corpus.jsonl)} JSONL, "
          f"{len(corpus.warc)} WARC){'' if nlp_model else '; no spaCy model: nlp skipped'}")
    print(f"{'target':<14}{'inputs':>9}{'failures':>10}")
    results = {}
    for name, (make, check) in todo.items():
        r = results[name] = run(name, make, check, args.seconds / len(todo), args.seed, args.timeout)
        kinds = ", ".join(f"{k} x{n}" for k, n in sorted(r["kinds"].items(), key=lambda kv: -kv[1]))
        print(f"{name:<14}{r['ran']:>9}{r['failed']:>10}  {kinds}", flush=True)
    failing = {k: r for k, r in results.items() if r["failed"]}
    total = sum(r["ran"] for r in results.values())
    print(f"{'total':<14}{total:>9}{sum(r['failed'] for r in results.values()):>10}")
    for name, r in failing.items():
        inputs, kind = r["first"]
        text = repr(inputs if len(inputs) > 1 else inputs[0])
        cut = f"... ({len(text)} characters)" if len(text) > args.show else ""
        print(f"\n{name}: first failure: {kind}\n  input: {text[:args.show]}{cut}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
