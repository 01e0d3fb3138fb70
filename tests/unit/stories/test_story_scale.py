"""What keeps story clustering near-linear: corpus features without a string per term,
the blocking index, closing stories, story centroids. Each must give what the plain
computation gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from sitrep.stories import StoryDoc, StoryParams, cluster_stories
from sitrep.stories import features as F
from sitrep.stories.cluster import _Blocks

from .conftest import BORDER, CROSS, OLD, QUAKE_A, QUAKE_B


def partition(clusters: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(c) for c in clusters}


# ---------------------------------------------------------------- features

TEXTS = [(t, b) for _, t, _, b in CROSS + BORDER + [OLD] + QUAKE_A + QUAKE_B] + [
    (None, "Short note on the Kelm crossing."),
    ("", ""),
    ("Dam breaks", "Dam breaks near Orvik. " + "filler " * 80 + "late words"),
]


def gram(m) -> np.ndarray:
    d = m.astype(np.float64)
    return (d @ d.T).toarray()


@pytest.mark.parametrize("title_weight, lead_words, min_df", [(2, 60, 2), (0, 5, 1), (3, 0, 2)])
def test_corpus_features_give_the_rows_of_tfidf(title_weight, lead_words, min_df):
    cf = F.CorpusFeatures(title_weight, lead_words)
    for title, body in TEXTS:
        cf.add(title, body)
    (x, _, _), (y, _, _) = cf.build(min_df)
    x_ref = F.tfidf([F.text_terms(t, b, title_weight, lead_words) for t, b in TEXTS], min_df)
    y_ref = F.tfidf([F.name_terms(t, b, None, lead_words) for t, b in TEXTS], min_df)
    for m, ref in ((x, x_ref), (y, y_ref)):
        assert m.shape == ref.shape and m.nnz == ref.nnz
        assert m.dtype == np.float32
        assert np.allclose(gram(m), gram(ref), atol=1e-6)  # same rows up to the order of columns


def test_copies_do_not_count_in_document_frequencies(monkeypatch):
    """A copy added with counted=False leaves every other row as it was
    without the copy, and gets the rows of the report it copies; through
    the builder (in chunks too) as through the reference."""
    rows = [F.text_terms(t, b, 2, 60) for t, b in TEXTS]
    with_copies = rows + [rows[0], rows[3], rows[3]]
    counted = [True] * len(rows) + [False] * 3
    ref = F.tfidf(with_copies, 2, counted)
    plain = F.tfidf(rows, 2)
    assert np.allclose(gram(ref[: len(rows)]), gram(plain), atol=1e-9)
    assert np.allclose(gram(ref)[len(rows)], gram(ref)[0], atol=1e-9)
    # counting the copies changes the weights: the test can tell the two apart
    assert not np.allclose(gram(F.tfidf(with_copies, 2)[: len(rows)]), gram(plain), atol=1e-6)
    for chunk in (1024, 2):
        monkeypatch.setattr(F, "_CHUNK_DOCS", chunk)
        cf = F.CorpusFeatures()
        for (title, body), c in zip(TEXTS + [TEXTS[0], TEXTS[3], TEXTS[3]], counted):
            cf.add(title, body, counted=c)
        (x, _, _), _ = cf.build(2)
        assert x.shape == ref.shape and np.allclose(gram(x), gram(ref), atol=1e-6)


def test_copies_of_every_report_keep_the_stories():
    """Each report three times over (one lineage group per report): the
    stories are those of the reports alone, copies with their original."""
    docs = [StoryDoc(id, title, body, day) for id, title, day, body in CROSS + BORDER + QUAKE_A]
    alone = partition(cluster_stories(docs))
    copies = [replace(d, group=d.id) for d in docs] + [replace(d, id=f"{d.id}-c{k}", group=d.id)
                                                       for d in docs for k in (1, 2)]
    got = partition(cluster_stories(copies))
    assert {frozenset(i for i in s if "-c" not in i) for s in got} == alone
    for s in got:
        assert {i.split("-c")[0] for i in s} == {i for i in s if "-c" not in i}


def test_document_frequencies_are_merged_across_chunks(monkeypatch):
    """Two documents per chunk: df counted chunk by chunk must equal df counted at once."""
    def build():
        cf = F.CorpusFeatures()
        for title, body in TEXTS:
            cf.add(title, body)
        return cf.build(2, top=5)

    (x_one, xp_one, xt_one), _ = build()
    monkeypatch.setattr(F, "_CHUNK_DOCS", 2)
    (x_many, xp_many, xt_many), _ = build()
    assert (x_one != x_many).nnz == 0
    assert np.array_equal(xp_one, xp_many) and np.array_equal(xt_one, xt_many)


def test_document_frequency_merges_count_every_chunk():
    rng = np.random.default_rng(5)
    counts = F._Counts()
    counts.min_flush = 50  # merge often, in buffers of several chunks
    seen = []
    for _ in range(60):
        keys = np.unique(rng.integers(0, 2000, size=rng.integers(1, 80)))
        counts.add(keys, np.ones(len(keys), dtype=np.int64))
        seen.append(keys)
    counts.flush()
    keys, df = np.unique(np.concatenate(seen), return_counts=True)
    assert np.array_equal(counts.keys, keys) and np.array_equal(counts.df, df)


def test_top_columns_are_the_heaviest_of_each_row():
    cf = F.CorpusFeatures()
    for title, body in TEXTS:
        cf.add(title, body)
    (x, ptr, top), _ = cf.build(2, top=4)
    for r in range(x.shape[0]):
        row = x[r].toarray().ravel()
        mine = top[ptr[r] : ptr[r + 1]]
        assert len(mine) == min(4, x[r].nnz)
        if len(mine):
            assert row[mine].min() >= np.sort(row[row > 0])[::-1][len(mine) - 1]


def _reference_names(text: str, entities=None) -> list[str]:
    """name_features as first written: every token cleaned and classified one by one."""
    feats: list[str] = []
    if entities is not None:
        for name in entities:
            F._add_name(feats, F._TOKEN.findall(name))
    sentences = []
    for sent in F._SENTENCE_END.split(text):
        toks = [F._clean_token(t) for t in F._TOKEN.findall(sent)]
        sentences.append([t for t in toks if t])
    known = {t for toks in sentences for t in toks[1:] if F._is_cap(t)}
    for toks in sentences:
        if entities is None:
            F._capital_runs(feats, toks, known)
        for i, t in enumerate(toks):
            low = t.lower()
            if low in F.MONTHS and i + 1 < len(toks) and toks[i + 1].isdigit() and 1 <= int(toks[i + 1]) <= 31:
                feats.append(f"d:{F.MONTHS[low]}-{int(toks[i + 1])}")
            elif t.isdigit() and i + 1 < len(toks) and toks[i + 1].lower() in F.MONTHS and 1 <= int(t) <= 31:
                feats.append(f"d:{F.MONTHS[toks[i + 1].lower()]}-{int(t)}")
    for num in F.re.findall(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d)|(?<![\w.,])\d+(?:\.\d+)?", text):
        num = num.replace(",", "")
        if num.strip("0.") and len(num) >= 2:
            feats.append("#:" + num)
    return feats


def test_name_scanner_agrees_with_the_token_by_token_reference():
    words = ["The", "of", "Bank", "al-Sayf", "al", "May", "may", "June", "3", "31", "32", "Monday", "de", "Reid's",
             "U.S.'s", "x", "Tara", "and", "1,500", "2.5", "v2.0", "12,34", "Of", "Al", "van", "Der", "jan", "Jan",
             "it's", ".", "\n", "!", "el-Baz", "EL", "?", "said", "Reid"]
    rng = random.Random(7)
    texts = [b for _, b in TEXTS] + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))) for _ in range(800)]
    scanner = F.NameScanner()
    for text in texts:
        for entities in (None, ["Varga Brigade", "al-Sayf x"]):
            assert scanner.features(text, entities) == _reference_names(text, entities), text


def test_a_known_name_opening_an_otherwise_plain_sentence_still_counts():
    feats = F.name_features("Maalouf spoke. Fighters met Maalouf at dawn. maalouf left.")
    assert feats.count("w:maalouf") == 2  # both capitalised mentions; the opener is known from the second


# ---------------------------------------------------------------- blocking

def corpus() -> list[StoryDoc]:
    return [StoryDoc(i, t, b, d) for i, t, d, b in CROSS + BORDER + [OLD] + QUAKE_A + QUAKE_B]


def test_blocking_gives_the_exhaustive_stories():
    docs = corpus()
    assert cluster_stories(docs, StoryParams(block_terms=16)) == cluster_stories(docs, StoryParams(block_terms=0))
    undated = [replace(d, published=None) for d in docs]
    assert cluster_stories(undated, StoryParams(block_terms=16)) == cluster_stories(undated, StoryParams(block_terms=0))


def same_day() -> list[StoryDoc]:
    return [replace(d, published=date(2025, 5, 3)) for d in corpus()]


def test_blocking_skips_stories_without_a_shared_heavy_term():
    """All reports on one day: without blocking the first report of the second earthquake is scored
    against every story so far; with it, only against the other earthquake's story."""
    for block_terms, expected in ((0, [0, 1, 2]), (16, [2])):
        events: list[dict] = []
        clusters = cluster_stories(same_day(), StoryParams(block_terms=block_terms), trace=events.append)
        assert clusters[2] == ["qa1", "qa2"]
        second = next(e for e in events if e["doc"] == "qb1")
        assert [c[0] for c in second["candidates"]] == expected


