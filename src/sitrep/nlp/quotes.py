"""Quotes with their speakers: direct speech in quote marks and indirect speech.

``find_quotes(doc)`` reads a parsed spaCy ``Doc`` (tagger + parser + NER) and
returns :class:`Quote` objects with character spans into ``doc.text``.

Direct quotes
    Marks: “ ” „ « » and straight ", and single ‘ ’ / straight ' (British
    style). An apostrophe between two letters (Shi'ite, Kata'ib, There’s) is
    never a mark. A paragraph that opens a quote and does not close it
    continues into the next paragraph when that one starts with an opening
    mark (the newspaper convention); the quote is then one span across the
    paragraphs. A quote split by its attribution ("“A,” Yasser said. “B.”")
    gives two quotes with the same speaker. Quoted words count as speech
    when they are at least 5 words, or at least 2 words ending in
    punctuation or 3 words with a reporting frame next to them; shorter ones
    (‘reinforce’ in a headline, the “main clear goal”) are scare quotes or
    fragments and are left to the indirect speech around them, and so is an
    unattributed phrase inside a sentence that is not a full sentence.
    The text of a direct quote leaves out the marks and the comma that
    stands for a full stop (“…here,” he said → "…here").

The speaker of a direct quote comes from, in order:
    1. a frame after it in the same sentence: “…,” X said / “…,” said X /
       “…,” according to X;
    2. a frame right before it: X said: “…” / X added that “…” /
       …, stressing however that “…”;
    3. the reporting verb governing the quoted words in the parse (partial
       quotes inside indirect speech: X said the leaders would weigh … as
       “a precautionary step …”);
    4. the quote before it in the same paragraph, else the next one in the
       paragraph, else a previous paragraph ending with a colon.

Indirect speech
    A reporting verb (say, tell, add, claim, deny, stress, warn, allege,
    confirm, …) with a clausal complement: "X said (that) …", "X said the
    fighters had crossed …", "…, X said." The quote is the complement clause
    without "that". "According to X, …" quotes the rest of the sentence. An
    indirect quote whose clause is at least 80% direct quote is dropped (the
    direct one is kept); negated or infinitive verbs ("did not say how …",
    "to explain how …") and embedded questions are not statements.

Speakers
    The subject of the reporting verb (participles and conjuncts without
    one, "adding that …", "but added: …", take their governing verb's),
    cut before appositions and relative clauses ("Kadhim al-Fartousi,
    spokesperson for …, said" → "Kadhim al-Fartousi"). Resolved in text
    order:
    - a surname ("Yasser told") → the fullest form of that name in the
      document ("Firas al-Yasser"; "al-"/"Al " ignored when matching);
    - he/she → the last singular person speaker; they → the last plural
      speaker; it → the last organisation speaker; else the nearest
      preceding PERSON entity;
    - a short definite description ("the source said", "the officer said")
      → the last speaker with the same head noun and number, i.e. the
      described source ("A senior Syrian military source").
    ``speaker_text`` is the text of the mention used and
    ``speaker_start``/``speaker_end`` its span, so
    ``text[speaker_start:speaker_end] == speaker_text``.

``verb`` is the reporting verb as written, lower-cased ("said", "told",
"stressing", "according to"); ``date_text`` is a date stated in the
reporting clause ("on Monday", "late on Sunday"), else one stated by another
reporting verb of the same sentence, else None.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.strings import hash_string
from spacy.symbols import AUX, PROPN, VERB

from .pipeline import doc_memo, doc_text

__all__ = ["Quote", "find_quotes", "SPEECH_VERBS"]


@dataclass
class Quote:
    start: int
    end: int
    text: str
    direct: bool
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None
    date_text: str | None


SPEECH_VERBS = frozenset("""
say tell add claim deny stress state announce confirm insist warn allege argue explain note report
suggest reiterate emphasise emphasize acknowledge admit assert declare maintain write tweet pledge
promise vow threaten predict estimate concede complain reply respond recall indicate caution contend
testify disclose reveal inform repeat observe comment affirm reaffirm underline
""".split())
_PRONOUNS = {"he": "person", "she": "person", "they": "plural", "it": "org"}
_PERSON_NOUNS = frozenset("""
source official officer spokesman spokeswoman spokesperson minister leader commander head member
resident witness man woman analyst diplomat president chief general colonel activist doctor medic
nurse driver farmer father mother son daughter wife husband brother sister envoy ambassador
governor mayor lawmaker deputy mp senator cleric sheikh imam fighter soldier militant rebel
negotiator adviser advisor aide director researcher expert journalist reporter correspondent
monitor observer worker volunteer survivor relative neighbour neighbor student teacher
""".split())
_OPEN_D, _CLOSE_D = "“„«", "”»"
_DOUBLE_RE = re.compile(r'[“”„«»"]')
_SINGLE_OPEN = re.compile(r"[‘']")
_SINGLE_CLOSE = re.compile(r"(?<=\S)[’'](?![^\W_])")
_SENT_END = re.compile(r'[.!?](?=[\s”"’\')]|$)')
_NP_EXCLUDE = {"appos", "relcl", "acl", "punct", "advcl", "parataxis"}
_PROPN = PROPN


# --- direct quote marks ---------------------------------------------------------

def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _direct_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(mark_start, mark_end, content_start, content_end) of every quoted
    passage, double marks first, then single marks outside them."""
    paras = _paragraphs(text)
    out: list[tuple[int, int, int, int]] = []
    opened: tuple[int, int] | None = None  # (mark position, paragraph index)
    for pi, (ps, pe) in enumerate(paras):
        lead = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
        for m in _DOUBLE_RE.finditer(text, ps, pe):
            pos, ch = m.start(), m.group()
            if opened is None:
                if ch not in _CLOSE_D:
                    opened = (pos, pi)
            elif opened[1] != pi and pos == lead and ch in _OPEN_D + '"':
                pass  # the opening mark of a continued quote's next paragraph
            elif ch in _OPEN_D:
                opened = (pos, pi)  # the one before was never closed: start again here
            else:
                out.append((opened[0], pos + 1, opened[0] + 1, pos))
                opened = None
        if opened is not None and not (pi + 1 < len(paras) and text[paras[pi + 1][0]:].lstrip()[:1] in _OPEN_D + '"'):
            out.append((opened[0], pe, opened[0] + 1, pe))  # unclosed, and the next paragraph does not go on
            opened = None
    # single marks outside double-quoted passages; an apostrophe between letters is never one
    covered = [(s, e) for s, e, _, _ in out]
    for ps, pe in paras:
        i = ps  # marks before i are inside a quote found already
        for m in _SINGLE_OPEN.finditer(text, ps, pe):
            k = m.start()
            if k < i:
                continue
            if (k == ps or text[k - 1] in " \t([—–-“\"") and k + 1 < pe and text[k + 1].isalpha() \
                    and not any(s <= k < e for s, e in covered):
                # the closing mark: after a non-space, not before a letter or digit
                close = _SINGLE_CLOSE.search(text, k + 1, pe)
                if close is not None:
                    out.append((k, close.start() + 1, k + 1, close.start()))
                    i = close.start() + 1
    res = []
    for a, b, c, d in sorted(out):
        while c < d and text[c].isspace():
            c += 1
        while d > c and (text[d - 1].isspace() or text[d - 1] in ",;:—–"):
            d -= 1  # the comma that stands for the full stop: “…here,” he said
        if d > c:
            res.append((a, b, c, d))
    return res


