"""The one atomic file writer: a temporary file in the target folder, fsync, ``os.replace``.

Readers see either the old file or the complete new one; a writer killed midway leaves at most a
hidden ``.tmp-*.part`` file (those who list folders skip :data:`TMP_PREFIX`), and a writer that fails
removes its temporary file. Imports nothing from factcheck: every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["TMP_PREFIX", "write_atomic", "write_text_atomic"]

TMP_PREFIX = ".tmp-"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse to fsync directories; the rename is still atomic
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (parents created).

    ``mode`` sets the file's permission bits; ``None`` keeps the temporary file's private 0600.
    ``durable=False`` skips the fsyncs (derived data: a power cut may lose or tear it, a crash of
    the process cannot).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX, suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_dir(path.parent)


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` as UTF-8 (newlines as given, never translated) to ``path`` atomically."""
    write_atomic(path, text.encode("utf-8"), mode=mode)
