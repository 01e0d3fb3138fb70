"""Load on the web API: concurrent reads and uploads against a real server,
on SQLite and on PostgreSQL.

For each backend the corpus in DATA_DIR (default: examples/corpus; any
folder sitrep reads) is ingested into a fresh database and analysed as
``sitrep analyze`` does (``pipeline.ingest``, ``analyze_corpus``,
``analyze_events``; untimed; when the analysis fails that is an error and
the load runs on the ingested documents), then ``sitrep serve --host
127.0.0.1 --port 0`` is started in a separate process (so the clients do not
share its GIL) and polled on ``GET /api/`` until it answers. A warm-up
(untimed) makes one upload (the server loads its NLP model on the first),
pages through the lists to collect ids and reads the clean texts for search
words. Then, at the same time, from one client process (httpx, one
keep-alive connection per thread, environment proxies ignored):

  - ``--readers`` threads of reads: the list endpoints with varied
    ``limit``/``offset`` (and ``story=``, ``type=``, ``include_body=``),
    single objects by ids taken from the lists (stories, story reports,
    documents, events, discrepancies, entities, places; ids seen in list
    answers during the run join the pool, so uploaded documents are read
    too), searches of one or two words or a two-word phrase from the
    corpus's texts, and the index;
  - ``--uploaders`` threads of uploads: each a unique small generated report
    with a unique marker word, alternately a ``jsonl`` form field (with a
    unique ``url``, its source; never fetched) and a ``.txt`` file with a
    unique name;

until ``--requests`` reads and ``--uploads`` uploads are done or
``--seconds`` have passed, whichever comes first (each side stops on its
own). Latency is the wall time of one request, response body read, in ms
(ok answers only); throughput is the ok requests of a kind over the time
from the start to that kind's last answer. Per-endpoint p50/p99 of the reads
and the CPU seconds of server and client over the load are printed too
(they share the machine).

Then every upload that answered ok (the warm-up's too) is checked: ``GET
/api/documents/{id}`` for the id it returned (the text holds the marker),
``GET /api/search?q=<marker>`` finds it, and the document count grew by
exactly the number of ok uploads (each must report one new document). An
error is any non-2xx answer, an envelope with ``ok`` false or not
``sitrep-api/1``, a broken connection or a timeout; the first of each kind
is printed, and the server's stderr is scanned for tracebacks and ERROR
lines (the last frame and exception of each printed, and the first
traceback whole). One exception: a 404 for an id taken from a list (a
single object, or ``story=``) is checked at once against the list: an id no
longer listed was retired by re-analysis after an upload (printed apart,
dropped from the pool, not an error); one still listed is an error.
PostgreSQL runs on a throwaway server (``sitrep.store.pgtemp``) and is
skipped with a note when its server binaries are not installed. Nothing but
127.0.0.1 is contacted.

Asserts nothing about speed; the exit status is 1 when there was any error
or lost upload, else 0.

    .venv/bin/python bench/load.py [DATA_DIR] [--backends sqlite,postgres] [--readers 8] [--uploaders 2]
                                   [--requests 2000] [--uploads 40] [--seconds 120] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "corpus"
API = "sitrep-api/1"
HOST = "127.0.0.1"
#: list endpoint -> the kind of object its items are (the id pool they feed)
LISTS = {"stories": "stories", "documents": "documents", "events": "events",
         "discrepancies": "discrepancies", "entities": "entities", "places": "places"}
#: ids collected per kind in the warm-up (the pool grows during the run)
WARM_IDS = 2000
ERRORS_SHOWN = 5
TRACEBACK = "Traceback (most recent call last):"
#: the number of the untimed first upload (its marker ends in its letters)
WARM_UPLOAD = 10**6
STOP = {"the", "and", "that", "with", "from", "this", "have", "were", "said", "been", "their", "they", "which",
        "would", "there", "after", "about", "into", "over", "also", "than", "them", "when", "more", "some",
        "other", "will", "what", "while", "where", "who", "whose", "could", "since", "before", "under", "only"}


# -- the server ----------------------------------------------------------------------


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class Server:
    """``sitrep serve --db URL --host 127.0.0.1 --port 0`` in its own process,
    its stderr in a file; the address it prints is where it listens."""

    def __init__(self, db_url: str, folder: Path):
        self.db_url = db_url
        self.log = folder / "server-stderr.txt"
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def command(self) -> list[str]:
        exe = Path(sys.executable).with_name("sitrep")
        head = [str(exe)] if exe.exists() else [sys.executable, "-m", "sitrep"]
        return head + ["serve", "--db", self.db_url, "--host", HOST, "--port", "0"]

    def start(self, timeout: float = 120.0) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("SITREP_PROTECT_READS", "SITREP_TOKEN")}
        env["COLUMNS"] = "1000"  # one line for the address, however long the path
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=err, env=env, cwd=ROOT)
        deadline = time.monotonic() + timeout
        while not self.url:
            m = re.search(r"serving .* at (http://127\.0\.0\.1:\d+/)", self.stderr())
            if m:
                self.url = m.group(1)
            elif self.proc.poll() is not None:
                raise RuntimeError(f"sitrep serve exited with status {self.proc.returncode}: {self.stderr()[-2000:]}")
            elif time.monotonic() > deadline:
                raise RuntimeError(f"sitrep serve printed no address in {timeout:.0f} s: {self.stderr()[-2000:]}")
            else:
                time.sleep(0.05)
        if urlsplit(self.url).hostname != HOST:
            raise RuntimeError(f"the server listens at {self.url}, not on {HOST}")
        with client(self.url, 5.0) as c:
            while True:
                try:
                    r = c.get("/api/")
                    if r.status_code == 200 and r.json().get("ok") is True:
                        return self.url
                except (httpx.HTTPError, ValueError):
                    pass
                if self.proc.poll() is not None:
                    raise RuntimeError(f"sitrep serve exited with status {self.proc.returncode}: "
                                       f"{self.stderr()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"GET {self.url}api/ did not answer ok in {timeout:.0f} s")
                time.sleep(0.1)

    def stderr(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def cpu(self) -> float | None:
        return cpu_seconds(self.proc.pid) if self.proc else None

    def stop(self) -> None:
        """Ctrl+C (graceful), then SIGTERM, then SIGKILL: this process only."""
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            self.proc.send_signal(sig)
            try:
                self.proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def tracebacks(self) -> tuple[list[list[str]], list[str]]:
        """The server's tracebacks (a chain as one) and its other ERROR/CRITICAL lines."""
        lines = self.stderr().splitlines()
        blocks: list[list[str]] = []
        other: list[str] = []
        i = 0
        while i < len(lines):
            if lines[i] == TRACEBACK:
                j = i + 1
                while j < len(lines) and (lines[j].startswith((" ", "Traceback", "During handling", "The above"))
                                          or not lines[j].strip()
                                          or (j + 2 < len(lines) and lines[j + 1] == ""
                                              and lines[j + 2].startswith(("During handling", "The above")))):
                    j += 1
                blocks.append(lines[i:j + 1])
                i = j + 1
                continue
            if re.match(r"\s*(ERROR|CRITICAL)\b", lines[i]) and not lines[i + 1:i + 2] == [TRACEBACK]:
                other.append(lines[i].strip())
            i += 1
        return blocks, other

    def problems(self) -> list[str]:
        """One line per failure the server's stderr tells of: each
        traceback's last frame and exception, and any other ERROR line."""
        blocks, other = self.tracebacks()
        out = []
        for block in blocks:
            frames = [ln.strip() for ln in block if ln.strip().startswith("File ")]
            out.append((frames[-1] + " | " if frames else "") + block[-1].strip())
        return out + other


