"""Online story clustering on hand-written reports (fixtures in conftest.py)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from sitrep.stories import StoryDoc, StoryParams, cluster_stories


def partition(clusters: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(c) for c in clusters}


def gold_partition(gold: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for doc, label in gold.items():
        groups.setdefault(label, set()).add(doc)
    return {frozenset(g) for g in groups.values()}


def test_reports_of_one_event_from_different_outlets_join(cross_docs):
    assert partition(cluster_stories(cross_docs)) == {frozenset({"c1", "c2", "c3", "c4"})}


def test_whole_corpus_gives_the_gold_stories(corpus, gold):
    assert partition(cluster_stories(corpus)) == gold_partition(gold)


def test_two_earthquakes_in_one_week_stay_apart(corpus):
    quakes = [d for d in corpus if d.id.startswith("q")]
    assert partition(cluster_stories(quakes)) == {frozenset({"qa1", "qa2"}), frozenset({"qb1", "qb2"})}


def test_neighbouring_development_stays_apart(corpus):
    """The border closure mentions the fighters, but is its own story."""
    docs = [d for d in corpus if d.id[0] in "cb"]
    assert partition(cluster_stories(docs)) == {frozenset({"c1", "c2", "c3", "c4"}), frozenset({"b1", "b2", "b3"})}


def test_years_old_report_of_the_same_kind_is_kept_out_by_time(corpus):
    docs = [d for d in corpus if d.id[0] in "co"]
    assert partition(cluster_stories(docs)) == {frozenset({"c1", "c2", "c3", "c4"}), frozenset({"o1"})}
    # Only the date separates it: re-dated to the same week, it joins.
    moved = [replace(d, published=date(2025, 5, 2)) if d.id == "o1" else d for d in docs]
    assert partition(cluster_stories(moved)) == {frozenset({"c1", "c2", "c3", "c4", "o1"})}


def test_undated_documents_get_no_time_term(corpus):
    docs = [replace(d, published=None) for d in corpus if d.id[0] in "co"]
    assert partition(cluster_stories(docs)) == {frozenset({"c1", "c2", "c3", "c4", "o1"})}


def test_decay_and_hard_window():
    body = (
        "The Dorran city council voted on Tuesday to close the Wexley footbridge after engineers found cracks "
        "in two of its steel cables, council leader Mara Ostrow said. Repairs will cost 2.4 million crowns."
    )
    first = StoryDoc("a", "Dorran closes Wexley footbridge", body, date(2025, 1, 1))

    def later(days: int) -> StoryDoc:
        return StoryDoc("b", "Dorran closes Wexley footbridge", body, date(2025, 1, 1) + timedelta(days=days))

    p = StoryParams()
    assert len(cluster_stories([first, later(10)], p)) == 1  # identical text, 10 days: exp(-10/30) = 0.72
    assert len(cluster_stories([first, later(p.window_days + 1)], p)) == 2  # outside the hard window
    assert len(cluster_stories([first, later(10)], replace(p, tau_days=2.0))) == 2  # fast decay


def test_result_does_not_depend_on_input_order(corpus):
    expected = cluster_stories(corpus)
    for seed in range(5):
        shuffled = corpus[:]
        random.Random(seed).shuffle(shuffled)
        assert cluster_stories(shuffled) == expected


def test_stories_ordered_by_founder_and_members_by_date(corpus):
    clusters = cluster_stories(corpus)
    assert clusters[0] == ["o1"]  # 2017
    assert clusters[1] == ["qa1", "qa2"]
    for c in clusters:
        days = [next(d.published for d in corpus if d.id == i) for i in c]
        assert days == sorted(days)


def test_lineage_group_forces_one_story(cross_docs, corpus):
    """A copy of an agency report joins the original's story whatever its text."""
    unrelated = next(d for d in corpus if d.id == "qa1")
    copy = replace(unrelated, id="copy", published=date(2025, 5, 4), group="agency-1")
    docs = [replace(d, group="agency-1") if d.id == "c1" else d for d in cross_docs] + [copy]
    assert partition(cluster_stories(docs)) == {frozenset({"c1", "c2", "c3", "c4", "copy"})}
    assert len(cluster_stories([replace(copy, group=None)] + cross_docs)) == 2


def test_doubtful_documents_wait_for_the_clear_ones(cross_docs):
    events: list[dict] = []
    p = StoryParams(threshold=0.1, join_threshold=0.99)
    clusters = cluster_stories(cross_docs, p, trace=events.append)
    assert partition(clusters) == {frozenset({"c1", "c2", "c3", "c4"})}
    waited = [e["doc"] for e in events if e["action"] == "wait"]
    assert waited == ["c2", "c3", "c4"]
    assert [(e["doc"], e["pass"], e["action"]) for e in events if e["pass"] == 2] == [
        ("c2", 2, "join"),
        ("c3", 2, "join"),
        ("c4", 2, "join"),
    ]


def test_equal_thresholds_make_a_single_pass(corpus):
    events: list[dict] = []
    p = StoryParams(threshold=0.26, join_threshold=0.26)
    cluster_stories(corpus, p, trace=events.append)
    assert {e["pass"] for e in events} == {1}
    assert "wait" not in {e["action"] for e in events}


def test_trace_reports_scores(cross_docs):
    events: list[dict] = []
    cluster_stories(cross_docs, trace=events.append)
    assert [e["action"] for e in events] == ["new", "join", "join", "join"]
    story, text, names, decay, sim = events[1]["candidates"][0]
    assert story == 0 and 0 < text <= 1 and 0 < names <= 1 and 0 < decay <= 1
    assert sim == pytest.approx(((1 - 0.5) * text + 0.5 * names) * decay)


def test_documents_without_text_stay_alone():
    docs = [StoryDoc("a", None, ""), StoryDoc("b", None, ""), StoryDoc("c", "Same words here", "Same words here.")]
    assert partition(cluster_stories(docs)) == {frozenset({"a"}), frozenset({"b"}), frozenset({"c"})}


def test_empty_input_and_duplicate_ids():
    assert cluster_stories([]) == []
    with pytest.raises(ValueError, match="unique"):
        cluster_stories([StoryDoc("a", None, "x"), StoryDoc("a", None, "y")])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": 0.3, "join_threshold": 0.2}, "join_threshold"),
        ({"name_weight": 1.5}, "name_weight"),
        ({"tau_days": 0}, "tau_days"),
        ({"window_days": -1}, "window_days"),
        ({"min_df": 0}, "min_df"),
    ],
)
def test_params_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        StoryParams(**kwargs)


def test_group_members_wait_with_their_first_report(cross_docs):
    """When the group's first report must wait, its copies wait too and follow it."""
    p = StoryParams(threshold=0.1, join_threshold=0.99)
    docs = [replace(d, group="g") if d.id in {"c2", "c4"} else d for d in cross_docs]
    events: list[dict] = []
    clusters = cluster_stories(docs, p, trace=events.append)
    assert partition(clusters) == {frozenset({"c1", "c2", "c3", "c4"})}
    assert [(e["doc"], e["action"]) for e in events if e["pass"] == 2] == [("c2", "join"), ("c3", "join"), ("c4", "group")]
