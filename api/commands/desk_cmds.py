"""`suara outbox …`: the calls a hotline desk still has to deliver to the server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

OUTBOX_OPTION = typer.Option("--outbox", help="The desk's outbox folder (as given to `suara record`).")


def send(
    server: Annotated[str, typer.Option(envvar="SUARA_SERVER", help="Suara server (base URL).")],
    token: Annotated[str, typer.Option(envvar="SUARA_TOKEN", help="Machine token (recordings:write).")],
    outbox_dir: Annotated[Path, OUTBOX_OPTION] = Path("outbox"),
) -> None:
    """Send every waiting call whose retry time has come (for a timer, or after the network came back)."""
    from api.desk.forward import describe, forward
    from api.desk.outbox import Outbox

    report = forward(Outbox(outbox_dir), server, token)
    typer.echo(describe(report))
    if report.waiting or report.rejected:
        raise typer.Exit(3)  # something is still not on the server: a timer may try again


def show(outbox_dir: Annotated[Path, OUTBOX_OPTION] = Path("outbox")) -> None:
    """List waiting calls: attempts, next try and the last error."""
    from api.desk.outbox import Outbox

    outbox = Outbox(outbox_dir)
    items = list(outbox.items())
    for item in items:
        when = item.next_at or "now"
        typer.echo(f"{item.sha256[:12]}  attempts {item.attempts}  next {when}  {item.last_error or ''}")
    typer.echo(f"{len(items)} waiting, {len(outbox.acknowledged())} delivered, "
               f"{len(list(outbox.rejected.glob('*.wav')))} refused")  # fmt: skip


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Calls waiting to be filed with the server (store and forward).")
    group.command("send")(send)
    group.command("list")(show)
    app.add_typer(group, name="outbox")
