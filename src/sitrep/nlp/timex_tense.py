"""The tense around a time expression: "past", "future", "present" or None.

Year-less and weekday expressions are resolved by tense ("said on Monday"
→ the Monday before the report; "will meet on Monday" → the next one). Two
ways to read it:

- :func:`tense_from_doc` uses a spaCy parse: from the expression's tokens
  up the dependency tree to the verb that governs it, then that verb's
  auxiliaries ("will", "shall", "'ll", "would", "going to"), its tag (VBD /
  VBN = past) and, for an infinitive, the verb above it ("plans to meet",
  "is expected to vote", "is scheduled for" → future);
- :func:`tense_from_text` needs no model: it scans the words of the
  sentence outwards from the expression, left first, for the nearest
  marker (a modal or "scheduled"/"expected to"… for the future, a past
  form for the past).

Both return None when they find nothing; the caller then uses its default
(the most recent occurrence not after the anchor, for news).
"""

from __future__ import annotations

import re

#: words that make a following "to" + verb future ("plans to meet", "is due to vote")
FUTURE_GOVERNORS = {"plan", "plans", "planned", "planning", "expected", "expects", "expect", "scheduled", "set",
                    "due", "hopes", "hope", "hoped", "wants", "want", "intends", "intend", "intended", "aims",
                    "aim", "going", "preparing", "prepared", "poised", "likely", "agreed", "decided", "vowed",
                    "promised", "threatened", "pledged", "is", "are", "was", "were", "slated", "ready",
                    "able", "sure", "seeks", "sought", "trying", "tried", "attempt", "urged", "asked", "called"}
PRESENT_WORDS = {"is", "are", "am", "says", "say", "has", "have", "does", "do"}
IRREGULAR_PAST = set("""was were had did said told met made took came went left held began saw gave fell rose won
lost fought found got ran shot sent spoke wrote brought thought kept led paid sold stood broke chose drove flew
grew knew lay rode rang sank spent stole swore threw tore woke wore became fled sought taught bought caught felt
heard meant built lent dealt fed struck stuck slid sprang stung spun swept swung underwent overcame overtook
withdrew forbade forgave arose awoke bore beat bit bled blew bred clung crept dug drew drank ate fled flung
froze ground hung hid knelt leapt lit mistook rebuilt rewrote sang shook shrank slew slept spat split stank
strode strove swam took understood upheld upset wept wound ago yesterday last earlier""".split())
NOT_PAST_ED = {"scheduled", "planned", "expected", "need", "speed", "red", "bed", "hundred", "united", "armed",
               "based", "related", "alleged", "detailed", "limited", "advanced", "concerned", "interested",
               "proposed", "wanted", "reported", "so-called", "called", "named", "led", "needed", "coed",
               "shed", "indeed", "breed", "seed", "feed", "weed", "greed", "creed", "deed", "embed", "ahmed",
               "mohammed", "muhammad", "mohamed", "hamed", "saeed", "rasheed", "javed", "naveed", "fred",
               "ted", "ned", "wed", "bred", "fled", "sled", "med", "ed", "zed"}
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|[.;:!?]")
_CLAUSE_BREAK = {";", ":"}


#: words after which an "-ed" form is an adjective, not a past verb ("a still unspecified date", "the
#: proposed merger", "its revised offer")
_ADJ_CONTEXT = {"a", "an", "the", "these", "those", "its", "their", "our", "your", "my", "very", "newly", "more",
                "most", "less", "least", "highly", "widely", "long", "any", "no"}


def _adjectival(word: str, prev: str | None) -> bool:
    """An "-ed" word used as an adjective: after a determiner or degree word,
    or a negated participle ("unspecified", "unnamed")."""
    w = word.lower()
    if w in IRREGULAR_PAST or not w.endswith("ed"):
        return False
    return (prev is not None and prev.lower() in _ADJ_CONTEXT) or (w.startswith("un") and len(w) > 6)


def _classify(word: str, nxt: str | None) -> str | None:
    w = word.lower()
    if w in ("will", "shall", "'ll", "wo", "would", "might", "must") or word == "may":
        return "future"
    if w in ("scheduled", "slated", "planned", "upcoming", "tomorrow", "next", "forthcoming"):
        return "future"
    if w == "to" and nxt is None:
        return None
    if w in IRREGULAR_PAST:
        return "past"
    if w.endswith("ed") and len(w) > 4 and w not in NOT_PAST_ED:
        return "past"
    if w in PRESENT_WORDS:
        return "present"
    return None


