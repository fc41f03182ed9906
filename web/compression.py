"""gzip for what the page cache keeps: compressed once, when an entry is stored.

A cached page still holds the CSP nonce placeholder (web/security.py), and
every response carries a nonce of its own, so its compressed body cannot be
one fixed blob. It is kept as raw deflate segments, one for each stretch of
the page between two placeholders, each closed by a full flush: byte-aligned,
and nothing after it refers back across it. A response puts its nonce between
the segments as a stored block and wraps them in gzip's header and trailer;
the trailer's CRC-32 is worked out from each stretch's own, so serving a
compressed page neither compresses nor reads the page again.

A streamed body (a sitemap section, megabytes) is compressed as it is
produced and kept compressed only; a client that does not take gzip gets it
decompressed on the fly, a chunk at a time.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

# Below this a page gains too little from compression to be worth a second copy.
MIN_BYTES = 1024
LEVEL = 9  # paid once per entry, not per response
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, no name, no time, best, unknown OS
STREAM_CHUNK = 64 * 1024


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding value lets us send gzip (RFC 9110, 12.5.3): it names
    gzip (or x-gzip) with a weight above zero, or does not name it and gives `*` one."""
    star = False
    for item in accept_encoding.split(","):
        coding, *params = item.split(";")
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            return weight > 0
        if coding == "*":
            star = weight > 0
    return star


def _shift(length: int) -> tuple[int, ...]:
    """The columns of the linear map v -> crc32(B, v) ^ crc32(B, 0), the same for every B
    of `length` bytes: CRC-32 is affine in the value it starts from."""
    zeros = bytes(length)
    base = zlib.crc32(zeros)
    return tuple(zlib.crc32(zeros, 1 << bit) ^ base for bit in range(32))


def _continue_crc(value: int, columns: tuple[int, ...], own: int) -> int:
    """crc32(B, value), given B's own crc32(B) and the columns of its length."""
    for column in columns:
        if value & 1:
            own ^= column
        value >>= 1
        if not value:
            break
    return own


class Gzipped(NamedTuple):
    """A page's gzip body, cut where each nonce goes (see the module's docstring)."""

    segments: tuple[bytes, ...]  # raw deflate; all but the last end in a full flush
    first_crc: int  # crc32 of the first stretch
    rest: tuple[tuple[int, tuple[int, ...]], ...]  # each later stretch: crc32 and _shift
    length: int  # the identity body's length without any nonce

    @classmethod
    def whole(cls, body: bytes) -> Gzipped:
        """A finished gzip body, with no gap for a nonce."""
        return cls((body,), 0, (), 0)

    @property
    def gaps(self) -> int:
        """How many nonces go into the body."""
        return len(self.rest)

    def body(self, filler: bytes) -> bytes:
        """The gzip body with `filler` in each gap between segments."""
        if not self.rest:
            return self.segments[0]  # no gap: header and trailer are kept with it
        gap = b"\x00" + struct.pack("<HH", len(filler), len(filler) ^ 0xFFFF) + filler
        parts = [HEADER, self.segments[0]]
        crc = self.first_crc
        for segment, (own, columns) in zip(self.segments[1:], self.rest, strict=True):
            parts += [gap, segment]
            crc = _continue_crc(zlib.crc32(filler, crc), columns, own)
        size = self.length + len(filler) * len(self.rest)
        parts.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(parts)


def compress_pieces(pieces: tuple[bytes, ...]) -> Gzipped | None:
    """The gzip form of a body made of `pieces` with a nonce between each two, or None
    when compression would not pay for itself."""
    length = sum(len(piece) for piece in pieces)
    if length < MIN_BYTES:
        return None
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    full = zlib.Z_FULL_FLUSH
    segments = [compressor.compress(piece) + compressor.flush(full) for piece in pieces]
    segments[-1] += compressor.flush()  # the final block
    if sum(len(segment) for segment in segments) + 18 >= length:
        return None
    first = zlib.crc32(pieces[0])
    if len(pieces) == 1:
        whole = HEADER + segments[0] + struct.pack("<II", first, length & 0xFFFFFFFF)
        return Gzipped((whole,), first, (), length)
    rest = tuple((zlib.crc32(piece), _shift(len(piece))) for piece in pieces[1:])
    return Gzipped(tuple(segments), first, rest, length)


def compress_stream(chunks: Iterable[bytes]) -> bytes:
    """A whole gzip body from a stream, holding only the compressed bytes."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, zlib.MAX_WBITS | 16, 9)
    parts = [compressor.compress(chunk) for chunk in chunks]
    parts.append(compressor.flush())
    return b"".join(parts)


def decompress_stream(body: bytes) -> Iterator[bytes]:
    """The identity body of a gzip body, at most STREAM_CHUNK bytes at a time."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    for start in range(0, len(body), STREAM_CHUNK):
        data = body[start : start + STREAM_CHUNK]
        while data:
            chunk = decompressor.decompress(data, STREAM_CHUNK)
            if chunk:
                yield chunk
            data = decompressor.unconsumed_tail
    tail = decompressor.flush()
    if tail:
        yield tail
