"""Who is calling: the bearer token, checked against the stored hashes, picks the space."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from syndata.api.errors import Unauthorized
from syndata.api.store import Space, Store
from syndata.api.tokens import TokenStore
from syndata.jobs import JobRunner
from syndata.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="A token from `python -m syndata token create`.")


async def caller_space(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Space:
    """The caller's space; 401 without a valid token. Async, so that no request waits
    for a thread just to be authenticated (it takes microseconds)."""
    if credentials is None:
        raise Unauthorized("This request has no API token.")
    tokens: TokenStore = request.app.state.tokens
    token_id = tokens.verify(credentials.credentials)
    if token_id is None:
        raise Unauthorized("This API token is not known to this server (or was revoked).")
    store: Store = request.app.state.store
    return store.space(token_id)


async def runner_of(request: Request) -> JobRunner:
    return request.app.state.runner


async def store_of(request: Request) -> Store:
    return request.app.state.store


async def settings_of(request: Request) -> Settings:
    return request.app.state.settings


Caller = Annotated[Space, Depends(caller_space)]
Runner = Annotated[JobRunner, Depends(runner_of)]
Spaces = Annotated[Store, Depends(store_of)]
Config = Annotated[Settings, Depends(settings_of)]
