"""The policy table itself: every workflow step maps to an action, writes stay with the roles that own
them, and disclosure follows the anonymous flag. Pure functions, no database."""

from __future__ import annotations

import pytest

from api.access import policy
from api.access.policy import ALLOWED, Action, disclosure, require
from api.complaint import workflow
from api.complaint.models import Complaint
from api.errors import Forbidden, Unauthorized
from api.kernel import PUBLIC, SYSTEM, Principal, Role

READS = {Action.READ, Action.READ_RECORDINGS, Action.READ_REFERENCE, Action.STATS, Action.EXPORT}


def who(role: Role, **extra) -> Principal:
    return Principal(username=f"{role}-1", role=role, user_id=1, agency_id=7, via="token", **extra)


def test_every_workflow_step_needs_a_known_action():
    verbs = {workflow.action_name(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets}
    assert verbs <= set(policy.TRANSITION_ACTIONS)


def test_leaders_only_read_and_liaisons_never_verify():
    assert {a for a, roles in ALLOWED.items() if Role.LEADER in roles} <= READS
    liaison = {a for a, roles in ALLOWED.items() if Role.LIAISON in roles}
    assert liaison - READS == {Action.PROGRESS, Action.RESPOND, Action.RETURN}
    assert all(Role.SYSADMIN in roles for roles in ALLOWED.values())


def test_require_answers_401_for_the_public_and_403_for_the_wrong_role_or_scope():
    with pytest.raises(Unauthorized):
        require(PUBLIC, Action.READ)
    with pytest.raises(Forbidden):
        require(who(Role.PRODUCER), Action.FILE)
    with pytest.raises(Forbidden):
        require(who(Role.SYSADMIN, scopes=frozenset({"recordings:write"})), Action.READ)
    require(who(Role.SYSADMIN, scopes=frozenset({"recordings:write"})), Action.UPLOAD)
    require(SYSTEM, Action.ADMIN)


def test_disclosure_follows_role_and_the_anonymous_flag():
    anonymous = Complaint(anonymous=True, filed_by="operator-1")
    named = Complaint(anonymous=False, filed_by="someone-else")
    assert disclosure(who(Role.LIAISON), anonymous) == policy.NOTHING
    assert disclosure(who(Role.LIAISON), named) == policy.FULL
    assert disclosure(who(Role.VERIFIER), anonymous) == policy.FULL
    assert disclosure(who(Role.OPERATOR), anonymous) == policy.FULL
    assert disclosure(who(Role.OPERATOR), named) == policy.NOTHING
    assert disclosure(who(Role.LEADER), named) == policy.NOTHING
    assert disclosure(who(Role.PRODUCER), named) == policy.Disclosure(contact=False, raw=True)


def test_suggestions_lose_every_entity_that_names_or_locates_the_reporter():
    entities = [
        {"label": label} for label in ("PERSON", "PHONE", "NIK", "EMAIL", "RT_RW", "ADDRESS", "PLACE")
    ]
    kept = policy.redact_suggestions({"entities": entities, "agencies": [{"code": "x"}]})
    assert kept == {"entities": [{"label": "PLACE"}], "agencies": [{"code": "x"}]}