# --- speakers -------------------------------------------------------------------

@dataclass
class _Mention:
    text: str
    start: int
    end: int
    kind: str  # person | org
    plural: bool
    head: str  # head lemma
    named: bool
    lemmas: frozenset = frozenset()
    definite_short: bool = False
    pronoun: str | None = None


_TITLES = frozenset("""
president prime minister foreign defence defense interior information water finance regional general
brigadier colonel major lieutenant captain sergeant sheikh spokesman spokeswoman spokesperson leader chief
king queen prince emir sultan dr mr mrs ms sir secretary deputy ambassador senator governor mayor commander
head envoy director chairman chairwoman speaker judge ayatollah imam cleric pope the opposition army
""".split())
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "bint", "umm", "ben", "de", "van", "von", "-"})
_ORG_NOUNS = frozenset("""
ministry government army military group committee council agency office statement organisation organization
movement front party company directorate department observatory monitor authority administration police
force forces brigade militia coalition union society bloc court parliament assembly cabinet kremlin
""".split())
_NOT_PERSON_ENTS = {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}


_ARTICLE_RE = re.compile(r"\b(?:al|el|the)[-\s]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]")


@functools.lru_cache(maxsize=65536)
def _name_key(s: str) -> str:
    return _NON_ALNUM_RE.sub("", _ARTICLE_RE.sub("", s.lower()))


