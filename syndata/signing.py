"""Signed model files: only models exported by this installation are ever unpickled.

A fitted model is a pickle, and unpickling runs code chosen by whoever wrote the file. So an
exported model carries an HMAC-SHA256 over its bytes, keyed with a secret generated once per
installation and kept in the user's config folder (never in the repository or a session
folder). Import checks the signature in constant time *before* unpickling anything; a file
from elsewhere, or one altered by a single byte, is refused.

File layout: ``MAGIC`` (12 bytes) + version (1 byte) + signature (32 bytes) + payload. The
signature covers the magic, the version and the payload.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
from pathlib import Path

import cloudpickle

from syndata.errors import ModelError, SignatureError

MAGIC = b"SYNDATA-MDL\x00"
# 2: IRGAN's autoregressive generator, column rules and lookup tables changed what a fitted
# model holds; a version-1 file would unpickle into objects missing those parts.
VERSION = 2
CONFIG_ENV = "SYNDATA_CONFIG_DIR"
SECRET_FILE = "secret.key"
_SECRET_BYTES = 32
_DIGEST_BYTES = hashlib.sha256().digest_size
_HEADER = MAGIC + bytes([VERSION])
_REFUSED = (
    "this file was not exported by this installation of syndata or was altered; export the "
    "model again from the app that fitted it"
)


def config_dir() -> Path:
    """``$SYNDATA_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/syndata``, else ``~/.config/syndata``."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base).expanduser() / "syndata"


def secret_path() -> Path:
    return config_dir() / SECRET_FILE


def installation_secret() -> bytes:
    """The signing key, created (mode 0600) on first use.

    Creation is atomic and exclusive (write a private temporary file, then hard-link it into
    place), so two processes starting at once agree on one key instead of each keeping its
    own and refusing the other's exports.
    """
    path = secret_path()
    if not path.exists():
        _create_secret(path)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        raise SignatureError(
            f"The signing key {path} cannot be read or is damaged. Delete it to create a new "
            "one (models exported with the old key will no longer load), or fix its "
            "permissions."
        ) from None
    if len(key) != _SECRET_BYTES:
        raise SignatureError(
            f"The signing key {path} has the wrong length. Delete it to create a new one "
            "(models exported with the old key will no longer load)."
        )
    return key


def sign_bytes(payload: bytes) -> bytes:
    """Header + HMAC signature + payload."""
    signature = hmac.new(installation_secret(), _HEADER + payload, hashlib.sha256).digest()
    return _HEADER + signature + payload


def verify_bytes(blob: bytes) -> bytes:
    """The payload of a blob signed by this installation, or ``SignatureError``."""
    if len(blob) < len(_HEADER) + _DIGEST_BYTES or not blob.startswith(MAGIC):
        raise SignatureError(f"This is not a syndata model file: {_REFUSED}.")
    if blob[len(MAGIC)] != VERSION:
        raise SignatureError(
            f"This model file has format version {blob[len(MAGIC)]}, but this syndata reads "
            f"version {VERSION}; export the model again with this version."
        )
    signature = blob[len(_HEADER): len(_HEADER) + _DIGEST_BYTES]
    payload = blob[len(_HEADER) + _DIGEST_BYTES:]
    expected = hmac.new(installation_secret(), _HEADER + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise SignatureError(f"The model file was refused: {_REFUSED}.")
    return payload


def dump_signed(obj: object, path: Path | str | None = None) -> bytes:
    """Pickle and sign ``obj``; also write it to ``path`` when given. Returns the blob.

    cloudpickle (as SDV uses for its own ``save``) handles the closures some fitted objects
    hold; loading needs only the standard ``pickle``.
    """
    blob = sign_bytes(cloudpickle.dumps(obj))
    if path is not None:
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(blob)
        partial.replace(target)
    return blob


class _OurClasses(pickle.Unpickler):
    """The standard unpickler; a syndata class that has since moved or gone is named so."""

    def find_class(self, module: str, name: str) -> object:
        try:
            return super().find_class(module, name)
        except (ImportError, AttributeError):
            if module.split(".")[0] != __name__.split(".")[0]:  # another library's class
                raise
            raise ModelError(
                f"This model file was made by an older syndata: its {module}.{name} no longer "
                "exists. Fit the model again and export it."
            ) from None


def load_signed(blob: bytes) -> object:
    """Verify, then unpickle. Nothing is unpickled unless the signature holds."""
    payload = verify_bytes(blob)
    try:
        return _OurClasses(io.BytesIO(payload)).load()
    except ModelError:
        raise
    except Exception as error:
        raise SignatureError(
            f"The model file is signed by this installation but cannot be loaded "
            f"({type(error).__name__}: {error}); it may come from another version of the "
            "libraries. Fit and export the model again."
        ) from None


def _create_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f"{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(_SECRET_BYTES) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            return  # another process created it first: its key wins
        except OSError:
            os.replace(temporary, path)  # no hard links on this file system
    finally:
        temporary.unlink(missing_ok=True)