def client(base_url: str, timeout: float) -> httpx.Client:
    if urlsplit(base_url).hostname != HOST:
        raise ValueError(f"refusing to contact {base_url}: {HOST} only")
    return httpx.Client(base_url=base_url, timeout=timeout, trust_env=False, follow_redirects=False)


# -- preparing the database ----------------------------------------------------------


def preload(db_url: str, data: Path) -> tuple[float, str]:
    """Ingest and analyse ``data``: (seconds, "") or, when the analysis
    fails, (seconds, why): the load then runs on the ingested documents."""
    from sitrep.config import Settings
    from sitrep.errors import SitrepError
    from sitrep.pipeline import analyze_corpus, analyze_events, ingest
    from sitrep.store import Store

    start = time.perf_counter()
    with Store(db_url) as store:
        ingest([str(data)], store, Settings(db_url=db_url))
        try:
            analyze_corpus(store)
            analyze_events(store)
        except SitrepError as exc:
            return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - start, ""


@contextmanager
def backend_url(name: str, folder: Path):
    if name == "sqlite":
        from sitrep.config import sqlite_url

        yield sqlite_url(folder / "load.db")
        return
    from sitrep.store.pgtemp import temporary_postgres

    with temporary_postgres("sitrep_load") as url:
        yield url


# -- the load --------------------------------------------------------------------------


