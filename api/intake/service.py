"""Text intake in the SMS service format "KEYWORD isi laporan" (as a regency's 1708 number uses)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.complaint import service as complaint_service
from api.complaint.models import Complaint
from api.errors import InvalidInput
from api.kernel import Channel, Principal

_FORMAT = re.compile(r"^\s*(\S+)[\s#:.,-]+(.+?)\s*$", re.DOTALL)


def parse_sms(text: str, keywords: frozenset[str]) -> tuple[str, str]:
    """Split "KEYWORD isi laporan" into (KEYWORD, body); refuse unknown keywords and empty bodies."""
    match = _FORMAT.match(text)
    example = f"{sorted(keywords)[0] if keywords else 'LAPOR'} isi laporan"
    if not match:
        raise InvalidInput(f"SMS format is '{example}'")
    keyword, body = match.group(1).upper(), " ".join(match.group(2).split())
    if keyword not in keywords:
        raise InvalidInput(f"unknown keyword {keyword!r}; SMS format is '{example}'")
    if len(body) < 3:
        raise InvalidInput(f"the report is empty; SMS format is '{example}'")
    return keyword, body


def file_sms(
    *,
    db_session: Session,
    principal: Principal,
    sender: str,
    text: str,
    keywords: frozenset[str],
    message_id: str | None = None,
    received_at: datetime | None = None,
    default_zone: str,
) -> tuple[Complaint, bool]:
    """File an SMS as a draft complaint; the same gateway message id twice gives the first complaint.

    Only a principal allowed the SMS intake (a gateway token with `intake:sms`) may. `default_zone`:
    SUARA_TIMEZONE, for the deadline of a complaint not yet placed.
    """
    policy.require(principal, Action.INTAKE_SMS)
    _keyword, body = parse_sms(text, keywords)
    return complaint_service.create(
        db_session=db_session, principal=principal, via=Action.INTAKE_SMS, text=body, channel=Channel.SMS,
        reporter_phone=sender, external_ref=f"sms:{message_id}" if message_id else None, now=received_at,
        default_zone=default_zone,
    )  # fmt: skip


def reply_text(complaint: Complaint) -> str:
    return (
        f"Terima kasih, laporan Anda tercatat dengan nomor {complaint.tracking_number}. "
        "Sebutkan nomor ini untuk menanyakan perkembangannya."
    )
