"""`suara users …`: the first sysadmin from a shell, machine tokens, and one-line errors."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli

V1 = "/api/v1"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def suara(settings):
    """Run `suara …` in-process against the test's database; returns (exit code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), input=stdin)
        return result.exit_code, result.stdout, result.stderr

    return run


def _name(role: str) -> str:
    return f"cli-{role}-{uuid.uuid4().hex[:8]}"


def test_bootstrap_the_first_sysadmin_from_a_real_shell(settings, browser, sign_in, tmp_path):
    name = _name("admin")
    env = {**os.environ, "SUARA_DATABASE_URL": settings.sqlalchemy_url}
    done = subprocess.run(
        [str(ROOT / ".venv/bin/suara"), "users", "create", name, "--role", "sysadmin", "--password-stdin"],
        input="a long first passphrase\n", capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"created {name} (sysadmin, password and tokens)" in done.stdout
    web = browser()
    csrf = sign_in(web, name, "a long first passphrase")["csrf_token"]
    assert web.get(f"{V1}/users").status_code == 200
    made = web.post(
        f"{V1}/users", json={"username": _name("op"), "role": "operator"}, headers={"X-CSRF-Token": csrf}
    )
    assert made.status_code == 201


def test_machine_account_token_list_revoke_disable(suara, anon_client):
    name = _name("recorder")
    code, out, _ = suara("users", "create", name, "--role", "operator", "--name", "Hotline recorder")
    assert code == 0 and "tokens only" in out
    code, out, err = suara("users", "token", name, "--name", "hotline pc", "--scope", "recordings:write")
    assert code == 0, err
    token = out.strip()
    assert token.startswith("suara_") and "not shown again" in err
    prefix = token.split("_")[1]
    me = anon_client.get(f"{V1}/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["scopes"] == ["recordings:write"]

    code, out, _ = suara("users", "list")
    assert code == 0 and any(line.startswith(name) and "active" in line for line in out.splitlines())
    assert suara("users", "disable", name)[0] == 0
    assert anon_client.get(f"{V1}/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert suara("users", "enable", name)[0] == 0
    assert anon_client.get(f"{V1}/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    code, out, _ = suara("users", "revoke", prefix)
    assert code == 0 and f"token {prefix} revoked" in out
    assert anon_client.get(f"{V1}/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_token_with_expiry(suara, anon_client):
    name = _name("sms")
    suara("users", "create", name, "--role", "operator")
    code, out, _ = suara(
        "users", "token", name, "--name", "sms gateway", "--scope", "intake:sms", "--expires-days", "30"
    )
    assert code == 0
    listed = anon_client.get(f"{V1}/auth/tokens", headers={"Authorization": f"Bearer {out.strip()}"}).json()
    assert listed[0]["expires_at"] is not None and listed[0]["name"] == "sms gateway"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("users", "create", "Bad Name", "--role", "operator"), None, "username:"),
        (("users", "create", "okname-cli", "--role", "emperor"), None, "role: one of"),
        (("users", "create", "okname-cli", "--role", "liaison"), None, "agency_code: a liaison"),
        (
            ("users", "create", "okname-cli", "--role", "leader", "--agency", "nope"),
            None,
            "no agency with code",
        ),
        (
            ("users", "create", "okname-cli", "--role", "operator", "--password-stdin"),
            "short\n",
            "at least 10",
        ),
        (("users", "create", "okname-cli", "--role", "operator", "--password-stdin"), "", "no password"),
        (("users", "disable", "no-such-user"), None, "no user named"),
        (("users", "token", "no-such-user", "--name", "x"), None, "no user named"),
        (("users", "revoke", "zzzzzzzz"), None, "no token with prefix"),
        (("users", "revoke", "../../etc"), None, "8 lowercase letters or digits"),
    ],
)
def test_errors_are_one_line_and_exit_1(suara, args, stdin, message):
    code, out, err = suara(*args, stdin=stdin)
    assert code == 1, (out, err)
    assert err.startswith("suara: error: ") and message in err and err.count("\n") == 1


def test_unknown_scope_and_duplicate_user(suara):
    name = _name("dup")
    assert suara("users", "create", name, "--role", "producer")[0] == 0
    code, _, err = suara("users", "create", name, "--role", "producer")
    assert code == 1 and "already exists" in err
    code, _, err = suara("users", "token", name, "--name", "x", "--scope", "everything")
    assert code == 1 and "unknown scope(s) everything" in err


def test_an_unmigrated_database_gets_the_command_that_fixes_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUARA_")}
    env["SUARA_SECRET_KEY"] = os.environ["SUARA_SECRET_KEY"]
    done = subprocess.run(
        [str(ROOT / ".venv/bin/suara"), "users", "create", "admin", "--role", "sysadmin", "--no-password"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert (
        done.stderr.startswith("suara: error: the database is not ready")
        and "suara db upgrade" in done.stderr
    )