class Results:
    """Everything the clients record, behind one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)  # group -> seconds, ok requests
        self.ok = Counter()
        self.errors: list[str] = []
        self.retired: dict[str, list[str]] = defaultdict(list)  # kind -> listed ids that answered 404, unlisted since
        self.uploads: list[dict] = []  # ok uploads: marker, documents, new
        self.end: dict[str, float] = {}  # "read"/"upload" -> perf_counter of the last answer

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)

    def done(self, side: str, group: str, seconds: float) -> None:
        with self.lock:
            self.latency[group].append(seconds)
            self.ok[side] += 1
            self.end[side] = max(self.end.get(side, 0.0), time.perf_counter())


def check(r: httpx.Response, what: str) -> tuple[dict | None, str]:
    """(the envelope, "") of an ok answer, or (None, why not)."""
    try:
        body = r.json()
    except ValueError:
        body = None
    if not 200 <= r.status_code < 300 or not isinstance(body, dict) or body.get("ok") is not True \
            or body.get("api") != API:
        err = body.get("error") if isinstance(body, dict) and isinstance(body.get("error"), dict) else {}
        detail = f"{err.get('code')}: {err.get('message')}" if err else r.text[:200].replace("\n", " ")
        return None, f"{what} -> {r.status_code} {detail}"
    return body, ""


class Pools:
    """Ids per kind and list totals, shared by the readers; grown from list answers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: dict[str, list[str]] = defaultdict(list)
        self.seen: dict[str, set[str]] = defaultdict(set)
        self.total: dict[str, int] = {}
        self.types: list[str] = []

    def add(self, kind: str, items: list, total: int | None = None) -> None:
        with self.lock:
            for item in items:
                iid = item.get("id") if isinstance(item, dict) else None
                if iid and iid not in self.seen[kind]:
                    self.seen[kind].add(iid)
                    self.ids[kind].append(iid)
                if kind == "entities" and isinstance(item, dict) and item.get("type") not in self.types:
                    self.types.append(item.get("type"))
            if total is not None:
                self.total[kind] = total

    def drop(self, kind: str, iid: str) -> None:
        with self.lock:
            if iid in self.seen[kind]:
                self.ids[kind].remove(iid)
                self.seen[kind].discard(iid)

    def pick(self, rng: random.Random, kind: str) -> str | None:
        with self.lock:
            ids = self.ids.get(kind)
            return rng.choice(ids) if ids else None


