"""Server memory while an anonymous client streams a huge chunked JSON body (issue 14, item 5).

Starts `suara serve` (the code under --code, default this checkout) on a scratch SQLite data folder,
measures the server process's resident memory (VmRSS) and its peak (VmHWM) from /proc, streams a chunked
POST /api/v1/complaints of --megabytes without credentials, and prints what the server answered, after how
many bytes, and its memory afterwards.

    nice -n 10 .venv/bin/python bench/body_caps.py --megabytes 100
    nice -n 10 .venv/bin/python bench/body_caps.py --code /path/to/older/checkout   # compare
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 64 * 1024


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of the process in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stream(port: int, megabytes: int) -> tuple[bytes, int, float]:
    """Send the body chunk by chunk until the server answers; (status line, bytes sent, seconds)."""
    start = time.perf_counter()
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            b"POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        body = [b'{"channel": "web", "text": "'] + [b"a" * CHUNK] * (megabytes * 16) + [b'"}']
        sock.setblocking(False)
        for chunk in body:
            data = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            try:
                sock.setblocking(True)
                sock.settimeout(30)
                sock.sendall(data)
                sent += len(chunk)
                sock.setblocking(False)
                answer += sock.recv(65536)
            except BlockingIOError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if answer:
                break
        sock.setblocking(True)
        sock.settimeout(120)
        if not answer:
            sock.sendall(b"0\r\n\r\n")
        while b"\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    return answer.split(b"\r\n", 1)[0], sent, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose api/ to serve")
    parser.add_argument("--megabytes", type=int, default=100)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="suara-bodycaps-") as folder:
        env = {
            **os.environ,
            "PYTHONPATH": str(args.code.resolve()),
            "SUARA_DATA_DIR": folder,
            "SUARA_DATABASE_URL": "",
            "SUARA_QUEUE": "immediate",
            "SUARA_SECRET_KEY": "bench-secret-key-0123456789-0123456789",
        }
        # `suara serve` in this very process, so its pid is the server's.
        code = f"from api.commands.store_cmds import serve; serve('127.0.0.1', {port}, 0, True)"
        proc = subprocess.Popen(
            [sys.executable, "-c", code], env=env, cwd=folder,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            time.sleep(1.0)
            rss0, _ = memory_mb(proc.pid)
            status, sent, seconds = stream(port, args.megabytes)
            time.sleep(1.0)
            rss1, peak = memory_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"code: {args.code.resolve()}")
    print(f"body offered: {args.megabytes} MB chunked JSON, no credentials")
    print(f"answer: {status.decode(errors='replace')} after {sent / 1e6:.1f} MB sent, {seconds:.2f} s")
    print(f"server memory: {rss0:.0f} MB before, {rss1:.0f} MB after, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
