"""The local-folder store: the embedded default, files under the data folder as before."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from voice_app.storage.base import (
    NotStored,
    Store,
    Stored,
    StoreError,
    check,
    clean_key,
    file_sha256,
)


class LocalStore(Store):
    """Objects as files under root; written to a temporary file beside the name, then renamed."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.url = self.root.as_uri()

    def key_for(self, value: str | None) -> str:
        """A key, also from an absolute path inside root (rows written before the seam)."""
        if value and os.path.isabs(value):
            path = Path(value)
            if not path.is_relative_to(self.root):
                raise NotStored(f"{value!r} is outside {self.root}")
            value = path.relative_to(self.root).as_posix()
        return clean_key(value)

    def path(self, key: str) -> Path:
        """The file for key, only if it really lies inside root (no links out of it)."""
        path = self.root / self.key_for(key)
        if not path.resolve().is_relative_to(self.root):
            raise NotStored(f"{key!r} leads outside the store")
        return path

    def put(self, key: str, source: bytes | Path, content_type: str | None = None) -> Stored:
        final = self.path(key)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(
                dir=final.parent, prefix=f"{final.stem}.", suffix=".part", delete=False
            )
        except OSError as exc:
            raise StoreError(f"cannot write {key}: {exc.strerror or exc}") from None
        temp = Path(handle.name)
        try:
            with handle:
                if isinstance(source, bytes):
                    handle.write(source)
                else:
                    with Path(source).open("rb") as src:
                        shutil.copyfileobj(src, handle)
                handle.flush()
                os.fsync(handle.fileno())
            digest, size = file_sha256(temp), temp.stat().st_size
            os.replace(temp, final)
        except OSError as exc:
            raise StoreError(f"cannot write {key}: {exc.strerror or exc}") from None
        finally:
            temp.unlink(missing_ok=True)
        return Stored(self.key_for(key), digest, size)

    def get(self, key: str, sha256: str | None = None) -> bytes:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotStored(f"nothing is stored under {key}") from None
        except OSError as exc:
            raise StoreError(f"cannot read {key}: {exc.strerror or exc}") from None
        return check(key, data, sha256)

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).is_file()
        except NotStored:
            return False

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot delete {key}: {exc.strerror or exc}") from None

    def list(self, prefix: str = "") -> Iterator[str]:
        folder = self.root / clean_key(prefix.rstrip("/")) if prefix.strip("/") else self.root
        if not folder.resolve().is_relative_to(self.root):
            return
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.endswith(".part"):
                yield path.relative_to(self.root).as_posix()

    @contextmanager
    def local_file(self, key: str, sha256: str | None = None) -> Iterator[Path]:
        """The file itself, once its checksum is confirmed: no copy needed on this machine."""
        path = self.path(key)
        self.get(key, sha256)
        yield path