def warm_up(c: httpx.Client, pools: Pools) -> tuple[list[str], int]:
    """Collect ids (every list, up to WARM_IDS each) and search queries;
    return the queries and the document count."""
    for path, kind in LISTS.items():
        offset = 0
        while offset < WARM_IDS:
            body, why = check(c.get(f"/api/{path}", params={"limit": 200, "offset": offset}), f"GET /api/{path}")
            if body is None:
                raise RuntimeError(f"warm-up: {why}")
            pools.add(kind, body["data"], body["page"]["total"])
            if body["page"].get("next_offset") is None:
                break
            offset = body["page"]["next_offset"]
    texts: list[str] = []
    offset = 0
    while offset is not None and offset < WARM_IDS:
        body, why = check(c.get("/api/documents", params={"limit": 200, "offset": offset, "include_body": "true"}),
                     "GET /api/documents?include_body=true")
        if body is None:
            raise RuntimeError(f"warm-up: {why}")
        texts += [f"{d.get('title') or ''}\n{d.get('body') or ''}" for d in body["data"]]
        offset = body["page"].get("next_offset")
    docs, why = check(c.get("/api/documents", params={"limit": 1}), "GET /api/documents?limit=1")
    if docs is None:
        raise RuntimeError(f"warm-up: {why}")
    return queries(texts), docs["page"]["total"]


def queries(texts: list[str], n: int = 400, seed: int = 7) -> list[str]:
    """Search queries from the corpus's words: one word, two words, or a
    two-word phrase as it appears in a text."""
    rng = random.Random(seed)
    words_of = [re.findall(r"[A-Za-z][a-z]{3,}", t) for t in texts]
    df = Counter(w.lower() for ws in words_of for w in set(ws))
    common = [w for w, k in df.most_common(300) if w not in STOP and k >= 2] or \
             [w for w, _ in df.most_common(300) if w not in STOP]
    if not common:
        return ["report"]
    out = []
    for _ in range(n):
        roll = rng.random()
        ws = rng.choice([ws for ws in words_of if len(ws) > 2] or [common])
        if roll < 0.55:
            out.append(rng.choice(common))
        elif roll < 0.8:
            out.append(" ".join(rng.sample(common, 2)) if len(common) > 1 else common[0])
        else:
            i = rng.randrange(len(ws) - 1) if len(ws) > 1 else 0
            out.append('"' + " ".join(ws[i:i + 2]).lower() + '"')
    return out


SINGLE = {"stories": "story", "documents": "document", "events": "event", "discrepancies": "discrepancy",
          "entities": "entity", "places": "place"}


def next_read(rng: random.Random, pools: Pools, qs: list[str]) -> tuple[str, str, dict, str | None, str | None]:
    """(group, path, params, list kind fed by the answer, (kind, id) looked up) for one read."""
    roll = rng.random()
    if roll < 0.40:
        path = rng.choice(list(LISTS))
        kind = LISTS[path]
        total = pools.total.get(kind, 0)
        limit = rng.choice((10, 20, 50, 200))
        offset = 0 if rng.random() < 0.4 or total <= 1 else rng.randrange(total)
        params: dict = {"limit": limit, "offset": offset}
        if path in ("documents", "events", "discrepancies", "entities", "places") and rng.random() < 0.25:
            story = pools.pick(rng, "stories")
            if story:
                params["story"] = story
        if path == "documents" and rng.random() < 0.2:
            params["include_body"] = "true"
        if path == "entities" and pools.types and rng.random() < 0.2:
            params["type"] = rng.choice(pools.types)
        return (f"list {path}", f"/api/{path}", params, kind,
                f"stories\t{params['story']}" if "story" in params else None)
    if roll < 0.78:
        weights = {"stories": 2, "documents": 5, "events": 3, "discrepancies": 2, "entities": 3, "places": 1}
        kinds = [k for k in weights if pools.ids.get(k)]  # kinds with ids (a pool only grows)
        if not kinds:
            return "index", "/api/", {}, None, None
        kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
        iid = pools.pick(rng, kind)
        return f"one {SINGLE[kind]}", f"/api/{kind}/{quote(iid, safe='')}", {}, None, f"{kind}\t{iid}"
    if roll < 0.81:
        sid = pools.pick(rng, "stories")
        if sid is None:
            return "index", "/api/", {}, None, None
        return "story report", f"/api/stories/{quote(sid, safe='')}/report", {}, None, f"stories\t{sid}"
    if roll < 0.98:
        return "search", "/api/search", {"q": rng.choice(qs), "limit": rng.choice((10, 20)),
                                         "offset": 0 if rng.random() < 0.8 else 10}, None, None
    return "index", "/api/", {}, None, None


