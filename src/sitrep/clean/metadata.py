"""Metadata read from the text of a page: publication date, outlet, authors,
dateline city and language.

Each field is taken from the strongest evidence the page offers and is
``None`` when the page does not say: an outlet is never guessed from a
photo agency, a wire credit or a single passing mention.

Publication date, in order:
1. the format's own metadata (an HTML ``<time>``, a JSONL ``published``);
2. a date line: "Published <date>" (not "Updated"), a byline or read-time
   line with a date, a stand-alone date line before the article, or a
   closing "Published in <Outlet>, <date>";
3. otherwise an *inferred* date, marked ``published_inferred``: the latest
   date in the photo captions, else the latest date in the article, with
   the evidence recorded (weekday references such as "on Monday" are noted,
   since they place publication on or after that day).

Outlet evidence, each scored; a name needs a score of 2 or more:
"Published in X" and "© 2024 X" (3); a photo credit starting with the
byline's brand ("By bne Cairo bureau" + "/ bne IntelliNews") (3); a
masthead line that repeats a name the text gives elsewhere (+2); "told X",
"speaking with X", "X has learned" (+1 each); an author box naming X (+1).
Wire agencies are never the outlet. Weak evidence (a byline brand, a single
mention) is kept in ``OutletHints`` for the corpus step in
:func:`refine_outlets`, which matches it against outlets that other pages
establish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import find_dates, weekday_mentions
from .furniture import CleanResult, Para, line_key

#: News agencies whose name in a page is a credit, not the publishing outlet.
WIRE_AGENCIES = (
    "Reuters", "AFP", "Agence France-Presse", "Agence France Presse", "AP", "Associated Press",
    "Anadolu", "Anadolu Agency", "Xinhua", "TASS", "Interfax", "dpa", "Deutsche Presse-Agentur",
    "EFE", "ANSA", "Kyodo", "Yonhap", "PTI", "Press Trust of India", "IANS", "UPI", "Bloomberg",
    "WAFA", "SANA", "IRNA", "Tasnim", "Fars", "KUNA", "WAM", "SPA", "QNA", "MENA", "APA", "Bernama",
)
_WIRE_KEYS = {line_key(w) for w in WIRE_AGENCIES}

_NAME_END = r"(?=[\s,.;:)”\"]|$)"
_TOLD = re.compile(
    r"\b(?:told|speaking (?:with|to)|said (?:to|in an interview with)|in an interview with|(?:an?|the) interview with)\s+"
    + r"(?P<name>(?:[Tt]he\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*)" + _NAME_END
)
_LEARNED = re.compile(r"(?P<name>(?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,5})\s+(?:has learned|has learnt|understands|can reveal)\b")  # bounded: linear on long capitalised runs
_PUBLISHED_IN = re.compile(
    r"^(?:Published|First published|Originally published|This (?:article|story) (?:was )?(?:first )?(?:published|appeared))\s+(?:in|on|by)\s+"
    + r"(?P<name>[A-Z][\w&'’. -]{0,40}?)\s*,\s*",
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?(?P<name>[A-Z][\w&'’. -]{1,40}?)(?:\.|,|\s+all rights|$)", re.IGNORECASE)
_BUREAU = re.compile(r"^by\s+(?P<brand>.+?)\s+(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:bureau|desk|correspondent)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|author|words by|reporting by)\s*:?\s+(?P<who>.+)$", re.IGNORECASE)
_AUTHOR_BOX = re.compile(r"^(?:(?:profile|author)\s+(?:picture|photo|image)\s+of|author|about the author:?)\s+(?P<name>.+)$", re.IGNORECASE)
_CREDIT = re.compile(r"(?:[—–]|-{1,2}|/)\s*(?:(?:Photo|Image|CC|Credit)s?\s*:?\s*)?(?P<credit>[A-Za-z][\w&.'’ -]{1,45})$")
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})"
    r"(?:\s*,\s*[A-Z][\w'’. -]{0,50}?)?"
    r"(?:\s*\((?P<agency>[^)]{1,40})\))?"
    r"\s*(?:[-–—:]+)\s+(?=\S)"
)
_PUBLISHED_WORD = re.compile(r"\b(?:published|posted|first published)\b\s*:?\s*(?:on\s+)?", re.IGNORECASE)
_UPDATED_WORD = re.compile(r"\b(?:updated|modified|last updated)\b", re.IGNORECASE)


@dataclass
class OutletHints:
    """Evidence too weak to name an outlet on its own."""

    brand: str | None = None          # "bne" from "By bne Cairo bureau"
    names: list[str] = field(default_factory=list)  # single mentions: "speaking with IntelliNews"


@dataclass
class Metadata:
    title: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    published_inferred: bool = False
    published_evidence: str | None = None
    dateline: str | None = None
    language: str | None = None
    hints: OutletHints = field(default_factory=OutletHints)


def _clean_name(name: str) -> str:
    name = re.sub(r"[\s.,;:]+$", "", name.strip())
    return re.sub(r"\s+", " ", name)


def _is_wire(name: str) -> bool:
    return line_key(name) in _WIRE_KEYS or line_key(re.sub(r"^the\s+", "", name, flags=re.I)) in _WIRE_KEYS


def _outside(result: CleanResult) -> list[Para]:
    """Paragraphs that are not article text (head, tail, removed furniture)."""
    kept = {id(p) for p in result.kept}
    return [p for p in result.paras if id(p) not in kept]


# ---------------------------------------------------------------- dates

def published_from_lines(result: CleanResult) -> tuple[date | None, str | None]:
    """A publication date from a date line, byline or closing credit."""
    head = [p for p in result.paras if p.region == "head" or (p.region == "body" and p.klass in ("date", "byline", "read-time"))]
    tail = [p for p in result.paras if p.region == "tail"]
    for p in head[:15]:
        if p.klass == "caption":
            continue
        text = p.text
        m = _PUBLISHED_WORD.search(text)
        if m:
            ds = find_dates(text[m.end():])
            if ds:
                return ds[0].value, f"date line {text!r}"
        upd = _UPDATED_WORD.search(text)
        ds = [d for d in find_dates(text) if not upd or d.start < upd.start()]
        if ds and (p.klass in ("date", "byline", "read-time") or p.words <= 12):
            return ds[0].value, f"date line {text!r}"
    for p in tail:
        if _PUBLISHED_IN.match(p.text) or _PUBLISHED_WORD.match(p.text):
            ds = find_dates(p.text)
            if ds:
                return ds[0].value, f"closing credit {p.text!r}"
    # only an "Updated <date>" line: the page's own date, still better than a guess
    for p in head[:15]:
        if p.klass != "caption" and _UPDATED_WORD.search(p.text) and p.words <= 12:
            ds = find_dates(p.text)
            if ds:
                return ds[0].value, f"update line {p.text!r}"
    return None, None


def infer_published(result: CleanResult) -> tuple[date | None, str | None]:
    """The latest date in the captions, else in the article; with evidence."""
    captions = [p for p in result.paras if p.klass == "caption"]
    for group, where in ((captions, "photo caption"), (result.kept, "article text")):
        found = [(d.value, d.text) for p in group for d in find_dates(p.text)]
        if found:
            value, text = max(found)
            note = f"latest date in the {where}: {text!r}"
            days = weekday_mentions(" ".join(p.text for p in result.kept))
            if days:
                note += f"; the text refers to {', '.join(sorted(set(days)))} as past days"
            return value, note
    return None, None


# ---------------------------------------------------------------- outlet

def outlet_from_text(result: CleanResult) -> tuple[str | None, str | None, OutletHints]:
    outside = _outside(result)
    body = " ".join(p.text for p in result.kept)
    hints = OutletHints()

    for p in outside:
        m = _PUBLISHED_IN.match(p.text)
        if m and not _is_wire(m.group("name")):
            return _clean_name(m.group("name")), f"closing credit {p.text!r}", hints
    for p in outside:
        if p.words <= 15:
            m = _COPYRIGHT.search(p.text)
            if m and not _is_wire(m.group("name")):
                return _clean_name(m.group("name")), f"copyright line {p.text!r}", hints

    for p in outside:
        m = _BUREAU.match(p.text)
        if m:
            hints.brand = _clean_name(m.group("brand"))
            break
    if hints.brand:
        for p in outside:
            if p.klass != "caption":
                continue
            m = _CREDIT.search(p.text)
            if m and line_key(m.group("credit")).startswith(line_key(hints.brand) + " "):
                return _clean_name(m.group("credit")), f"photo credit {m.group('credit')!r} matches the byline", hints

    if result.masthead and not _is_wire(result.masthead):
        return result.masthead, "masthead at the top of the page", hints

    scores: dict[str, float] = {}
    names: dict[str, str] = {}
    for rx in (_TOLD, _LEARNED):
        for m in rx.finditer(body):
            name = _clean_name(m.group("name"))
            if _is_wire(name) or len(name) < 2:
                continue
            key = line_key(name)
            scores[key] = scores.get(key, 0) + 1
            names.setdefault(key, name)
    for p in outside:
        m = _AUTHOR_BOX.match(p.text)
        if m:
            key = line_key(m.group("name"))
            if key in scores:
                scores[key] += 1
    for p in outside:
        key = line_key(p.text)
        if p.words <= 5 and key in scores:
            scores[key] += 2
            names[key] = p.text.strip()
    if scores:
        key = max(scores, key=lambda k: (scores[k], k))
        if scores[key] >= 2:
            return names[key], f"named by the page {int(scores[key])} times (masthead, 'told {names[key]}', author box)", hints
        hints.names = [names[k] for k in scores]
    return None, None, hints


def refine_outlets(items: list[tuple[str | None, OutletHints]], known: set[str]) -> list[str | None]:
    """Corpus step: resolve weak hints against outlets established elsewhere.

    ``items`` are (outlet, hints) per document; ``known`` are outlet names
    established with strong evidence (in this batch or already stored). A
    document without an outlet gets the one established name that both
    starts with its byline brand and contains every name it mentions.
    """
    known_all = {n for n in known if n} | {o for o, _ in items if o}
    out: list[str | None] = []
    for outlet, hints in items:
        if outlet or not hints.brand:
            out.append(outlet)
            continue
        brand = line_key(hints.brand)
        matches = sorted(
            n for n in known_all
            if line_key(n).startswith(brand + " ") and all(line_key(x) in line_key(n) for x in hints.names)
        )
        out.append(matches[0] if len(matches) == 1 else None)
    return out


# ---------------------------------------------------------------- people, place, language

def authors_from_text(result: CleanResult) -> list[str]:
    for p in _outside(result):
        if p.klass not in ("byline", "date", "read-time", None):
            continue
        m = _BYLINE.match(p.text)
        if not m:
            continue
        who = m.group("who")
        d = find_dates(who)
        if d:
            who = who[: d[0].start]
        who = re.split(r"\s+[|•·]\s+|\s+-\s+|\s+—\s+", who)[0]
        parts = [_clean_name(x) for x in re.split(r",\s*|\s+and\s+|\s*&\s*", who) if x.strip()]
        parts = [x for x in parts if x and len(x) <= 60 and not find_dates(x)]
        if parts:
            return parts
    return []


def dateline_from_text(result: CleanResult) -> str | None:
    for p in result.kept[:3]:
        m = _DATELINE.match(p.text)
        if not m:
            continue
        city = m.group("city")
        if len(city.replace(" ", "")) < 3 or not any(c.isalpha() for c in city):
            continue
        return " ".join("-".join(x[:1].upper() + x[1:].lower() for x in w.split("-")) for w in city.split())
    return None


def detect_language(text: str) -> str | None:
    if len(text.strip()) < 20:
        return None
    import py3langid

    lang, _ = py3langid.classify(text[:5000])
    return lang


def extract(result: CleanResult, hints: dict | None = None) -> Metadata:
    """All metadata for one cleaned page; ``hints`` are the format's own."""
    hints = hints or {}
    md = Metadata(title=hints.get("title") or result.title)

    pub = _as_date(hints.get("published"))
    if pub:
        md.published, md.published_evidence = pub, "the document's own metadata"
    else:
        md.published, md.published_evidence = published_from_lines(result)
        if md.published is None:
            md.published, md.published_evidence = infer_published(result)
            md.published_inferred = md.published is not None

    outlet, why, md.hints = outlet_from_text(result)
    md.outlet = hints.get("outlet") or outlet
    md.outlet_evidence = "the document's own metadata" if hints.get("outlet") else why
    md.authors = list(hints.get("authors") or []) or authors_from_text(result)
    md.dateline = dateline_from_text(result)
    md.language = hints.get("language") or detect_language(result.body)
    return md


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            value = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        # the years find_dates reads (19xx, 20xx): "0001-01-01" is a placeholder, not a date
        return value if 1900 <= value.year <= 2099 else None
    d = find_dates(s)
    return d[0].value if d else None
