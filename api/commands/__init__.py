"""Command groups of the `suara` CLI. Each module exposes `register(app)`; one module per area."""

import typer

from api.commands import desk_cmds, nlp_cmds, store_cmds, user_cmds, voice_cmds

# Order is the order shown in `suara --help`.
COMMAND_MODULES = (voice_cmds, desk_cmds, nlp_cmds, store_cmds, user_cmds)


def register_all(app: typer.Typer) -> None:
    for module in COMMAND_MODULES:
        module.register(app)
