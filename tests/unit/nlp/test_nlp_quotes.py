"""Quotes and speakers: hand-made, fictional texts (Teodor Blask, Mara
Velkova, the Riverland front and Pelmora are invented). The rules read the
dependency parse, so the spaCy pipeline is loaded once for the module
(skipped when no model is installed)."""

from __future__ import annotations

import pytest

from sitrep.nlp.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp():
    from sitrep.errors import ConfigError
    from sitrep.nlp.pipeline import load

    try:
        return load()
    except ConfigError as exc:  # pragma: no cover - model not installed
        pytest.skip(str(exc))


def quotes(nlp, text, direct=None):
    qs = find_quotes(nlp(text))
    for q in qs:
        assert text[q.start:q.end] == q.text
        if q.speaker_text is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
    return [q for q in qs if direct is None or q.direct == direct]


def one(nlp, text, direct=True):
    qs = quotes(nlp, text, direct)
    assert len(qs) == 1, [(q.text, q.speaker_text) for q in qs]
    return qs[0]


# --- direct quotes: marks -------------------------------------------------------

def test_straight_double_quotes(nlp):
    q = one(nlp, '"We will hold the bridge until the end," Teodor Blask said.')
    assert (q.text, q.speaker_text, q.verb) == ("We will hold the bridge until the end", "Teodor Blask", "said")


def test_curly_double_quotes_and_told(nlp):
    q = one(nlp, "“Nothing about this offensive is an accident,” Mara Velkova told The Pelmora Courier.")
    assert (q.text, q.speaker_text, q.verb) == (
        "Nothing about this offensive is an accident", "Mara Velkova", "told")


def test_said_before_the_speaker(nlp):
    q = one(nlp, "“The road to Varn is open again,” said Mara Velkova, a local official.")
    assert q.speaker_text == "Mara Velkova" and q.verb == "said"


def test_frame_before_the_quote_with_a_colon(nlp):
    q = one(nlp, "Mara Velkova said: “Nobody will leave the valley tonight.”")
    assert q.text == "Nobody will leave the valley tonight." and q.speaker_text == "Mara Velkova"


def test_single_quotes_as_speech(nlp):
    q = one(nlp, "‘We are not leaving the bridge to anyone,’ Teodor Blask said.")
    assert q.text == "We are not leaving the bridge to anyone" and q.speaker_text == "Teodor Blask"


def test_apostrophes_are_not_quote_marks(nlp):
    text = ("The Shi'ite shrine near Kata'ib is the front’s main base. Fighters’ families said it’s safe, "
            "and the men's convoy left at dawn.")
    assert quotes(nlp, text, direct=True) == []


def test_scare_quotes_are_not_speech(nlp):
    text = ("Riverland militias to ‘reinforce’ Pelmora army\n\n"
            "The army described its retreat as a “tactical pause” and called the rebels ‘othering’ agents. "
            "Officials spoke of \"volunteers\" who came to help.")
    assert quotes(nlp, text, direct=True) == []


def test_quote_spanning_paragraphs(nlp):
    text = ("“We crossed the river before dawn and nobody stopped us on the way.\n\n"
            "“The bridge is ours now and we will not give it back,” Teodor Blask said.")
    q = one(nlp, text)
    assert q.text.startswith("We crossed the river") and q.text.endswith("will not give it back")
    assert q.speaker_text == "Teodor Blask"


def test_unclosed_quote_ends_with_its_paragraph(nlp):
    text = "Teodor Blask said: “We crossed the river before dawn and nobody stopped us.\n\nThe rebels left later."
    q = one(nlp, text)
    assert q.text == "We crossed the river before dawn and nobody stopped us." and q.speaker_text == "Teodor Blask"


def test_quote_split_by_the_attribution(nlp):
    text = ("“We will hold the bridge until the end,” Teodor Blask said. “Nobody will take it from us, "
            "not the army and not the police.”")
    qs = quotes(nlp, text, direct=True)
    assert [q.text[:20] for q in qs] == ["We will hold the bri", "Nobody will take it "]
    assert {q.speaker_text for q in qs} == {"Teodor Blask"}


