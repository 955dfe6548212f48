"""Routing rules: the store's rules in the order nlp's engine tries them, a new rule, one rule's form,
and its removal.

The form holds a rule in nlp's format (nlp/routing.py documents each field). The page only turns the
form into that JSON (lists from commas and lines, numbers from text); api/agency/routing.py has nlp
validate the whole rule set as it would be after the change, and on a refusal the form comes back with
nlp's own message and nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from pydantic import Field as PydanticField

from api.agency import routing
from api.agency.schemas import RoutingRuleWrite
from api.deps import SessionDep
from api.errors import InvalidInput, SuaraError
from api.pages.admin_kit import AdminViewer, redirect, refusal_message
from api.pages.render import render
from api.pages.viewer import Viewer

router = APIRouter(include_in_schema=False)
LEVELS = ("national", "province", "regency", "district", "village")
EMPTY = {
    "id": "",
    "topics": "",
    "level": "regency",
    "agency": "",
    "weight": "1.0",
    "keywords": "",
    "exclude_keywords": "",
    "region_prefix": "",
    "replaces": "",
    "note": "",
    "enabled": True,
    "priority": "0",
}


def _split(text: str, *, lines: bool) -> list[str]:
    parts = text.splitlines() if lines else text.split(",")
    return [p.strip() for p in parts if p.strip()]


def _form_values(rule: dict[str, Any]) -> dict[str, Any]:
    """A stored rule as the form shows it."""
    return {
        "id": rule["id"],
        "topics": ", ".join(rule.get("topics", [])),
        "level": rule.get("level", ""),
        "agency": rule.get("agency", ""),
        "weight": str(rule.get("weight", "")),
        "keywords": "\n".join(rule.get("keywords", [])),
        "exclude_keywords": "\n".join(rule.get("exclude_keywords", [])),
        "region_prefix": rule.get("region_prefix") or "",
        "replaces": ", ".join(rule.get("replaces", [])),
        "note": rule.get("note") or "",
        "enabled": rule.get("enabled", True),
        "priority": str(rule.get("priority", 0)),
    }


def _rule_from_form(values: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The form as a rule in nlp's JSON (and the store's priority); InvalidInput names a field that is
    not even of the right kind, before nlp sees the rule."""
    try:
        weight = float(values["weight"].replace(",", "."))
    except ValueError:
        raise InvalidInput("weight: a number greater than 0 and at most 1, such as 0.9") from None
    try:
        priority = int(values["priority"] or 0)
    except ValueError:
        raise InvalidInput("priority: a whole number from -1000 to 1000") from None
    data = {
        "id": values["id"].strip(),
        "topics": _split(values["topics"], lines=False),
        "level": values["level"],
        "agency": values["agency"].strip(),
        "weight": weight,
        "keywords": _split(values["keywords"], lines=True),
        "exclude_keywords": _split(values["exclude_keywords"], lines=True),
        "region_prefix": values["region_prefix"].strip() or None,
        "replaces": _split(values["replaces"], lines=False),
        "note": values["note"].strip() or None,
        "enabled": bool(values["enabled"]),
        "priority": priority,
    }
    try:
        checked = RoutingRuleWrite.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"{where}: {first['msg']}") from None
    return checked.rule(), checked.priority


def _form(
    request: Request,
    viewer: Viewer,
    *,
    values: dict[str, Any],
    rule_id: str | None,
    status_code: int = 200,
    error: str | None = None,
    done: str = "",
) -> Response:
    from nlp.routing import default_catalogue, taxonomy_labels

    catalogue = default_catalogue()
    notice = (
        viewer.t("The rule was saved; the next complaint is routed with it.") if done == "saved" else None
    )
    return render(
        request,
        viewer,
        "admin/rule.html",
        status_code=status_code,
        back=f"/admin/rules/{quote(rule_id, safe='')}" if rule_id else "/admin/rules/new",
        values=values,
        rule_id=rule_id,
        error=error,
        notice=notice,
        levels=LEVELS,
        topics=sorted(taxonomy_labels()),
        agencies=sorted({*catalogue.national, *catalogue.office_names}),
    )


