"""The one way jwtlint reads a file: regular files only, and never more than a limit.

``open()`` on a FIFO blocks until a writer appears (forever, in a scan), and a
symlink to ``/dev/zero`` reads until memory runs out. Every file jwtlint
reads (sources, configuration, baselines, ignore and dependency files, its
caches) therefore goes through :func:`read_bytes`: the path is checked with
``stat`` before it is opened, opened without waiting, checked again on the
open descriptor (the file may have been swapped in between) and read up to a
limit. The errors are :class:`OSError` subclasses, so every caller that
already treats an unreadable file gracefully treats these the same way.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Generator
from typing import Union

#: Default cap for Python sources (``max-file-size`` in the configuration changes it).
DEFAULT_SOURCE_LIMIT = 4 * 1024 * 1024
#: Cap for small text files jwtlint reads besides sources: configuration, ignore and dependency files.
SMALL_FILE_LIMIT = 1024 * 1024
#: Cap for files jwtlint writes itself and that grow with the project: baselines and caches.
DATA_FILE_LIMIT = 64 * 1024 * 1024

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1024 * 1024

PathLike = Union[str, "os.PathLike[str]"]


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a directory: reading it could block or never end."""

    def __init__(self, path: PathLike, mode: int) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({_kind(mode)})", os.fspath(path))


class TooLarge(OSError):
    """The file is larger than the limit it is read under."""

    def __init__(self, path: PathLike, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"too large to analyse ({_size(size)}; the limit is {_size(limit)})",
                         os.fspath(path))
        self.size = size
        self.limit = limit


def read_bytes(path: PathLike, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed); at most ``limit`` of them."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    descriptor = os.open(path, _FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path, status.st_mode)
        if status.st_size > limit:
            raise TooLarge(path, status.st_size, limit)
        chunks = []
        remaining = limit + 1  # one byte more tells a file that grew past the limit since fstat
        while remaining > 0:
            chunk = os.read(descriptor, min(_CHUNK, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(path, len(data), limit)
    return data


def chunks_of(path: PathLike, limit: int) -> Generator[bytes, None, None]:
    """The bytes of the regular file at ``path`` a chunk at a time (so never all held), up to ``limit``.

    For a file too large to read whole that must still be looked into, like a source
    file past the size cap that may or may not use JWT at all.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    descriptor = os.open(path, _FLAGS)
    try:
        remaining = limit
        while remaining > 0:
            chunk = os.read(descriptor, min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        os.close(descriptor)


def read_text(path: PathLike, limit: int, errors: str = "strict") -> str:
    """:func:`read_bytes` decoded as UTF-8 (a ``UnicodeDecodeError`` with ``errors="strict"``)."""
    return read_bytes(path, limit).decode("utf-8", errors)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "a special file"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count} bytes"
