"""sitrep's store: the only place SQL is written.

    from sitrep.store import Store
    with Store("sqlite:///sitrep.db") as store:
        result = store.add_document(doc, run_id)   # AddResult(status="new", id=...)

``schema`` defines the tables, ``migrations/`` the Alembic revisions applied
when a store opens, ``pgtemp`` a throwaway PostgreSQL server for tests and
benchmarks.
"""

from .store import AddResult, RunRecord, Store, source_key

__all__ = ["AddResult", "RunRecord", "Store", "source_key"]
