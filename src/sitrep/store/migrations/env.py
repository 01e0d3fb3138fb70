"""Alembic environment for sitrep's store.

Migrations run only through :mod:`sitrep.store`, which opens the database,
starts a transaction and passes the connection in
``config.attributes["connection"]``; there is no ``alembic.ini`` and no
offline (SQL script) mode. A new revision gets a named id::

    from alembic import command
    from sitrep.store.migrate import alembic_config
    command.revision(alembic_config(), "what it does", rev_id="0002_what")
"""

from __future__ import annotations

from alembic import context

from sitrep.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "sitrep migrations run through sitrep.store.Store, which passes an open connection"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
