"""Framework-neutral objects handlers receive: uploaded files."""

from __future__ import annotations

import os
import shutil
from typing import IO, Any


class UploadedFile:
    """An uploaded file, with the interface of werkzeug's ``FileStorage`` that handlers use.

    :param stream: a binary file object with the content.
    :param filename: the file name the client sent.
    :param name: the form field name.
    :param content_type: the part's Content-Type.
    :param headers: the part's headers.
    """

    def __init__(
        self,
        stream: IO[bytes],
        filename: str | None = None,
        name: str | None = None,
        content_type: str | None = None,
        headers: Any = None,
    ) -> None:
        self.stream = stream
        self.filename = filename
        self.name = name
        self.content_type = content_type
        self.headers = headers if headers is not None else {}

    @property
    def mimetype(self) -> str:
        """The media type without parameters."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()

    def read(self, size: int = -1) -> bytes:
        """Read from the file."""
        return self.stream.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move within the file."""
        return self.stream.seek(offset, whence)

    def save(self, dst: str | os.PathLike[str] | IO[bytes], buffer_size: int = 16384) -> None:
        """Write the content to a path or a binary file object."""
        if isinstance(dst, (str, os.PathLike)):
            with open(dst, "wb") as target:
                shutil.copyfileobj(self.stream, target, buffer_size)
        else:
            shutil.copyfileobj(self.stream, dst, buffer_size)

    def close(self) -> None:
        """Close the underlying stream."""
        self.stream.close()

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __repr__(self) -> str:
        return f"<UploadedFile {self.filename!r} ({self.content_type!r})>"
