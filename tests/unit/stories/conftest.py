"""Hand-written reports about invented events in invented places, for story clustering.

Stories (each report is a different outlet's own wording):

* ``cross``: fighters of the Varga Brigade and the Kesh Front cross from
  Tarvos into Osterland to guard the shrine at Amelin (4 reports, 3-5 May 2025).
* ``border``: a neighbouring development a few days later: Tarvos closes the
  Kelm crossing and sends troops to its frontier; the reports mention the
  fighters in one sentence (3 reports, 7-9 May 2025).
* ``old``: the same kind of crossing, by the same brigade to the same shrine,
  in 2017 (1 report); only its date sets it apart.
* ``quake_a`` / ``quake_b``: two different earthquakes in the same week,
  in different provinces (2 reports each).
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.stories import StoryDoc

CROSS = [
    (
        "c1",
        "Tarvosi fighters cross into Osterland to guard Amelin shrine",
        date(2025, 5, 3),
        "HALVIK - At least 250 fighters from the Varga Brigade and the Kesh Front crossed from Tarvos into "
        "Osterland late on Friday, two Tarvosi security officials said. The men drove in a convoy of pickup "
        "trucks along a desert track north of the Kelm crossing and were heading to the shrine of Saint Orla at "
        "Amelin, the officials said. Varga Brigade commander Idris Maalouf said his men would protect the shrine "
        "from the advancing Northern Union rebels. Osterland's army has lost three towns to the rebels this week.",
    ),
    (
        "c2",
        "Varga Brigade convoy enters Osterland as rebels near Amelin",
        date(2025, 5, 3),
        "A convoy carrying about 250 Varga Brigade and Kesh Front fighters entered Osterland overnight, "
        "according to a monitoring group and residents near the frontier. The fighters crossed from Tarvos on a "
        "track that avoids the Kelm border post and headed for Amelin, where the shrine of Saint Orla stands. "
        "Commander Idris Maalouf told supporters in Halvik that the Varga Brigade would defend Amelin from the "
        "Northern Union. Osterland's defence ministry welcomed what it called volunteers.",
    ),
    (
        "c3",
        "Kesh Front fighters reach Amelin, monitors say",
        date(2025, 5, 4),
        "Fighters of the Kesh Front and the Varga Brigade who crossed from Tarvos on Friday night have reached "
        "Amelin, the Osterland Conflict Monitor said on Saturday. The monitor put their number at nearly 200, "
        "lower than the 250 reported by Tarvosi officials. Idris Maalouf, the Varga Brigade commander, said the "
        "fighters were guarding the shrine of Saint Orla. Northern Union rebels were 20 kilometres north of Amelin.",
    ),
    (
        "c4",
        "Tarvos denies its militias crossed into Osterland",
        date(2025, 5, 5),
        "Tarvos's interior ministry on Sunday denied that fighters of the Varga Brigade or the Kesh Front had "
        "crossed into Osterland, calling the reports of a convoy heading to Amelin rumours. Varga Brigade "
        "commander Idris Maalouf had said on Saturday that his men were in Amelin to defend the shrine of Saint "
        "Orla against the Northern Union. Monitors say nearly 200 fighters made the crossing from Tarvos.",
    ),
]

BORDER = [
    (
        "b1",
        "Tarvos shuts Kelm crossing and sends armoured brigade to frontier",
        date(2025, 5, 7),
        "HALVIK - Tarvos closed the Kelm crossing to all traffic on Wednesday and ordered its 4th Armoured "
        "Brigade to the frontier with Osterland, Prime Minister Selim Dara said in a televised address. The "
        "crossing is the busiest trade link between the two countries and handles about 700 lorries a day. Dara "
        "said the army would stop smugglers and refugees from crossing outside official points. Asked about "
        "reports that Tarvosi fighters had crossed into Osterland, Dara said the army's job was on Tarvos's side "
        "of the line.",
    ),
    (
        "b2",
        "Lorries stranded as Kelm crossing stays shut",
        date(2025, 5, 8),
        "More than 500 lorries were stranded on the highway outside Kelm on Thursday, a day after Tarvos closed "
        "the crossing and sent the 4th Armoured Brigade to the frontier. Drivers said the queue stretched for ten "
        "kilometres. The Halvik Chamber of Commerce said exporters of cement and flour were losing money every "
        "day. Prime Minister Selim Dara's office said the closure would last until further notice.",
    ),
    (
        "b3",
        "Tarvos to dig trench along Osterland frontier",
        date(2025, 5, 9),
        "Tarvos will dig a trench and build watchtowers along its frontier with Osterland, Defence Minister Rami "
        "Tavil said on Friday while visiting troops of the 4th Armoured Brigade near Kelm. The barrier will run "
        "for 120 kilometres. Tavil said the Kelm crossing, closed since Wednesday, would stay shut. He declined to "
        "comment on reports that militia fighters had crossed into Osterland last week.",
    ),
]

OLD = (
    "o1",
    "Varga Brigade fighters head for Amelin shrine as rebels advance",
    date(2017, 3, 14),
    "HALVIK - Several hundred fighters of the Varga Brigade crossed from Tarvos into Osterland on Monday to "
    "guard the shrine of Saint Orla at Amelin, commander Idris Maalouf said. The convoy left Halvik at dawn and "
    "used a track north of the Kelm crossing. Rebels of the Northern Union were within a day's drive of Amelin, "
    "Osterland's army said. The Kesh Front said it would send fighters later in the week.",
)

QUAKE_A = [
    (
        "qa1",
        "Earthquake kills 40 in Lenvar province",
        date(2025, 2, 10),
        "A magnitude 6.1 earthquake struck Lenvar province before dawn on Monday, killing at least 40 people and "
        "collapsing dozens of homes in the town of Draskov, the regional governor Petra Vossen said. Rescue teams "
        "were searching the rubble of a school in Draskov. The quake's epicentre was 12 kilometres north of the "
        "town, the Lenvar seismology office said.",
    ),
    (
        "qa2",
        "Draskov digs for survivors after deadly quake",
        date(2025, 2, 11),
        "Rescuers in Draskov pulled two children alive from a collapsed school on Tuesday, a day after the "
        "magnitude 6.1 earthquake that killed at least 40 people in Lenvar province. Governor Petra Vossen said "
        "1,200 people had spent the night in tents. Aftershocks shook Draskov through the night.",
    ),
]

QUAKE_B = [
    (
        "qb1",
        "Quake damages old town of Merrow in Sorel valley",
        date(2025, 2, 13),
        "A magnitude 5.2 earthquake hit the Sorel valley on Thursday afternoon, damaging the medieval bell tower "
        "of Merrow and injuring 15 people, mayor Anton Kirsch said. Three people died when a barn collapsed in "
        "the village of Ulm Kiro. The Sorel valley last had a quake of this size in 1987.",
    ),
    (
        "qb2",
        "Merrow counts cost of earthquake",
        date(2025, 2, 14),
        "Engineers in Merrow said on Friday that the bell tower damaged in Thursday's magnitude 5.2 earthquake "
        "would have to be propped up before the winter storms. Mayor Anton Kirsch said three people had died in "
        "Ulm Kiro and that 15 were treated in hospital. The Sorel valley has not been hit so hard since 1987.",
    ),
]


def make(rows, dated: bool = True) -> list[StoryDoc]:
    return [StoryDoc(id=i, title=t, body=b, published=d if dated else None) for i, t, d, b in rows]


@pytest.fixture
def cross_docs() -> list[StoryDoc]:
    return make(CROSS)


@pytest.fixture
def corpus() -> list[StoryDoc]:
    """All of the above: five stories."""
    return make(CROSS + BORDER + [OLD] + QUAKE_A + QUAKE_B)


@pytest.fixture
def gold() -> dict[str, str]:
    g = {i: "cross" for i, *_ in CROSS}
    g.update({i: "border" for i, *_ in BORDER})
    g[OLD[0]] = "old"
    g.update({i: "quake_a" for i, *_ in QUAKE_A})
    g.update({i: "quake_b" for i, *_ in QUAKE_B})
    return g
