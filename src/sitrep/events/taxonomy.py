"""The event taxonomy: a small set of types modelled on ACLED's event
types and PLOVER's event ontology, and the words that trigger them.

=================  =========================================================
type               what it covers (ACLED / PLOVER counterpart)
=================  =========================================================
``movement``       troops or fighters move, cross a border, deploy, are sent
                   or arrive (PLOVER MOBILIZE/ move; ACLED non-violent
                   strategic development)
``capture``        taking or holding territory: capture, seize, take
                   control, recapture (ACLED non-state actor overtakes
                   territory; PLOVER SEIZE)
``airstrike``      air or drone strikes, bombing by aircraft (ACLED air/drone
                   strike)
``shelling``       artillery, rockets, missiles from the ground (ACLED
                   shelling/artillery/missile attack)
``clash``          fighting between armed groups: clashes, battles,
                   offensives, assaults, attacks (ACLED armed clash; PLOVER
                   FIGHT/ASSAULT)
``killing``        people killed or wounded (ACLED fatalities; PLOVER
                   ASSAULT with casualties)
``arrest``         arrests, detentions, abductions (PLOVER COERCE)
``withdrawal``     forces withdraw, retreat, pull out (PLOVER RETREAT)
``meeting``        meetings, talks, negotiations (PLOVER CONSULT)
``statement``      a named actor states, announces or calls for something
                   (PLOVER ACCUSE/APPEAL/ASSERT grouped)
``threat``         warnings and threats (PLOVER THREATEN)
``denial``         a denial that is not about an event found in the text
                   (PLOVER REJECT); denials of a found event are that event
                   with status ``denied``
``appointment``    appointing, dismissing, replacing officials
``support``        aid, support, backing or pledges of it (PLOVER AID)
``other``          an event verb outside these types (``launch``, ``begin``
                   a campaign) rather than a forced type
=================  =========================================================

A trigger is the head word of the event: a verb (``crossed``), a noun
(``airstrike``, ``offensive``) or a light verb with its object (``took
control``). Types group into *families* for cross-document resolution:
mentions of different families are never the same event.

Status (the ``status`` of a mention):

``asserted``     reported as having happened
``denied``       reported as not having happened (negated by its source,
                 or denied by a later sentence)
``alleged``      attributed with a distancing verb (claim, allege, accuse)
``planned``      future, intended or considered (will, plan to, weigh,
                 consider, prepare to, expected to)
``unconfirmed``  hedged by the writer (reportedly, unconfirmed reports,
                 circulating reports)
"""

from __future__ import annotations

TYPES = ("movement", "capture", "airstrike", "shelling", "clash", "killing", "arrest", "withdrawal", "meeting",
         "statement", "threat", "denial", "appointment", "support", "other")

#: verb lemmas → type
VERBS: dict[str, str] = {}
for _type, _words in {
    "movement": "cross enter deploy redeploy send dispatch move arrive infiltrate mobilize mobilise reinforce "
                "transfer march",
    "capture": "capture seize recapture retake overrun storm occupy conquer liberate",
    "airstrike": "bomb airstrike",
    "shelling": "shell",
    "clash": "clash fight attack assault battle raid ambush advance push",
    "killing": "kill wound injure massacre execute slay murder die",
    "arrest": "arrest detain abduct kidnap",
    "withdrawal": "withdraw retreat evacuate",
    "meeting": "meet negotiate discuss",
    "threat": "threaten warn",
    "denial": "deny reject refute",
    "appointment": "appoint sack fire replace oust",
    "support": "support help aid assist supply arm fund pledge",
    "other": "launch begin start announce declare",
}.items():
    for _w in _words.split():
        VERBS[_w] = _type

#: verbs whose type depends on their object ("took control", "hit a camp")
LIGHT_VERBS: dict[str, dict[str, str]] = {
    "take": {"control": "capture", "over": "capture", "town": "capture", "city": "capture", "village": "capture",
             "area": "capture", "position": "capture", "part": "other"},
    "establish": {"control": "capture"},
    "gain": {"control": "capture", "ground": "capture"},
    "hit": {"": "airstrike"},
    "strike": {"": "airstrike"},
    "pull": {"out": "withdrawal", "back": "withdrawal"},
    "hold": {"talks": "meeting", "meeting": "meeting"},
    "dismiss": {"report": "denial", "claim": "denial", "allegation": "denial", "": "appointment"},
}

#: event nouns → type
NOUNS: dict[str, str] = {}
for _type, _words in {
    "movement": "crossing incursion deployment infiltration",
    "capture": "capture seizure takeover",
    "airstrike": "airstrike strike bombing bombardment raid",
    "shelling": "shelling barrage",
    "clash": "clash fighting offensive assault attack battle counteroffensive counter-offensive",
    "killing": "killing massacre",
    "arrest": "arrest detention",
    "withdrawal": "withdrawal retreat pullout",
    "meeting": "meeting talks negotiation summit",
    "other": "ceasefire truce operation",
}.items():
    for _w in _words.split():
        NOUNS[_w] = _type

#: reporting verbs: they frame attribution; a *named* subject makes them a
#: ``statement`` event of their own
REPORTING = frozenset("""
say tell add state announce report claim allege accuse confirm deny stress note insist warn
write cite suggest explain affirm reaffirm declare assert acknowledge indicate
""".split())
#: verbs of distancing → status alleged
ALLEGING = frozenset("claim allege accuse purport".split())
#: verbs that plan or consider → status planned for the events they govern
PLANNING = frozenset("""
plan consider weigh intend prepare threaten vow pledge promise expect aim seek hope decide agree
propose mull contemplate want
""".split())
#: nouns that plan ("a potential involvement", "plans to")
PLANNING_NOUNS = frozenset("plan plans proposal possibility option intention involvement participation".split())
#: adverbs and phrases of writer's hedging → status unconfirmed
HEDGES = frozenset("reportedly allegedly purportedly apparently supposedly".split())
HEDGE_PHRASES = ("circulating reports", "unconfirmed reports", "it is believed", "rumours", "rumors",
                 "were said to", "was said to", "is said to", "are said to")
#: modals: future and possibility
FUTURE_MODALS = frozenset("will would shall may might could can".split())

#: words that make an attack an air strike ("warplanes hit", "drone strike")
AIR_WORDS = frozenset("""
warplane jet aircraft drone plane helicopter air airstrike airforce bomber
""".split())
#: words that make an attack shelling ("artillery", "rocket fire")
GROUND_FIRE_WORDS = frozenset("artillery rocket mortar missile shell".split())

FAMILIES = {
    "movement": "movement", "withdrawal": "movement",
    "capture": "territory", "clash": "violence", "airstrike": "violence", "shelling": "violence",
    "killing": "violence", "arrest": "coercion", "meeting": "meeting", "statement": "statement",
    "threat": "statement", "denial": "statement", "appointment": "appointment", "support": "support",
    "other": "other",
}


def family(event_type: str) -> str:
    return FAMILIES.get(event_type, "other")


def type_of(lemma: str, pos: str, object_lemmas: frozenset[str] = frozenset()) -> str | None:
    """The event type a word triggers (``None`` when it triggers none)."""
    lemma = lemma.lower()
    if pos == "VERB":
        light = LIGHT_VERBS.get(lemma)
        if light:
            for obj, t in light.items():
                if obj and obj in object_lemmas:
                    return t
            return light.get("")
        return VERBS.get(lemma)
    if pos in ("NOUN", "PROPN"):
        return NOUNS.get(lemma)
    return None