class _Speakers:
    """Speaker noun phrases from the parse and their resolution in text order."""

    def __init__(self, doc):
        self.doc = doc
        self.history: list[_Mention] = []
        self.persons = [e for e in doc.ents if e.label_ == "PERSON"]
        # names the NER missed: proper-noun subjects that are not places or organisations
        seen = {e.end - 1 for e in self.persons}
        pos = _arrays(doc).pos
        propn = [k for k, p in enumerate(pos) if p == _PROPN]
        for k in propn:
            t = doc[k]
            if t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ not in _NOT_PERSON_ENTS \
                    and k not in seen and k > 0 and pos[k - 1] == _PROPN:
                i, j = self._name_run(k)
                self.persons.append(doc[i:j])
        self.persons.sort(key=lambda e: e.start)
        self._keys: dict[str, list[int]] = {}
        for k in propn:
            self._keys.setdefault(_name_key(doc[k].text), []).append(k)

    def np(self, head) -> tuple[int, int] | None:
        """Token range [i, j) of the noun phrase headed by ``head``, without
        appositions, relative clauses and what follows a comma."""
        keep = []

        def walk(t):
            keep.append(t.i)
            for c in t.children:
                if c.dep_ in _NP_EXCLUDE:
                    continue
                if c.i < head.i or c.dep_ in ("prep", "pobj", "amod", "compound", "poss", "case", "det", "conj",
                                              "cc", "nmod", "nummod", "quantmod", "npadvmod", "pcomp"):
                    walk(c)
        walk(head)
        i, j = min(keep), max(keep) + 1
        doc = self.doc
        for k in range(head.i + 1, j):
            if doc[k].text in (",", "(", "—", "–") or "\n" in doc[k].text:
                j = k
                break
        for k in range(head.i - 1, i - 1, -1):
            if "\n" in doc[k].text:
                i = k + 1
                break
        while i < j and (doc[i].is_punct or doc[i].is_space or doc[i].dep_ in ("cc", "preconj")):
            i += 1
        while j > i and (doc[j - 1].is_punct or doc[j - 1].is_space or doc[j - 1].dep_ == "cc"):
            j -= 1
        return (i, j) if j > i else None

    def mention(self, i: int, j: int) -> _Mention:
        span = self.doc[i:j]
        head = span.root
        words = [t for t in span if not t.is_punct]
        low = head.lower_
        plural = head.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" for t in head.children) or low == "they"
        lemmas = frozenset(t.lemma_.lower() for t in span)
        if len(words) == 1 and low in _PRONOUNS:
            return _Mention(span.text, span.start_char, span.end_char, "person", plural, low, False, lemmas,
                            pronoun=low)
        named = any(t.pos_ == "PROPN" for t in span)
        is_person = head.lemma_.lower() not in _ORG_NOUNS and (
            any(t.ent_type_ == "PERSON" for t in span) or head.lemma_.lower() in _PERSON_NOUNS
            or (head.pos_ == "PROPN" and head.text[:1].isupper() and head.ent_type_ not in _NOT_PERSON_ENTS))
        definite_short = not named and span[0].lower_ == "the" and len(words) <= 5
        return _Mention(span.text, span.start_char, span.end_char, "person" if is_person else "org", plural,
                        head.lemma_.lower(), named, lemmas, definite_short)

    def _name_run(self, k: int) -> tuple[int, int]:
        """Token range of the personal name ending at token ``k`` (titles left out)."""
        doc = self.doc
        i = k
        while i - 1 >= 0 and k - i < 5:
            t = doc[i - 1]
            if t.lower_ in _TITLES or t.is_space or "\n" in t.whitespace_:
                break
            if not (t.pos_ == "PROPN" or t.lower_ in _NAME_PARTICLES) or t.ent_type_ in _NOT_PERSON_ENTS:
                break
            i -= 1
        while i < k and doc[i].lower_ in _NAME_PARTICLES and doc[i].text != doc[i].text.title():
            i += 1
        return i, k + 1

    def fullest(self, m: _Mention) -> _Mention:
        """A surname-only mention ("Yasser") replaced by the fullest form of
        the name in the document ("Firas al-Yasser")."""
        words = [w for w in re.split(r"[\s-]+", m.text) if w]
        if not m.named or len(m.text.split()) > 2:
            return m
        key = _name_key(words[-1])
        best = None
        for k in self._keys.get(key, []):
            i, j = self._name_run(k)
            span = self.doc[i:j]
            n = len([t for t in span if t.pos_ == "PROPN" and t.lower_ not in _NAME_PARTICLES])
            score = (n, -span.start_char)
            if best is None or score > best[0]:
                best = (score, span)
        if best is None or best[0][0] <= len([w for w in words if w.lower() not in _NAME_PARTICLES]):
            return m
        span = best[1]
        return _Mention(span.text, span.start_char, span.end_char, "person", False, m.head, True,
                        frozenset(t.lemma_.lower() for t in span))

    def resolve(self, m: _Mention | None, at: int) -> _Mention | None:
        if m is None:
            return None
        if m.pronoun:
            want = _PRONOUNS[m.pronoun]
            for h in reversed(self.history):
                if h.start >= at:
                    continue
                if (want == "plural" and h.plural) or (want == "person" and h.kind == "person" and not h.plural) or (
                        want == "org" and h.kind == "org" and not h.plural):
                    return h
            if want == "person":
                prev = [e for e in self.persons if e.end_char <= at]
                if prev:
                    e = prev[-1]
                    return self.fullest(_Mention(e.text, e.start_char, e.end_char, "person", False,
                                                 e.root.lemma_.lower(), True))
            return m
        if m.definite_short:
            earlier = [h for h in reversed(self.history) if h.start < m.start and not h.definite_short
                       and h.plural == m.plural]
            for h in earlier:
                if h.head == m.head:
                    return h
            for h in earlier:
                if m.head in h.lemmas:
                    return h
            return m
        return self.fullest(m)

    def remember(self, m: _Mention | None) -> None:
        if m is not None and not m.pronoun:
            self.history.append(m)


