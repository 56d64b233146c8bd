"""Database URLs as the user may see them: never with their password.

A connection URL such as ``postgresql://ana:s3cret@db/shop`` carries a credential. Every
message, log line, session file and model file names a database by ``redact(url)``
(``postgresql://ana:***@db/shop``), and a driver's error text goes through
``scrub(text, url)`` first, because drivers quote the URL or the password back.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_USERINFO = re.compile(r"(://[^/@:]*):([^/@]*)@")
HIDDEN = "***"


def is_url(text: str) -> bool:
    """Does ``text`` name a database (``scheme://...``) rather than a file or folder?"""
    return bool(_SCHEME.match(text.strip()))


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (also when SQLAlchemy cannot parse it)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _USERINFO.sub(rf"\1:{HIDDEN}@", url)


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` set (the app asks for it in a field of its own, so the URL
    the user types and sees holds none); ``url`` as it is when no password is given."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not password:
        return url
    try:
        return make_url(url).set(password=password).render_as_string(hide_password=False)
    except (ArgumentError, ValueError):
        return url  # the reader names the bad URL (without any password)


def password_of(url: str) -> str | None:
    """The password ``url`` holds, or None."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password
    except (ArgumentError, ValueError):
        found = _USERINFO.search(url)
        return unquote(found.group(2)) if found else None


def scrub(text: str, url: str) -> str:
    """``text`` (a driver's message, a log line) with ``url`` and its password hidden."""
    text = text.replace(url, redact(url))
    secret = password_of(url)
    if secret:
        for form in {secret, _quoted(url)}:
            if form:
                text = text.replace(form, HIDDEN)
    return _USERINFO.sub(rf"\1:{HIDDEN}@", text)


def _quoted(url: str) -> str | None:
    """The password as written in the URL (percent-encoded), which drivers may echo."""
    found = _USERINFO.search(url)
    return found.group(2) if found else None