@router.get("/admin/rules")
def rules(
    request: Request, viewer: AdminViewer, db_session: SessionDep, q: str = "", done: str = ""
) -> Response:
    found = routing.list_rules(db_session=db_session, principal=viewer.principal)
    wanted = q.strip().lower()
    if wanted:
        found = [r for r in found if wanted in " ".join([r["id"], r["agency"], *r["topics"]]).lower()]
    notice = viewer.t("The rule was removed.") if done == "removed" else None
    return render(request, viewer, "admin/rules.html", rules=found, q=q, notice=notice)


@router.get("/admin/rules/new")
def new_rule_form(request: Request, viewer: AdminViewer) -> Response:
    return _form(request, viewer, values=dict(EMPTY), rule_id=None)


TextField = Annotated[str, PydanticField(max_length=4000)]


class RuleForm(BaseModel):
    """The rule form as posted, every field text (`_rule_from_form` reads and checks them); the CSRF
    token and any other field are ignored."""

    id: TextField = ""
    topics: TextField = ""
    level: TextField = ""
    agency: TextField = ""
    weight: TextField = ""
    keywords: TextField = ""
    exclude_keywords: TextField = ""
    region_prefix: TextField = ""
    replaces: TextField = ""
    note: TextField = ""
    enabled: TextField = ""
    priority: TextField = ""


PostedRule = Annotated[RuleForm, Form()]


def _posted(form: RuleForm, rule_id: str | None = None) -> dict[str, Any]:
    """The form's values as the template and `_rule_from_form` read them (a checkbox posts "on")."""
    values = form.model_dump()
    values["enabled"] = form.enabled == "on"
    if rule_id is not None:  # a rule keeps its id: the one in the address, not a posted one
        values["id"] = rule_id
    return values


@router.post("/admin/rules/new")
def add_rule(request: Request, viewer: AdminViewer, db_session: SessionDep, form: PostedRule) -> Response:
    values = _posted(form)
    try:
        body, rank = _rule_from_form(values)
        saved = routing.add_rule(db_session=db_session, principal=viewer.principal, body=body, priority=rank)
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        return _form(request, viewer, values=values, rule_id=None, status_code=refusal.status, error=message)
    return redirect(f"/admin/rules/{saved['id']}", done="saved")


@router.get("/admin/rules/{rule_id}")
def rule(
    request: Request, rule_id: str, viewer: AdminViewer, db_session: SessionDep, done: str = ""
) -> Response:
    found = routing.read_rule(db_session=db_session, principal=viewer.principal, rule_id=rule_id)
    return _form(request, viewer, values=_form_values(found), rule_id=rule_id, done=done)


@router.post("/admin/rules/{rule_id}")
def replace_rule(
    request: Request, rule_id: str, viewer: AdminViewer, db_session: SessionDep, form: PostedRule
) -> Response:
    routing.read_rule(db_session=db_session, principal=viewer.principal, rule_id=rule_id)  # 404 first
    values = _posted(form, rule_id)
    try:
        body, rank = _rule_from_form(values)
        routing.replace_rule(
            db_session=db_session, principal=viewer.principal, rule_id=rule_id, body=body, priority=rank
        )
    except SuaraError as refusal:
        message = refusal_message(viewer, refusal, db_session)
        return _form(
            request, viewer, values=values, rule_id=rule_id, status_code=refusal.status, error=message
        )
    return redirect(f"/admin/rules/{rule_id}", done="saved")


@router.post("/admin/rules/{rule_id}/delete")
def remove_rule(request: Request, rule_id: str, viewer: AdminViewer, db_session: SessionDep) -> Response:
    try:
        routing.remove_rule(db_session=db_session, principal=viewer.principal, rule_id=rule_id)
    except InvalidInput as refusal:  # another rule `replaces` it: nlp refuses the set without it
        message = refusal_message(viewer, refusal, db_session)
        found = routing.read_rule(db_session=db_session, principal=viewer.principal, rule_id=rule_id)
        return _form(
            request, viewer, values=_form_values(found), rule_id=rule_id, status_code=422, error=message
        )
    return redirect("/admin/rules", done="removed")
