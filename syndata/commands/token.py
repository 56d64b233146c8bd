"""``token``: create, list and revoke the REST API's tokens (stored hashed)."""

from __future__ import annotations

import argparse

from syndata.errors import SyndataError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "token", help="manage REST API tokens",
        description="Tokens for the REST API. A token is printed once; the server keeps "
        "only a keyed hash of it (in $SYNDATA_API_DATA, default ~/.config/syndata/api).")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    create = actions.add_parser("create", help="print a new token")
    create.add_argument("--label", default="", help="a note on whom the token is for")
    create.set_defaults(run=_create)
    actions.add_parser("list", help="the tokens' ids, labels and dates").set_defaults(run=_list)
    revoke = actions.add_parser("revoke", help="remove a token by its id")
    revoke.add_argument("id", help="the id `token list` shows")
    revoke.set_defaults(run=_revoke)


def _tokens():
    from syndata.api.config import default_data_dir
    from syndata.api.tokens import TokenStore

    return TokenStore(default_data_dir())


def _create(args: argparse.Namespace) -> None:
    token, _ = _tokens().create(args.label)
    print(token)


def _list(args: argparse.Namespace) -> None:
    for record in _tokens().records():
        print(f"{record.id}  {record.created}  {record.label}")


def _revoke(args: argparse.Namespace) -> None:
    if not _tokens().revoke(args.id):
        raise SyndataError(f"No token with id {args.id!r}: `python -m syndata token list` "
                           "shows them.")
    print(f"revoked {args.id}")
