"""Fuzz property of event mention extraction: sentences assembled from the
taxonomy's own trigger words, the time and count phrases reports use, and
the clause shapes that decide whether a word reports an event (a noun with
only a time of its own, a reporting verb, a denial, a purpose clause,
nested prepositions) never make the extractor raise (it once recursed
without end on "the first meeting since 2011"), and every span a mention
carries lies inside its document. ``bench/fuzz.py`` runs the same check
longer (target ``mentions``)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.events import taxonomy as tx

PUB = date(2024, 12, 2)

NOUNS = sorted(tx.NOUNS)
VERBS = sorted(tx.VERBS)
TIMES = ["since 2011", "this year", "on Sunday", "late on March 3", "last week", "in 2019", "two days ago",
         "overnight", "earlier this month", "since the summer", "on December 1", "next week", "that day"]
COUNTS = ["nearly 200 fighters", "at least 30 people", "dozens of militiamen", "three soldiers", "some 1,500 troops",
          "two brigades", "hundreds"]
AGENTS = ["the Ostra Brigade", "Velnor's army", "security sources", "the interior ministry", "rebels", "It",
          "The envoys", "A spokesman for the council", "Nobody"]
PLACES = ["in Karsk", "into Dunmere", "near the border", "across the river", "at the crossing", "outside Velnor",
          "from the north", ""]
FRAMES = [
    "{a} {v} {p} {t}.",
    "It was the first {n} {t}.",
    "The first {n} {t} took place {p}.",
    "{a} said {c} {v} {p} {t}, in the first {n} {t2}.",
    "{a} denied that {c} had {v} {p}.",
    "The {n} of {c} {p} {t} was reported by {a}.",
    "{a} will {v} {p} {t} to {v2} the {n}.",
    "According to {a}, the {n} {t} followed a {n2} {p}.",
    "\"We {v} {p},\" {a} said {t}.",
    "{c} reportedly {v} {p} after the {n} since the {n2} {t}.",
    "The {n} and the {n2} {t} {p} were confirmed.",
    "{a}, which {v} {t}, held {n} {p}.",
]


def random_sentences(rnd) -> str:
    """One to four sentences from :data:`FRAMES` (``rnd``: a ``random.Random``)."""
    out = []
    for _ in range(rnd.randint(1, 4)):
        out.append(rnd.choice(FRAMES).format(
            a=rnd.choice(AGENTS), v=rnd.choice(VERBS), v2=rnd.choice(VERBS), n=rnd.choice(NOUNS),
            n2=rnd.choice(NOUNS), t=rnd.choice(TIMES), t2=rnd.choice(TIMES), c=rnd.choice(COUNTS),
            p=rnd.choice(PLACES)))
    return " ".join(s.replace("  ", " ") for s in out)


def check_mentions(nlp, text: str) -> None:
    from sitrep.events import extract_mentions
    from sitrep.nlp import annotate

    doc = nlp(text)
    for m in extract_mentions(doc, annotate(doc, PUB), PUB):
        assert m["type"] in tx.TYPES, m
        for key in ("trigger", "sentence"):
            s, e = m[key]
            assert 0 <= s <= e <= len(text), (key, m[key], text)
        s, e = m["trigger"]
        assert text[s:e].strip(), (m, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rnd=st.randoms(use_true_random=False))
def test_extraction_never_raises_and_spans_stay_inside(nlp, rnd):
    check_mentions(nlp, random_sentences(rnd))
