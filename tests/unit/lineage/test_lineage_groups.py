"""Independence groups: which documents count as one source."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.lineage import Link, independence_groups

IDS = ["a", "b", "c", "d", "e", "f"]


def test_copies_and_rewrites_merge_excerpts_do_not():
    links = [Link("b", "a", "copy", 0.9, True), Link("c", "b", "rewrite", 0.3, True), Link("d", "a", "excerpt", 0.1, True)]
    groups = independence_groups(IDS, links, {})
    assert groups == [{"a", "b", "c"}, {"d"}, {"e"}, {"f"}]


def test_same_agency_needs_a_link_or_a_shared_story():
    wire = {"a": "Reuters", "d": "Reuters", "e": "Reuters", "f": "AFP"}
    # same agency + excerpt link: one agency story
    groups = independence_groups(IDS, [Link("d", "a", "excerpt", 0.1, True)], wire)
    assert {"a", "d"} in groups and {"e"} in groups
    # same agency without a link and without stories: an agency files many stories a day
    assert {"a"} in independence_groups(IDS, [], wire)


def test_same_agency_in_the_same_story_within_the_window():
    wire = {"a": "Reuters", "b": "Reuters", "c": "Reuters", "d": "AFP", "e": "Reuters"}
    stories = {x: "s-1" for x in IDS} | {"e": "s-2"}
    published = {"a": date(2026, 3, 1), "b": date(2026, 3, 3), "c": date(2026, 3, 20), "d": date(2026, 3, 1),
                 "e": date(2026, 3, 1), "f": None}
    groups = independence_groups(IDS, [], wire, stories=stories, published=published)
    assert groups == [{"a", "b"}, {"c"}, {"d"}, {"e"}, {"f"}]
    # an unknown date joins its agency's story group
    wire["f"] = "Reuters"
    groups = independence_groups(IDS, [], wire, stories=stories, published=published)
    assert {"a", "b", "c", "f"} in groups
    with pytest.raises(ValueError, match="window_days"):
        independence_groups(IDS, [], wire, stories=stories, window_days=-1)


def test_every_document_in_exactly_one_group():
    links = [Link("b", "a", "copy", 0.9, True), Link("zz", "a", "copy", 0.9, True), Link("c", "d", "rewrite", 0.3, False)]
    groups = independence_groups(IDS + ["a"], links, {"e": "AP", "f": "AP"})
    members = [x for g in groups for x in g]
    assert sorted(members) == sorted(IDS)
    assert groups == sorted(groups, key=min)
