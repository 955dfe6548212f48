"""uvicorn's server for `suara serve`, closing live sockets with a reason when it is told to stop.

On SIGTERM or SIGINT uvicorn closes every open WebSocket with a bare 1012 a tenth of a second later;
a hotline desk should hear why and that it may call again. The signal handler runs on the event loop's
thread, so it only queues the closing (api.live.views.close_all_sockets) and lets uvicorn carry on.
"""

from __future__ import annotations

from types import FrameType

import uvicorn

from api.live.views import close_all_sockets


class Server(uvicorn.Server):
    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        close_all_sockets()
        super().handle_exit(sig, frame)