def test_quote_split_by_he_added(nlp):
    text = ("Teodor Blask spoke to reporters in Pelmora.\n\n“The bridge is ours,” he added, “and we will keep "
            "the road open for the farmers.”")
    qs = quotes(nlp, text, direct=True)
    assert len(qs) == 2 and {q.speaker_text for q in qs} == {"Teodor Blask"}


# --- speakers -------------------------------------------------------------------

def test_he_said_is_the_last_named_speaker(nlp):
    text = ("Teodor Blask, a spokesman for the front, said the capture was the first step.\n\n"
            "“We will hold the bridge until the army leaves Pelmora,” he said.")
    q = one(nlp, text)
    assert q.speaker_text == "Teodor Blask" and q.speaker_start == 0


def test_surname_is_resolved_to_the_fullest_form(nlp):
    text = ("Teodor Blask, a spokesman for the front, said the capture was the first step.\n\n"
            "“We will hold the bridge until the army leaves Pelmora,” Blask told reporters.")
    q = one(nlp, text)
    assert q.speaker_text == "Teodor Blask" and q.verb == "told"


def test_surname_with_al_is_resolved(nlp):
    text = ("Qasim al-Dabbur, a member of the council, said the timing was deliberate.\n\n"
            "“Nothing about this offensive is an accident,” Dabbur told reporters.")
    assert one(nlp, text).speaker_text == "Qasim al-Dabbur"


def test_the_source_is_the_described_source(nlp):
    text = ("A senior army officer said the fighters had crossed in small groups to avoid drones. "
            "\"These are fresh reinforcements for our men on the front,\" the officer said.")
    q = one(nlp, text)
    assert q.speaker_text == "A senior army officer"


def test_definite_description_matches_a_titled_name(nlp):
    text = ("Information Minister Marek Stolan told reporters that volunteers had arrived.\n\n"
            "The minister said the volunteers would guard the shrine near the bridge.")
    qs = quotes(nlp, text, direct=False)
    assert [q.speaker_text for q in qs] == ["Information Minister Marek Stolan"] * 2


def test_speaker_is_cut_before_an_apposition(nlp):
    text = "Mara Velkova, the mayor of Pelmora, said the bridge had been closed to traffic."
    assert one(nlp, text, direct=False).speaker_text == "Mara Velkova"


def test_dateline_is_not_the_speaker(nlp):
    text = "PELMORA, Riverland — The Riverland Front said on Tuesday that its men had taken the bridge."
    q = one(nlp, text, direct=False)
    assert q.speaker_text == "The Riverland Front" and q.text == "its men had taken the bridge"


def test_a_quote_after_a_colon_paragraph(nlp):
    text = ("As the Tessaly Press Agency reported on Monday:\n\n"
            "“At least 120 fighters crossed the bridge shortly before dawn after a long exchange of fire.”")
    q = one(nlp, text)
    assert q.speaker_text == "the Tessaly Press Agency" and q.verb == "reported"


# --- indirect speech ------------------------------------------------------------

def test_said_that(nlp):
    q = one(nlp, "The defence ministry said that the bridge had not fallen.", direct=False)
    assert (q.text, q.speaker_text, q.verb) == ("the bridge had not fallen", "The defence ministry", "said")


def test_said_without_that(nlp):
    q = one(nlp, "A senior army officer said the fighters had crossed the river at night.", direct=False)
    assert q.text == "the fighters had crossed the river at night" and q.speaker_text == "A senior army officer"


def test_reporting_clause_after_the_statement(nlp):
    q = one(nlp, "The fighters crossed the river at night, two army officers said.", direct=False)
    assert q.text == "The fighters crossed the river at night" and q.speaker_text == "two army officers"


