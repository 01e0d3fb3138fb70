"""Page-furniture removal for saved news pages.

A saved page is a sequence of paragraphs (non-blank lines; soft-wrapped lines
are joined first). The article is found from structure, in a cascade:

1. **Line classes.** Each paragraph is tested for furniture that can be
   recognised on its own: image captions and photo credits, date lines and
   bylines, read-time lines, author boxes, calls to action (newsletter,
   subscribe, share, cookies), lines repeated within the page, and short
   lines that also appear in other pages of the same batch (an outlet's
   menus and footers).
2. **Title.** The first title-like line near the top (preferring one the page
   repeats); its repetitions are dropped.
3. **Article span.** Each paragraph gets a score: article-like prose (a
   sentence of several words ending in sentence punctuation) scores its word
   count; long unpunctuated lines (standfirsts) half of it; short title-like
   lines, truncated teasers ("…") and classed furniture score negative. The
   article is the contiguous run of paragraphs with the highest total (the
   maximum-subarray idea of Finn et al.'s Body Text Extraction). Short
   lines *inside* the run are crossheads and stay; runs of short lines,
   dates and repeated titles after the article (a column of teasers)
   outweigh the occasional blurb sentence among them and fall outside.
4. **Inside the span** classed furniture (a caption between two paragraphs)
   is still removed.

Every removal is recorded with the raw line number, the text and a reason,
so a reader (or the web view) can see what was dropped and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..model import Removal
from .dates import is_date_only

TERMINAL = tuple('.!?:;"\'”’)»')
ELLIPSIS = ("...", "…")

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)

# A credit after the caption text: ".—AFP", ". / bne IntelliNews", "— Photo: Jane Doe",
# " / CC: Syrian forces pages". The credit itself is short and unpunctuated.
_CREDIT_TAIL = re.compile(
    r"(?:[.!?”\"’)\]]\s*|\s)(?:[—–]|-{1,2}|/)\s*"
    r"(?:(?:Photo(?:graph)?|Image|Picture|Credit|CC|Source|File|Illustration)s?\s*:?\s*)?"
    r"[A-Za-z][\w&.'’ -]{1,45}$"
)
# "(AFP Photo)", "(Photo: AFP)", "(File photo)", "[Reuters]" at the end of a caption.
_CREDIT_PAREN = re.compile(
    r"[(\[](?:[\w&.' -]{0,30}\s)?(?:Photo(?:graph)?|Image|Picture|File|Credit)s?(?:\s*[:/]\s*[\w&.'/ -]{1,40}|\s[\w&.'/ -]{0,40})?[)\]]\s*$",
    re.IGNORECASE,
)
_CREDIT_LABEL = re.compile(r"\b(?:Photo(?:graph)?|Image|Picture)s?\s*(?:credit)?\s*:\s*[\w&.'’ -]{1,40}$", re.IGNORECASE)
_ALT_TEXT = re.compile(r"^(?:(?:profile|cover|featured|header)\s+)?(?:image|photo|picture|avatar|thumbnail)\s+of\b", re.IGNORECASE)
_READ_TIME = re.compile(r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|author|words by|reporting by)\s*:?\s+\S", re.IGNORECASE)
# An agency's closing credits: "Reporting by A in X; additional reporting by B; editing by C".
_CREDITS = re.compile(r"^(?:\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by)\b", re.IGNORECASE)
# "Jane Roe is a senior fellow at the Institute, where she covers ..."
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}\s+(?:is|was)\s+(?:an?|the)\s+[^.]{0,80}?\b(?:fellow|correspondent|editor|"
    r"reporter|journalist|writer|author|columnist|analyst|professor|researcher|lecturer|director|contributor)\b"
)
# A navigation bar: several short items separated by wide gaps, pipes or dots.
_NAV_SPLIT = re.compile(r"\s{3,}|\t+|\s+[|·•]\s+")
# Calls to action and site chrome: generic web boilerplate vocabulary.
_CTA = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|sign[ -]?up|unsubscribe|inbox|cookies?|privacy policy|"
    r"terms of (?:use|service)|all rights reserved|follow us|share (?:this|on)|read more|related (?:articles|stories)|"
    r"recommended for you|most read|advertisement|sponsored|click here|download (?:our|the) app|copyright|©|"
    r"log ?in|sign ?in|leave a comment|comments?\s*\(\d+\)|whatsapp channel|telegram channel|donate|donation|"
    r"become a (?:member|subscriber|supporter)|support (?:our|independent|quality) [\w ]{0,20}journalism|"
    r"skip to (?:main )?content|listen to (?:this )?article|read (?:also|next|more)|see also|also read|more from|related:|you may also like|trending now|editor'?s picks)\b",
    re.IGNORECASE,
)

SHORT_WORDS = 8
#: classes that count against the article span but are kept inside it
IN_BODY_OK = ("shared", "repeated")  # lines under this many words, unpunctuated, are title-like


@dataclass
class Para:
    """A paragraph of the raw page: one line, or soft-wrapped lines joined."""

    index: int
    line: int  # 1-based line number in the raw text
    text: str
    raw: str = ""  # the line before whitespace was normalised
    words: int = 0
    klass: str | None = None  # furniture class found on its own, if any
    detail: str = ""
    score: float = 0.0
    region: str = "body"  # head | body | tail after span selection

    def __post_init__(self) -> None:
        self.words = len(_WORD.findall(self.text))


@dataclass
class CleanResult:
    title: str | None
    title_para: Para | None
    paras: list[Para]
    masthead: str | None
    kept: list[Para] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.kept)

    def head(self) -> list[Para]:
        return [p for p in self.paras if p.region == "head"]

    def tail(self) -> list[Para]:
        return [p for p in self.paras if p.region == "tail"]


def normalise_line(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    return re.sub(r" {2,}", " ", text).strip()


def line_key(text: str) -> str:
    """A key under which two renderings of the same line compare equal."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\W+", " ", text).strip()


