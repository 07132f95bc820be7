"""Image files made on the fly with Pillow, friendly and hostile, for the upload tests.

Nothing binary is committed: each builder returns the bytes of a file, so a test states exactly
what it sends. Web tests can post these through the real form as well.
"""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms

RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)
ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825


def encode(image: Image.Image, format: str, **params) -> bytes:
    """The bytes of ``image`` saved in ``format``."""
    buffer = io.BytesIO()
    image.save(buffer, format, **params)
    return buffer.getvalue()


def two_tone(size: tuple[int, int], top=RED, bottom=BLUE, mode="RGB") -> Image.Image:
    """An image whose top half is one colour and bottom half another, to tell which way is up."""
    image = Image.new("RGB", size, top)
    image.paste(bottom, (0, size[1] // 2, size[0], size[1]))
    return image.convert(mode) if mode != "RGB" else image


def png(size=(300, 450), **params) -> bytes:
    return encode(two_tone(size), "PNG", **params)


def webp(size=(300, 450)) -> bytes:
    return encode(two_tone(size), "WEBP", quality=90)


def jpeg(size=(300, 450), mode="RGB") -> bytes:
    return encode(two_tone(size, mode=mode), "JPEG", quality=90)


def jpeg_with_exif(upright_size=(300, 450), orientation=6) -> bytes:
    """A phone-style JPEG: pixels stored sideways, an orientation tag, a maker and a GPS fix.

    Orientation 6 says "rotate 90 degrees clockwise to view", so the stored pixels are the upright
    picture turned 90 degrees counter-clockwise.
    """
    stored = two_tone(upright_size).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "SpyCam"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    return encode(stored, "JPEG", quality=90, exif=exif.tobytes())


def animated_gif(size=(120, 180)) -> bytes:
    """Two frames, red then green; only the first may be used."""
    frames = [Image.new("RGB", size, RED), Image.new("RGB", size, GREEN)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def transparent_png(size=(60, 90)) -> bytes:
    return encode(Image.new("RGBA", size, (0, 0, 0, 0)), "PNG")


def palette_gif_with_transparency(size=(60, 90)) -> bytes:
    image = Image.new("P", size, 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(1, (0, 0, size[0], size[1] // 2))
    return encode(image, "GIF", transparency=0)


def png_with_srgb_profile(size=(60, 90)) -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(two_tone(size), "PNG", icc_profile=profile)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A well-formed PNG header declaring ``width`` x ``height`` pixels, with a tiny IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))


def gif_polyglot() -> bytes:
    """A valid GIF with HTML and script appended: an image to Pillow, a page to a sniffer."""
    return encode(Image.new("RGB", (40, 60), RED), "GIF") + HTML


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="600">'
       b'<script>alert(1)</script><rect width="400" height="600" fill="red"/></svg>')
TEXT = b"This is not a picture, whatever its name says.\n"
