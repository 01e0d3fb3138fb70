"""The web UI and JSON API over the store (``sitrep serve``).

    from sitrep.web import create_app
    app = create_app("sqlite:///sitrep.db", host="127.0.0.1")

- ``app``: the FastAPI application, middleware (Host/Origin guards, security
  headers) and the error handlers that keep every ``/api/`` error in one envelope;
- ``envelope``: the two pinned JSON envelopes; ``models``: their ``data`` shapes;
- ``api``: ``/api/`` endpoints; ``pages``: server-rendered HTML (and the hook
  to the briefing renderer for the story page); ``highlight``: evidence spans
  in the clean text;
- ``data``: the read-only snapshot derived from the store; ``upload``:
  all-or-nothing ingest by upload; ``auth``: the token rule; ``server``:
  uvicorn.
"""

from .app import create_app

__all__ = ["create_app"]
