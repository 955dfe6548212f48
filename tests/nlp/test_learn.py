"""Learning from officials: which verified complaints become examples, when a new model may replace one."""

from __future__ import annotations

from datetime import datetime

from nlp.project.learn import Labelled, agreement, as_examples, should_install


def test_agreement_per_topic_and_per_month() -> None:
    rows = [
        ("infrastruktur", "infrastruktur", datetime(2026, 10, 3)),
        ("lingkungan", "infrastruktur", datetime(2026, 10, 9)),
        ("kesehatan", "kesehatan", datetime(2026, 11, 1)),
        (None, "kesehatan", datetime(2026, 11, 2)),  # never analysed: counts as a disagreement
        ("kesehatan", None, datetime(2026, 11, 3)),  # no official topic: not a lesson
    ]
    by_topic, by_month = agreement(rows)
    assert [(a.key, a.n, a.agreed) for a in by_topic] == [("infrastruktur", 2, 1), ("kesehatan", 2, 1)]
    assert [(a.key, a.n, a.agreed) for a in by_month] == [("2026-10", 2, 1), ("2026-11", 2, 1)]
    assert by_topic[0].share == 0.5


def test_only_taxonomy_topics_become_training_examples() -> None:
    items = [
        Labelled("store-1", "jalan rusak", "infrastruktur", "pengaduan", False),
        Labelled("store-2", "apa saja", "bukan_topik", "pengaduan", False),
        Labelled("store-3", "   ", "kesehatan", "pengaduan", False),
    ]
    examples = as_examples(items, ["infrastruktur", "kesehatan"])
    assert [(e.text, e.topics, e.group) for e in examples] == [("jalan rusak", ("infrastruktur",), "store-1")]


def test_a_candidate_is_installed_only_if_not_worse() -> None:
    assert should_install(0.70, None)
    assert should_install(0.70, 0.70)
    assert should_install(0.71, 0.70)
    assert not should_install(0.69, 0.70)
