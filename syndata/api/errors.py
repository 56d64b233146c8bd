"""Errors as JSON problems: ``{"error": ..., "hint": ...}`` with the right status, never a
traceback.

Our core's exceptions already say what is wrong and what to do in the user's terms; the
hint adds what to do over HTTP. Anything unforeseen is a 500 with one line and no stack.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from syndata.errors import (
    EvaluationError,
    IngestError,
    JobError,
    LimitError,
    MetadataError,
    ModelError,
    SignatureError,
    SyndataError,
    ValidationError,
    one_line,
)

_log = logging.getLogger(__name__)


class ApiError(SyndataError):
    """An error of the API itself; subclasses set the HTTP status and the hint."""

    status = 400
    hint = "Fix the request and send it again."


class NotFound(ApiError):
    status = 404
    hint = ("Ids belong to the token that created them: list yours with GET /datasets, "
            "/models, /synthetic or /evaluations.")


class Conflict(ApiError):
    status = 409
    hint = "Poll the resource until its job is done, then ask again."


class TooLarge(ApiError):
    status = 413
    hint = "Send less: a sample of the rows, fewer columns or a smaller file."


class ParquetError(ApiError):
    status = 422
    hint = "Download the table as CSV (format=csv) instead."


class Unauthorized(ApiError):
    status = 401
    hint = ("Send 'Authorization: Bearer <token>'; `python -m syndata token create` on the "
            "server prints a new token.")


_STATUS: tuple[tuple[type[SyndataError], int, str], ...] = (
    (IngestError, 400, "Fix the file (or the reading options) and upload it again."),
    (SignatureError, 400, "Upload a model file downloaded from this server."),
    (LimitError, 413, "Ask for less, or have the server's limits raised (SYNDATA_* settings)."),
    (JobError, 409, "Check the job's state with GET on the resource."),
    (ValidationError, 422, "Fix the data or the metadata (PUT /datasets/{id}/metadata), then "
                           "try again; GET /datasets/{id}/problems lists every problem."),
    (MetadataError, 422, "Fix the metadata JSON and PUT it again."),
    (ModelError, 422, "Change the model or its settings; GET /models/catalog lists them."),
    (EvaluationError, 422, "Fix the evaluation request (target as table.column)."),
)


def problem(status: int, error: str, hint: str) -> JSONResponse:
    """The one error body every endpoint answers with."""
    return JSONResponse({"error": " ".join(error.split()), "hint": hint}, status_code=status)


def status_and_hint(exc: SyndataError) -> tuple[int, str]:
    if isinstance(exc, ApiError):
        return exc.status, exc.hint
    for kind, status, hint in _STATUS:
        if isinstance(exc, kind):
            return status, hint
    return 422, "Change the input as the message says and try again."


async def _ours(_: Request, exc: SyndataError) -> JSONResponse:
    status, hint = status_and_hint(exc)
    return problem(status, str(exc), hint)


async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
    parts = []
    for item in exc.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", ""))
    return problem(422, "The request is not valid: " + "; ".join(parts) + ".",
                   "See the request's schema at /docs.")


async def _http(_: Request, exc: HTTPException) -> JSONResponse:
    hint = "See /docs for the endpoints and their methods."
    return problem(exc.status_code, str(exc.detail), hint)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    _log.exception("Unexpected error in a request")
    return problem(500, f"unexpected {type(exc).__name__}: {one_line(exc)}",
                   "This is a bug in syndata: the server log has the details.")


def install(app: FastAPI) -> None:
    """Route every error of ``app`` through ``problem``."""
    app.add_exception_handler(SyndataError, _ours)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
