"""`suara users …`: bootstrap the first sysadmin and manage accounts and machine tokens from a shell.

Every change is written to the auth event log with the acting operating-system user, like the API's.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Annotated

import typer

from api.commands.output import fail

users_app = typer.Typer(help="Accounts and machine tokens.", no_args_is_help=True)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for this uid (containers)
        return "cli"


@contextmanager
def _account_errors() -> Iterator[None]:
    """Domain errors as one line; a database without the accounts tables gets the command that fixes it."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from api.errors import SuaraError

    try:
        yield
    except SuaraError as exc:
        fail(str(exc))
    except (OperationalError, ProgrammingError) as exc:
        first = str(exc.orig if hasattr(exc, "orig") else exc).splitlines()[0]
        fail(f"the database is not ready ({first}); run `suara db upgrade` first")


def _read_password(from_stdin: bool, no_password: bool) -> str | None:
    """--password-stdin reads one line; a terminal is asked twice; otherwise no password (tokens only)."""
    if no_password:
        return None
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            fail("--password-stdin: no password on standard input")
        return line
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return None


@users_app.command("create")
def create(
    username: str = typer.Argument(..., help="lowercase letters, digits, '.', '_' or '-' (3-64)"),
    role: str = typer.Option(..., "--role", help="operator, producer, verifier, liaison, leader or sysadmin"),
    agency: str | None = typer.Option(
        None, "--agency", help="agency code (required for verifier, liaison, leader)"
    ),
    name: str | None = typer.Option(None, "--name", help="display name"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from stdin"),
    no_password: bool = typer.Option(False, "--no-password", help="token access only, even on a terminal"),
) -> None:
    """Create an account (on a terminal you are asked for its password twice)."""
    from api.auth import service
    from api.config import get_settings
    from api.database import session_scope

    password = _read_password(password_stdin, no_password)
    settings = get_settings()
    with _account_errors(), session_scope(settings.sqlalchemy_url) as db_session:
        user = service.create_user(
            db_session=db_session, settings=settings, username=username, role=role, actor=_actor(),
            agency_code=agency, display_name=name, password=password,
        )  # fmt: skip
        access = "password and tokens" if password else "tokens only"
        typer.echo(f"created {user.username} ({user.role}, {access})")


@users_app.command("list")
def list_users() -> None:
    """Accounts with role, agency and state."""
    from api.auth import service
    from api.config import get_settings
    from api.database import session_scope, utcnow

    now = utcnow()
    with _account_errors(), session_scope(get_settings().sqlalchemy_url, write=False) as db_session:
        for user in service.list_users(db_session=db_session):
            code = service.agency_code(db_session=db_session, agency_id=user.agency_id) or "-"
            state = "disabled" if user.disabled else "active"
            if user.locked_until is not None and user.locked_until > now:
                state += ", locked"
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
            typer.echo(f"{user.username:<24} {user.role:<9} {code:<16} {state:<16} last sign-in {last}")


def _set_disabled(username: str, disabled: bool) -> None:
    from api.auth import service
    from api.config import get_settings
    from api.database import session_scope

    settings = get_settings()
    with _account_errors(), session_scope(settings.sqlalchemy_url) as db_session:
        user = service.by_username(db_session=db_session, username=username)
        service.update_user(
            db_session=db_session,
            settings=settings,
            user=user,
            actor=_actor(),
            changes={"disabled": disabled},
        )
    typer.echo(f"{username} {'disabled' if disabled else 'enabled'}")


@users_app.command("disable")
def disable(username: str = typer.Argument(...)) -> None:
    """Disable an account: its sessions end and its tokens stop working."""
    _set_disabled(username, True)


@users_app.command("enable")
def enable(username: str = typer.Argument(...)) -> None:
    """Enable a disabled account again."""
    _set_disabled(username, False)


@users_app.command("token")
def token(
    username: str = typer.Argument(...),
    name: str = typer.Option(..., "--name", help="what uses it, e.g. 'hotline recorder'"),
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help="limit to a scope; repeat for several")
    ] = None,
    expires_days: int | None = typer.Option(None, "--expires-days", min=1, max=3650),
) -> None:
    """Create a machine token for USERNAME and print it once (it cannot be shown again)."""
    from api.audit import service as audit
    from api.auth import service, tokens
    from api.config import get_settings
    from api.database import session_scope, utcnow
    from api.kernel import SYSTEM

    settings = get_settings()
    if not name.strip() or len(name) > 100:
        fail("--name: 1 to 100 characters")
    with _account_errors(), session_scope(settings.sqlalchemy_url) as db_session:
        user = service.by_username(db_session=db_session, username=username)
        scopes = tokens.check_scopes(scope or None, user=user, issuer=SYSTEM)
        expires = utcnow() + timedelta(days=expires_days) if expires_days else None
        row, secret = tokens.issue(
            db_session=db_session, settings=settings, user=user, name=name.strip(), scopes=scopes,
            expires_at=expires, created_by=_actor(),
        )  # fmt: skip
        audit.record(
            db_session, actor=_actor(), action="token_created", subject=user.username,
            note=f"{row.prefix} {row.name!r} scopes={scopes}",
        )  # fmt: skip
    typer.echo(secret)
    typer.echo(f"token {row.prefix} for {username}: store it now, it is not shown again", err=True)


@users_app.command("revoke")
def revoke(
    prefix: str = typer.Argument(..., help="the token's 8-character prefix (suara_<prefix>_…)"),
) -> None:
    """Revoke a machine token."""
    from api.auth import service, tokens
    from api.config import get_settings
    from api.database import session_scope

    with _account_errors(), session_scope(get_settings().sqlalchemy_url) as db_session:
        row = tokens.by_prefix(db_session=db_session, prefix=prefix)
        service.revoke_token(db_session=db_session, token=row, actor=_actor(), ip=None)
    typer.echo(f"token {prefix} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
