"""Alembic environment: migrations always run on a connection handed over by
:func:`service.store.migrate` (which holds the migration lock), never from a URL here."""

from __future__ import annotations

from alembic import context

from service.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