class Budget:
    """Hands out at most ``n`` tickets, none after the deadline."""

    def __init__(self, n: int, deadline: float):
        self.n, self.deadline, self.lock = n, deadline, threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.n <= 0 or time.perf_counter() >= self.deadline:
                return False
            self.n -= 1
            return True


def reader(url: str, timeout: float, seed: int, budget: Budget, pools: Pools, qs: list[str], res: Results) -> None:
    rng = random.Random(seed)
    with client(url, timeout) as c:
        while budget.take():
            group, path, params, feeds, looked_up = next_read(rng, pools, qs)
            what = f"GET {path}" + (f"?{httpx.QueryParams(params)}" if params else "")
            t0 = time.perf_counter()
            try:
                r = c.get(path, params=params)
            except httpx.HTTPError as exc:
                res.error(f"{what} -> {type(exc).__name__}: {exc}")
                continue
            dt = time.perf_counter() - t0
            body, why = check(r, what)
            if body is None:
                if r.status_code == 404 and looked_up:
                    # an id from a list: retired since by re-analysis (not listed now), or an error
                    kind, iid = looked_up.split("\t", 1)
                    listed, why_list = listed_ids(c, kind)
                    if listed is None:
                        res.error(why_list)
                    elif iid in listed:
                        res.error(f"{why} (listed again right after)")
                    else:
                        pools.drop(kind, iid)  # as a client would: it may come back in a list
                        with res.lock:
                            res.retired[kind].append(iid)
                else:
                    res.error(why)
                continue
            res.done("read", group, dt)
            if feeds and isinstance(body.get("data"), list):
                pools.add(feeds, body["data"], (body.get("page") or {}).get("total") if "story" not in params
                          and "type" not in params else None)


PLACES = ["Zerin", "Ostmark", "Pellow", "Dunvar", "Karsk", "Tellin", "Marrow", "Astrel", "Lorne", "Vessk"]
WHAT = ["Flood waters cut off {n} villages in the {p} valley", "A landslide blocked the road from {p} to {q}",
        "Fire destroyed {n} homes on the edge of {p}", "Workers at the {p} port went on strike for {n} days",
        "A bridge between {p} and {q} collapsed after {n} days of rain"]
WHO = ["the regional council", "the civil protection agency", "a local official", "the mayor of {p}",
       "the provincial governor"]


def report(i: int, marker: str, rng: random.Random) -> tuple[str, str]:
    """A unique small report (title, text) holding ``marker``."""
    p, q = rng.sample(PLACES, 2)
    n = rng.randint(2, 400)
    head = rng.choice(WHAT).format(n=n, p=p, q=q)
    who = rng.choice(WHO).format(p=p)
    title = f"{head.split(' after ')[0]} ({marker})"
    text = (f"{head} on Tuesday, {who} said, and rescue teams reached the area by evening.\n\n"
            f"The operation, which officials called {marker}, moved {n * 3} people to shelters in {q}, "
            f"{who} told reporters on Wednesday.\n\n"
            f"Residents said the road to {q} remained closed and that {rng.randint(2, 90)} families were "
            f"still waiting for help. Report {i} of the load run.")
    return title, text


def upload_one(c: httpx.Client, i: int, nonce: str, rng: random.Random) -> tuple[dict | None, float, str]:
    """Upload report ``i``: (its record, seconds, "") when it answered ok,
    else (None, seconds, why)."""
    marker = "qz" + "".join(rng.choice(string.ascii_lowercase) for _ in range(8)) + word(i)
    title, text = report(i, marker, rng)
    if i % 2 == 0:
        line = {"title": title, "text": text, "outlet": "Load Bench Wire", "published": "2025-12-02",
                "url": f"https://load-bench.invalid/{nonce}/{marker}"}  # only the document's source: never fetched
        kwargs: dict = {"data": {"jsonl": json.dumps(line) + "\n"}}
        what = f"POST /api/documents jsonl {marker}"
    else:
        name = f"load-{nonce}-{marker}.txt"
        kwargs = {"files": [("files", (name, f"{title}\n\n{text}\n".encode(), "text/plain"))]}
        what = f"POST /api/documents file {name}"
    t0 = time.perf_counter()
    try:
        r = c.post("/api/documents", **kwargs)
    except httpx.HTTPError as exc:
        return None, time.perf_counter() - t0, f"{what} -> {type(exc).__name__}: {exc}"
    dt = time.perf_counter() - t0
    body, why = check(r, what)
    if body is None:
        return None, dt, why
    data = body.get("data") or {}
    return {"marker": marker, "documents": list(data.get("documents") or []), "new": data.get("new"),
            "what": what}, dt, ""