# --- frames ---------------------------------------------------------------------

class _Arrays:
    """Per-token attributes of a Doc as lists of ints (one ``to_array``),
    for the passes over every token; kept per Doc."""

    __slots__ = ("pos", "idx", "speech")

    def __init__(self, doc) -> None:
        if not len(doc):
            self.pos, self.idx, self.speech = [], [], frozenset()
            return
        arr = doc.to_array([LEMMA, POS, LOWER, IDX])
        pos = arr[:, 1]
        self.pos = pos.tolist()
        self.idx = arr[:, 3].tolist()
        strings = doc.vocab.strings
        # the tokens _is_speech_verb can accept (lemma and part of speech, or
        # "according"), then the full test on those few
        verbs = numpy.flatnonzero((pos == VERB) | (pos == AUX)).tolist()
        lemmas = arr[verbs, 0].tolist()
        maybe = [k for k, lemma in zip(verbs, lemmas) if _lower_of(strings, lemma) in SPEECH_VERBS]
        maybe += numpy.flatnonzero(arr[:, 2] == _ACCORDING).tolist()
        self.speech = frozenset(k for k in maybe if _is_speech_verb(doc[k]))


_ACCORDING = hash_string("according")
_LOWER: dict[int, str] = {}


def _lower_of(strings, h: int) -> str:
    s = _LOWER.get(h)
    if s is None:
        if len(_LOWER) > 200_000:
            _LOWER.clear()
        s = _LOWER[h] = strings[h].lower()
    return s


