"""Fixtures shared across the suite."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """sitrep's whole NLP pipeline (spaCy plus its own components), loaded
    once for the session; tests that need it skip without the model."""
    from sitrep.errors import ConfigError
    from sitrep.nlp import load_pipeline

    try:
        return load_pipeline()
    except ConfigError as exc:  # pragma: no cover - model not installed
        pytest.skip(str(exc))
