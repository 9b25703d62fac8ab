"""contact_sightings.id becomes 64-bit.

Every contact of every scored post is a row, up to 5,000 a request: a 32-bit id (PostgreSQL
``serial``) would run out after ~2 billion rows. SQLite's ``INTEGER PRIMARY KEY`` is already
64-bit, so there nothing changes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("contact_sightings", "id", type_=sa.BigInteger, existing_nullable=False)
    op.execute("ALTER SEQUENCE IF EXISTS contact_sightings_id_seq AS bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER SEQUENCE IF EXISTS contact_sightings_id_seq AS integer")
    op.alter_column("contact_sightings", "id", type_=sa.Integer, existing_nullable=False)