def test_adding_that_keeps_the_speaker(nlp):
    qs = quotes(nlp, "Two army officers said the fighters crossed at night, adding that the garrison had "
                     "withdrawn.", direct=False)
    assert [(q.verb, q.speaker_text) for q in qs] == [("said", "Two army officers"), ("adding", "Two army officers")]
    assert qs[1].text == "the garrison had withdrawn"


@pytest.mark.parametrize("text,speaker,content", [
    ("According to the Riverland Monitor, 120 fighters crossed the bridge.", "the Riverland Monitor",
     "120 fighters crossed the bridge"),
    ("The fighters moved in small groups to avoid drones, according to a senior army officer.",
     "a senior army officer", "The fighters moved in small groups to avoid drones"),
])
def test_according_to(nlp, text, speaker, content):
    q = one(nlp, text, direct=False)
    assert (q.speaker_text, q.text, q.verb) == (speaker, content, "according to")


@pytest.mark.parametrize("verb", ["denied", "claimed", "stressed", "warned", "confirmed", "alleged"])
def test_reporting_verbs(nlp, verb):
    q = one(nlp, f"The defence ministry {verb} that the bridge was still in government hands.", direct=False)
    assert q.verb == verb and q.text == "the bridge was still in government hands"


def test_no_statement_no_quote(nlp):
    text = ("The statement did not say how many fighters had crossed. "
            "Deputies asked the minister to explain how the men had crossed.")
    assert quotes(nlp, text) == []


def test_partial_quote_inside_indirect_speech(nlp):
    text = ("A council member said the leaders would send fighters across the border as "
            "“a step to protect the valley before the fire reaches us.”")
    qs = quotes(nlp, text)
    direct = [q for q in qs if q.direct]
    assert len(direct) == 1 and direct[0].speaker_text == "A council member"
    assert any(not q.direct and q.text.startswith("the leaders would send fighters") for q in qs)


def test_direct_quote_is_not_repeated_as_indirect(nlp):
    text = 'Mara Velkova added that "the farmers will need help and the council will provide it."'
    qs = quotes(nlp, text)
    assert len(qs) == 1 and qs[0].direct and qs[0].speaker_text == "Mara Velkova"


def test_stressing_that_takes_the_speaker_of_said(nlp):
    text = ("Teodor Blask said the front was watching the bridge. “We do not have forces in Varn,” he said, "
            "stressing however that “an advance cannot be ruled out.”")
    qs = quotes(nlp, text, direct=True)
    assert [(q.text, q.speaker_text, q.verb) for q in qs] == [
        ("We do not have forces in Varn", "Teodor Blask", "said"),
        ("an advance cannot be ruled out.", "Teodor Blask", "stressing")]


# --- dates ----------------------------------------------------------------------

def test_date_of_the_reporting_clause(nlp):
    q = one(nlp, "Mara Velkova said on Monday that the bridge would reopen.", direct=False)
    assert q.date_text == "on Monday"


def test_date_is_shared_with_a_linked_verb_of_the_same_speaker(nlp):
    text = ("Foreign Minister Mara Velkova said on Monday that the army was able to defend the valley but "
            "added: “Our friends will not leave Pelmora alone, and we will give whatever help is asked.”")
    direct = one(nlp, text)
    assert direct.speaker_text == "Foreign Minister Mara Velkova" and direct.date_text == "on Monday"


def test_no_date_when_none_is_stated(nlp):
    assert one(nlp, "Mara Velkova said the bridge would reopen soon.", direct=False).date_text is None


def test_they_and_it_take_the_last_plural_and_organisation_speakers(nlp):
    text = ("Two army officers said the bridge had fallen before dawn. “We lost it in the night to a much "
            "bigger force,” they said.\n\nThe defence ministry said the garrison had withdrawn in good order. "
            "It said the troops would return within days.")
    qs = quotes(nlp, text)
    assert [(q.direct, q.speaker_text) for q in qs] == [
        (False, "Two army officers"), (True, "Two army officers"),
        (False, "The defence ministry"), (False, "The defence ministry")]
