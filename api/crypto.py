"""Reporter contact details (phone numbers, NIK) encrypted at rest, and found again by exact value.

A stolen database file or backup must not give away who reported what. Values are encrypted with
Fernet (AES-128-CBC with a random IV, authenticated by HMAC-SHA256) under a key derived from the one
secret (api/keys.py), so the same number never gives the same ciphertext twice. Search therefore
goes through a keyed hash (HMAC-SHA256 of the normalized value) kept in a column of its own: equal
numbers written in different ways ("0812…", "62812…", "+62812…") hash the same, and without the secret
the hash cannot be brute-forced from the small space of phone numbers.

Keys rotate: the current secret encrypts and hashes, the ones in SUARA_PREVIOUS_SECRET_KEYS still
decrypt and are still searched, so a rotation needs no downtime; `suara db reencrypt` (api/auth/rekey.py)
then moves every row to the current secret, and the old ones can be dropped.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

from api.config import Settings
from api.errors import SuaraError
from api.keys import MIN_SECRET_CHARS, derive_key

ENCRYPTION_PURPOSE = "contact-encryption"
HASH_PURPOSE = "contact-hash"


class ContactKind(StrEnum):
    PHONE = "phone"
    NIK = "nik"


class ContactKeyMismatch(SuaraError):
    """Stored contact details that the configured keys cannot decrypt: the server's secret is wrong."""

    status, title = 500, "Contact details cannot be decrypted"


@dataclass(frozen=True, slots=True)
class ContactKeys:
    """The Fernet keyring (current key first) and the hash keys (current first) of one configuration."""

    fernet: MultiFernet
    hash_keys: tuple[bytes, ...]


def _secrets(settings: Settings) -> list[Settings]:
    """The current configuration, then one per previous secret (same data_dir, other secret_key)."""
    previous = [k.strip() for k in settings.previous_secret_keys.split(",") if k.strip()]
    for key in previous:
        if len(key) < MIN_SECRET_CHARS:
            raise ValueError(
                f"every key in SUARA_PREVIOUS_SECRET_KEYS must have at least {MIN_SECRET_CHARS} characters"
            )
    return [settings, *(settings.model_copy(update={"secret_key": key}) for key in previous)]


class ContactKeysNotConfigured(SuaraError):
    """Contact details read or written before the process configured its keys (`configure`)."""

    status, title = 500, "Contact keys are not configured"


@lru_cache(maxsize=8)
def _keys_for(secret_key: str, previous_secret_keys: str, data_dir: Path) -> ContactKeys:
    settings = Settings.model_construct(
        secret_key=secret_key, previous_secret_keys=previous_secret_keys, data_dir=data_dir
    )
    configurations = _secrets(settings)
    fernets = [Fernet(base64.urlsafe_b64encode(derive_key(s, ENCRYPTION_PURPOSE))) for s in configurations]
    return ContactKeys(
        fernet=MultiFernet(fernets), hash_keys=tuple(derive_key(s, HASH_PURPOSE) for s in configurations)
    )


@dataclass(frozen=True, slots=True)
class KeyRing:
    """Where the keys come from (the secrets and the folder of secret.key); derived on first use, so
    configuring at start-up neither creates <data_dir>/secret.key nor fails for commands that never
    touch contact details."""

    secret_key: str
    previous_secret_keys: str
    data_dir: Path

    @classmethod
    def of(cls, settings: Settings) -> KeyRing:
        return cls(settings.secret_key, settings.previous_secret_keys, Path(settings.data_dir))

    def keys(self) -> ContactKeys:
        return _keys_for(self.secret_key, self.previous_secret_keys, self.data_dir)


_configured: KeyRing | None = None


def configure(source: Settings | KeyRing) -> KeyRing:
    """Set the process's key ring from its settings: called once at each edge (create_app, the CLI,
    the job worker), because the column type below has no other way to be told the keys."""
    global _configured
    _configured = source if isinstance(source, KeyRing) else KeyRing.of(source)
    return _configured


def configured() -> KeyRing | None:
    """The process's key ring, if configured (tests restore it after switching secrets)."""
    return _configured


def keys() -> ContactKeys:
    """The configured key ring's keys (current first); ContactKeysNotConfigured before `configure`."""
    if _configured is None:
        raise ContactKeysNotConfigured(
            "contact details were read or written before the key ring was configured: the process's "
            "entry point must call api.crypto.configure(settings) first"
        )
    return _configured.keys()


_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
_PHONE = re.compile(r"^\+?[0-9]{3,15}$")