def test_blocked_scores_equal_the_exhaustive_ones():
    def scores(block_terms: int) -> tuple[list[list[str]], dict[tuple[str, int], float]]:
        events: list[dict] = []
        clusters = cluster_stories(same_day(), StoryParams(block_terms=block_terms), trace=events.append)
        return clusters, {(e["doc"], c[0]): c[4] for e in events for c in e["candidates"]}

    (c_blocked, blocked), (c_full, full) = scores(16), scores(0)
    assert c_blocked == c_full
    assert blocked and set(blocked) < set(full)
    for key, sim in blocked.items():
        assert sim == pytest.approx(full[key], abs=1e-6)


def test_index_rows_are_the_reports_in_the_range_sharing_a_key():
    keys = [[1, 2], [2], [3], [1, 3], [2, 3]]
    ptr = np.cumsum([0] + [len(k) for k in keys])
    blocks = _Blocks(np.array([k for ks in keys for k in ks], dtype=np.int64), ptr, len(keys))
    assert sorted(set(blocks.rows(4, 0, 4).tolist())) == [0, 1, 2, 3]
    assert sorted(blocks.rows(4, 1, 3).tolist()) == [1, 2]
    assert sorted(blocks.rows(0, 1, 5).tolist()) == [1, 3, 4]
    assert blocks.rows(2, 0, 2).tolist() == []
    assert sorted(blocks.rows(3, 0, 5).tolist()) == [0, 2, 3, 3, 4]  # once per shared key (itself: 1 and 3)


