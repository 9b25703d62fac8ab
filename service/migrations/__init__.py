"""Alembic migrations of the feedback store (see service/store.py: ``migrate``)."""
