"""HTTP routes of a talkshow's speaker turns and the producer's fixes to them. They live in intake/
because a fix re-files the show's complaints (api/intake/turns.py); reading the turns is
api/recording/turns.py's pure view of a transcript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import IdPath, PrincipalDep, SessionDep, SettingsDep, SignedIn
from api.errors import NotFound
from api.intake import turns as intake_turns
from api.recording import service, transcripts, turns
from api.recording.schemas import TurnFixResult, TurnMerge, TurnRead, TurnRelabel, TurnSplit, TurnsRead

router = APIRouter(tags=["recordings"], dependencies=[SignedIn])


def _turns_read(recording_id: int, version: int, segments: list[dict[str, Any]]) -> TurnsRead:
    return TurnsRead(
        recording_id=recording_id,
        version=version,
        speakers=turns.speakers(segments),
        turns=[TurnRead(**vars_of(t)) for t in turns.timeline(segments)],
    )


def vars_of(turn: turns.TurnView) -> dict[str, Any]:
    return {k: getattr(turn, k) for k in ("index", "speaker", "start", "end", "text", "band")}


@router.get(
    "/recordings/{recording_id:int}/turns",
    response_model=TurnsRead,
    summary="A talkshow as host, guest and caller turns (newest transcript version)",
)
def read_turns(
    recording_id: IdPath, db_session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> Any:
    service.audible(
        db_session=db_session, principal=principal, recording_id=recording_id,
        default_region=settings.default_region,
    )  # fmt: skip
    current = transcripts.transcript(db_session=db_session, recording_id=recording_id)
    if current is None:
        raise NotFound(f"recording {recording_id} has no transcript yet")
    return _turns_read(recording_id, current.version, list(current.data.get("segments", [])))


def _fix(
    recording_id: int, db_session: Any, settings: Any, principal: Any, action: str, **fields: Any
) -> TurnFixResult:
    result = intake_turns.apply_edit(
        db_session=db_session, principal=principal, settings=settings, recording_id=recording_id,
        action=action, **fields,
    )  # fmt: skip
    db_session.commit()
    current = transcripts.transcript(db_session=db_session, recording_id=recording_id, version=result.version)
    segments = list(current.data.get("segments", [])) if current else []
    return TurnFixResult(**result.as_dict(), turns=_turns_read(recording_id, result.version, segments))


FIX_ANSWERS: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {}, 422: {}}


@router.post(
    "/recordings/{recording_id:int}/turns/merge",
    response_model=TurnFixResult,
    responses=FIX_ANSWERS,
    summary="Merge two speakers that are one person; the show's complaints follow",
)
def merge_turns(
    recording_id: IdPath,
    body: TurnMerge,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    return _fix(
        recording_id, db_session, settings, principal, "merge",
        keep=body.keep, absorb=body.absorb, based_on=body.based_on_version,
    )  # fmt: skip


@router.post(
    "/recordings/{recording_id:int}/turns/split",
    response_model=TurnFixResult,
    responses=FIX_ANSWERS,
    summary="Split a speaker that is two people from a moment on; the show's complaints follow",
)
def split_turns(
    recording_id: IdPath,
    body: TurnSplit,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    return _fix(
        recording_id, db_session, settings, principal, "split",
        speaker=body.speaker, at=body.at, to=body.role, based_on=body.based_on_version,
    )  # fmt: skip


@router.post(
    "/recordings/{recording_id:int}/turns/relabel",
    response_model=TurnFixResult,
    responses=FIX_ANSWERS,
    summary="Give a speaker another role (a guest who was a caller); the show's complaints follow",
)
def relabel_turns(
    recording_id: IdPath,
    body: TurnRelabel,
    db_session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
) -> Any:
    return _fix(
        recording_id, db_session, settings, principal, "relabel",
        speaker=body.speaker, to=body.to, based_on=body.based_on_version,
    )  # fmt: skip
