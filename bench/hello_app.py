"""The baseline: a bare ASGI app answering a small JSON body, served by the same stack."""

from __future__ import annotations

from typing import Any

BODY = b'{"hello":"world"}'


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(BODY)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


if __name__ == "__main__":
    # Served exactly as `zoomstack serve` serves zoomstack: the same uvicorn settings and
    # server protocol ("under the same server stack").
    import sys

    import uvicorn

    from zoomstack.http.server_protocol import uvicorn_config

    uvicorn.Server(uvicorn_config(app, port=int(sys.argv[1]))).run()
