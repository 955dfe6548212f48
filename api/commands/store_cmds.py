"""`suara serve`, `suara worker`, `suara db upgrade|reencrypt` and `suara seed agencies`."""

from __future__ import annotations

import logging
import os

import typer

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
seed_app = typer.Typer(help="Reference data.", no_args_is_help=True)


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    workers: int = typer.Option(None, help="embedded job worker threads (default SUARA_WORKERS)"),
    migrate: bool = typer.Option(True, help="upgrade the database schema first"),
) -> None:
    """Run the API with embedded job workers; SQLite under ./data, no other service needed."""
    import uvicorn

    from api.config import get_settings
    from api.database import upgrade

    if workers is not None:
        os.environ["SUARA_WORKERS"] = str(workers)
        get_settings.cache_clear()
    if migrate:
        upgrade()
        _seed_if_empty()
    from api.live.server import Server  # closes live sockets with a reason on SIGTERM

    app = "api.main:create_served_app"
    server = Server(uvicorn.Config(app, factory=True, host=host, port=port, log_level="info"))
    server.run()
    if not server.started:  # the port is taken, say: fail as uvicorn.run does
        raise typer.Exit(3)


def _seed_if_empty() -> None:
    """A first start needs agencies to route to; later starts leave the table alone."""
    from sqlalchemy import func, select

    from api.agency import service
    from api.agency.models import Agency
    from api.database import session_scope

    with session_scope() as db_session:
        if not db_session.scalar(select(func.count(Agency.id))):
            counts = service.seed(db_session=db_session)
            typer.echo("seeded agencies: " + ", ".join(f"{n} {level}" for level, n in counts.items()))


def worker(
    workers: int = typer.Option(2, help="worker threads"),
    periodic: bool = typer.Option(True, help="also run the periodic deadline sweep"),
) -> None:
    """Run job workers only (another machine: SUARA_QUEUE=redis and a shared SUARA_DATABASE_URL)."""
    from api.jobs import huey

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if huey.immediate:
        raise typer.BadParameter("SUARA_QUEUE=immediate runs jobs inline; a worker needs sqlite or redis")
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic)
    consumer.run()


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Bring the schema to the newest revision (works from any directory)."""
    from api.config import get_settings
    from api.database import upgrade

    upgrade(revision=revision)
    typer.echo(f"database at {revision}: {get_settings().sqlalchemy_url.split('@')[-1]}")


@db_app.command("reencrypt")
def db_reencrypt() -> None:
    """After a key rotation: rewrite every phone number and NIK under the current SUARA_SECRET_KEY.

    Then SUARA_PREVIOUS_SECRET_KEYS can be emptied. One transaction: all rows move, or none.
    """
    from api.auth.rekey import reencrypt
    from api.database import import_models, session_scope

    import_models()  # every table a complaint refers to, for the ORM's flush order
    with session_scope() as db_session:
        count = reencrypt(db_session=db_session)
    typer.echo(f"re-encrypted the contact details of {count} row(s) under the current key")


@db_app.command("rebuild-stats")
def db_rebuild_stats() -> None:
    """Recompute the indicators' facts (complaint_facts) from the complaints, and their summary
    (stats_summary) from the facts, in one transaction.

    Triggers keep them current; this is for a store whose facts were lost or restored from elsewhere.
    """
    from api.database import session_scope
    from api.stats import facts, fold

    with session_scope() as db_session:
        count = facts.rebuild(db_session)
        fold.rebuild(db_session)
    typer.echo(f"indicator facts and their summary rebuilt for {count} complaint(s)")


@seed_app.command("agencies")
def seed_agencies() -> None:
    """Load national bodies and every province and regency/city (with WIB/WITA/WIT)."""
    from api.agency import service
    from api.database import session_scope

    with session_scope() as db_session:
        counts = service.seed(db_session=db_session)
    typer.echo(", ".join(f"{n} {level}" for level, n in counts.items()))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(db_app, name="db")
    app.add_typer(seed_app, name="seed")
