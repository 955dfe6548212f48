"""Stream a WAV file to a vosk-server-compatible endpoint and print every answer as a JSON line.

Usage: .venv/bin/python scripts/asr_client.py ws://127.0.0.1:8000/ws/asr?language=id call.wav [--token T]
       [--realtime]

The same exchange as alphacep vosk-server's test.py: a config message with the file's rate, frames of
0.2 s of 16-bit mono PCM, then {"eof" : 1}. With --realtime the frames are paced like a live call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import wave

import websockets


async def stream(url: str, path: str, token: str | None, realtime: bool) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else None
    with wave.open(path) as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            print("scripts/asr_client.py: the WAV must be 16-bit mono PCM", file=sys.stderr)
            return 2
        rate = wav.getframerate()
        frames = int(rate * 0.2)
        async with websockets.connect(url, additional_headers=headers, max_size=2**24) as ws:
            await ws.send(json.dumps({"config": {"sample_rate": rate}}))
            started = time.monotonic()
            sent = 0.0
            while data := wav.readframes(frames):
                await ws.send(data)
                print(await ws.recv(), flush=True)
                sent += len(data) / 2 / rate
                if realtime:
                    await asyncio.sleep(max(0.0, started + sent - time.monotonic()))
            await ws.send('{"eof" : 1}')
            print(await ws.recv(), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("wav")
    parser.add_argument("--token")
    parser.add_argument("--realtime", action="store_true")
    args = parser.parse_args()
    return asyncio.run(stream(args.url, args.wav, args.token, args.realtime))


if __name__ == "__main__":
    raise SystemExit(main())
