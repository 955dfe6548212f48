"""Words the officials' pages show for stored codes: statuses, workflow steps, topics, channels.

Each label is written in English inside `t("…")` so the catalogue test sees it; the topic names come from
nlp's taxonomy, which carries both languages.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from api.pages.i18n import Translate

TAXONOMY = Path(__file__).resolve().parents[2] / "nlp" / "data" / "taxonomy.json"


def speaker_name(t: Translate, label: str) -> str:
    """ "caller-2" → "Caller 2" (translated); host and unlabelled speakers by their role alone."""
    role, _, number = label.partition("-")
    if role == "host":
        return t("Host")
    if role == "guest":
        return t("Guest {n}", n=number)
    if role == "caller":
        return t("Caller {n}", n=number)
    return t("Speaker")


def status_labels(t: Translate) -> dict[str, str]:
    return {
        "draft": t("Draft"),
        "verified": t("Verified"),
        "dispatched": t("Dispatched"),
        "in_progress": t("In progress"),
        "responded": t("Responded"),
        "closed": t("Closed"),
        "postponed": t("Postponed"),
        "returned": t("Returned by the agency"),
        "rejected": t("Rejected"),
        "archived": t("Archived"),
        "duplicate": t("Duplicate"),
    }


def step_labels(t: Translate) -> dict[str, str]:
    """The button of each workflow target, as the official would say it."""
    return {
        "draft": t("Back to draft"),
        "verified": t("Verify"),
        "dispatched": t("Dispatch to the agency"),
        "in_progress": t("Back to the agency"),
        "responded": t("Mark responded"),
        "closed": t("Close"),
        "postponed": t("Postpone"),
        "returned": t("Return"),
        "rejected": t("Reject"),
        "archived": t("Archive"),
        "duplicate": t("Mark as duplicate"),
    }


def channel_labels(t: Translate) -> dict[str, str]:
    return {
        "hotline": t("Hotline"),
        "radio": t("Radio"),
        "upload": t("Upload"),
        "web": t("Web"),
        "sms": t("SMS"),
    }


@cache
def _topics() -> tuple[dict[str, str], ...]:
    if not TAXONOMY.exists():
        return ()
    return tuple(json.loads(TAXONOMY.read_text(encoding="utf-8"))["topics"])


def topic_names(language: str) -> dict[str, str]:
    """Topic label → its name in `language` (Indonesian unless English is chosen), in taxonomy order."""
    key = "name_en" if language == "en" else "name_id"
    return {topic["label"]: topic.get(key) or topic["label"] for topic in _topics()}
