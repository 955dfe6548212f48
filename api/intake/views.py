"""HTTP route of the SMS gateway webhook."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Response, status

from api import jobs
from api.deps import PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.intake import service
from api.intake.schemas import SmsIn, SmsReply

router = APIRouter(tags=["intake"], dependencies=[SignedIn])


@router.post(
    "/intake/sms",
    response_model=SmsReply,
    status_code=status.HTTP_201_CREATED,
    summary='SMS gateway webhook: "KEYWORD isi laporan" becomes a draft complaint',
    responses={200: {"description": "the same message id was already filed", "model": SmsReply}},
)
def receive_sms(
    body: SmsIn,
    response: Response,
    background: BackgroundTasks,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> SmsReply:
    """Needs the gateway's token (scope `intake:sms`); the reporter's number arrives as `from`."""
    complaint, created = service.file_sms(
        db_session=db_session, principal=principal, sender=body.sender, text=body.text,
        keywords=settings.keyword_set, message_id=body.id, received_at=body.received_at,
        default_zone=settings.timezone,
    )  # fmt: skip
    db_session.commit()
    if created:
        # Queued after the reply is sent: the gateway waits for the tracking number only; the periodic
        # sweep re-queues any analysis lost if the process dies in between.
        background.add_task(jobs.enqueue_analysis, complaint.id)
    else:
        response.status_code = status.HTTP_200_OK
    return SmsReply(
        tracking_number=complaint.tracking_number or "", created=created, reply=service.reply_text(complaint)
    )