def test_stories_older_than_the_window_are_not_looked_at():
    """Identical reports 60 days apart: the later one is not even scored against the earlier story."""
    docs = [StoryDoc(f"r{n}", CROSS[0][1], CROSS[0][3], date(2025, 1, 1) + timedelta(days=60 * n)) for n in range(4)]
    for block_terms in (0, 16):
        events: list[dict] = []
        clusters = cluster_stories(docs, StoryParams(block_terms=block_terms), trace=events.append)
        assert len(clusters) == 4
        assert all(e["candidates"] == [] for e in events)
        events.clear()
        cluster_stories(docs, StoryParams(block_terms=block_terms, window_days=61), trace=events.append)
        assert [len(e["candidates"]) for e in events] == [0, 1, 1, 1]


def test_waiting_documents_are_blocked_like_the_others():
    """Second pass (threshold 0.1, join 0.99: nearly everything waits) with and without the index."""
    p = StoryParams(threshold=0.1, join_threshold=0.99)
    for docs in (corpus(), same_day(), [replace(d, published=None) for d in corpus()]):
        events: list[dict] = []
        blocked = cluster_stories(docs, replace(p, block_terms=16), trace=events.append)
        assert blocked == cluster_stories(docs, replace(p, block_terms=0))
        assert sum(e["pass"] == 2 for e in events) >= 5


def test_a_copy_in_the_window_keeps_its_story_reachable():
    """A story is found through its reports in the window: a lineage copy of its first report, dated
    three months later, joins by group and brings the story's terms back into the window."""
    docs = [StoryDoc(i, t, b, d, group="g" if i == "c1" else None) for i, t, d, b in CROSS]
    copy = replace(docs[0], id="copy", published=date(2025, 8, 1))
    follow = replace(docs[1], id="follow", published=date(2025, 8, 2), group=None)
    assert partition(cluster_stories(docs + [copy, follow])) == {frozenset({"c1", "c2", "c3", "c4", "copy", "follow"})}
    # A copy whose text shares nothing leaves only its own terms in the window: with the index the later
    # report is not compared with the story (without it, it is, and joins).
    odd = replace(copy, title="Unrelated words", body="Nothing in common at all here.")
    assert partition(cluster_stories(docs + [odd, follow])) == {
        frozenset({"c1", "c2", "c3", "c4", "copy"}),
        frozenset({"follow"}),
    }
    assert len(cluster_stories(docs + [odd, follow], StoryParams(block_terms=0))) == 1


# ---------------------------------------------------------------- centroids

def variants(n: int) -> list[StoryDoc]:
    rng = random.Random(3)
    base = CROSS[0][3].split()
    docs = []
    for k in range(n):
        ws = base[:]
        for _ in range(8):
            ws[rng.randrange(len(ws))] = rng.choice(["convoy", "shrine", "rebels", "monitors", "trucks", "Halvik"])
        docs.append(StoryDoc(f"v{k:02d}", CROSS[0][1], " ".join(ws), date(2025, 5, 3) + timedelta(days=k % 5)))
    return docs + [StoryDoc(i, t, b, d) for i, t, d, b in BORDER + QUAKE_A]


def test_story_centroids_give_the_same_scores_as_summing_members():
    docs = variants(40)

    def run(centroid_after: int):
        events: list[dict] = []
        clusters = cluster_stories(docs, StoryParams(centroid_after=centroid_after), trace=events.append)
        return clusters, [(e["doc"], c[0], c[4]) for e in events for c in e["candidates"]]

    (c_small, s_small), (c_big, s_big) = run(4), run(10_000)
    assert c_small == c_big
    assert len(max(c_small, key=len)) == 40
    assert [(d, k) for d, k, _ in s_small] == [(d, k) for d, k, _ in s_big]
    assert np.allclose([s for *_, s in s_small], [s for *_, s in s_big], atol=1e-9)


@pytest.mark.parametrize("kwargs, message", [({"block_terms": -1}, "block_terms"), ({"centroid_after": 0}, "centroid_after")])
def test_scale_params_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        StoryParams(**kwargs)
