"""Stable story ids, and what a story is called and when it ran.

* :func:`assign_story_ids`: a cluster keeps the id of the previous story it
  shares most documents with (greedy by overlap size, each previous id used
  once); any other cluster gets ``"s-"`` + the first 10 hex digits of
  SHA-256 of its founding document id (its earliest document, undated last,
  ties by id). The same clusters give the same ids whatever order they come
  in, and a re-run that adds documents keeps the ids of the stories that
  were there before.
* :func:`describe_story`: the representative title is the title of the
  document most central to the story (highest mean TF-IDF cosine with the
  story's other documents, ties to the earlier, then smaller id); start and
  end are the first and last publication dates.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .cluster import StoryDoc, StoryParams, cluster_stories, publication_order
from .features import text_terms, tfidf

_TITLE_FALLBACK_CHARS = 120


@dataclass
class Story:
    """A story as the report shows it: id, documents (publication order), title, date range."""

    id: str
    documents: list[str]
    title: str
    start: date | None
    end: date | None


def _time_key(doc_id: str, published: Mapping[str, date | None]) -> tuple[bool, date, str]:
    day = published.get(doc_id)
    return (day is None, day or date.min, doc_id)


def founding_document(cluster: Sequence[str], published: Mapping[str, date | None]) -> str:
    """The earliest document of a cluster (undated documents last, ties by id)."""
    if not cluster:
        raise ValueError("a story needs at least one document")
    return min(cluster, key=lambda d: _time_key(d, published))


def new_story_id(founder: str, salt: int = 0) -> str:
    """``s-`` + 10 hex digits of SHA-256 of the founding document id (salted on a clash)."""
    key = founder if salt == 0 else f"{founder}#{salt}"
    return "s-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def assign_story_ids(
    clusters: list[list[str]],
    previous: Mapping[str, set[str]] | None,
    published: Mapping[str, date | None],
) -> dict[str, list[str]]:
    """Give each cluster a stable id; see the module docstring for the rule.

    ``previous`` maps the ids of an earlier run's stories to their document
    ids (None or empty on a first run); ``published`` gives each document's
    date (missing or None for undated). Returns ``{story id: document ids in
    publication order}``, stories ordered by their founding document.
    """
    seen: set[str] = set()
    for c in clusters:
        if not c:
            raise ValueError("empty cluster")
        if seen.intersection(c):
            raise ValueError("a document is in more than one cluster")
        seen.update(c)
    ordered = sorted(
        (sorted(c, key=lambda d: _time_key(d, published)) for c in clusters),
        key=lambda c: _time_key(c[0], published),
    )
    previous = previous or {}
    owner: dict[str, list[str]] = {}  # document -> previous stories holding it
    for pid, members in previous.items():
        for d in members:
            owner.setdefault(d, []).append(pid)
    pairs = []
    for n, c in enumerate(ordered):
        overlap = Counter(pid for d in c for pid in owner.get(d, ()))
        pairs.extend((-k, pid, n) for pid, k in overlap.items())
    pairs.sort()
    ids: dict[int, str] = {}
    used: set[str] = set()
    for _, pid, n in pairs:
        if n not in ids and pid not in used:
            ids[n] = pid
            used.add(pid)
    taken = used | set(previous)  # never hand a new story an id an older story had
    for n, c in enumerate(ordered):
        if n in ids:
            continue
        salt = 0
        while (sid := new_story_id(c[0], salt)) in taken:
            salt += 1
        ids[n] = sid
        taken.add(sid)
    return {ids[n]: c for n, c in enumerate(ordered)}


def describe_story(story_id: str, docs: Sequence[StoryDoc], params: StoryParams | None = None) -> Story:
    """The :class:`Story` for ``docs`` (the story's documents); see the module docstring."""
    if not docs:
        raise ValueError(f"story {story_id} has no documents")
    p = params or StoryParams()
    order = publication_order(docs)
    dates = [d.published for d in order if d.published is not None]
    if len(order) == 1:
        central = [0]
    else:
        X = tfidf([text_terms(d.title, d.body, p.title_weight, p.lead_words) for d in order], min_df=1)
        total = np.asarray(X.sum(axis=0)).ravel()
        self_sim = np.asarray(X.multiply(X).sum(axis=1)).ravel()
        mean = (X @ total - self_sim) / (len(order) - 1)  # mean cosine with the other documents
        central = sorted(range(len(order)), key=lambda j: (-round(float(mean[j]), 12), j))
    title = next((order[j].title.strip() for j in central if order[j].title and order[j].title.strip()), None)
    if title is None:
        title = _first_sentence(order[central[0]].body)
    return Story(
        id=story_id,
        documents=[d.id for d in order],
        title=title,
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
    )


def _first_sentence(body: str) -> str:
    text = " ".join(body.split())
    for stop in (". ", "! ", "? "):
        cut = text.find(stop)
        if 0 < cut < _TITLE_FALLBACK_CHARS:
            return text[: cut + 1]
    if len(text) <= _TITLE_FALLBACK_CHARS:
        return text
    return text[:_TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"


def build_stories(
    docs: Sequence[StoryDoc],
    params: StoryParams | None = None,
    previous: Mapping[str, set[str]] | None = None,
) -> list[Story]:
    """Cluster, assign stable ids and describe: the whole stage in one call."""
    clusters = cluster_stories(docs, params)
    published = {d.id: d.published for d in docs}
    by_id = {d.id: d for d in docs}
    named = assign_story_ids(clusters, previous, published)
    return [describe_story(sid, [by_id[i] for i in members], params) for sid, members in named.items()]
