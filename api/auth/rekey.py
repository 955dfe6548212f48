"""Finishing a key rotation: every stored contact value rewritten under the current secret.

After a rotation, rows written under an old secret still decrypt through SUARA_PREVIOUS_SECRET_KEYS, but
only until that list is emptied. `reencrypt` rewrites them all (ciphertext and search hash), so the old
secret can then be dropped. It runs in the caller's transaction: all rows move, or none.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from api.complaint.models import Complaint
from api.recording.models import Recording

CONTACT_COLUMNS: dict[Any, tuple[str, ...]] = {
    Complaint: ("reporter_phone", "reporter_nik"),
    Recording: ("caller_number",),
}


def reencrypt(*, db_session: Session, batch: int = 500) -> int:
    """Rewrite every contact value under the current key; returns how many rows were rewritten."""
    rewritten = 0
    for model, columns in CONTACT_COLUMNS.items():
        has_contact = or_(*(getattr(model, c).is_not(None) for c in columns))
        last_id = 0
        while True:
            stmt = select(model).where(model.id > last_id, has_contact).order_by(model.id).limit(batch)
            rows = db_session.scalars(stmt).all()
            if not rows:
                break
            for row in rows:
                for column in columns:
                    # Setting the value re-runs the model's validator (a fresh hash under the current key);
                    # flag_modified makes the flush write it although it is equal to the loaded one.
                    setattr(row, column, getattr(row, column))
                    flag_modified(row, column)
            db_session.flush()
            rewritten += len(rows)
            last_id = rows[-1].id
            db_session.expunge_all()  # keep memory flat over a large table
    return rewritten
