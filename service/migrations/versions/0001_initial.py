"""The schema the service created before migrations existed (feedback, contact_sightings).

Databases made by that code have these tables and no ``alembic_version``:
:func:`service.store.migrate` stamps them at this revision and upgrades from here.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("illegal_recruitment", sa.SmallInteger, nullable=False),
        sa.Column("online_scam", sa.SmallInteger, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("platform", sa.String(16), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("split", sa.String(8), nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("author", sa.Text, nullable=True),
        sa.Column("posted_at", sa.String(64), nullable=True),
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.Column("key_id", sa.String(32), nullable=True),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("risk_score", sa.Integer, nullable=False),
        sa.Column("risk_level", sa.String(8), nullable=False),
        sa.Column("score_illegal_recruitment", sa.Float, nullable=False),
        sa.Column("score_online_scam", sa.Float, nullable=False),
        sa.Column("score_json", sa.Text, nullable=False),
    )
    op.create_table(
        "contact_sightings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("contact_hash", sa.String(64), nullable=False),
        sa.Column("submission_id", sa.String(32), nullable=False),
        sa.Column("risk_level", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_contact_sightings_hash",
        "contact_sightings",
        ["contact_hash", "submission_id", "risk_level"],
    )


def downgrade() -> None:
    op.drop_index("ix_contact_sightings_hash", table_name="contact_sightings")
    op.drop_table("contact_sightings")
    op.drop_table("feedback")
