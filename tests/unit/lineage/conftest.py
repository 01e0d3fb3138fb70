"""Hand-made, fictional report texts for the lineage tests.

One agency story (the Tessaly Press Agency on rebels taking the Sable
Bridge) and texts derived from it by hand: a lightly edited copy, a copy with
its paragraphs reordered, an analysis quoting one paragraph, a rewrite, and
an independent report on the same event that shares its vocabulary (names,
places, numbers) but not its text. Everything is invented.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from sitrep.lineage import LineageDoc

AGENCY = [
    "PELMORA, March 4 (TPA) - Fighters of the Riverland Liberation Front seized the Sable Bridge over the Ister river "
    "early on Tuesday, cutting the main supply road between Pelmora and the port city of Varn, two army officers and "
    "a local official said.",
    "At least 120 rebel fighters, travelling in pickup trucks and armoured lorries, crossed the bridge shortly before "
    "dawn after a two-hour exchange of fire with a small garrison of border police, the officers said.",
    "A spokesman for the front, Teodor Blask, said in a statement that the capture was \"the first step towards "
    "freeing the river valley\" and urged soldiers in Pelmora to lay down their weapons.",
    "The defence ministry in the capital, Ostrel, denied that the bridge had fallen and said its troops were still "
    "holding the eastern bank, but gave no details.",
    "Residents of the riverside village of Kaltz said they had seen a column of smoke above the bridge and heard "
    "artillery for most of the morning. Several families left for Pelmora on foot.",
    "The Riverland Liberation Front took up arms in 2019 after the collapse of talks on autonomy for the valley, and "
    "it has held much of the northern bank since a ceasefire broke down last autumn.",
    "The Sable Bridge is the only crossing able to carry heavy vehicles along a 90-kilometre stretch of the Ister, and "
    "aid groups warned that its loss would delay food deliveries to about 40,000 displaced people in camps south of "
    "Varn.",
    "The United Nations office in Ostrel said it was \"deeply concerned\" by the fighting and called on both sides to "
    "protect civilians and keep the road open for humanitarian convoys.",
    "Market traders in Varn said the price of flour had already risen by a third since Sunday, when the first reports "
    "of a rebel push towards the river reached the port.",
    "Army officers said reinforcements from the 4th Mountain Brigade were on their way from Ostrel and expected to "
    "reach the eastern bank by Wednesday evening.",
]

# Light edits: no credit, "Over 120", "RLF fighters", US spelling, a dropped
# paragraph (the UN one), a crosshead, a reworded lead clause.
LIGHT_EDIT = [
    "PELMORA: RLF fighters seized the Sable Bridge over the Ister river early on Tuesday, cutting the main supply "
    "road between Pelmora and the port of Varn, two army officers and a local official said.",
    "Over 120 rebel fighters, travelling in pickup trucks and armored lorries, crossed the bridge shortly before dawn "
    "after a two-hour exchange of fire with a small garrison of border police, the officers said.",
    "A spokesman for the RLF, Teodor Blask, said in a statement that the capture was \u201cthe first step towards "
    "freeing the river valley\u201d and urged soldiers in Pelmora to lay down their weapons.",
    "The defense ministry in Ostrel denied that the bridge had fallen and said its troops were still holding the "
    "eastern bank, but gave no details.",
    "Smoke over Kaltz",
    "Residents of the riverside village of Kaltz said they had seen a column of smoke above the bridge and heard "
    "artillery for most of the morning. Several families left for Pelmora on foot.",
    "The RLF took up arms in 2019 after the collapse of talks on autonomy for the valley, and it has held much of the "
    "northern bank since a ceasefire broke down last autumn.",
    "The Sable Bridge is the only crossing able to carry heavy vehicles along a 90-kilometre stretch of the Ister, and "
    "aid groups warned that its loss would delay food deliveries to about 40,000 displaced people in camps south of "
    "Varn.",
    "Market traders in Varn said the price of flour had already risen by a third since Sunday, when the first reports "
    "of a rebel push towards the river reached the port.",
    "Army officers said reinforcements from the 4th Mountain Brigade were on their way from Ostrel and expected to "
    "reach the eastern bank by Wednesday evening.",
]

REORDERED = [AGENCY[i] for i in (0, 1, 5, 6, 2, 3, 9, 4, 7, 8)]

# An analysis that quotes one agency paragraph verbatim inside its own text.
EXCERPT = [
    "Every spring the war in the Ister valley returns to the same few crossings, and this year the Sable Bridge was "
    "the first to change hands.",
    "The Tessaly Press Agency's account of the assault was brief:",
    "\u201c" + AGENCY[1] + "\u201d",
    "What matters more than the number of fighters is the timing. The front has waited for the river to fall after "
    "the winter floods, when the fords upstream become passable and the garrison on the bridge can be outflanked.",
    "Commanders in Ostrel know this calendar as well as the rebels do. Yet the army has thinned its posts along the "
    "water every year since the truce, moving its best units south to guard the oil terminal at Varn.",
    "For the families in the camps the consequences are immediate. Lorries that used to reach them in a day now face "
    "a detour of three days over mountain roads, and the charities that run the kitchens say their stocks will last "
    "a fortnight.",
    "A political settlement looks further away than at any time since 2019. Neither side has named a negotiator, and "
    "the mediators who brokered the last ceasefire have left the region.",
]

# A rewrite: the same facts in the same order, reworded, keeping some phrases.
REWRITE = [
    "Rebel fighters from the Riverland Liberation Front have captured the strategic Sable Bridge over the Ister river, "
    "severing the main supply route between Pelmora and the port of Varn, according to army officers and a local "
    "official.",
    "At least 120 fighters crossed the bridge in pickup trucks and armoured lorries before dawn on Tuesday following a "
    "two-hour firefight with the border police guarding it, the officers said.",
    "Front spokesman Teodor Blask described the capture as a first step to free the valley and called on government "
    "soldiers in Pelmora to surrender.",
    "The defence ministry in Ostrel denied the bridge had fallen, insisting that its troops still held the eastern "
    "bank.",
    "The rebels, who took up arms in 2019 when autonomy talks for the valley collapsed, have controlled much of the "
    "northern bank since last autumn's ceasefire broke down.",
    "Aid groups warned that losing the only crossing for heavy vehicles on a 90-kilometre stretch of the river would "
    "hold up food supplies for some 40,000 displaced people living in camps near Varn.",
    "Reinforcements from the 4th Mountain Brigade were heading from Ostrel to the eastern bank, the army said.",
]

# Independent reporting on the same event: same names, places and numbers.
SAME_TOPIC = [
    "OSTREL - The government on Tuesday sent troops of the 4th Mountain Brigade towards Pelmora after rebels of the "
    "Riverland Liberation Front claimed to have taken the Sable Bridge, a vital link across the Ister.",
    "Interior Minister Anka Revic told parliament that police units at the bridge had withdrawn in good order and "
    "that the crossing would be back under state control within days.",
    "Opposition deputies accused the cabinet of ignoring repeated warnings from commanders in the valley, who asked "
    "for more men and armoured vehicles after last autumn's ceasefire collapsed.",
    "In Varn, the port authority said ships were still unloading grain but that lorries could no longer use the "
    "river road, forcing drivers onto a mountain route that adds two days to every trip.",
    "Teodor Blask, who speaks for the rebels, posted a video filmed on what he said was the western end of the "
    "bridge, showing a few dozen armed men and a burning police checkpoint.",
    "Relief workers in the camps south of Varn, home to tens of thousands of people displaced by earlier fighting, "
    "said they had enough flour for two weeks.",
    "Diplomats in Ostrel said the United Nations envoy would travel to the region next week to press both sides to "
    "reopen the road.",
]


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


@pytest.fixture
def docs() -> dict[str, LineageDoc]:
    """The texts above as LineageDocs with plausible outlets and dates."""
    return {
        "agency": LineageDoc("d-agency", body(AGENCY), date(2026, 3, 4), outlet="Tessaly Press Agency"),
        "light": LineageDoc("d-light", body(LIGHT_EDIT), date(2026, 3, 5), outlet="Valley Courier"),
        "reordered": LineageDoc("d-reordered", body(REORDERED), date(2026, 3, 5), outlet="Ister Post"),
        "excerpt": LineageDoc("d-excerpt", body(EXCERPT), date(2026, 3, 7), outlet="The Northern Review"),
        "rewrite": LineageDoc("d-rewrite", body(REWRITE), date(2026, 3, 5), outlet="Pelmora Daily"),
        "same_topic": LineageDoc("d-same-topic", body(SAME_TOPIC), date(2026, 3, 4), outlet="Ostrel Times"),
    }


@pytest.fixture
def t() -> SimpleNamespace:
    """The paragraph lists above and ``body`` (test modules cannot import conftest)."""
    return SimpleNamespace(AGENCY=AGENCY, LIGHT_EDIT=LIGHT_EDIT, REORDERED=REORDERED, EXCERPT=EXCERPT,
                           REWRITE=REWRITE, SAME_TOPIC=SAME_TOPIC, body=body)
