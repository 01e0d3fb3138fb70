"""One typed settings object, built once by the CLI and passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

DEFAULT_DB_FILE = "sitrep.db"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def sqlite_url(path: str | os.PathLike[str]) -> str:
    return "sqlite:///" + str(Path(path))


def resolve_db_url(value: str | None) -> str:
    """``--db`` accepts a SQLAlchemy URL or a file path; ``None`` means
    ``$SITREP_DATABASE_URL`` or ``sitrep.db`` in the working directory."""
    value = value or os.environ.get("SITREP_DATABASE_URL") or DEFAULT_DB_FILE
    if "://" in value:
        if value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value[len("postgres://"):]
        elif value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return sqlite_url(value)


@dataclass(frozen=True)
class Settings:
    db_url: str = field(default_factory=lambda: resolve_db_url(None))
    max_bytes: int = DEFAULT_MAX_BYTES
    #: network reads (URLs, feeds): seconds before giving up
    fetch_timeout: float = 20.0
    user_agent: str = "sitrep/0.1 (+https://example.invalid/sitrep)"
    #: shortest article body (in words) accepted from an HTML page
    min_article_words: int = 25

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.fetch_timeout <= 0:
            raise ConfigError(f"fetch_timeout must be positive, got {self.fetch_timeout}")

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