def segment(text: str) -> list[Para]:
    """Split a page into paragraphs, joining soft-wrapped lines.

    A line is joined to the previous one when no blank line separates them,
    the previous line is long (40+ characters), does not end a sentence, and
    the new line starts in lower case: the signature of hard wrapping.
    """
    paras: list[Para] = []
    prev_blank = True
    for n, raw in enumerate(text.split("\n"), start=1):
        line = normalise_line(raw)
        if not line:
            prev_blank = True
            continue
        if (
            paras
            and not prev_blank
            and len(paras[-1].text) >= 40
            and not paras[-1].text.endswith(TERMINAL)
            and line[:1].islower()
        ):
            last = paras[-1]
            paras[-1] = Para(last.index, last.line, last.text + " " + line)
        else:
            paras.append(Para(len(paras), n, line, raw.strip()))
        prev_blank = False
    return paras


def is_caption(text: str) -> str | None:
    """Why ``text`` looks like an image caption or photo credit, or None."""
    if _ALT_TEXT.search(text):
        return "image alt text"
    if _CREDIT_PAREN.search(text):
        return "ends with a photo credit in brackets"
    if _CREDIT_LABEL.search(text):
        return "ends with a photo credit label"
    m = _CREDIT_TAIL.search(text)
    if m and len(_WORD.findall(m.group(0))) <= 6 and not text.endswith(TERMINAL):
        body = text[: m.start() + 1]
        if len(_WORD.findall(body)) >= 3:
            return "ends with a credit after a dash or slash"
    return None


def is_nav(raw: str) -> bool:
    """A navigation bar or tag list: three or more short items in a row."""
    items = [x for x in _NAV_SPLIT.split(raw.strip()) if x.strip()]
    return len(items) >= 3 and all(len(_WORD.findall(x)) <= 4 for x in items)


def classify(p: Para, page_counts: Counter, shared: set[str]) -> None:
    """Set ``p.klass`` when the paragraph is furniture on its own evidence."""
    t = p.text
    key = line_key(t)
    prose = p.words >= 12 and t.endswith(TERMINAL)
    why = is_caption(t)
    if why:
        p.klass, p.detail = "caption", why
    elif is_nav(p.raw or t) and not t.endswith((".", "!", "?")):
        p.klass, p.detail = "menu", "navigation bar or tag list"
    elif _CREDITS.search(t) and p.words <= 40:
        p.klass, p.detail = "byline", "reporting and editing credits"
    elif _READ_TIME.search(t) and p.words <= 12:
        p.klass, p.detail = "read-time", "reading-time line"
    elif is_date_only(t) and p.words <= 14:
        p.klass, p.detail = "date", "date line"
    elif _BYLINE.search(t) and p.words <= 12 and not t.endswith(TERMINAL):
        p.klass, p.detail = "byline", "byline or author box"
    elif _CTA.search(t) and p.words <= 25:
        p.klass, p.detail = "boilerplate", "call to action or site chrome"
    elif page_counts[key] > 1 and not prose:
        p.klass, p.detail = "repeated", f"repeated {page_counts[key]} times on the page"
    elif key in shared and not prose:
        p.klass, p.detail = "shared", "also appears on other pages of the batch"