def uploader(url: str, timeout: float, index: int, count: int, nonce: str, budget: Budget,
             res: Results) -> None:
    """Upload reports ``index``, ``index + count``, ...: each a unique report."""
    rng = random.Random(f"{nonce}-{index}")
    i = index
    with client(url, timeout) as c:
        while budget.take():
            record, dt, why = upload_one(c, i, nonce, rng)
            i += count
            if record is None:
                res.error(why)
                continue
            with res.lock:
                res.uploads.append(record)
            res.done("upload", "upload", dt)


def word(i: int) -> str:
    """``i`` in letters (a..z), so a marker stays one plain word."""
    out = ""
    while True:
        out = string.ascii_lowercase[i % 26] + out
        i //= 26
        if i == 0:
            return out


# -- after the load ------------------------------------------------------------------


def verify(c: httpx.Client, res: Results, before: int, earlier: list[dict]) -> tuple[int, int, list[str]]:
    """(lost uploads, document count after, messages); errors
    go to ``res``. ``earlier``: ok uploads made before the count ``before``."""
    lost = 0
    notes: list[str] = []
    for up in earlier + res.uploads:
        missing = []
        if up["new"] != 1 or len(up["documents"]) != 1:
            missing.append(f"answered new={up['new']} documents={up['documents']} (one new document expected)")
        for doc_id in up["documents"]:
            what = f"GET /api/documents/{doc_id}"
            body, why = check(c.get(f"/api/documents/{quote(doc_id, safe='')}"), what)
            if body is None:
                missing.append(why)
            elif up["marker"] not in (body["data"].get("body") or ""):
                missing.append(f"{what}: the text lacks {up['marker']}")
        what = f"GET /api/search?q={up['marker']}"
        body, why = check(c.get("/api/search", params={"q": up["marker"], "limit": 10}), what)
        if body is None:
            missing.append(why)
        elif not set(up["documents"]) <= {h.get("document") for h in body["data"]}:
            missing.append(f"{what}: found {[h.get('document') for h in body['data']]}, not {up['documents']}")
        if missing:
            lost += 1
            notes.append(f"lost: {up['what']}: " + "; ".join(missing))
    body, why = check(c.get("/api/documents", params={"limit": 1}), "GET /api/documents?limit=1")
    if body is None:
        res.error(why)
        after = -1
    else:
        after = body["page"]["total"]
        if after - before != len(res.uploads):
            lost = max(lost, len(res.uploads) - (after - before))  # the same lost upload counts once
            notes.append(f"document count {before} -> {after} (+{after - before}) after {len(res.uploads)} ok "
                         f"uploads: +{len(res.uploads)} expected")
    return lost, after, notes


def listed_ids(c: httpx.Client, kind: str) -> tuple[set[str] | None, str]:
    """The ids the list of ``kind`` holds now (its first WARM_IDS), or (None, why)."""
    ids: set[str] = set()
    offset = 0
    while offset is not None and offset < WARM_IDS:
        try:
            page, why = check(c.get(f"/api/{kind}", params={"limit": 200, "offset": offset}), f"GET /api/{kind}")
        except httpx.HTTPError as exc:
            return None, f"GET /api/{kind} -> {type(exc).__name__}: {exc}"
        if page is None:
            return None, why
        ids.update(item.get("id") for item in page["data"])
        offset = page["page"].get("next_offset")
    return ids, ""


