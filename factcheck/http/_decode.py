"""Bodies to bytes and bytes to text: content-encoding with a bounded output, charset detection.

:func:`decode_body` and the streaming :class:`_BodyDecoder` undo gzip/deflate with at most the
size cap of output per step, so a gzip bomb stops after ``max_bytes`` whatever its wire size.
:func:`detect_encoding` reads the BOM, the HTTP header, the HTML ``<meta>``/XML declaration, then
asks charset-normalizer; GBK and GB2312 are read as their superset GB18030.
"""

from __future__ import annotations

import codecs
import re
import zlib
from typing import Any

from factcheck.errors import ContentError, TooLargeError

__all__ = ["decode_body", "detect_encoding"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_GB_FAMILY = {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030"}
_LATIN1_FAMILY = {"iso8859-1", "latin-1", "latin1", "iso-8859-1", "us-ascii", "ascii"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _normalize_charset(name: str | None) -> str | None:
    """Return a Python codec name for a charset label, or ``None`` when unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"  # GBK and GB2312 pages often contain GB18030-only characters
    if label in _LATIN1_FAMILY:
        return "cp1252"  # browsers read these labels as windows-1252 (WHATWG Encoding)
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return None
    if codec.name in _GB_FAMILY:
        return "gb18030"
    return codec.name


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def detect_encoding(content: bytes, content_type: str | None = None) -> str:
    """Return the codec to decode ``content``: BOM, header charset, HTML meta, then detection.

    An unknown charset label is skipped, never an error; the fallback is UTF-8.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = _normalize_charset(_header_charset(content_type))
    if declared:
        return declared
    ctype = (content_type or "").lower()
    head = content[:4096]
    if "html" in ctype or "xml" in ctype or head.lstrip()[:1] == b"<":
        match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if match:
            meta = _normalize_charset(match.group(1).decode("ascii", "replace"))
            if meta:
                return meta
    if "json" in ctype or not content:
        return "utf-8"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes  # imported lazily: only undeclared non-UTF-8 bodies

    best = from_bytes(content[:200_000]).best()
    guessed = _normalize_charset(best.encoding if best is not None else None)
    return guessed or "utf-8"


class _BodyDecoder:
    """Undo one content-encoding with a bounded output per step (gzip bombs stay bounded)."""

    def __init__(self, content_encoding: str | None, url: str) -> None:
        codings = [
            c.strip().lower()
            for c in (content_encoding or "").split(",")
            if c.strip().lower() not in ("", "identity")
        ]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise ContentError(f"unsupported content-encoding {content_encoding!r}", url=url)
        self._coding = codings[0] if codings else None
        self._zlib: Any = None
        if self._coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._coding == "deflate":
            self._zlib = zlib.decompressobj()
        self._first = True
        self._url = url

    def feed(self, data: bytes, budget: int) -> list[bytes]:
        """Decode ``data``; each returned piece is at most ``budget + 1`` bytes."""
        if self._zlib is None:
            return [data]
        out: list[bytes] = []
        try:
            while data:
                try:
                    piece = self._zlib.decompress(data, budget + 1)
                except zlib.error:
                    if self._coding == "deflate" and self._first:
                        # Some servers send raw deflate without the zlib header (httpx copes too).
                        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                        self._first = False
                        continue
                    raise
                self._first = False
                out.append(piece)
                budget -= len(piece)
                if budget < 0:
                    break
                data = self._zlib.unconsumed_tail
        except zlib.error as exc:
            raise ContentError(f"corrupt {self._coding} body: {exc}", url=self._url) from exc
        return out


def decode_body(content: bytes, content_encoding: str | None, max_bytes: int, url: str) -> bytes:
    """Undo ``content_encoding`` on a body; raise :class:`TooLargeError` beyond ``max_bytes``."""
    decoder = _BodyDecoder(content_encoding, url)
    out = bytearray()
    for piece in decoder.feed(content, max_bytes):
        out += piece
        if len(out) > max_bytes:
            raise TooLargeError(f"decoded body exceeds {max_bytes} bytes", url=url)
    return bytes(out)