def normalize_phone(value: str) -> str:
    """E.164 for Indonesian numbers ("0812…", "62812…", "812…" → "+62812…"); others as digits.

    Short service numbers (112, 1708) have no country form and stay as they are.
    """
    compact = _PHONE_SEPARATORS.sub("", value)
    if not _PHONE.match(compact):
        raise ValueError(f"not a phone number: {mask(value)!r} (digits, optionally with a leading +)")
    if compact.startswith("+"):
        return compact
    if compact.startswith("62") and len(compact) >= 9:
        return "+" + compact
    if compact.startswith("0") and len(compact) >= 8:
        return "+62" + compact[1:]
    if compact.startswith("8") and len(compact) >= 9:  # a mobile number said without its leading 0
        return "+62" + compact
    return compact


def normalize_nik(value: str) -> str:
    """A NIK is its 16 digits; spaces and dots people type between groups do not count."""
    digits = re.sub(r"[\s.\-]", "", value)
    if not re.fullmatch(r"[0-9]{16}", digits):
        raise ValueError(f"not a NIK: {mask(value)!r} (16 digits)")
    return digits


def normalize(kind: ContactKind, value: str) -> str:
    return normalize_phone(value) if kind == ContactKind.PHONE else normalize_nik(value)


def _hmac(key: bytes, kind: ContactKind, value: str) -> str:
    # The kind is part of the message, so a phone and a NIK with the same digits never collide.
    message = f"{kind.value}:{normalize(kind, value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def contact_hash(kind: ContactKind, value: str | None) -> str | None:
    """The keyed hash stored beside an encrypted value (current key); None for no value."""
    if not value:
        return None
    return _hmac(keys().hash_keys[0], kind, value)


def contact_hashes(kind: ContactKind, value: str) -> list[str]:
    """Every hash the value may be stored under (current and previous keys), for exact-match search."""
    return [_hmac(key, kind, value) for key in keys().hash_keys]


_FERNET_PREFIX = "gAAAAA"  # version byte 0x80 and the high bytes of a timestamp, in URL-safe base64


def encrypt(value: str) -> str:
    """A Fernet token (URL-safe base64 text) under the current key."""
    return keys().fernet.encrypt(value.encode()).decode("ascii")


def decrypt(token: str, *, where: str) -> str:
    """The plain value of a token written under the current or a previous key.

    Raises ContactKeyMismatch naming `where` (table.column) when no configured key opens it: returning
    anything else would show garbage, or let a wrong key pass unnoticed until more rows are written.
    """
    if not token.startswith(_FERNET_PREFIX):
        raise ContactKeyMismatch(
            f"{where} of a stored row is not encrypted: it was written around the application, or the "
            "database missed a migration (run `suara db upgrade`)"
        )
    try:
        return keys().fernet.decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise ContactKeyMismatch(
            f"{where} of a stored row cannot be decrypted: the secret key (SUARA_SECRET_KEY, or "
            "<data_dir>/secret.key) differs from the one it was written with. Restore that key, or, "
            "after a rotation, list the old one in SUARA_PREVIOUS_SECRET_KEYS"
        ) from exc


def rotate(token: str, *, where: str) -> str:
    """The token re-encrypted under the current key (to retire a previous key)."""
    return encrypt(decrypt(token, where=where))


def mask(value: str | None) -> str | None:
    """A value safe for logs and events: enough to recognize a number, not enough to call it.

    "+6281234567890" → "+62812*****890"; values shorter than 10 characters keep only their last two.
    """
    if value is None:
        return None
    if len(value) >= 10:
        return value[:6] + "*" * (len(value) - 9) + value[-3:]
    return "*" * max(len(value) - 2, 0) + value[-2:]


class EncryptedString(TypeDecorator[str]):
    """A text column holding a Fernet token: the ORM attribute reads and writes the plain value.

    `column` ("complaints.reporter_phone") only names the column in errors. Comparing the column in SQL
    is refused (ciphertexts of equal values differ, so `==` would silently match nothing): search the
    hash column beside it with `contact_hashes()` instead.
    """

    impl = Text
    cache_ok = True

    class Comparator(TypeDecorator.Comparator[str]):
        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            if op not in (operators.is_, operators.is_not):
                raise TypeError(
                    "an encrypted column can only be tested for NULL in SQL; "
                    "compare its *_hash column with api.crypto.contact_hashes() instead"
                )
            return super().operate(op, *other, **kwargs)

    comparator_factory = Comparator

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value, where=self.column)
