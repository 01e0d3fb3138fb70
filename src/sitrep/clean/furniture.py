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
    r"[(\[](?:[\w&.' -]{0,30}\s)?(?:Photo(?:graph)?|Image|Picture|File|Credit)s?(?:\s*[:/]\s*[\w&.' -]{1,30}|\s[\w&.' -]{0,30})?[)\]]\s*$",
    re.IGNORECASE,
)
_CREDIT_LABEL = re.compile(r"\b(?:Photo(?:graph)?|Image|Picture)s?\s*(?:credit)?\s*:\s*[\w&.'’ -]{1,40}$", re.IGNORECASE)
_ALT_TEXT = re.compile(r"^(?:(?:profile|cover|featured|header)\s+)?(?:image|photo|picture|avatar|thumbnail)\s+of\b", re.IGNORECASE)
_READ_TIME = re.compile(r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|author|words by|reporting by)\s*:?\s+\S", re.IGNORECASE)
# Calls to action and site chrome: generic web boilerplate vocabulary.
_CTA = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|sign[ -]?up|unsubscribe|inbox|cookies?|privacy policy|"
    r"terms of (?:use|service)|all rights reserved|follow us|share (?:this|on)|read more|related (?:articles|stories)|"
    r"recommended for you|most read|advertisement|sponsored|click here|download (?:our|the) app|copyright|©|"
    r"log ?in|sign ?in|leave a comment|comments?\s*\(\d+\)|whatsapp channel|telegram channel)\b",
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
    kept: list[Para]
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
            paras.append(Para(len(paras), n, line))
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


def classify(p: Para, page_counts: Counter, shared: set[str]) -> None:
    """Set ``p.klass`` when the paragraph is furniture on its own evidence."""
    t = p.text
    key = line_key(t)
    prose = p.words >= 12 and t.endswith(TERMINAL)
    why = is_caption(t)
    if why:
        p.klass, p.detail = "caption", why
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


def find_title(paras: list[Para], page_counts: Counter, hint: str | None = None) -> Para | None:
    """The headline: a hinted title, else the first title-like line near the
    top, preferring one the page repeats (saved pages often show it twice)."""
    if hint:
        hk = line_key(hint)
        for p in paras[:12]:
            if line_key(p.text) == hk:
                return p
        return None
    candidates = []
    for p in paras[:10]:
        if p.klass in ("caption", "date", "read-time", "byline", "boilerplate"):
            continue
        if not (3 <= p.words <= 30) or p.text.endswith((".", ";", ":")):
            continue
        candidates.append(p)
    for p in candidates:
        if page_counts[line_key(p.text)] > 1:
            return p
    for p in candidates:
        if p.words >= 4:
            return p
    return candidates[0] if candidates else None


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
    return CleanResult(title=title, title_para=title_para, paras=paras, kept=kept, removed=removed)


def short_lines(text: str, max_words: int = SHORT_WORDS) -> set[str]:
    """Keys of the short, unpunctuated lines of a page: what can be an
    outlet's menu or footer when several pages share it."""
    out = set()
    for p in segment(text):
        if p.words < max_words and not p.text.endswith(TERMINAL) or _CTA.search(p.text):
            out.add(line_key(p.text))
    return out
