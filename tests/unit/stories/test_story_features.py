"""Word and name features for story clustering."""

from __future__ import annotations

import numpy as np

from sitrep.stories.features import lead, name_features, name_terms, text_terms, tfidf, words


def test_words_drop_stop_words_and_plural_s():
    assert words("The earthquakes hit two villages, and the Army's trucks said") == [
        "earthquake",
        "hit",
        "two",
        "village",
        "army",
        "truck",
    ]
    assert words("bus status crisis") == ["bus", "status", "crisis"]  # -ss/-us/-is kept


def test_text_terms_count_title_and_lead_again():
    terms = text_terms("Dam breaks", "Dam breaks near Orvik. " + "filler " * 80 + "late words", title_weight=2, lead_words=5)
    assert terms.count("dam") == 4  # title twice, lead once, body once
    assert terms.count("dam_break") == 4
    assert terms.count("late") == 1  # outside the lead
    assert lead("one two three four", 2) == "one two"


def test_names_numbers_and_dates():
    feats = name_features("Word comes that Tara Reid, 33, entered Promises on June 13. The clinic in Malibu said 1,500 fans wrote.")
    assert "n:tara reid" in feats and "w:tara" in feats and "w:reid" in feats
    assert "w:promises" in feats and "w:malibu" in feats
    assert "#:33" in feats and "#:1500" in feats
    assert "d:6-13" in feats
    assert "w:word" not in feats and "w:the" not in feats  # sentence openers are not names
    assert not any(f.startswith("w:june") for f in feats)  # months are dates, not names


def test_name_runs_keep_connectors_and_day_first_dates():
    feats = name_features("Fighters of Harakat al-Sayf met the Bank of Halda on 3 November 2025.")
    assert "n:harakat al-sayf" in feats
    assert "n:bank of halda" in feats and "w:of" not in feats
    assert "d:11-3" in feats and "#:2025" in feats


def test_entities_replace_the_proxy_but_not_numbers():
    text = "Commander Idris Maalouf said 250 fighters reached Amelin."
    feats = name_terms("Title", text, entities=["Varga Brigade"], lead_words=60)
    assert "n:varga brigade" in feats and "w:varga" in feats
    assert not any("maalouf" in f or "amelin" in f for f in feats)
    assert "#:250" in feats
    # an entity mentioned in the lead counts twice, like proxy names
    assert name_terms(None, "The Varga Brigade moved.", ["Varga Brigade"], 60).count("n:varga brigade") == 2


def test_tfidf_rows_are_normalised_and_singletons_dropped():
    m = tfidf([["a", "b", "only1"], ["a", "b", "b"], ["c"], []])
    assert m.shape == (4, 2)  # "a", "b"; "c" and "only1" occur once
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    assert np.allclose(norms, [1.0, 1.0, 0.0, 0.0])
    dense = m.toarray()
    assert dense[1, 1] > dense[1, 0]  # b twice: (1 + ln 2) · idf
    assert np.isclose(dense[1, 1] / dense[1, 0], 1 + np.log(2))
    assert tfidf([["x", "y"], ["y", "x"]], min_df=1).shape == (2, 2)
