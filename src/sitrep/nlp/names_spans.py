"""Candidate name mentions of one document: the span-level rules of
:mod:`sitrep.nlp.entities` (boundary and label repairs of NER spans, spans
NER missed, and the alias links that brackets and "known as" make). See
that module's docstring for the rules; this one only finds and links
mentions, :func:`sitrep.nlp.entities.find_entities` groups them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names_norm import (
    acronym_of,
    acronym_start,
    fold,
    is_acronym,
    is_arabic_org_word,
    is_country_key,
    looks_demonym,
    name_key,
)
from .names_tables import (
    FEATURE_NOUNS,
    GENERIC_ORG_WORDS,
    NOT_A_NAME,
    ORG_CUE_NOUNS,
    ORG_TAIL_NOUNS,
    PLACE_PREFIXES,
    TITLE_MODIFIERS,
    TITLES,
)
from .pipeline import doc_text

SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_PERSON_CUES = frozenset(
    "president minister king queen prince princess emir sultan ayatollah general gen gen. colonel col col. "
    "lieutenant lt lt. major maj maj. brigadier brig. captain capt. commander dr dr. mr mr. mrs mrs. ms ms. "
    "senator sen. governor mayor secretary chancellor premier pope".split()
)
_LEAD_DROP = frozenset({"the", "a", "an"})
_PARTICLES = frozenset({"al", "el", "ad", "ash", "as", "at", "az", "an", "ar", "ul", "ut", "bin", "ibn", "wa", "ahl"})
_PARTICLE_HYPHEN_RE = re.compile(r"^(?:al|el|ad|ash|as|at|az|an|ar|ul|ut)-[A-Z]", re.I)
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_ARABIC_RE = re.compile(r"(?<![\w'\u2019-])[A-Z][a-z]+(?:['\u2019][a-z]+)?(?![\w'\u2019-])")
_PAREN_RE = re.compile(r"\(([^()\n]{1,80})\)")
_BRACKET_RE = re.compile(r"\[([^\[\]\n]{1,40})\](?=[A-Z])")
_WORD_AFTER_RE = re.compile(r"[A-Z][\w-]*")
_NAME = r"(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3}"
#: "X groups", "X and Y groups", "X, Y and Z groups" (a comma list must end with and/or)
_CUE_RE = re.compile(rf"^(?:(?:\s*,\s+{_NAME})*\s*,?\s+(?:and|or|&)\s+{_NAME})?\s+(\w+)")
_GLOSS_LANG = (
    r"Arabic|Kurdish|Persian|Farsi|Turkish|Hebrew|Russian|Ukrainian|French|Urdu|Pashto|Dari|Amharic|"
    r"Somali|Hausa|Spanish|Portuguese|Syriac|Aramaic|Berber|Tamazight|local parlance"
)
_GLOSS_SUFFIX_RE = re.compile(rf",?\s+(?:in (?:{_GLOSS_LANG})|for short)$")
_GLOSS_PREFIX_RE = re.compile(
    r"^(?:(?:also |locally |commonly |widely |better |formerly )?(?:known as|called|referred to as)|or|aka|a\.k\.a\.)\s+"
    r"(?:the\s+)?"
)
_KNOWN_AS_RE = re.compile(
    r"(?:,\s+(?:also |locally |commonly |widely |better )?(?:known as|referred to as|called)"
    r"|\s+(?:also|locally|commonly|widely|better) (?:known as|referred to as|called))\s+(?:the\s+)?"
    r"([A-Z][\w'\u2019-]*(?:\s+(?:al-|el-)?[A-Z][\w'\u2019-]*){0,5})"
)
_NOT_GLOSS = frozenset({"GPE", "LOC", "FAC", "NORP", "PERSON"})
LOWER_FUNCTION = frozenset({"of", "for", "and", "the", "al", "el", "in", "de", "du", "des", "la", "le", "on", "to"})


@dataclass(eq=False)
class Cand:
    start: int
    end: int
    label: str
    form: str
    rule: bool = False  # created or relabelled by a rule (wins overlaps, weighs more in the vote)
    role: str = "full"  # full | acronym | gloss | tail
    links: list = field(default_factory=list)


def candidates(doc) -> list[Cand]:
    """The mentions of one parsed document, overlaps resolved, aliases linked."""
    text = doc_text(doc)
    tags = doc.has_annotation("TAG")
    cands = [m for ent in doc.ents if ent.label_ not in SKIP_LABELS for m in _from_ent(doc, text, ent, tags)]
    cands += _arabic_org_spans(doc, text)
    cands = _brackets(text, cands)
    cands = _resolve(cands)
    cands = _parentheses(text, cands)
    cands = _known_as(text, cands)
    cands = _resolve(cands)
    cands = _acronym_occurrences(text, cands)
    return [m for m in cands if name_key(m.form)]



def _proper(tok, tags: bool) -> bool:
    if tags:
        return tok.tag_ in ("NNP", "NNPS")
    return tok.text[:1].isupper()


def _from_ent(doc, text: str, ent, tags: bool) -> list[Cand]:
    """Boundary and label repairs of one NER span (may give 0-2 mentions)."""
    pieces, cur = [], []
    for tok in ent:
        if tok.text in ("(", ")", "[", "]"):
            if cur:
                pieces.append(cur)
            cur = []
        else:
            cur.append(tok)
    if cur:
        pieces.append(cur)
    out = []
    for toks in pieces:
        m = _repair(doc, text, toks, ent.label_, tags)
        if m is not None:
            out.append(m)
    return out


def _repair(doc, text: str, toks, label: str, tags: bool) -> Cand | None:
    while toks and (toks[0].lower_ in _LEAD_DROP or toks[0].is_punct or toks[0].is_quote):
        toks = toks[1:]
    while toks and (toks[-1].text in _POSSESSIVE or toks[-1].is_punct or toks[-1].is_quote):
        toks = toks[:-1]
    if not toks:
        return None
    rule = False
    if label == "PERSON" or fold(toks[0].text) in _PERSON_CUES:
        n = _title_len([t.text for t in toks])
        if n:
            toks, label, rule = toks[n:], "PERSON", True
    first, last = toks[0].i, toks[-1].i
    if first > 0 and fold(doc[first - 1].text) in _PERSON_CUES and doc[first - 1].text[:1].isupper():
        label, rule = "PERSON", True
    if label == "PERSON" and len(toks) > 1 and fold(toks[0].text) in PLACE_PREFIXES:
        label, rule = "GPE", True
    if is_arabic_org_word(toks[0].text) and len(toks) > 1:
        label, rule = "ORG", True
    elif first > 0 and is_arabic_org_word(doc[first - 1].text) and doc[first - 1].text[:1].isupper():
        first, label, rule = first - 1, "ORG", True
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.text.islower() and nxt.lower_ in FEATURE_NOUNS and label != "PERSON":
        last, label, rule = last + 1, FEATURE_NOUNS[nxt.lower_], True
    elif nxt is not None and nxt.text.islower() and nxt.lower_ in ORG_TAIL_NOUNS and label == "ORG":
        last = last + 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    span_text = text[start:end]
    if span_text.endswith(".") and span_text.count(".") == 1 and len(span_text) > 2:
        end -= 1
        span_text = span_text[:-1]
    if not any(c.isupper() for c in span_text):
        return None
    words = fold(span_text).split()
    if len(words) == 1 and (words[0] in GENERIC_ORG_WORDS or words[0] in TITLES or words[0] in NOT_A_NAME):
        return None
    if label != "ORG" and _org_cue(text, end) and all(_proper(t, tags) for t in toks):
        lastword = span_text.split()[-1]
        if not (label == "NORP" and looks_demonym(lastword)) and not is_country_key(name_key(span_text)):
            label, rule = "ORG", True
    return Cand(start, end, label, span_text, rule=rule)


def _title_len(words: list[str]) -> int:
    """How many leading words are titles ("Turkish Foreign Minister …" -> 3);
    0 when nothing would be left of the name."""
    last = -1
    for k, w in enumerate(words[:6]):
        f = fold(w)
        if f in TITLES:
            if f not in TITLE_MODIFIERS:
                last = k
            continue
        if k < 2 and w[:1].isupper() and looks_demonym(w) and any(fold(x) in TITLES for x in words[k + 1 : k + 3]):
            continue
        break
    n = last + 1
    if n == 0 or n >= len(words) or not any(w[:1].isupper() for w in words[n:]):
        return 0
    return n


def _org_cue(text: str, end: int) -> bool:
    m = _CUE_RE.match(text[end : end + 120])
    return bool(m) and m.group(1) in ORG_CUE_NOUNS


def _arabic_org_spans(doc, text: str) -> list[Cand]:
    """ORG spans opened by a transliterated Arabic organisation word that NER
    missed or cut ("Kata'ib Hezbollah", "Harakat al-Nujaba")."""
    out: list[Cand] = []
    n = len(doc)
    for hit in _ARABIC_RE.finditer(text):
        if not is_arabic_org_word(hit.group(0)):
            continue
        span = doc.char_span(hit.start(), hit.end())
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        k, last = tok.i + 1, None
        while k < n:
            t = doc[k]
            w = t.text
            if w in ("-", "'", "\u2019") or fold(w) in _PARTICLES or _PARTICLE_HYPHEN_RE.match(w):
                if _PARTICLE_HYPHEN_RE.match(w):
                    last = k
                k += 1
                continue
            if w[:1].isupper() and any(c.isalpha() for c in w) and w not in _POSSESSIVE:
                last = k
                if "\n" in t.whitespace_ or t.is_sent_end is True:
                    break
                k += 1
                continue
            break
        if last is not None:
            start, end = tok.idx, doc[last].idx + len(doc[last].text)
            out.append(Cand(start, end, "ORG", text[start:end], rule=True))
    return out


def _brackets(text: str, cands: list[Cand]) -> list[Cand]:
    """Editorial insertions: "[Bashar al-]Assad" is a mention of "Assad"
    standing for the name "Bashar al-Assad"."""
    for m in _BRACKET_RE.finditer(text):
        inner = m.group(1)
        if not inner[:1].isupper():
            continue
        w = _WORD_AFTER_RE.match(text, m.end())
        if not w:
            continue
        cands = [c for c in cands if c.end <= m.start() or c.start >= w.end()]
        cands.append(Cand(w.start(), w.end(), "PERSON", inner + w.group(0), rule=True))
    return cands


def _resolve(cands: list[Cand]) -> list[Cand]:
    """Drop overlapping mentions: rule-made ones first, then longer ones.
    When two rules found the same span, the kept mention inherits the other's
    links and role."""
    if not cands:
        return cands
    order = sorted(cands, key=lambda m: (not m.rule, -(m.end - m.start), m.start))
    occ = bytearray(max(m.end for m in cands) + 1)
    taken: list[Cand] = []
    same: dict[tuple[int, int], Cand] = {}
    moved: dict[int, Cand] = {}
    for m in order:
        if occ.find(1, m.start, m.end) == -1:
            occ[m.start : m.end] = b"\x01" * (m.end - m.start)
            taken.append(m)
            same[(m.start, m.end)] = m
        elif (m.start, m.end) in same and m.rule:
            keep = same[(m.start, m.end)]
            keep.links.extend(m.links)
            if keep.role == "full":
                keep.role = m.role
            moved[id(m)] = keep
    if moved:
        for m in taken:
            m.links = [moved.get(id(x), x) for x in m.links if moved.get(id(x), x) is not m]
    return sorted(taken, key=lambda m: m.start)


def _before(cands: list[Cand], pos: int, text: str) -> Cand | None:
    for m in cands:
        if m.end <= pos and pos - m.end <= 2 and not text[m.end : pos].strip():
            return m
    return None


def _parentheses(text: str, cands: list[Cand]) -> list[Cand]:
    """Acronyms and glosses in brackets after a name."""
    new: list[Cand] = []
    for p in _PAREN_RE.finditer(text):
        raw = p.group(1)
        lead = len(raw) - len(raw.lstrip())
        content = raw.strip()
        cs = p.start(1) + lead
        ce = cs + len(content)
        left = _before(cands, p.start(), text)
        if is_acronym(content):
            long = None
            if left is not None and left.role == "full":
                st = acronym_start(content, left.form) if left.form == text[left.start : left.end] else None
                if st is not None and _caps_ok(left.form[st:]):
                    if st:
                        left.start += st
                        left.form = text[left.start : left.end]
                    long = left
            if long is None:
                long = _long_form_before(text, p.start(), content)
                if long is None:
                    continue
                new.append(long)
            acr = Cand(cs, ce, long.label, content, rule=True, role="acronym")
            acr.links.append(long)
            new.append(acr)
            continue
        if left is None:
            continue
        if is_acronym(left.form) and acronym_of(left.form, content) and _caps_ok(content):
            m = Cand(cs, ce, left.label, content, rule=True)
            left.role = "acronym"
            m.links.append(left)
            left.links.append(m)
            new.append(m)
            continue
        inside = {c.label for c in cands if c.start >= cs and c.end <= ce}
        name, off = _gloss(content, left, placeish=bool(inside & _NOT_GLOSS))
        if name:
            m = Cand(cs + off, cs + off + len(name), left.label, name, rule=True, role="gloss")
            m.links.append(left)
            new.append(m)
    if new:
        spans = [(m.start, m.end) for m in new]
        cands = [c for c in cands if c in new or all(c.end <= s or c.start >= e for s, e in spans)]
        cands = cands + [m for m in new if m not in cands]
    return cands


def _caps_ok(long: str) -> bool:
    words = re.findall(r"[\w'\u2019]+", long)
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in LOWER_FUNCTION or not w[:1].isalpha() for w in words
    )


def _long_form_before(text: str, pos: int, acr: str) -> Cand | None:
    start = max(0, pos - 160)
    window = text[start:pos]
    cut = max(window.rfind(c) for c in ".;:!?\n\"\u201c\u201d(")
    if cut >= 0:
        start, window = start + cut + 1, window[cut + 1 :]
    body = window.rstrip()
    st = acronym_start(acr, body)
    if st is None or not _caps_ok(body[st:]):
        return None
    s, e = start + st, start + len(body)
    return Cand(s, e, "ORG", text[s:e], rule=True)


def _gloss(content: str, left: Cand, placeish: bool = False) -> tuple[str | None, int]:
    """(the alias inside a bracket, its offset in ``content``) or (None, 0)."""
    name, off, marked = content, 0, False
    m = _GLOSS_PREFIX_RE.match(name)
    if m:
        name, off, marked = name[m.end() :], m.end(), True
    m = _GLOSS_SUFFIX_RE.search(name)
    if m:
        name, marked = name[: m.start()], True
    name = name.strip()
    if not name or not name[:1].isupper() or any(c.isdigit() for c in name) or re.search(r"[,;:]", name):
        return None, 0
    words = name.split()
    if len(words) > 6 or is_country_key(name_key(name)):
        return None, 0
    if not marked:
        if left.label != "ORG" or placeish or not _caps_ok(name) or len(words) > 5:
            return None, 0
    return name, off


def _known_as(text: str, cands: list[Cand]) -> list[Cand]:
    """"X, known as Y" and "X, also called Y" after a name."""
    add = []
    for c in cands:
        m = _KNOWN_AS_RE.match(text, c.end, min(len(text), c.end + 120))
        if m and not is_country_key(name_key(m.group(1))):
            n = Cand(m.start(1), m.end(1), c.label, m.group(1), rule=True, role="gloss")
            n.links.append(c)
            add.append(n)
    return cands + add


def _acronym_occurrences(text: str, cands: list[Cand]) -> list[Cand]:
    """Every later occurrence of an acronym defined in the text is a mention."""
    defined: dict[str, Cand] = {}
    for m in cands:
        if m.role == "acronym" and m.links and m.form not in defined:
            defined[m.form] = m
    if not defined:
        return cands
    occupied = [(m.start, m.end) for m in cands if m.rule]
    add = []
    for acr, anchor in defined.items():
        for o in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            s, e = o.span()
            if any(not (e <= a or s >= b) for a, b in occupied):
                continue
            m = Cand(s, e, anchor.label, acr, rule=True, role="acronym")
            m.links.append(anchor)
            add.append(m)
            occupied.append((s, e))
    return _resolve(cands + add)
