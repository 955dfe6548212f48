"""Account-level gates: who may administer accounts and tokens. Complaint-level rules (who sees which
complaint) live in api/access/policy.py."""

from __future__ import annotations

from api.errors import Forbidden, Unauthorized
from api.kernel import Principal, Role


def require_role(principal: Principal, *roles: Role, scope: str | None = None) -> Principal:
    """Return `principal` if it has one of `roles` (and, for a token, `scope`); else 401 for the public
    and 403 for a signed-in user without the right."""
    if principal.is_public:
        raise Unauthorized("sign in or present a token")
    if principal.role not in roles:
        raise Forbidden(f"only {', '.join(r.value for r in roles)} may do this")
    if scope is not None and not principal.has_scope(scope):
        raise Forbidden(f"this token lacks the {scope!r} scope")
    return principal


def require_user(principal: Principal) -> Principal:
    """Any signed-in user or token (not the public)."""
    if principal.is_public or principal.user_id is None:
        raise Unauthorized("sign in or present a token")
    return principal
