"""Reporter and caller contact details encrypted at rest, with keyed hashes for exact-match search.

Existing plaintext rows are encrypted in place, in batches, with the key of the running configuration
(SUARA_SECRET_KEY or <data_dir>/secret.key): keep that key, or the upgraded data cannot be read.
Downgrade decrypts them back.

On SQLite the columns keep their declared VARCHAR length: SQLite never enforces it, and changing a type
means rebuilding `complaints` (Alembic's batch "move and copy"), whose DROP TABLE would cascade into the
append-only `events` (refused by its triggers) and lose the full-text triggers of 0004.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from api import crypto
from api.crypto import ContactKind

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
# table → {column: (kind, its length before this revision)}
CONTACTS: dict[str, dict[str, tuple[ContactKind, int]]] = {
    "complaints": {
        "reporter_phone": (ContactKind.PHONE, 32),
        "reporter_nik": (ContactKind.NIK, 16),
    },
    "recordings": {"caller_number": (ContactKind.PHONE, 32)},
}


def _table(table_name: str) -> sa.TableClause:
    columns = CONTACTS[table_name]
    return sa.table(
        table_name,
        sa.column("id", sa.Integer),
        *(sa.column(c, sa.Text) for c in columns),
        *(sa.column(f"{c}_hash", sa.String) for c in columns),
    )


def _batches(table: sa.TableClause, columns: list[str]) -> Iterator[Sequence[sa.Row[Any]]]:
    """Rows with any contact value, BATCH at a time in id order (keyset paging: rows change under it)."""
    last_id = 0
    while True:
        stmt = (
            sa.select(table.c.id, *(table.c[c] for c in columns))
            .where(table.c.id > last_id, sa.or_(*(table.c[c].is_not(None) for c in columns)))
            .order_by(table.c.id)
            .limit(BATCH)
        )
        rows = op.get_bind().execute(stmt).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1].id


def _encrypt_rows(table_name: str) -> None:
    kinds = {column: kind for column, (kind, _length) in CONTACTS[table_name].items()}
    table = _table(table_name)
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({c: sa.bindparam(f"p_{c}") for c in kinds})
        .values({f"{c}_hash": sa.bindparam(f"p_{c}_hash") for c in kinds})
    )
    for rows in _batches(table, list(kinds)):
        params = []
        for row in rows:
            param: dict[str, Any] = {"row_id": row.id}
            for column, kind in kinds.items():
                plain = row._mapping[column]
                param[f"p_{column}"] = None if plain is None else crypto.encrypt(plain)
                param[f"p_{column}_hash"] = crypto.contact_hash(kind, plain)
            params.append(param)
        op.get_bind().execute(update, params)


def _decrypt_rows(table_name: str) -> None:
    columns = list(CONTACTS[table_name])
    table = _table(table_name)
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({c: sa.bindparam(f"p_{c}") for c in columns})
    )
    for rows in _batches(table, columns):
        params = []
        for row in rows:
            param: dict[str, Any] = {"row_id": row.id}
            for column in columns:
                token = row._mapping[column]
                where = f"{table_name}.{column}"
                param[f"p_{column}"] = None if token is None else crypto.decrypt(token, where=where)
            params.append(param)
        op.get_bind().execute(update, params)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table_name, columns in CONTACTS.items():
        with op.batch_alter_table(table_name) as batch_op:  # add_column only: no table rebuild on SQLite
            for column in columns:
                batch_op.add_column(sa.Column(f"{column}_hash", sa.String(length=64), nullable=True))
        for column, (_kind, length) in columns.items():
            op.create_index(f"ix_{table_name}_{column}_hash", table_name, [f"{column}_hash"])
            if postgres:  # a Fernet token of a 16-character value is 100 characters
                op.alter_column(table_name, column, type_=sa.Text(), existing_type=sa.String(length))
        _encrypt_rows(table_name)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table_name, columns in CONTACTS.items():
        _decrypt_rows(table_name)
        for column, (_kind, length) in columns.items():
            if postgres:
                op.alter_column(table_name, column, type_=sa.String(length), existing_type=sa.Text())
            op.drop_index(f"ix_{table_name}_{column}_hash", table_name=table_name)
            # Plain DROP COLUMN (SQLite ≥ 3.35 has it), not batch mode: see the module's docstring.
            op.drop_column(table_name, f"{column}_hash")
