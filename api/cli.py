"""The `suara` command: one Typer app; each command group lives in api/commands/."""

import typer

from api.commands import register_all

app = typer.Typer(
    name="suara",
    help="Suara: offline voice intake for public complaints.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
register_all(app)

if __name__ == "__main__":
    app()
