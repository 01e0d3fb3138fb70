"""Small word tables for entity names: facts about language, not lists of
the names sitrep happens to meet.

- ``TITLES``: words that stand before a person's name and are not part of
  it ("President", "Foreign Minister", "Gen."). A span starting with them is
  a person; the words are stripped from the name.
- ``ARABIC_ORG_WORDS``: transliterated Arabic words that open the name of an
  armed group or party ("Harakat" movement, "Kata'ib" brigades, "Saraya"
  companies/brigades, "Liwa" brigade, "Jaysh" army, "Hizb" party, …), mapped
  to the English generic word's *kind* (or ``None`` when the word only tells
  us the name is an organisation: "Asa'ib", "Ansar").
- ``GENERIC_ORG_WORDS``: English generic nouns that end organisation names
  ("Movement", "Organisation", "Brigades", "Forces", …), mapped to a kind.
  ``DROPPABLE_KINDS`` are the kinds English drops without changing the
  referent ("the Badr Organisation" = "Badr", "the Nujaba movement" =
  "Nujaba"); "Brigades", "Forces", "Army", "Front" usually belong to the
  name ("Hezbollah Brigades" is not "Hezbollah").
- ``FEATURE_NOUNS``: lower-case nouns that complete a place name written
  as "the Zarin dam" (the name is "Zarin dam", a facility: the dam is not
  the town or the river). Nouns after which the bare name means the same
  thing ("Qeshm island" = Qeshm, "the Mediterranean sea") are left out.
- ``TOPONYM_WORDS``: Arabic/Kurdish/Turkish topographic words that open
  place names ("Tal", "Kafr", "Deir", "Ras", "Bir", …) and English feature
  words that end them; names with them are places, not people, so the fuzzy
  spelling rule may compare them. ``PLACE_PREFIXES`` are the ones that never
  open a person's name: a PERSON span starting with one is a place.
- ``COUNTRY_EXONYMS``: a fact list of countries' alternative names
  (Turkey/Türkiye, Burma/Myanmar, US/United States, …), keyed by the
  normalised form, valued by one canonical normalised form.
- ``BRITISH_AMERICAN``: word-level spelling pairs beyond the -ise/-ize rule.
"""

from __future__ import annotations

#: person titles (compared case-sensitively on the first letter, lower-cased here)
TITLES = frozenset(
    """
    president vice prime minister ministers secretary chancellor premier king queen prince princess
    crown emir sultan ayatollah grand mufti pope cardinal archbishop bishop rabbi sir lord lady dame
    general gen gen. lieutenant lt lt. colonel col col. major maj maj. brigadier brig brig. captain capt
    capt. sergeant sgt sgt. commander cmdr admiral adm marshal field corporal cpl private pte
    dr dr. mr mr. mrs mrs. ms ms. miss mme prof prof. professor
    senator sen sen. representative rep rep. governor gov gov. mayor judge justice ambassador envoy
    speaker spokesman spokeswoman spokesperson deputy acting former late chief head leader
    foreign defence defense interior finance information health justice economy oil energy
    actor actress comedian singer rapper author writer novelist director producer coach journalist reporter
    lawyer attorney activist cleric businessman businesswoman tycoon
    """.split()
)
#: title words that may only appear *before* another title word ("Foreign Minister")
TITLE_MODIFIERS = frozenset(
    "vice crown grand deputy acting former late foreign defence defense interior finance information "
    "health economy oil energy field chief prime".split()
)

ARABIC_ORG_WORDS: dict[str, str | None] = {
    "harakat": "movement", "haraka": "movement", "harakah": "movement",
    "hizb": "party", "hezb": "party",
    "tanzim": "organisation", "munazzamat": "organisation", "munazamat": "organisation",
    "jamaat": "group", "jamaah": "group", "jamaa": "group",
    "kataib": "brigades", "katai'b": "brigades", "katibat": "brigades", "katiba": "brigades",
    "kata'ib": "brigades", "saraya": "brigades", "sarayat": "brigades",
    "liwa": "brigades", "liwaa": "brigades", "alwiya": "brigades", "alwiyat": "brigades",
    "jaysh": "army", "jaish": "army", "jeish": "army",
    "jabhat": "front", "jabha": "front",
    "quwat": "forces", "faylaq": "corps", "firqat": "division", "majlis": "council",
    "hay'at": "organisation", "hayat": "organisation", "hayaat": "organisation",
    "asaib": None, "asa'ib": None, "ansar": None, "ahrar": None, "tayyar": None,
}

#: Arabic organisation words that are also common given names: only with an
#: apostrophe ("Hay'at Tahrir al-Sham", not "Hayat Boumeddiene") do they open an ORG span
ARABIC_ORG_WORDS_NEED_APOSTROPHE = frozenset({"hayat", "hayaat"})