#: span score of each furniture class: captions and ads sit inside articles
#: too, so they barely count; date lines, bylines and repeated lines mark the
#: edges of the article and push the span away.
PENALTY = {"caption": -2.0, "boilerplate": -10.0, "repeated": -10.0, "shared": -8.0}


def score(p: Para) -> float:
    if p.klass:
        return PENALTY.get(p.klass, -15.0)
    t = p.text
    if t.endswith(ELLIPSIS):
        return -5.0
    if t.endswith(TERMINAL) and p.words >= 4:
        return float(min(p.words, 40))
    if p.words >= 12:
        return p.words / 2
    return -4.0


_STOP = frozenset(
    "about after again against also among and another around because been before being between both could during "
    "each either from have having here into itself just many more most much must near only other over said same "
    "says should since some such than that their them then there these they this those through under until very "
    "were what when where which while whom whose will with within without would your".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased content words, cut to five letters (a cheap stem)."""
    return {w.lower()[:5] for w in _WORD.findall(text) if len(w) >= 4 and w.lower() not in _STOP}


_GENERIC = frozenset(
    "news breaking live latest world home menu search opinion analysis politics sport sports business top stories "
    "story edition subscribe region local national international today video videos more articles features".split()
)
_MINOR = frozenset("of the and for in on at a an de la le el al".split())


def masthead_name(p: Para) -> str | None:
    """The outlet name a masthead line shows ("KOSTREL TODAY" -> "Kostrel
    Today"; "MPA | Meridian Press Agency" -> "Meridian Press Agency"), or None
    when the line does not look like one."""
    if p.text.endswith(TERMINAL) or is_date_only(p.text) or p.klass in ("caption", "date", "byline", "read-time"):
        return None
    parts = [x.strip() for x in re.split(r"\s+[|·•]\s+", p.text) if x.strip()]
    if len(parts) > 2:
        return None
    name = max(parts, key=lambda x: len(_WORD.findall(x)))
    words = _WORD.findall(name)
    if not 1 <= len(words) <= 4 or (len(words) == 1 and len(parts) == 1):
        return None
    if not all(w[:1].isupper() or w.lower() in _MINOR for w in name.split()):
        return None
    if all(w.lower() in _GENERIC or w.lower() in _MINOR for w in words):
        return None
    if name.isupper():
        name = " ".join(w if w.lower() not in _MINOR or i == 0 else w.lower() for i, w in enumerate(w.capitalize() for w in name.split()))
    return name


def find_masthead(paras: list[Para], body_text: str) -> tuple[Para, str] | None:
    """A masthead among the first lines: a short capitalised name, and the
    page marks it as one (capitals, a "Name | Name" pair, a menu right
    after it) or names it again elsewhere (in the text or the footer)."""
    for i, p in enumerate(paras[:4]):
        if p.words >= 12 and p.text.endswith(TERMINAL):
            break
        name = masthead_name(p)
        if not name:
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        marked = p.text.isupper() or "|" in p.text or (nxt is not None and (nxt.klass == "menu" or nxt.words <= 1))
        echoed = line_key(name) in line_key(body_text)
        if marked or echoed:
            return p, name
    return None


def find_title(paras: list[Para], page_counts: Counter, hint: str | None = None) -> Para | None:
    """The headline: a hinted title, else a title-like line near the top.

    Mastheads, slogans and section labels are title-like too, so candidates
    are ranked by how many of their words the article's prose uses: a
    repeated candidate (saved pages often show the headline twice) that
    the article echoes wins, then the earliest candidate the article echoes
    strongly, then the best echoed one.
    """
    if hint:
        hk = line_key(hint)
        for p in paras[:12]:
            if line_key(p.text) == hk:
                return p
        return None
    candidates = []
    for p in paras[:12]:
        if p.klass in ("caption", "date", "read-time", "byline", "boilerplate", "menu", "masthead"):
            continue
        if not (3 <= p.words <= 30) or p.text.endswith((".", ";", ":")):
            continue
        if p.text.isupper() and p.words <= 6:
            continue  # a masthead or section label in capitals
        candidates.append(p)
    if not candidates:
        return None
    prose = set().union(*(content_words(p.text) for p in paras if p.words >= 12 and p.text.endswith(TERMINAL)))

    def echo(p: Para) -> float:
        words = content_words(p.text)
        return len(words & prose) / len(words) if words else 0.0

    furniture_keys = [line_key(p.text) for p in paras if p.klass]

    def repeated(p: Para) -> bool:
        k = line_key(p.text)
        return page_counts[k] > 1 or any(k in other and k != other for other in furniture_keys)

    for p in candidates:
        if repeated(p) and echo(p) >= 0.2:
            return p
    # Site chrome (masthead, slogan, navigation bar) comes before the article's
    # header: candidates above the last navigation bar are not headlines.
    navs = [p.index for p in paras[:12] if p.klass == "menu"]
    if navs and any(p.index > navs[-1] for p in candidates):
        candidates = [p for p in candidates if p.index > navs[-1]]
    for p in candidates:
        if p.words >= 4 and echo(p) >= 0.3:
            return p
    best = max(candidates, key=lambda p: (echo(p), p.words >= 4, -p.index))
    return best


def best_span(scores: list[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run ``[start, end)``; empty when all negative."""
    best, best_lo, best_hi = 0.0, 0, 0
    run, lo = 0.0, 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, lo = s, i
        else:
            run += s
        if run > best:
            best, best_lo, best_hi = run, lo, i + 1
    return best_lo, best_hi


def clean_page(text: str, *, title_hint: str | None = None, shared: set[str] | None = None, full: bool = True) -> CleanResult:
    """Separate the article from page furniture.

    ``full=False`` is light cleaning for text an extractor already reduced to
    the article (HTML, JSONL): only line-level furniture is removed, no span
    is cut.
    """
    paras = segment(text)
    page_counts = Counter(line_key(p.text) for p in paras)
    for p in paras:
        classify(p, page_counts, shared or set())
    masthead = find_masthead(paras, " ".join(p.text for p in paras[4:])) if full else None
    if masthead:
        masthead[0].klass, masthead[0].detail = "masthead", f"the outlet's name: {masthead[1]}"
    title_para = find_title(paras, page_counts, title_hint)
    title = title_hint or (title_para.text if title_para else None)
    removed: list[Removal] = []
    if title:
        tk = line_key(title)
        for p in paras:
            if line_key(p.text) == tk:
                p.klass, p.detail = "title", "headline" if p is title_para else "repeated headline"

    candidates = [p for p in paras if p.klass != "title"]
    if full:
        lo, hi = best_span([score(p) for p in candidates])
        first_line = candidates[lo].line if hi > lo else None
        last_line = candidates[hi - 1].line if hi > lo else None
    else:
        first_line, last_line = (candidates[0].line, candidates[-1].line) if candidates else (None, None)

    if full and last_line is not None:
        for p in [c for c in candidates if c.line <= last_line][-2:]:
            if not p.klass and _AUTHOR_BIO.match(p.text):
                p.klass, p.detail = "author-bio", "note about the author at the end of the article"

    kept: list[Para] = []
    seen_in_body: set[str] = set()
    for p in paras:
        if first_line is None or p.line < first_line:
            p.region = "head"
        elif p.line > last_line:
            p.region = "tail"
        else:
            p.region = "body"
        if p.region == "body" and p.klass in IN_BODY_OK:
            # A crosshead that other pages share, or the first occurrence of a
            # line repeated later, is still article text inside the span.
            key = line_key(p.text)
            if p.klass == "shared" or key not in seen_in_body:
                seen_in_body.add(key)
                p.klass, p.detail = None, ""
        if p.klass == "title":
            removed.append(Removal(p.line, p.text, "title", p.detail))
        elif p.region == "body" and not p.klass:
            kept.append(p)
        elif p.klass:
            removed.append(Removal(p.line, p.text, p.klass, p.detail))
        elif p.region == "head":
            reason = "menu" if p.words <= 3 else "header"
            removed.append(Removal(p.line, p.text, reason, "before the start of the article"))
        else:
            reason = "menu" if p.words <= 3 else "trailing"
            removed.append(Removal(p.line, p.text, reason, "after the end of the article (teasers, related links, footer)"))
    return CleanResult(title=title, title_para=title_para, paras=paras, masthead=masthead[1] if masthead else None, kept=kept, removed=removed)


def short_lines(text: str, max_words: int = SHORT_WORDS) -> set[str]:
    """Keys of the short, unpunctuated lines of a page: what can be an
    outlet's menu or footer when several pages share it."""
    out = set()
    for p in segment(text):
        if p.words < max_words and not p.text.endswith(TERMINAL) or _CTA.search(p.text):
            out.add(line_key(p.text))
    return out