def _arrays(doc) -> _Arrays:
    memo = doc_memo(doc)
    a = memo.get("quote_arrays")
    if a is None:
        a = memo["quote_arrays"] = _Arrays(doc)
    return a


def _is_speech_verb(t) -> bool:
    if t.lower_ == "according":
        return t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to"
    if t.lemma_.lower() not in SPEECH_VERBS or t.pos_ not in ("VERB", "AUX"):
        return False
    if t.lemma_.lower() == "say" and any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
        return False  # "was said to be split"
    return True


def _subject(t, depth: int = 0):
    """The head token of the speaker of reporting verb ``t``."""
    if t.lower_ == "according":
        for c in t.children:
            if c.lower_ == "to":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None
    for c in t.children:
        if c.dep_ == "nsubj":
            if c.tag_ in ("WP", "WDT") and t.dep_ == "relcl":
                return t.head
            return c
    if depth < 3 and t.dep_ in ("advcl", "conj", "xcomp", "ccomp", "dep") and t.head is not t:
        return _subject(t.head, depth + 1)
    return None


def _date_of(t) -> str | None:
    doc = t.doc
    for c in t.children:
        if c.dep_ in ("ccomp", "nsubj", "dobj", "punct", "mark", "advcl", "conj"):
            continue
        i = j = None
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "during"):
            j = c.i + 1
            while j < len(doc) and doc[j].ent_type_ in ("DATE", "TIME"):
                j += 1
            i = c.i if j > c.i + 1 else None
        elif c.dep_ in ("npadvmod", "tmod", "advmod", "pobj") and c.ent_type_ in ("DATE", "TIME"):
            i, j = c.i, c.i + 1
            while i > 0 and doc[i - 1].ent_type_ in ("DATE", "TIME") and doc[i - 1].ent_iob_ != "O":
                i -= 1
            while j < len(doc) and doc[j].ent_type_ in ("DATE", "TIME") and doc[j].ent_iob_ == "I":
                j += 1
        if i is not None:
            if i > 0 and doc[i - 1].lower_ in ("late", "early") and doc[i - 1].head is t:
                i -= 1
            return doc[i:j].text
    return None


