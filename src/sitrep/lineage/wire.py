"""Agency (wire) credits: detection in one document, propagation through
lineage links.

Detection (:func:`detect_wire`) looks for three kinds of evidence:

``dateline`` (strong)
    A parenthesised credit between a dateline and its dash at the start of one
    of the first five paragraphs: "BEIRUT, Dec 2 (Reuters) -", "HALDA (MPA)
    -", "(AFP) -". A known name or any "... News/Press Agency" name is
    accepted there, and so is an unknown 2-6 letter acronym after an
    upper-case dateline or none, so agencies the lists do not know (the
    sample corpus's fictional "MPA") are found by the pattern while
    "National Guard Committees (NGC) - ..." is not; parentheses holding photo
    words ("AFP Photo", "File") are refused.
``credit_line`` (strong)
    A line crediting the whole text: "Wire copy supplied by the Meridian Press
    Agency", "This story was provided by AFP", "With AFP", "Additional
    reporting by Reuters", "Source: Reuters", "© 2024 Reuters". Searched in
    the body and in ``LineageDoc.removed`` (cleaning drops such lines).
``attribution`` (weak)
    A known or ``... Press/News Agency`` name cited as a source: "told
    Reuters", "Reuters reported", "Anadolu Agency said", "according to AFP",
    "an AFP correspondent". One such mention is a citation inside the
    document's own reporting (seed 002 cites "Anadolu Agency said" once in a
    Reuters story; sample 10 "As the Meridian Press Agency reported" in
    original analysis) and is returned with ``strong=False``; two or more
    mentions of the same agency make it strong (agency copy says "told
    Reuters", "a Reuters witness", "Reuters reported" throughout).

Photo credits are never wire credits: "— AFP" or ".—AFP" ending a caption,
"(AFP Photo)", "Photo: AFP", "AFP/Getty", "AFP via Getty Images" match none of
the patterns above (a bare agency name without a reporting verb, dateline or
credit-line frame is ignored).

Names are canonical: known variants map to one name ("Agence
France-Presse" -> "AFP", "Associated Press" -> "AP", "Anadolu Agency" ->
"Anadolu"); an unknown acronym is expanded when the document (its text,
removed lines or outlet) names an agency with those initials ("MPA" ->
"Meridian Press Agency").

Propagation (:func:`propagate_wire`): see its docstring.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..clean.metadata import WIRE_AGENCIES
from .objects import LineageDoc, Link, WireCredit

#: Variants -> canonical name, beyond ``sitrep.clean.metadata.WIRE_AGENCIES``
#: (which are added as their own canonical names when not listed here).
AGENCY_ALIASES: dict[str, str] = {
    "Reuters": "Reuters", "Thomson Reuters": "Reuters",
    "AFP": "AFP", "Agence France-Presse": "AFP", "Agence France Presse": "AFP",
    "AP": "AP", "Associated Press": "AP", "The Associated Press": "AP",
    "Anadolu": "Anadolu", "Anadolu Agency": "Anadolu", "Anadolu Ajansi": "Anadolu",
    "Xinhua": "Xinhua", "Xinhua News Agency": "Xinhua",
    "dpa": "dpa", "Deutsche Presse-Agentur": "dpa",
    "EFE": "EFE", "Agencia EFE": "EFE",
    "PTI": "PTI", "Press Trust of India": "PTI",
    "Kyodo": "Kyodo", "Kyodo News": "Kyodo",
    "Yonhap": "Yonhap", "Yonhap News Agency": "Yonhap",
    "UPI": "UPI", "United Press International": "UPI",
    "AAP": "AAP", "Australian Associated Press": "AAP",
    "PA Media": "PA Media", "Press Association": "PA Media",
    "Canadian Press": "The Canadian Press", "The Canadian Press": "The Canadian Press",
    "ANI": "ANI", "Asian News International": "ANI",
    "RIA Novosti": "RIA Novosti", "Jiji Press": "Jiji", "Antara": "Antara", "KCNA": "KCNA",
    "NNA": "NNA", "National News Agency": "NNA", "Ukrinform": "Ukrinform", "UNIAN": "UNIAN",
    "ISNA": "ISNA", "Mehr": "Mehr", "Petra": "Petra", "Emirates News Agency": "WAM",
    "Saudi Press Agency": "SPA", "Qatar News Agency": "QNA", "Kuwait News Agency": "KUNA",
    "Syrian Arab News Agency": "SANA", "Islamic Republic News Agency": "IRNA",
}
for _name in WIRE_AGENCIES:
    AGENCY_ALIASES.setdefault(_name, _name)
_ALIAS_KEYS = {k.casefold(): v for k, v in AGENCY_ALIASES.items()}

_KNOWN = "|".join(sorted({re.escape(n) for k in AGENCY_ALIASES for n in (k, k.upper())}, key=len, reverse=True))
_GENERIC = r"(?:[A-Z][\w'’-]+\s+){1,4}(?:News|Press)\s+Agency|[A-Z][\w'’-]+\s+(?:news|press)\s+agency"
_NAME = rf"(?:the\s+)?(?P<agency>(?:{_GENERIC})|\b(?:{_KNOWN})\b)"
_NAME_OR_ACRONYM = rf"(?:the\s+)?(?P<agency>(?:{_GENERIC})|\b(?:{_KNOWN})\b|\b[A-Z]{{2,6}}\b)"

_DATELINE = re.compile(
    r"^\s*(?:(?P<city>[A-Z][\w'’./\-]*(?:[ \-][A-Za-z][\w'’./\-]*){0,3})(?:\s*,\s*[^()\n]{1,30}?)?\s+)?"
    r"\((?P<agency>[A-Za-z][^()\n]{1,39})\)\s*[-–—:]+\s"
)
_PHOTO = re.compile(r"\b(?:photo|photos|photograph|image|images|pic|picture|file|video|getty|credit|handout)\b", re.I)
_CREDIT_LINES = [
    re.compile(rf"\b(?:copy|story|article|report|content|text)\s+(?:was\s+|is\s+)?(?:supplied|provided|distributed|"
               rf"syndicated|sourced)\s+(?:by|from|via)\s+{_NAME_OR_ACRONYM}"),
    re.compile(rf"^\s*(?:[-–—]\s*)?(?:with|additional reporting (?:by|from))\s+{_NAME}\s*\.?\s*$", re.I),
    re.compile(rf"^\s*sources?\s*:\s*{_NAME}\s*\.?\s*$", re.I),
    re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?{_NAME}", re.I),
]
_ATTRIBUTIONS = [
    re.compile(rf"\b(?:told|speaking to|speaking with|talking to|according to|cited by|quoted by|interview with)\s+{_NAME}"),
    re.compile(rf"{_NAME}\s+(?:news agency\s+)?(?:reported|reports|said|says|quoted|cited|learned|has learned|"
               rf"understands|reporter|reporters|correspondent|correspondents|witness|witnesses|journalist|tally|report)\b"),
    re.compile(rf"\b(?:an?|the)\s+{_NAME}\s+(?:report|reporter|correspondent|witness|journalist|tally|count)\b"),
]
#: Agency names that are also words or given names ("Petra said", "Fars province"):
#: an attribution to them counts only with "agency" within 40 characters.
_AMBIGUOUS = frozenset({"Petra", "Mehr", "Fars", "Trend", "SPA", "WAM", "MENA", "APA", "Antara", "Bernama",
                        "PETRA", "MEHR", "FARS", "TREND", "Tasnim", "TASNIM"})
_CREDIT_HINTS = ("supplied", "provided", "distributed", "syndicated", "sourced", "reporting", "©", "(c)",
                 "copyright", "\nwith ", "\n- with ", "\n— with ", "\nsource")
_FIRST_WORDS = frozenset(w for k in AGENCY_ALIASES for n in (k.removeprefix("The "), k.upper().removeprefix("THE "))
                         for w in n.split()[:1])
_EXPANSION = re.compile(rf"(?P<long>{_GENERIC}|(?:[A-Z][\w'’-]+\s+){{1,5}}[A-Z][\w'’-]+)\s*\((?P<short>[A-Z]{{2,6}})\)")


def _agency_like(inner: str, city: str | None) -> bool:
    """Whether the parenthesised text after a dateline names an agency.

    Photo words are refused. A known or "... News/Press Agency" name is always
    accepted; an unknown name only as a 2-6 letter acronym after an upper-case
    dateline ("HALDA (MPA) -") or with no dateline ("(MPA) -"), so that
    "National Guard Committees (NGC) - ..." is not read as a credit."""
    inner = inner.strip()
    if _PHOTO.search(inner) or len(inner.split()) > 5:
        return False
    if inner.removeprefix("the ").casefold() in _ALIAS_KEYS or re.fullmatch(_GENERIC, inner):
        return True
    return bool(re.fullmatch(r"[A-Z]{2,6}", inner)) and (city is None or city.upper() == city)


def is_known_agency(name: str) -> bool:
    """Whether ``name`` is a listed agency name or variant."""
    return name.casefold() in _ALIAS_KEYS


def initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.casefold() not in {"the", "of", "and", "for", "de"}]
    return "".join(w[0] for w in words).upper()


def canonical_agency(name: str, context: Iterable[str] = ()) -> str:
    """Canonical form of an agency name (see module docstring).

    ``context``: longer names (agency phrases, the outlet) an unknown acronym
    may stand for."""
    name = re.sub(r"\s+", " ", name.strip().strip(".,;:")).removeprefix("the ").removeprefix("The ")
    known = _ALIAS_KEYS.get(name.casefold())
    if known:
        return known
    if _unknown_acronym(name):
        for longer in context:
            if longer and initials(longer) == name and len(longer.split()) >= 2:
                return canonical_agency(longer)
    return name


def _paragraphs(body: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", body) if m.group().strip()]


def detect_wire(doc: LineageDoc) -> WireCredit | None:
    """The strongest explicit agency credit in ``doc``, or None (see module docstring)."""
    paras = _paragraphs(doc.body)
    texts = [doc.body, *doc.removed]
    context = _Context(doc.outlet, texts)
    for off, para in paras[:5]:
        m = _DATELINE.match(para)
        if m and _agency_like(m.group("agency"), m.group("city")):
            raw = m.group("agency")
            return WireCredit(canonical_agency(raw, context), m.group().strip(), "dateline", True,
                              off + m.start(), off + m.end(), _count_mentions(doc.body, raw), raw)
    for source in texts:
        low = "\n" + source.lower().replace("\n ", "\n")
        if not any(h in low for h in _CREDIT_HINTS):
            continue
        in_body = source is doc.body
        for off, line in (paras if in_body else _paragraphs(source)):
            for rx in _CREDIT_LINES:
                m = rx.search(line)
                if m and not _PHOTO.search(m.group("agency")):
                    raw = m.group("agency")
                    return WireCredit(canonical_agency(raw, context), line.strip()[:200], "credit_line", True,
                                      off + m.start() if in_body else None, off + m.end() if in_body else None,
                                      _count_mentions(doc.body, raw), raw)
    if not _may_name_agency(doc.body):
        return None
    found: list[tuple[str, str, int, int]] = []
    for rx in _ATTRIBUTIONS:
        for m in rx.finditer(doc.body):
            raw = m.group("agency")
            if raw in _AMBIGUOUS and "agency" not in doc.body[max(0, m.start() - 40):m.end() + 40].casefold():
                continue
            found.append((canonical_agency(raw, context), raw, m.start(), m.end()))
    if not found:
        return None
    spans = {}
    for agency, raw, s, e in found:
        spans.setdefault((agency, s), (raw, s, e))
    counts = Counter(agency for agency, _ in spans)
    agency, n = max(counts.items(), key=lambda kv: (kv[1], -min(s for a, s in spans if a == kv[0])))
    raw, s, e = min((v for (a, _), v in spans.items() if a == agency), key=lambda v: v[1])
    line_start = doc.body.rfind("\n", 0, s) + 1
    line_end = doc.body.find("\n", e)
    evidence = doc.body[line_start:line_end if line_end >= 0 else None].strip()[:200]
    return WireCredit(agency, evidence, "attribution", n >= 2, s, e, n, raw)


class _Context:
    """Longer agency names an acronym in this document may stand for; read
    from the texts only when an unknown acronym needs expanding."""

    def __init__(self, outlet: str | None, texts: list[str]):
        self.outlet, self.texts, self.names = outlet, texts, None

    def __iter__(self):
        if self.names is None:
            self.names = [self.outlet or ""]
            for text in self.texts:
                self.names += [m.group("long") for m in _EXPANSION.finditer(text)]
                self.names += [m.group() for m in re.finditer(_GENERIC, text)]
        return iter(self.names)


def _may_name_agency(text: str) -> bool:
    """Cheap filter before the attribution patterns: a known agency's first
    word or the word "agency" occurs in the text."""
    return "gency" in text or not _FIRST_WORDS.isdisjoint(re.findall(r"[A-Za-z][\w'’-]*", text))


def _unknown_acronym(name: str) -> str | None:
    """``name`` when it is a 2-6 letter acronym that is not a listed agency
    ("MPA"; not "AP", which must never match an outlet like "Arab Post")."""
    return name if re.fullmatch(r"[A-Z]{2,6}", name) and not is_known_agency(name) else None


def _count_mentions(body: str, raw: str) -> int:
    return len(re.findall(rf"\b{re.escape(raw)}\b", body)) if raw else 0


def _alias_map(names: Iterable[str], outlets: Iterable[str]) -> dict[str, str]:
    """Unify acronyms with the longer names seen elsewhere in the corpus."""
    longs = [n for n in set(names) | {o for o in outlets if o} if len(n.split()) >= 2]
    out = {}
    for n in set(names):
        if _unknown_acronym(n):
            matches = {canonical_agency(x) for x in longs if initials(x) == n}
            if len(matches) == 1:
                out[n] = matches.pop()
    return out


def propagate_wire(docs: Sequence[LineageDoc], links: Sequence[Link],
                   credits: Mapping[str, WireCredit | None]) -> dict[str, str | None]:
    """The agency behind each document, or None when unsure.

    1. A document's own agency: its strong credit (dateline, credit line, or
       two or more attributions), or its outlet when the outlet is itself a
       known agency or the agency another document credits (an agency's own
       page). A single attribution is not an own credit.
    2. Acronyms are unified with longer names seen in the corpus ("MPA" and
       "Meridian Press Agency" are one agency) when the initials match exactly
       one name.
    3. Documents connected by ``copy`` or ``rewrite`` links form groups
       (excerpts do not: quoting one paragraph does not make a text agency
       copy). When a group's own agencies are a single agency, every member
       gets it: a copy that removed the credit inherits it. When a group has
       conflicting agencies, credited members keep their own and an
       uncredited member gets an agency only if all of its direct copy/rewrite
       neighbours that have one agree; otherwise None.
    Weak attributions never conflict: a Reuters story citing "Anadolu Agency
    said" once is still Reuters copy.
    """
    ids = [d.id for d in docs]
    own: dict[str, str] = {}
    for d in docs:
        c = credits.get(d.id)
        if c is not None and c.strong:
            own[d.id] = c.agency
    credited = set(own.values())
    for d in docs:
        if d.id not in own and d.outlet:
            name = canonical_agency(d.outlet)
            if is_known_agency(name) or name in credited or _unknown_acronym(initials(name)) in credited:
                own[d.id] = name
    aliases = _alias_map(own.values(), (d.outlet or "" for d in docs))
    own = {k: aliases.get(v, v) for k, v in own.items()}
    neighbours: dict[str, set[str]] = {i: set() for i in ids}
    for link in links:
        if link.kind in ("copy", "rewrite") and link.document in neighbours and link.source in neighbours:
            neighbours[link.document].add(link.source)
            neighbours[link.source].add(link.document)
    result: dict[str, str | None] = {}
    seen: set[str] = set()
    for start in ids:
        if start in seen:
            continue
        comp, stack = [], [start]
        seen.add(start)
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in neighbours[x]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        agencies = {own[x] for x in comp if x in own}
        for x in comp:
            if x in own:
                result[x] = own[x]
            elif len(agencies) == 1:
                result[x] = next(iter(agencies))
            else:
                near = {own[y] for y in neighbours[x] if y in own}
                result[x] = near.pop() if len(near) == 1 else None
    return result
