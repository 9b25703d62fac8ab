"""The scoring service: HTTP API, staff page, API keys, limits and the feedback store.

``service.app.create_app`` builds the FastAPI app; ``service.cli`` holds the ``keys`` and
``serve`` commands that ``tppo-detect`` mounts. See docs/service.md.
"""