def find_quotes(doc) -> list["Quote"]:
    """Direct and indirect quotes of a parsed ``Doc``, in text order (see the
    module docstring for the rules)."""
    text = doc_text(doc)
    starts = _arrays(doc).idx
    paras = _paragraphs(text)
    para_starts = [p[0] for p in paras]
    spk = _Speakers(doc)

    def para_of(pos):
        return max(bisect.bisect_right(para_starts, pos) - 1, 0)

    def toks_in(a, b):
        return doc[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]

    frags = _direct_spans(text)
    inside = [(c, d) for _, _, c, d in frags]

    def in_quote(pos):
        return any(c <= pos < d for c, d in inside)

    sv = _arrays(doc).speech  # token indices of reporting verbs (_is_speech_verb)
    verbs = [doc[k] for k in sorted(sv) if not in_quote(doc[k].idx)]

    # --- raw speaker mentions, resolved in text order
    resolved: dict[int, _Mention | None] = {}
    raw_np: dict[int, tuple[int, int] | None] = {}
    for v in verbs:
        head = _subject(v)
        span = spk.np(head) if head is not None and not in_quote(head.idx) else None
        if span is not None:
            ps = text.rfind("\n", 0, doc[span[0]].idx) + 1
            dl = _dateline_end(text, ps)
            if doc[span[0]].idx < dl:  # "RUMAYSA, Kostrel — Harakat al-Saif said": the subject follows the dateline
                toks = [t for t in toks_in(dl, v.idx) if not t.is_space]
                while toks and toks[-1].is_punct:
                    toks.pop()
                span = (toks[0].i, toks[-1].i + 1) if toks and len(toks) <= 8 else None
        raw_np[v.i] = span

    def resolve_verb(v):
        if v.i in resolved:
            return resolved[v.i]
        span = raw_np.get(v.i)
        m = spk.resolve(spk.mention(*span), v.idx) if span else None
        if m is None and v.dep_ in ("advcl", "conj", "xcomp") and v.head.i in raw_np:
            m = resolve_verb(v.head)
        resolved[v.i] = m
        spk.remember(m)
        return m

    # direct quotes: find each fragment's frame verb (and a fallback speaker span)
    frame_of: list[tuple[object, tuple[int, int] | None, bool] | None] = []
    for ms, me, cs, ce in frags:
        pi = para_of(ms)
        pend = paras[para_of(me - 1)][1] if paras else len(text)
        frame = None
        # 1. after
        nxt_open = min([f[0] for f in frags if f[0] >= me] + [pend])
        send = _SENT_END.search(text, me)
        region_end = min(nxt_open, pend, send.end() if send else pend)
        content = text[cs:ce]
        after_txt = text[me:region_end]
        if re.match(r"^\s*[,;—–-]", after_txt) or re.search(r"[,?!…—–-]", text[ce - 1:me]):
            cand = [t for t in toks_in(me, region_end) if t.i in sv]
            if cand:
                v = cand[0]
                between = [t for t in toks_in(me, v.idx) if not t.is_punct]
                subj = _subject(v)
                np_between = not between or (subj is not None and me <= subj.idx < v.idx) or (
                    v.lower_ != "according" and len(between) <= 6
                    and not any(t.pos_ in ("VERB", "ADP", "AUX") for t in between))
                if np_between:
                    if not between:  # “…,” said X / “…,” according to X
                        for t in doc[v.i + (2 if v.lower_ == "according" else 1):]:
                            if t.is_punct or t.idx >= region_end:
                                break
                            between.append(t)
                    frame = (v, (between[0].i, between[-1].i + 1) if between else None, True)
        # 2. before
        if frame is None:
            prev_close = max([f[1] for f in frags if f[1] <= ms] + [paras[pi][0] if paras else 0])
            seg = text[prev_close:ms]
            ends = list(_SENT_END.finditer(seg))
            region_start = prev_close + (ends[-1].end() if ends else 0)
            cand = [t for t in toks_in(region_start, ms) if t.i in sv]
            if cand:
                v = cand[-1]
                gap = text[v.idx + len(v.text):ms]
                between = [t for t in toks_in(v.idx + len(v.text), ms) if not t.is_punct]
                if not gap.strip() or (len(between) <= 8 and re.search(r"(?:[:,]|\bthat)\s*$", gap)):
                    frame = (v, None, True)
        # 3. governing verb in the parse
        if frame is None:
            qt = toks_in(cs, ce)
            if len(qt):
                t = qt.root if len(qt) > 1 else qt[0]
                for anc in t.ancestors:
                    if (anc.idx < cs or anc.idx >= ce) and anc.i in sv and not in_quote(anc.idx):
                        frame = (anc, None, False)
                        break
        frame_of.append(frame)

    # resolve every reporting verb in text order (direct frames may override the parse)
    for f in frame_of:
        if f is not None and f[1] is not None and raw_np.get(f[0].i) is None:
            raw_np[f[0].i] = f[1]
    for v in sorted(verbs, key=lambda t: t.idx):
        resolve_verb(v)

    dates = {v.i: _date_of(v) for v in verbs}

    def date_for(v):
        """The date of ``v``'s clause, else of a reporting verb linked to it in
        the parse that has the same speaker ("X said on Monday … he added")."""
        if dates.get(v.i):
            return dates[v.i]
        linked = [w for w in verbs if dates.get(w.i) and w.sent.start == v.sent.start
                  and (w in v.ancestors or v in w.ancestors) and _same(resolved.get(w.i), resolved.get(v.i))]
        return dates[min(linked, key=lambda w: abs(w.i - v.i)).i] if linked else None

    def verb_text(v):
        return "according to" if v.lower_ == "according" else v.lower_

    quotes: list[Quote] = []
    for (ms, me, cs, ce), frame in zip(frags, frame_of):
        content = text[cs:ce]
        n = len(content.split())
        adjacent = frame is not None and frame[2]
        speech = n >= 5 or (adjacent and n >= 2 and re.search(r"[.,!?]$", content)) or (adjacent and n >= 3)
        if not speech:
            continue
        if frame is None and not (n >= 5 and re.search(r"[.!?]$", content)) and not _alone(text, ms, me):
            continue  # an unattributed phrase inside a sentence: a scare quote, not speech
        m = resolved.get(frame[0].i) if frame else None
        quotes.append(Quote(cs, ce, content, True, m.text if m else None, m.start if m else None,
                            m.end if m else None, verb_text(frame[0]) if frame else None,
                            date_for(frame[0]) if frame else None))
    # 4. inherit within the paragraph
    for q in quotes:
        if q.speaker_text is not None:
            continue
        pi = para_of(q.start)
        same = [o for o in quotes if o.direct and o is not q and o.speaker_text and para_of(o.start) == pi]
        before = [o for o in same if o.start < q.start]
        after = [o for o in same if o.start > q.start]
        src = before[-1] if before else (after[0] if after else None)
        if src is None and pi > 0 and text[paras[pi - 1][0]:paras[pi - 1][1]].rstrip().endswith(":"):
            prev = [v for v in verbs if paras[pi - 1][0] <= v.idx < paras[pi - 1][1] and resolved.get(v.i)]
            if prev:
                m = resolved[prev[-1].i]
                q.speaker_text, q.speaker_start, q.speaker_end = m.text, m.start, m.end
                q.verb, q.date_text = verb_text(prev[-1]), date_for(prev[-1])
                continue
        if src is not None:
            q.speaker_text, q.speaker_start, q.speaker_end = src.speaker_text, src.speaker_start, src.speaker_end
            q.verb, q.date_text = src.verb, src.date_text

    # --- indirect speech
    kept_direct = [(q.start, q.end) for q in quotes]
    for v in verbs:
        m = resolved.get(v.i)
        if m is None or any(c.dep_ == "neg" for c in v.children) or (
                v.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in v.children)):
            continue  # "did not say how …", "to explain how …": no statement
        span = _indirect_clause(v, text)
        if span is None:
            continue
        a, b = span
        if a <= v.idx < b or (m.start < b and a < m.end):
            continue  # the clause holds its own verb or speaker: a bad parse
        if b - a < 12 or len(text[a:b].split()) < 3:
            continue
        covered = sum(max(0, min(b, e) - max(a, s)) for s, e in kept_direct)
        if covered >= 0.8 * (b - a):
            continue
        quotes.append(Quote(a, b, text[a:b], False, m.text, m.start, m.end, verb_text(v), date_for(v)))
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _same(a: _Mention | None, b: _Mention | None) -> bool:
    return a is not None and b is not None and (a.start, a.end) == (b.start, b.end)


