"""sitrep's exceptions. Every error a user can cause has a one-line message
that names the input and the problem; the CLI prints ``str(err)`` and never a
traceback.

    SitrepError
    ├── InputError                 one input (file, line, record, URL) is unusable
    │   ├── MissingInputError      the path does not exist / the glob matches nothing
    │   ├── NoSupportedFilesError  a folder with no file sitrep can read
    │   ├── EmptyInputError        zero bytes, or only whitespace
    │   ├── BinaryInputError       not text (an image renamed .txt, …)
    │   ├── TooLargeError          over the configured size limit
    │   ├── DecodeError            bytes that no supported encoding decodes
    │   ├── MalformedRecordError   a JSONL line that is not a valid article object
    │   ├── TruncatedArchiveError  a WARC (or gzip) that ends mid-record
    │   ├── NoArticleError         a page from which no article text can be extracted
    │   └── FetchError             a URL or feed that could not be fetched
    ├── StoreError                 the database could not be opened, migrated or written
    └── ConfigError                a setting is invalid
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base class; ``str(err)`` is a complete one-line message."""


class InputError(SitrepError):
    """One input is unusable. ``source`` names it, ``problem`` says why."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self):  # picklable, so a worker process can hand it back
        return (type(self), (self.source, self.problem))


class MissingInputError(InputError):
    pass


class NoSupportedFilesError(InputError):
    pass


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class TooLargeError(InputError):
    pass


class DecodeError(InputError):
    pass


class MalformedRecordError(InputError):
    pass


class TruncatedArchiveError(InputError):
    pass


class NoArticleError(InputError):
    pass


class FetchError(InputError):
    pass


class StoreError(SitrepError):
    pass


class ConfigError(SitrepError):
    pass
