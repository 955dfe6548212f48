"""Live transcription of calls over WebSocket, in alphacep vosk-server's protocol."""
