"""A session-scoped trained pipeline: every nlp test runs the real model, trained here if it is missing."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.pipeline import DEFAULT_MODEL, load


@pytest.fixture(scope="session")
def pipeline() -> Language:
    if not (DEFAULT_MODEL / "config.cfg").is_file():
        from nlp.project.train import CorpusError, train

        try:
            train()
        except CorpusError as exc:
            pytest.fail(f"no trained model at {DEFAULT_MODEL} and training failed: {exc}")
    return load()