def error_kind(e: str) -> str:
    """An error without its particulars (path, numbers), to group alike ones."""
    what, _, why = e.partition(" -> ")
    return (what.split(" ")[0] + " " + re.sub(r"\d+", "#", why.split(":")[0])) if why else re.sub(r"\d+", "#", e[:60])


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank), in ms."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))
    return s[int(k)] * 1000


def run(name: str, args, data: Path) -> bool:
    """One backend: True when there was no error and no lost upload."""
    folder = Path(tempfile.mkdtemp(prefix=f"sitrep-load-{name}-"))
    server = None
    try:
        with backend_url(name, folder) as db_url:
            prep, failed = preload(db_url, data)
            res = Results()
            if failed:
                res.error(f"preload: analysing the corpus failed: {failed}")
                print(f"{name}: preload: analysing the corpus failed (the load runs on the ingested documents): "
                      f"{failed}")
            server = Server(db_url, folder)
            url = server.start()
            timeout = min(60.0, max(10.0, args.seconds))
            pools = Pools()
            nonce = f"{os.getpid():x}{int(time.time()) % 100000:x}"
            with client(url, timeout) as c:
                # one upload first, untimed: the server loads its NLP model on the first one
                first, first_s, why = upload_one(c, WARM_UPLOAD, nonce, random.Random(nonce))
                if first is None:
                    res.error(f"warm-up upload: {why}")
                qs, before = warm_up(c, pools)
                index, why = check(c.get("/api/"), "GET /api/")
                if index is None:
                    raise RuntimeError(f"warm-up: {why}")
                counts = index["data"]["counts"]
            print(f"{name}: preloaded {data} in {prep:.1f} s; first upload {first_s:.1f} s (untimed); "
                  f"{counts['documents']} documents, {counts['stories']} stories, {counts['events']} events, "
                  f"{counts['entities']} entities; server {url}")
            cpu0, own0 = server.cpu(), time.process_time()
            start = time.perf_counter()
            deadline = start + args.seconds
            reads, ups = Budget(args.requests, deadline), Budget(args.uploads, deadline)
            with ThreadPoolExecutor(args.readers + args.uploaders) as pool:
                jobs = [pool.submit(reader, url, timeout, args.seed * 1000 + k, reads, pools, qs, res)
                        for k in range(args.readers)]
                jobs += [pool.submit(uploader, url, timeout, k, args.uploaders, nonce, ups, res)
                         for k in range(args.uploaders)]
                for job in jobs:
                    job.result()
            wall = time.perf_counter() - start
            cpu1, own1 = server.cpu(), time.process_time()
            with client(url, timeout) as c:
                lost, after, notes = verify(c, res, before, [first] if first else [])
            alive = server.proc.poll() is None
            server.stop()
        # printing
        def line(label: str, side: str, groups: list[str]) -> str:
            if not (args.readers if side == "read" else args.uploaders):
                return f"  {label:<8}none (no {label[:-1]}ers)"
            lat = [x for g in groups for x in res.latency.get(g, [])]
            span = res.end.get(side, start) - start
            rate = res.ok[side] / span if span > 0 else 0.0
            return (f"  {label:<8}{res.ok[side]:>6} ok in {span:6.1f} s {rate:9.1f}/s   p50 {pct(lat, 50):8.1f} ms"
                    f"   p99 {pct(lat, 99):8.1f} ms")

        read_groups = [g for g in res.latency if g != "upload"]
        stopped = "time" if (args.readers and reads.n > 0) or (args.uploaders and ups.n > 0) else "counts"
        server_cpu = f"{cpu1 - cpu0:.1f}" if cpu0 is not None and cpu1 is not None else "?"
        print(f"  load: {args.readers} readers, {args.uploaders} uploaders, {wall:.1f} s (stopped by {stopped}); "
              f"CPU s: server {server_cpu}, client {own1 - own0:.1f} ({os.cpu_count()} CPUs)")
        print(line("reads", "read", read_groups))
        print(line("uploads", "upload", ["upload"]))
        print(f"  errors {len(res.errors)}; lost uploads {lost}; documents {before} -> {after} "
              f"(+{after - before} for {len(res.uploads)} ok uploads)"
              + (f"; 404s for listed ids that re-analysis retired {sum(map(len, res.retired.values()))}"
                 if res.retired else ""))
        for kind, ids in sorted(res.retired.items()):
            distinct = list(dict.fromkeys(ids))
            print(f"    retired {kind}: {len(ids)} 404s, {len(distinct)} ids: {', '.join(distinct[:4])}"
                  + (" ..." if len(distinct) > 4 else ""))
        for g in sorted(read_groups):
            lat = res.latency[g]
            print(f"    {g:<20}{len(lat):>6}   p50 {pct(lat, 50):8.1f} ms   p99 {pct(lat, 99):8.1f} ms")
        kinds = Counter(error_kind(e) for e in res.errors)
        shown = 0
        for e in res.errors:
            k = error_kind(e)
            if k in kinds and shown < ERRORS_SHOWN:
                n = kinds.pop(k)
                print(f"  error{f' (x{n}, the first)' if n > 1 else ''}: {e[:400]}")
                shown += 1
        if kinds:
            print(f"  ... {sum(kinds.values())} more errors of {len(kinds)} other kinds")
        for n in notes[:ERRORS_SHOWN]:
            print(f"  {n}")
        problems = server.problems()
        if not alive:
            problems.append(f"the server exited during the run (status {server.proc.returncode})")
        if not problems:
            print("  server stderr: no traceback, no ERROR line")
        for p in problems[:ERRORS_SHOWN]:
            print(f"  server: {p}")
        if len(problems) > ERRORS_SHOWN:
            print(f"  server: ... {len(problems) - ERRORS_SHOWN} more")
        if problems:
            blocks, _ = server.tracebacks()
            if blocks:
                print("  server's first traceback:\n" + "\n".join("    " + ln for ln in blocks[0][-40:]))
        return not res.errors and lost == 0 and alive
    except Exception as exc:  # noqa: BLE001 - one line and the server's stderr, then the next backend
        print(f"{name}: failed: {type(exc).__name__}: {exc}")
        if server is not None:
            for p in server.problems()[:ERRORS_SHOWN]:
                print(f"  server: {p}")
        return False
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT, help="the corpus to preload (default: %(default)s)")
    ap.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    ap.add_argument("--readers", type=int, default=8, help="concurrent reading clients")
    ap.add_argument("--uploaders", type=int, default=2, help="concurrent uploading clients")
    ap.add_argument("--requests", type=int, default=2000, help="reads in all")
    ap.add_argument("--uploads", type=int, default=40, help="uploads in all")
    ap.add_argument("--seconds", type=float, default=120.0, help="longest load phase per backend")
    ap.add_argument("--seed", type=int, default=1, help="seed of the readers' choices")
    args = ap.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    bad = [b for b in backends if b not in ("sqlite", "postgres")]
    if bad or not backends:
        ap.error(f"--backends: sqlite and/or postgres, got {args.backends!r}")
    if args.readers < 0 or args.uploaders < 0 or args.readers + args.uploaders == 0:
        ap.error("--readers and --uploaders: at least one client")
    if not args.data.exists():
        ap.error(f"{args.data}: no such file or folder")
    print(f"bench/load.py: {args.data}; {args.readers} readers, {args.requests} reads in all; {args.uploaders} "
          f"uploaders, {args.uploads} uploads in all; at most {args.seconds:g} s of load per backend; {HOST} only")
    good = True
    for name in backends:
        if name == "postgres":
            from sitrep.store.pgtemp import find_pg_bin

            if find_pg_bin() is None:
                print("postgres: skipped: PostgreSQL server binaries not found "
                      "(tools/ensure-postgres.sh installs them)")
                continue
        good = run(name, args, args.data) and good
    print("ok: no errors, no lost uploads" if good else "FAILED: errors or lost uploads (see above)")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
