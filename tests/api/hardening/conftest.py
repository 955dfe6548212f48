"""The hardening tests reuse the scoping tests' real-account and real-row fixtures."""

from __future__ import annotations

from tests.api.auth.conftest import as_role, file_complaint, store_recording  # noqa: F401
