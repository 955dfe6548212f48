"""The hotline desk on the operator's PC: calls kept and forwarded to the server."""
