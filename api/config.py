"""Settings read once from SUARA_* environment variables (or a .env file in the working directory)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class QueueMode(StrEnum):
    SQLITE = "sqlite"
    REDIS = "redis"
    IMMEDIATE = "immediate"


class Settings(BaseSettings):
    """Everything that differs between a laptop, a test run and a multi-machine deployment."""

    model_config = SettingsConfigDict(env_prefix="SUARA_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""  # empty: SQLite at <data_dir>/suara.db
    recordings_dir: Path = Path("recordings")
    models_dir: Path = Path("models")
    queue: QueueMode = QueueMode.SQLITE
    queue_path: Path | None = None  # SQLite queue file; default <data_dir>/queue.db
    redis_url: str = "redis://127.0.0.1:6379/0"
    workers: int = Field(default=2, ge=0, description="embedded Huey worker threads in `suara serve`")
    max_upload_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    # Every other request body (JSON, forms): refused with 413 once it passes this, before it is parsed.
    max_json_bytes: int = Field(default=1024 * 1024, gt=0)
    # Root of every key (contact encryption, keyed hashes, sessions). Empty: <data_dir>/secret.key, made
    # on first use. Keep it with the backups: encrypted contact details cannot be read without it.
    secret_key: str = ""
    # Earlier values of SUARA_SECRET_KEY, comma-separated, after a rotation: contact details written under
    # them still decrypt (and are still found by search) until rewritten under the current key.
    previous_secret_keys: str = ""
    default_region: str | None = None  # Kemendagri code of the hotline's own area
    # Public statistics leave out any cell counting fewer reports than this, so nobody is singled out.
    public_min_cell: int = Field(default=5, ge=1)
    # Public statistics are recomputed at most this often per grouping (0: on every request).
    public_stats_cache_seconds: float = Field(default=60.0, ge=0)
    # The dashboard's indicators are recomputed at most this often per jurisdiction, grouping and period
    # (0: on every request); the overdue list is always live.
    dashboard_cache_seconds: float = Field(default=30.0, ge=0)
    sms_keywords: str = "LAPOR,ADU"  # comma-separated keywords accepted by the SMS webhook
    job_lease_seconds: int = Field(default=120, gt=0, description="a running job silent this long is retried")
    job_max_attempts: int = Field(default=3, gt=0)
    timezone: str = "Asia/Jakarta"  # zone for complaints with no agency yet
    # Accounts (api/auth). "test" makes Argon2 cheap so that a test suite signing in often stays fast.
    password_hash_profile: Literal["default", "test"] = "default"
    cookie_secure: bool = False  # force the Secure flag even when the request itself arrived over http
    session_idle_minutes: int = Field(default=8 * 60, gt=0, description="a session unused this long ends")
    session_max_hours: int = Field(default=12, gt=0, description="a session ends this long after sign-in")
    # Seconds a token the database confirmed is trusted without asking again (0: ask on every request).
    # Revocations and account changes made in this process apply at once; made elsewhere (the CLI, another
    # server process), within this many seconds.
    token_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    login_free_failures: int = Field(default=5, ge=1, description="failed sign-ins before slowing down")
    login_lock_failures: int = Field(default=10, ge=2, description="failed sign-ins that lock an account")
    login_lock_minutes: int = Field(default=30, gt=0)
    login_ip_failures: int = Field(default=30, ge=1, description="failed sign-ins per address and window")
    login_ip_window_minutes: int = Field(default=15, gt=0)

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'suara.db').resolve()}"

    @property
    def queue_file(self) -> Path:
        return self.queue_path or self.data_dir / "queue.db"

    @property
    def keyword_set(self) -> frozenset[str]:
        return frozenset(k.strip().upper() for k in self.sms_keywords.split(",") if k.strip())


@lru_cache
def get_settings() -> Settings:
    """One Settings per process; tests clear the cache after changing the environment."""
    return Settings()
