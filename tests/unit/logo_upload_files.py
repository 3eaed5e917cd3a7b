"""Hostile and mislabelled logo files, shared by the importer's unit tests and the reliability suite."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

SHAPE = '<rect x="10" y="10" width="80" height="80" fill="#cc2200"/>'


def svg(body: str = "", head: str = "") -> bytes:
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 100 100">{body}{SHAPE}</svg>').encode()


def png(size: int = 64, color: tuple[int, int, int] = (204, 34, 0)) -> bytes:
    image = Image.new("RGB", (size, size), (255, 255, 255))
    image.paste(color, (size // 4, size // 4, 3 * size // 4, 3 * size // 4))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 20_000) -> bytes:
    """A valid 1-bit greyscale PNG of side x side pixels, all black: a few tens of KB that decode to side^2
    pixels (400 M for 20000). Built chunk by chunk: Pillow would need the whole image in memory to write it."""
    row = b"\0" + b"\0" * ((side + 7) // 8)  # filter byte, then the packed bits
    deflate = zlib.compressobj(9)
    rows_per_step = 1000
    idat = b"".join(deflate.compress(row * min(rows_per_step, side - i)) for i in range(0, side, rows_per_step))
    idat += deflate.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


# name -> (file name, bytes): what each should be refused or cleaned for.
SCRIPT_SVG = svg("<script>alert(document.cookie)</script>")
ENTITY_SVG = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
              b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><desc>&xxe;</desc>'
              b'<rect width="1" height="1"/></svg>')
EXTERNAL_HREF_SVG = svg('<use xlink:href="https://evil.example/sprite.svg#logo"/>'
                        '<image href="https://evil.example/track.png" width="10" height="10"/>')
GARBAGE = bytes(range(256)) * 8
