"""Password hashing (Argon2id through argon2-cffi) and the rules a new password must meet."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from api.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 256  # Argon2 takes any length; a cap keeps one request from costing seconds of CPU


@lru_cache(maxsize=2)
def hasher(profile: str = "default") -> PasswordHasher:
    """RFC 9106's low-memory profile in production; argon2-cffi's cheapest one for test suites."""
    return PasswordHasher.from_parameters(
        profiles.CHEAPEST if profile == "test" else profiles.RFC_9106_LOW_MEMORY
    )


@lru_cache(maxsize=2)
def _dummy_hash(profile: str) -> str:
    return hasher(profile).hash("not a password of anyone")


def check_new(password: str, *, username: str) -> None:
    """Refuse passwords that are too short, too long or the username itself (InvalidInput)."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"password: must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"password: must have at most {MAX_LENGTH} characters")
    if password.strip().lower() == username.lower():
        raise InvalidInput("password: must not be the username")


def hash_password(password: str, *, profile: str) -> str:
    return hasher(profile).hash(password)


def verify(stored: str | None, password: str, *, profile: str) -> bool:
    """True when `password` matches `stored`. Without a stored hash a dummy one is checked, so that
    unknown users and token-only accounts take as long to refuse as a wrong password."""
    try:
        return hasher(profile).verify(stored or _dummy_hash(profile), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, *, profile: str) -> bool:
    """True when the hash was made with other parameters than today's (rehash on the next sign-in)."""
    return hasher(profile).check_needs_rehash(stored)
