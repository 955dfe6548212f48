"""Public statistics are served from a short cache, one entry per grouping."""

from __future__ import annotations

import time
import uuid

from fastapi.testclient import TestClient

from api.complaint import service as complaint_service
from api.complaint import transitions as complaint_transitions
from api.complaint.models import Status
from api.config import get_settings
from api.database import session_scope
from api.kernel import SYSTEM
from api.main import create_app

V1 = "/api/v1"
# Caching is under test, not suppression: with the default minimum cell, a small cell some other test left
# in the shared store could make this topic's cell the one withheld beside it (the tests' order decided).
NO_SUPPRESSION = {"public_min_cell": 1}


def _publish(settings, topic: str, count: int) -> None:
    """`count` verified (hence published) complaints on `topic`."""
    with session_scope(settings.sqlalchemy_url) as db_session:
        for i in range(count):
            complaint, _ = complaint_service.create(
                db_session=db_session, principal=SYSTEM, text=f"jalan rusak {topic} {i}", channel="web",
                topic=topic, default_zone=get_settings().timezone,
            )  # fmt: skip
            complaint_transitions.transition(
                db_session=db_session,
                principal=SYSTEM,
                complaint=complaint,
                to=Status.VERIFIED,
                default_zone=get_settings().timezone,
            )


def _count(test_client: TestClient, topic: str, group_by: str = "topic") -> int | None:
    body = test_client.get(f"{V1}/public/stats", params={"group_by": group_by}).json()
    return next((g["complaints"] for g in body["groups"] if g["group"] == topic), None)


def test_a_second_call_is_served_from_the_cache_per_grouping(settings):
    topic = f"uji-{uuid.uuid4().hex[:8]}"
    _publish(settings, topic, 5)
    cached = create_app(settings.model_copy(update={"public_stats_cache_seconds": 60, **NO_SUPPRESSION}))
    fresh = create_app(settings.model_copy(update={"public_stats_cache_seconds": 0, **NO_SUPPRESSION}))
    with TestClient(cached) as public, TestClient(fresh) as uncached:
        assert _count(public, topic) == 5
        _publish(settings, topic, 2)
        assert _count(public, topic) == 5  # the same grouping: the cached answer
        assert _count(uncached, topic) == 7
        # Another grouping is another entry: asked for the first time, it counts the new reports.
        total = public.get(f"{V1}/public/stats").json()
        assert total == uncached.get(f"{V1}/public/stats").json()
        public.app.state.public_stats_cache.clear()  # what the passing of the TTL does
        assert _count(public, topic) == 7


def test_zero_seconds_computes_every_answer(settings):
    topic = f"uji-{uuid.uuid4().hex[:8]}"
    _publish(settings, topic, 5)
    app = create_app(settings.model_copy(update={"public_stats_cache_seconds": 0, **NO_SUPPRESSION}))
    with TestClient(app) as public:
        assert _count(public, topic) == 5
        _publish(settings, topic, 1)
        assert _count(public, topic) == 6
        assert getattr(public.app.state, "public_stats_cache", None) is None


def test_entries_expire(settings):
    topic = f"uji-{uuid.uuid4().hex[:8]}"
    _publish(settings, topic, 5)
    app = create_app(settings.model_copy(update={"public_stats_cache_seconds": 0.5, **NO_SUPPRESSION}))
    with TestClient(app) as public:
        assert _count(public, topic) == 5
        _publish(settings, topic, 1)
        assert _count(public, topic) == 5
        time.sleep(0.6)
        assert _count(public, topic) == 6
