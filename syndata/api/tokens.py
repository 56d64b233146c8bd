"""API tokens: printed once, stored only as a keyed hash.

``tokens.json`` in the server's data folder holds, per token, an HMAC-SHA256 of it under a
server secret (``token.key`` beside it, mode 0600): a stolen file gives neither the tokens
nor a way to test guesses offline without the key. The server rereads the file when it
changes, so ``python -m syndata token create`` works while it runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from syndata.errors import ConfigError

PREFIX = "sdt_"
TOKENS_FILE = "tokens.json"
SECRET_FILE = "token.key"
_LOCK_FILE = ".tokens.lock"
_SECRET_BYTES = 32
_RECHECK_S = 1.0
"""How often ``verify`` looks whether the file changed for a token it knows: a revoked
token stops working within a second, and a status poll costs no file system call. An
unknown token always makes it look, so a new one works at once."""


@dataclass(frozen=True)
class TokenRecord:
    """One token as stored: an id that names it in lists and logs, and its keyed hash."""

    id: str
    hash: str
    label: str
    created: str


class TokenStore:
    """The tokens of one server data folder."""

    def __init__(self, folder: Path, recheck_s: float = _RECHECK_S):
        self.folder = Path(folder)
        self.recheck_s = recheck_s
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._by_hash: dict[str, TokenRecord] = {}
        self._key: bytes | None = None
        self._checked = float("-inf")

    def create(self, label: str = "") -> tuple[str, TokenRecord]:
        """A new token (shown to the user once) and its stored record."""
        token = PREFIX + secrets.token_urlsafe(32)
        digest = self._digest(token)
        record = TokenRecord(id=digest[:12], hash=digest, label=label,
                             created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        with self._file_lock():
            records = self._read()
            records.append(record)
            self._write(records)
        return token, record

    def records(self) -> list[TokenRecord]:
        return self._read()

    def revoke(self, token_id: str) -> bool:
        """Remove the token with this id; False when there is none."""
        with self._file_lock():
            records = self._read()
            kept = [r for r in records if r.id != token_id]
            self._write(kept)
        return len(kept) < len(records)

    def verify(self, token: str) -> str | None:
        """The id of ``token`` when it is one of ours, else None (in constant time per
        stored hash, so timing tells nothing about how close a guess was)."""
        if not token.startswith(PREFIX):
            return None
        digest = self._digest(token)
        with self._lock:
            self._reload(force=False)
            found = self._find(digest)
            if found is None:  # perhaps created a moment ago by `token create`
                self._reload(force=True)
                found = self._find(digest)
            return found

    def _find(self, digest: str) -> str | None:
        found = None
        for stored, record in self._by_hash.items():
            if hmac.compare_digest(stored, digest):
                found = record.id
        return found

    # Files.

    def _digest(self, token: str) -> str:
        if self._key is None:
            self._key = self._secret()
        return hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).hexdigest()

    def _secret(self) -> bytes:
        path = self.folder / SECRET_FILE
        if not path.exists():
            self._ensure_folder()
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it first: its key wins
            else:
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(secrets.token_hex(_SECRET_BYTES) + "\n")
        try:
            key = bytes.fromhex(path.read_text().strip())
        except (OSError, ValueError):
            raise ConfigError(f"The token key {path} cannot be read or is damaged: fix its "
                              "permissions, or delete it and create new tokens.") from None
        if len(key) != _SECRET_BYTES:
            raise ConfigError(f"The token key {path} has the wrong length: delete it and "
                              "create new tokens.")
        return key

    def _ensure_folder(self) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(f"Cannot create the API data folder {self.folder} "
                              f"({error.strerror}): set SYNDATA_API_DATA to a folder the "
                              "server may write.") from None

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        self._ensure_folder()
        with open(self.folder / _LOCK_FILE, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> list[TokenRecord]:
        path = self.folder / TOKENS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return [TokenRecord(**item) for item in raw["tokens"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            raise ConfigError(f"The token file {path} is damaged: delete it and create new "
                              "tokens.") from None

    def _write(self, records: list[TokenRecord]) -> None:
        path = self.folder / TOKENS_FILE
        partial = path.with_name(f"{TOKENS_FILE}.{os.getpid()}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"tokens": [asdict(r) for r in records]}, handle, indent=1)
        partial.replace(path)

    def _reload(self, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._checked < self.recheck_s:
            return
        self._checked = now
        try:
            info = (self.folder / TOKENS_FILE).stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp or stamp is None:
            self._by_hash = {r.hash: r for r in self._read()}
            self._stamp = stamp
