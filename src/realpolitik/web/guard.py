"""Checks made on every request before the application sees it: the Host header, the access
token, and the size of the body (counted as it arrives, refused as soon as it is too large).

- **Host**: the service answers only requests that name it by one of ``allowed_hosts``
  (localhost names and the address it is bound to, by default). A web page elsewhere that
  points its own domain name at 127.0.0.1 (DNS rebinding) sends its own name, and gets 400.
- **Token**: when the service has one (always when it is bound beyond localhost), every
  ``/api/`` and ``/runs/`` request must carry it, as ``Authorization: Bearer TOKEN`` or as
  ``?token=TOKEN``; the page itself, ``/docs`` and ``/openapi.json`` are open.
- **Body**: a request declaring a larger ``Content-Length`` than its path allows is refused
  without reading a byte; otherwise the body is read up to the limit and refused the moment
  it passes it, so nothing larger than the limit is ever held.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The names of this machine that a local browser or script uses.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

#: Paths open without the token: the page (it holds no data; it asks for the token) and the
#: API's description.
OPEN_PATHS = frozenset({"/", "/favicon.ico", "/docs", "/docs/oauth2-redirect", "/openapi.json"})


def host_name(header: str) -> str:
    """The name in a Host header, without the port and in lower case (``[::1]:8000`` is
    ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    if header.count(":") == 1:
        header = header.split(":", 1)[0]
    return header.rstrip(".")


class Guard:
    """ASGI middleware: the Host allow-list, the token and the body limit, each refused with
    JSON ``{"error": ..., "fix": ...}``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str],
        token: str | None,
        body_limit: Callable[[str, str], int],
        address: str,
    ) -> None:
        self.app = app
        self.allowed_hosts = frozenset(host_name(name) for name in allowed_hosts)
        self.token = token
        self.body_limit = body_limit
        self.address = address  # how to reach the service, for the messages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = host_name(headers.get("host", ""))
        if host not in self.allowed_hosts:
            shown = host or "(none)"
            await _refuse(
                send, 400, f"this service does not answer to the host name {shown!r}",
                f"open it as {self.address}, or start it with --allow-host {host or 'NAME'} "
                "to answer to that name too",
            )  # fmt: skip
            return
        if not self._may_enter(scope, headers):
            await _refuse(
                send, 401, "this service needs its access token",
                "send the token printed when the service started, as the header "
                "'Authorization: Bearer TOKEN' or as ?token=TOKEN",
                {"www-authenticate": "Bearer"},
            )  # fmt: skip
            return
        limit = self.body_limit(scope["method"], scope["path"])
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        body = await _read_body(receive, limit)
        if body is None:
            await _too_large(send, limit)
            return
        await self.app(scope, _replay(body, receive), send)

    def _may_enter(self, scope: Scope, headers: Headers) -> bool:
        """Whether the request needs no token or carries the right one."""
        if self.token is None or scope["path"] in OPEN_PATHS:
            return True
        given = ""
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            given = value.strip()
        else:
            query = scope.get("query_string", b"").decode("latin-1")
            given = dict(parse_qsl(query)).get("token", "")
        return secrets.compare_digest(given.encode(), self.token.encode())


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or ``None`` as soon as it passes ``limit`` bytes (the rest unread)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _too_large(send: Send, limit: int) -> None:
    await _refuse(
        send, 413, f"the request body is larger than {limit:,} bytes",
        "send a smaller case: split large tables out of it, or run it with the command line",
    )  # fmt: skip


async def _refuse(
    send: Send, status: int, message: str, fix: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps({"error": message, "fix": fix}).encode("utf-8")
    raw: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    raw += [(name.encode(), value.encode()) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
