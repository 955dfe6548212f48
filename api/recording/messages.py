"""Messages for people never name the server's folders.

voice/ names the file it failed on, and Python's own errors name whole paths: fine in a log, but a job's
error and a problem's detail are shown to operators and clients, and a path tells them how the server is
laid out. Paths under a known folder become relative to it (an archive name such as
`2026/12/<sha256>.wav`); any other absolute path is cut to its file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# An absolute path of two or more parts, not inside a word, a relative path or a URL ("http://host/…").
ABSOLUTE_PATH = re.compile(r"(?<![\w.~/-])/(?:[^/\s'\"():,;]+/)+([^/\s'\"():,;]+)")


def without_paths(message: str, *, roots: Iterable[Path] = (), names: dict[Path, str] | None = None) -> str:
    """`message` with `names` (a path → the label to show instead) replaced, paths under `roots` made
    relative to them, and every other absolute path cut to its last part."""
    for path, label in (names or {}).items():
        for form in {str(path), str(path.resolve())}:
            message = message.replace(form, label)
    for root in roots:
        for form in sorted({str(root), str(root.resolve())}, key=len, reverse=True):
            message = message.replace(form.rstrip("/") + "/", "")
    return ABSOLUTE_PATH.sub(r"\1", message)
