"""Command groups of the `suara` CLI. Each module exposes `register(app)`; one module per area."""

import importlib

import typer

# Order is the order shown in `suara --help`. A module missing here is simply not offered.
COMMAND_MODULES = ("voice_cmds", "desk_cmds", "nlp_cmds", "store_cmds", "user_cmds")


def register_all(app: typer.Typer) -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"api.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"api.commands.{name}":
                continue
            raise
        module.register(app)
