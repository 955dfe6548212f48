"""Named FastAPI dependencies: settings, the database session, the acting user and loaders that 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from sqlalchemy.orm import Session

from api.complaint import service as complaint_service
from api.complaint.models import Complaint
from api.config import Settings
from api.database import session_scope


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_db(request: Request, settings: SettingsDep) -> Iterator[Session]:
    """One session per request, committed when the endpoint returns (before the response is sent)."""
    writes = request.method not in ("GET", "HEAD", "OPTIONS")
    with session_scope(settings.sqlalchemy_url, write=writes) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def get_actor(
    x_suara_actor: Annotated[
        str | None, Header(max_length=120, description="who acts (until sign-in exists)")
    ] = None,
) -> str:
    """The acting user. A stand-in until accounts exist (issue 6), which will replace only this function."""
    return (x_suara_actor or "anonymous").strip() or "anonymous"


ActorDep = Annotated[str, Depends(get_actor)]


def load_complaint(complaint_id: Annotated[int, Path(ge=1, le=2**62)], db_session: SessionDep) -> Complaint:
    return complaint_service.get(db_session=db_session, complaint_id=complaint_id)


ComplaintDep = Annotated[Complaint, Depends(load_complaint)]
