"""The upload cap at the door: a request body above ``max_upload_mb`` is refused with 413
while it streams in, before it is parsed or spooled anywhere."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from syndata.api.errors import TooLarge


class BodyLimit:
    """ASGI middleware: at most ``limit`` bytes per request body."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _refuse(send, self.limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # FastAPI turns other errors raised while it parses a body into a 400
                    raise HTTPException(413, _message(self.limit))
            return message

        await self.app(scope, counted, send)


def _message(limit: int) -> str:
    return (f"The upload is larger than this server takes ({limit // 2**20} MB). Upload a "
            "sample of the rows or fewer tables at once.")


async def _refuse(send: Send, limit: int) -> None:
    body: dict[str, Any] = {"error": _message(limit), "hint": TooLarge.hint}
    payload = json.dumps(body).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
