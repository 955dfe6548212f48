"""Access logs without contact details.

A search by phone or NIK (`?reporter_phone=0812…`, or the number typed into `q`) puts the number in the
request's query string, which uvicorn's access log writes out in plain text: log files would undo the
encryption at rest. Long digit runs in query strings are masked before the line is written, and so is a
WebSocket's `token=` (a machine credential).
"""

from __future__ import annotations

import logging
import re

from api.crypto import mask

ACCESS_LOGGER = "uvicorn.access"
# Phone numbers (6+ digits in the API's pattern, but short ones are service numbers) and NIK: 8 or more
# digits, with an optional leading "+" raw or URL-encoded. Ids, limits and dates have fewer.
_LONG_NUMBER = re.compile(r"(?:\+|%2B)?[0-9]{8,}", re.IGNORECASE)
_TOKEN = re.compile(r"(?<![^&])token=[^&]*")  # /ws/asr?token=… : a credential never reaches a log


def redact_query(path: str) -> str:
    """The path as is, with every long number in its query string masked."""
    base, question, query = path.partition("?")
    query = _TOKEN.sub("token=[hidden]", query)
    return base + question + _LONG_NUMBER.sub(lambda m: mask(m.group()) or "", query)


class RedactContactFilter(logging.Filter):
    """Rewrites the path argument of uvicorn's access lines ('%s - "%s %s HTTP/%s" %d')."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
        return True


def install() -> None:
    """Attach the filter to uvicorn's access logger, once."""
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactContactFilter) for f in access.filters):
        access.addFilter(RedactContactFilter())