def _indirect_clause(v, text: str) -> tuple[int, int] | None:
    """Character span of what ``v`` reports, without "that" and end punctuation."""
    doc = v.doc
    if v.lower_ == "according":
        sent = v.sent
        sub = list(v.subtree)
        a, b = sub[0].i, sub[-1].i + 1
        if a <= sent.start + 1:
            rest = [t for t in doc[b:sent.end]]
        else:
            rest = [t for t in doc[sent.start:a]]
        while rest and (rest[0].is_punct or rest[0].lower_ in ("and", "but")):
            rest.pop(0)
        while rest and (rest[-1].is_punct or rest[-1].is_space):
            rest.pop()
        if not rest:
            return None
        return _in_paragraph(text, v.idx, rest[0].idx, rest[-1].idx + len(rest[-1].text))
    sv = _arrays(doc).speech
    clause = next((c for c in v.children if c.dep_ == "ccomp" and c.i not in sv), None)
    if clause is None:
        # a parse that hangs "that …" off a noun: "told X on condition of anonymity that …"
        for t in doc[v.i + 1:v.sent.end]:
            if t.i in sv:
                break
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.pos_ in ("VERB", "AUX") \
                    and v in t.head.ancestors and t.head.i > t.i:
                clause = t.head
                break
    if clause is None or not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children):
        return None  # no clause, or one without a subject ("fighters that sources say crossed …")
    sub = [t for t in clause.subtree]
    while sub and (sub[0].is_punct or sub[0].dep_ == "mark" or sub[0].is_space or sub[0].lower_ == "that"):
        sub.pop(0)
    if sub and sub[0].lower_ in ("how", "where", "whether", "when", "why", "if", "what", "who", "which"):
        return None  # an embedded question is not a statement
    while sub and (sub[-1].is_punct or sub[-1].is_space or sub[-1].dep_ == "cc"):
        sub.pop()
    if not sub:
        return None
    return _in_paragraph(text, v.idx, sub[0].idx, sub[-1].idx + len(sub[-1].text))