#: one-word spans that are never a name on their own ("the State", "Customs")
NOT_A_NAME = frozenset(
    "state government ministry department police parliament court office agency customs cabinet "
    "authority authorities administration army navy military".split()
)

GENERIC_ORG_WORDS: dict[str, str] = {
    "movement": "movement", "movements": "movement",
    "organisation": "organisation", "organization": "organisation",
    "group": "group", "groups": "group",
    "party": "party",
    "brigade": "brigades", "brigades": "brigades",
    "force": "forces", "forces": "forces",
    "army": "army",
    "front": "front",
    "committee": "committees", "committees": "committees",
    "council": "council", "councils": "council",
    "division": "division",
    "battalion": "battalion", "battalions": "battalion",
    "corps": "corps",
    "militia": "militia", "militias": "militia",
    "coalition": "coalition", "alliance": "alliance",
}
DROPPABLE_KINDS = frozenset({"movement", "organisation", "group", "party"})

#: lower-case nouns that, after a group name, still belong to it ("the Guard committees")
ORG_TAIL_NOUNS = frozenset(
    "committees committee council councils brigades brigade battalions battalion movement party "
    "organisation organization front".split()
)
#: lower-case nouns after a name that make it an organisation ("the Badr and Nujabaa groups")
ORG_CUE_NOUNS = frozenset(
    "group groups movement movements militia militias faction factions organisation organization "
    "organisations organizations party parties".split()
)

#: lower-case feature nouns that complete a place name ("the Zarin dam") -> label
FEATURE_NOUNS: dict[str, str] = {
    "dam": "FAC", "bridge": "FAC", "canal": "FAC", "reservoir": "FAC", "airport": "FAC",
    "river": "LOC", "lake": "LOC", "valley": "LOC", "plain": "LOC", "plains": "LOC",
    "mountain": "LOC", "mountains": "LOC",
}

TOPONYM_WORDS = frozenset(
    """
    tal tel tell kafr kfar kafar deir dayr dair ras bir ain ayn jabal jebel jabel wadi khan qasr kasr
    bab jisr marj tall umm abu hisn qalat qalaat nahr bahr ard
    dam river lake valley plain mountain mountains desert sea bay island strait crossing camp airport
    base bridge province governorate district city town village square street road
    """.split()
)

#: words that open place names and never a person's name ("Tal Rifaat", "Kafr Nabl", "Deir ez-Zor")
PLACE_PREFIXES = frozenset(
    "tal tel tell kafr kfar kafar deir dayr dair ras bir ain ayn jabal jebel jabel wadi bab jisr marj qasr kasr "
    "hisn qalat qalaat nahr".split()
)

COUNTRY_EXONYMS: dict[str, str] = {
    # alternative name -> canonical name (both normalised by names_norm.name_key)
    "turkiye": "turkey", "turkei": "turkey", "republic of turkiye": "turkey", "republic of turkey": "turkey",
    "myanmar": "burma",
    "cote d ivoire": "ivory coast", "cote divoire": "ivory coast",
    "czechia": "czech republic",
    "eswatini": "swaziland",
    "north macedonia": "macedonia",
    "timor leste": "east timor",
    "cabo verde": "cape verde",
    "us": "united states", "usa": "united states", "united states of america": "united states",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "uae": "united arab emirates", "emirates": "united arab emirates",
    "ksa": "saudi arabia", "kingdom of saudi arabia": "saudi arabia",
    "drc": "democratic republic of congo", "dr congo": "democratic republic of congo",
    "democratic republic of the congo": "democratic republic of congo",
    "russian federation": "russia", "islamic republic of iran": "iran", "syrian arab republic": "syria",
    "republic of korea": "south korea", "rok": "south korea",
    "dprk": "north korea", "democratic people s republic of korea": "north korea",
    "holy see": "vatican", "vatican city": "vatican",
    "state of palestine": "palestine", "palestinian territories": "palestine",
    "kingdom of jordan": "jordan", "hashemite kingdom of jordan": "jordan",
    "republic of iraq": "iraq", "lebanese republic": "lebanon", "state of israel": "israel",
    "peoples republic of china": "china", "people s republic of china": "china", "prc": "china",
}

BRITISH_AMERICAN: dict[str, str] = {
    "defence": "defense", "offence": "offense", "centre": "center", "centres": "centers",
    "theatre": "theater", "programme": "program", "labour": "labor", "harbour": "harbor",
    "honour": "honor", "colour": "color", "favour": "favor", "neighbour": "neighbor",
    "armour": "armor", "armoured": "armored", "catalogue": "catalog", "licence": "license",
}

#: demonym-like endings (an adjective of nationality is not an organisation)
DEMONYM_ENDINGS = ("i", "an", "ean", "ian", "ese", "ish", "ic", "ite", "is", "ans", "ites")
