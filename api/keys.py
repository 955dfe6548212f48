"""Keys for each purpose, derived from the one secret in configuration, so that a leaked session key
cannot decrypt contact details and vice versa."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.config import Settings

MIN_SECRET_CHARS = 32


def root_secret(settings: Settings) -> bytes:
    """The configured secret, or the one kept in <data_dir>/secret.key (created, mode 0600, if absent)."""
    if settings.secret_key:
        if len(settings.secret_key) < MIN_SECRET_CHARS:
            raise ValueError(f"SUARA_SECRET_KEY must have at least {MIN_SECRET_CHARS} characters")
        return settings.secret_key.encode()
    path = Path(settings.data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_bytes().strip()


def derive_key(settings: Settings, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose ("contact-encryption", "contact-hash", "token-hash", …)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=b"suara", info=purpose.encode())
    return hkdf.derive(root_secret(settings))
