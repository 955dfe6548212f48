"""Shared CLI plumbing: one-line errors with a non-zero exit, and progress bars."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `suara: error: <message>` on stderr and exit non-zero."""
    typer.echo(f"suara: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def cli_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Turn the listed domain errors into one-line CLI failures."""
    try:
        yield
    except kinds as exc:
        fail(str(exc))


def progress_bar(total: float, label: str) -> tuple[Callable[[float], None], Callable[[], None]]:
    """A tqdm bar on stderr driven by a 0..1 fraction; returns (update, close)."""
    from tqdm import tqdm

    bar = tqdm(  # disable=None: no bar when stderr is not a terminal (logs, CI)
        total=round(total, 1), unit="s", desc=label, leave=False, dynamic_ncols=True, delay=0.5, disable=None
    )

    def update(fraction: float) -> None:
        bar.n = round(min(1.0, fraction) * total, 1)
        bar.refresh()

    return update, bar.close
