"""Helpers for tests that talk to a real server: a `suara serve` process, or uvicorn in a thread."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def wait_until_healthy(base: str, seconds: float = 60) -> None:
    """Poll `<base>/health` until the server answers 200 (or the time is up; the next call then fails)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)


def start_server(folder, env: dict[str, str], port: int):  # -> subprocess.Popen
    """`suara serve` (no workers) for a deployment in `folder`, answering at 127.0.0.1:`port`."""
    import subprocess
    import sys

    log = (folder / f"serve-{port}.log").open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "0"],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_until_healthy(f"http://127.0.0.1:{port}/api/v1")
    return process


def operator_token(folder, env: dict[str, str], username: str = "desk") -> str:
    """A new operator account with a recordings:write token, made with the CLI as a deployer would."""
    import subprocess
    import sys

    def cli(*args: str) -> str:
        command = [sys.executable, "-m", "api.cli", *args]
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    cli("users", "create", username, "--role", "operator", "--no-password")
    return cli("users", "token", username, "--name", "desk", "--scope", "recordings:write")


@contextmanager
def serving_in_thread(app) -> Iterator[int]:
    """The app served by a real uvicorn in a thread of this process, on a free port (yielded)."""
    import threading

    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
