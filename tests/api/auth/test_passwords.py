"""Password hashing with production parameters: Argon2id, and an unknown user costs what a user costs."""

from __future__ import annotations

import time

import pytest

from api.auth import passwords
from api.errors import InvalidInput


def _fastest(call, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def test_production_hashes_are_argon2id_rfc9106_low_memory():
    stored = passwords.hash_password("a long passphrase", profile="default")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify(stored, "a long passphrase", profile="default")
    assert not passwords.verify(stored, "a long passphrasE", profile="default")
    assert not passwords.verify("not-a-hash", "anything", profile="default")
    assert passwords.needs_rehash(passwords.hash_password("x" * 10, profile="test"), profile="default")


def test_no_account_costs_the_same_argon2_work_as_a_wrong_password():
    stored = passwords.hash_password("a long passphrase", profile="default")
    passwords.verify(None, "warm up the dummy hash", profile="default")
    real = _fastest(lambda: passwords.verify(stored, "wrong guess", profile="default"))
    dummy = _fastest(lambda: passwords.verify(None, "wrong guess", profile="default"))
    assert 0.5 < dummy / real < 2, (real, dummy)
    assert not passwords.verify(None, "not a password of anyone", profile="default")  # never a match


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10"),
        ("x" * 257, "at most 256"),
        ("Budi.Santoso", "username"),
        (" budi.santoso ", "username"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(InvalidInput, match=message):
        passwords.check_new(password, username="budi.santoso")
