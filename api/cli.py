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


@app.callback()
def _start() -> None:
    # The CLI's edge: the key ring of contact details comes from this process's settings (derived only
    # when a command reads or writes one). No docstring: it would replace the app's help text.
    from api import crypto
    from api.config import get_settings

    crypto.configure(get_settings())


if __name__ == "__main__":
    app()
