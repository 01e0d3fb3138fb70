"""Independence groups: the documents that count as one source.

Rules (a union-find over the documents; every document ends in exactly one
group):

1. ``copy`` and ``rewrite`` links merge their two documents: a copy or a
   rewrite carries the source's reporting, whatever outlet prints it.
2. ``excerpt`` links do not merge: a report quoting one paragraph of another
   is otherwise its own reporting (sample 10 quotes one agency paragraph in
   an original analysis). Later stages that need finer grain can discount
   the claims inside ``Link.passages`` of an excerpt.
3. Documents whose agency (``wire``, from :func:`propagate_wire`) is the same
   are merged when they carry the same agency story:
   - they are linked by any link, including an excerpt (both credit the
     agency and share its text); or
   - a ``stories`` mapping is given, they are in the same story and their
     publication dates are at most ``window_days`` (default 3) apart, or one
     date is unknown. Two reports crediting Reuters on the same development
     the same week are one Reuters source even when one was rewritten
     beyond recognition.
   Without ``stories``, same agency alone never merges: an agency files many
   unrelated stories a day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from .objects import Link


class _UnionFind:
    def __init__(self, items: Iterable[str]):
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def independence_groups(doc_ids: Iterable[str], links: Iterable[Link], wire: Mapping[str, str | None], *,
                        stories: Mapping[str, str | None] | None = None,
                        published: Mapping[str, date | None] | None = None,
                        window_days: int = 3) -> list[set[str]]:
    """Partition ``doc_ids`` into groups that count as one source (rules in
    the module docstring). Links naming unknown ids are ignored. Groups are
    returned sorted by their smallest id."""
    if window_days < 0:
        raise ValueError(f"window_days must be >= 0, got {window_days}")
    ids = list(dict.fromkeys(doc_ids))
    uf = _UnionFind(ids)
    known = set(ids)
    for link in links:
        if link.document not in known or link.source not in known:
            continue
        same_agency = wire.get(link.document) and wire.get(link.document) == wire.get(link.source)
        if link.kind in ("copy", "rewrite") or same_agency:
            uf.union(link.document, link.source)
    if stories is not None:
        published = published or {}
        by_key: dict[tuple[str, str], list[str]] = {}
        for i in ids:
            agency, story = wire.get(i), stories.get(i)
            if agency and story:
                by_key.setdefault((agency, story), []).append(i)
        for members in by_key.values():
            members.sort(key=lambda i: (published.get(i) or date.min, i))
            for k, a in enumerate(members):
                for b in members[k + 1:]:
                    da, db = published.get(a), published.get(b)
                    if da is None or db is None or abs((db - da).days) <= window_days:
                        uf.union(a, b)
                    elif (db - da).days > window_days:
                        break
    groups: dict[str, set[str]] = {}
    for i in ids:
        groups.setdefault(uf.find(i), set()).add(i)
    return sorted(groups.values(), key=min)