_SOON = re.compile(r"\bas\s+(?:soon|early|late)\s+as\s*$|\b(?:from\s+now|starting|beginning)\s*$", re.I)


def tense_from_text(sentence: str, start: int, end: int) -> str | None:
    """Tense for the expression at ``[start, end)`` of ``sentence`` (offsets
    into ``sentence``), from the nearest marker word, left side first
    (within the clause), then the right side."""
    if _SOON.search(sentence[:start]):
        return "future"
    left = _WORD.findall(sentence[:start])
    right = _WORD.findall(sentence[end:])
    # left: nearest first, stopping at a clause break
    for i in range(len(left) - 1, max(-1, len(left) - 16), -1):
        w = left[i]
        if w in _CLAUSE_BREAK or w in ".!?":
            break
        nxt = left[i + 1].lower() if i + 1 < len(left) else None
        if w.lower() == "to" and i > 0 and left[i - 1].lower() in FUTURE_GOVERNORS and nxt:
            return "future"  # "planned to leave on Thursday", "is to resume trading Tuesday"
        if _adjectival(w, left[i - 1] if i > 0 else None):
            continue
        t = _classify(w, nxt)
        if t == "present" and w.lower() in ("has", "have") and nxt and nxt.endswith(("ed", "en")):
            return "past"
        if t == "past" and i > 0 and left[i - 1].lower() in ("be", "been", "being"):
            continue  # a passive participle: "will be held", "has been killed" - the auxiliary decides
        if t is not None and t != "present":
            return t
        if t == "present":
            # "is/are" + participle or + "to": look one further
            if nxt and (_classify(nxt, None) in ("past", "future") or nxt == "to"):
                continue
            return "present"
    for i, w in enumerate(right[:10]):
        if w in _CLAUSE_BREAK or w in ".!?":
            break
        nxt = right[i + 1].lower() if i + 1 < len(right) else None
        if w.lower() == "to" and i > 0 and right[i - 1].lower() in FUTURE_GOVERNORS and nxt:
            return "future"
        if _adjectival(w, right[i - 1] if i > 0 else None):
            continue
        t = _classify(w, nxt)
        if t is not None:
            return t
    return None


_FUT_AUX = {"will", "shall", "'ll", "wo", "would", "'d"}
_FUT_GOVERNORS = {"plan", "expect", "schedule", "intend", "hope", "aim", "want", "seek", "prepare", "set",
                  "due", "agree", "decide", "vow", "promise", "threaten", "pledge", "propose", "slate",
                  "poise", "likely", "go", "try", "need", "call", "urge", "ask"}


_STATIVE = {"be", "have", "say", "tell", "report", "announce", "claim", "state", "add", "note", "know", "believe",
            "think", "seem", "remain", "appear", "show", "mean", "hold", "accuse", "deny", "insist", "estimate",
            "confirm", "warn", "want", "need", "do", "get", "feel", "see", "hear", "argue", "suggest", "indicate"}


def tense_from_doc(doc, start_char: int, end_char: int) -> str | None:
    """Tense from a spaCy ``Doc`` for the expression at
    ``[start_char, end_char)``; None when the parse shows none."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    verb = None
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok not in span:
            verb = tok
            break
        if tok.head is tok:
            if tok.pos_ in ("VERB", "AUX"):
                verb = tok
            break
        tok = tok.head
    if verb is None:
        return None
    return _verb_tense(verb, depth=0)


def _verb_tense(verb, depth: int) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for a in auxes:
        if a.text.lower() in _FUT_AUX or (a.lemma_ == "be" and any(c.text.lower() == "going" for c in verb.children)):
            return "future"
    if verb.lemma_ in ("schedule", "slate") and verb.tag_ == "VBN":
        return "future"
    tag = verb.tag_
    if any(a.text.lower() == "to" for a in auxes) or tag == "VB":
        # an infinitive: "plans to meet", "is expected to vote", "agreed to talk"
        head = verb.head
        if head is not verb and depth < 3:
            if head.lemma_ in _FUT_GOVERNORS:
                return "future"
            return _verb_tense(head, depth + 1)
        return None
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if any(a.lemma_ == "have" for a in auxes):
            return "past"
        if any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "past" if any(a.lemma_ == "be" for a in auxes) else "present"
        return "past"
    if tag in ("VBZ", "VBP"):
        # a scheduled present ("the panel meets Monday") unless the verb
        # reports or states ("says", "is")
        return "present" if verb.lemma_ in _STATIVE else "future"
    if tag == "VBG":
        if any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        head = verb.head
        if head is not verb and depth < 3:
            return _verb_tense(head, depth + 1)
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    return None
