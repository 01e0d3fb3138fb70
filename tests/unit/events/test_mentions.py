"""Event mentions from hand-made, fictional sentences (Velnor, the Ostra
Brigade, Karsk and Dunmere are invented; real country names are used only
where the gazetteer must resolve a place). The rules read the dependency
parse, so the full NLP stage runs once per text."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.events import extract_mentions

PUB = date(2024, 12, 2)  # a Monday


def mentions(nlp, text, published=PUB):
    from sitrep.nlp import annotate

    doc = nlp(text)
    return extract_mentions(doc, annotate(doc, published), published)


def one(ms, lemma):
    found = [m for m in ms if m["lemma"] == lemma]
    assert found, [m["lemma"] for m in ms]
    return found[0]


def test_movement_with_count_time_route_attribution(nlp):
    ms = mentions(nlp, "At least 300 fighters crossed into Syria late on Sunday using a dirt road to avoid the "
                       "official border post, two security sources said.")
    m = one(ms, "cross")
    assert m["type"] == "movement"
    assert m["status"] == "asserted"
    assert m["count"]["low"] == 300 and m["count"]["high"] is None
    assert m["time"]["value"] == "2024-12-01" and not m["time"]["inferred"]
    assert m["place"]["name"] == "Syria"
    assert "dirt road" in m["route"]
    assert m["attribution"]["text"] == "two security sources"
    # the anonymous sources are attribution, not a statement event
    assert not [x for x in ms if x["type"] == "statement"]
    # a quantity of sources is never the event's count
    assert m["count"]["unit"] != "source"


def test_purpose_clause_is_a_slot_not_an_event(nlp):
    ms = mentions(nlp, "Hundreds of fighters crossed into Syria on Sunday to help the army fight the rebels.")
    m = one(ms, "cross")
    assert m["purpose"].startswith("help the army")
    assert not [x for x in ms if x["lemma"] in ("help", "fight")]


def test_negated_subject_is_a_denial(nlp):
    ms = mentions(nlp, "The head of the Ostra Brigade said no group under its command had entered Syria.")
    m = one(ms, "enter")
    assert m["status"] == "denied"
    assert "head of the Ostra Brigade" in m["attribution"]["text"]


def test_denial_of_such_reports_repeats_the_previous_event(nlp):
    ms = mentions(nlp, "Armed groups have entered Syria to support the army, a newspaper reported on Monday. "
                       "However, the interior ministry denied such reports.")
    denied = [m for m in ms if m["status"] == "denied"]
    assert denied and denied[0]["type"] == "movement"
    assert "interior ministry" in denied[0]["attribution"]["text"]


def test_planned_and_alleged_and_unconfirmed(nlp):
    planned = mentions(nlp, "Faction leaders will consider sending fighters to Syria.")
    assert one(planned, "send")["status"] == "planned"
    alleged = mentions(nlp, "The Ostra Brigade claimed its men were deploying to defend a shrine.")
    assert one(alleged, "deploy")["status"] == "alleged"
    assert one(alleged, "deploy")["purpose"] == "defend a shrine"
    hedged = mentions(nlp, "Fighters reportedly crossed into Syria overnight.")
    assert one(hedged, "cross")["status"] == "unconfirmed"


def test_time_of_a_relative_clause_stays_there(nlp):
    ms = mentions(nlp, "Velnor sent fighters to Syria to help the army against rebels who captured Aleppo last week.")
    send = one(ms, "send")
    assert send["time"]["inferred"]  # "last week" belongs to the capture
    capture = one(ms, "capture")
    assert capture["time"]["precision"] == "week" and not capture["time"]["inferred"]


def test_named_speaker_makes_a_statement_event(nlp):
    ms = mentions(nlp, "Foreign Minister Anton Karsk said on Monday that the talks had failed.")
    st = [m for m in ms if m["type"] == "statement"]
    assert st and st[0]["time"]["value"] == "2024-12-02"
    assert "Anton Karsk" in st[0]["attribution"]["text"]


def test_modifiers_and_place_names_are_not_triggers(nlp):
    ms = mentions(nlp, "Iran-backed fighters used the Dunmere crossing on Monday.")
    assert not [m for m in ms if m["lemma"] in ("back", "crossing")]


def test_elaboration_adds_named_groups_to_the_previous_agent(nlp):
    ms = mentions(nlp, "A senior officer confirmed that dozens of fighters crossed into Syria on Monday. "
                       "He identified the fighters as members of the Ostra Brigade and the Harun Battalion.")
    m = one(ms, "cross")
    assert len(m["agents"]) >= 2


def test_spans_lie_inside_the_text(nlp):
    text = ("Rebels seized the town of Karsk on Saturday.\n\nWarplanes struck a camp on Monday, killing seven "
            "people, residents said.")
    ms = mentions(nlp, text)
    assert ms
    for m in ms:
        a, b = m["sentence"]
        t0, t1 = m["trigger"]
        assert 0 <= a <= t0 < t1 <= b <= len(text)
        assert "\n\n" not in text[a:b]


def test_words_that_only_look_like_events(nlp):
    assert not [m for m in mentions(nlp, "Traders said the closure would hit exporters hard.") if m["type"] == "airstrike"]
    assert [m for m in mentions(nlp, "Warplanes hit a market in Karsk on Monday.") if m["type"] == "airstrike"]
    assert not [m for m in mentions(nlp, "Engineers are replacing the chains on two gates.") if m["type"] == "appointment"]
    assert [m for m in mentions(nlp, "On Sunday Velnor dismissed the general in charge of its forces.")
            if m["type"] == "appointment"]
    assert not [m for m in mentions(nlp, "The committee that funds the Ostra Brigade met in Dunmere.")
                if m["type"] == "support"]
    bare = mentions(nlp, "Residents fled as the offensive continued.")
    assert not [m for m in bare if m["lemma"] == "offensive"]
    with_arg = mentions(nlp, "The offensive on Karsk forced thousands to flee.")
    assert [m for m in with_arg if m["lemma"] == "offensive"]


def test_sunday_and_first_of_december_agree_end_to_end(nlp):
    """Relative and absolute dates are compared after normalisation: in a
    report of Monday 2 December, "late on Sunday" is 1 December."""
    from sitrep.events.reconcile import discrepancies
    from sitrep.events.resolve import Event, Mention, count_sources

    a = one(mentions(nlp, "At least 300 fighters crossed into Syria late on Sunday, two sources said."), "cross")
    b = one(mentions(nlp, "Hundreds of fighters crossed into Syria on 1 December, a monitor said."), "cross")
    c = one(mentions(nlp, "Fighters crossed into Syria late on December 3, officials said."), "cross")

    def ev(*ms):
        built = [Mention(key=f"{i}:0", doc=f"d{i}", story="s", data=m, sentence="…", published=PUB, group=i)
                 for i, m in enumerate(ms)]
        return Event(id="v", story="s", type="movement", mentions=built, summary="…", source_of=count_sources(built))

    agree = {x["field"] for x in discrepancies([ev(a, b)])}
    assert "date" not in agree and "count" not in agree  # same day; hundreds and 300 agree
    clash = {x["field"] for x in discrepancies([ev(a, c)])}
    assert "date" in clash


@pytest.mark.parametrize("text", [
    "It was the first meeting since 2011.",
    "The first meeting this year took place in Karsk.",
    "The envoys met in Dunmere, in the first meeting since 2011.",
    "Talks since March and the meeting since 2011 both failed, the first clash this year followed.",
])
def test_an_event_noun_with_only_a_time_of_its_own_is_decided(nlp, text):
    """A time phrase that hangs off an event noun alone: whether the noun
    reports something depends on the time's governor, which depends on
    whether the noun is an event (this recursed until the stack ran out)."""
    ms = mentions(nlp, text)
    assert all(m["type"] for m in ms)
    assert any(m["lemma"] in ("meeting", "meet", "clash", "talk") for m in ms)
