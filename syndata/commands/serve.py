"""``serve``: run the REST API (``syndata.api``) with uvicorn; docs at ``/docs``."""

from __future__ import annotations

import argparse
import socket

from syndata.errors import SyndataError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the REST API server",
        description="Serve the REST API (OpenAPI docs at /docs). Requests need a token from "
        "`python -m syndata token create`. Caps come from the SYNDATA_* settings.")
    parser.add_argument("--host", default="localhost",
                        help="address to listen on (default localhost: this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    parser.set_defaults(run=run)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number (1-65535)")
    return int(value)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a taken port is our one-line error, not
    uvicorn's log and exit."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise SyndataError(f"Cannot listen on {host}: {error.strerror}. Pass --host with an "
                           "address of this machine (localhost, 0.0.0.0).") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise SyndataError(f"Cannot listen on {host}:{port}: {error.strerror}. Pass another "
                           "--port, or stop the program that uses it.") from None
    return sock


def run(args: argparse.Namespace) -> None:
    import uvicorn

    from syndata.api.app import create_app

    sock = bind(args.host, args.port)
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    print(f"syndata API on http://{args.host}:{args.port} (docs at /docs); Ctrl+C stops it",
          flush=True)
    server.run(sockets=[sock])