def _in_paragraph(text: str, at: int, a: int, b: int) -> tuple[int, int] | None:
    """[a, b) cut to the paragraph holding ``at`` (the parser may run a
    heading into the next line), after a dateline, with a quote mark it
    opens or closes kept inside."""
    ps = text.rfind("\n", 0, at) + 1
    pe = text.find("\n", at)
    pe = len(text) if pe < 0 else pe
    a, b = max(a, ps, _dateline_end(text, ps)), min(b, pe)
    while a < b and text[a] in " \t,;:":
        a += 1
    while b > a and text[b - 1] in " \t,;:":
        b -= 1
    inner = text[a:b]
    if (inner.count('"') % 2 or inner.count("“") != inner.count("”")) and b < pe and text[b] in '"”':
        b += 1
    elif (inner.count('"') % 2 or inner.count("“") != inner.count("”")) and a > ps and text[a - 1] in '"“':
        a -= 1
    return (a, b) if b > a else None


_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .'’-]{1,40}?)?(?:,\s*\w{3,9}\.?\s+\d{1,2})?"
                       r"\s*(?:\([A-Za-z ]+\))?\s*(?:—|–|-|:)\s+")


def _dateline_end(text: str, ps: int) -> int:
    """End of a dateline ("RUMAYSA, Kostrel — ", "HALDA, Nov 3 (MPA) - ") at
    paragraph start ``ps``, else ``ps``."""
    m = _DATELINE.match(text, ps)
    return m.end() if m else ps


def _alone(text: str, ms: int, me: int) -> bool:
    """Whether a quoted passage is a paragraph of its own."""
    ps = text.rfind("\n", 0, ms) + 1
    pe = text.find("\n", me)
    pe = len(text) if pe < 0 else pe
    return not text[ps:ms].strip() and not text[me:pe].strip(" .")
