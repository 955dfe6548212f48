"""Helpers for tests that start a real `suara serve` process."""

from __future__ import annotations

import time

import httpx


def wait_until_healthy(base: str, seconds: float = 60) -> None:
    """Poll `<base>/health` until the server answers 200 (or the time is up; the next call then fails)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
