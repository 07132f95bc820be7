"""Poster and portrait uploads: verified, decoded and re-encoded with Pillow, metadata stripped.

Nothing an author uploads is ever served as sent. A file is read up to ``UPLOAD_MAX_BYTES``,
opened only by the PNG, JPEG, WebP and GIF decoders, its declared size checked against
``UPLOAD_MAX_PIXELS`` before a single pixel is decoded, verified, decoded (the first frame of an
animation), turned upright by its EXIF orientation, flattened to sRGB, cropped to the size the pages
use and written as a fresh WebP without EXIF, GPS, XMP or ICC data. Files are stored under
``UPLOAD_FOLDER`` with a random suffix, so a replaced image never shows from a cache; the database
keeps the path relative to that folder, which the ``reading.media`` route serves.

Sizing: both kinds are *cover-cropped* (``ImageOps.fit``): scaled until the frame is filled, then
centred and trimmed, as WordPress's hard crop does. A poster is exactly 544x816 (2:3: twice the
widest slot a page shows it in), a portrait exactly 240x240; smaller images are scaled up rather
than padded, so a page never shows bars. The smaller copies the pages choose from with ``srcset``
are written alongside (``blog.services.image_sizes``).
"""
from __future__ import annotations

import io
import os
import secrets
import warnings
from dataclasses import dataclass
from typing import IO

from flask import current_app
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from slugify import slugify

from blog.services.errors import ImageRejected
from blog.services import image_sizes

POSTER_SIZE = (544, 816)
PORTRAIT_SIZE = (240, 240)
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
WEBP_QUALITY = 85
BACKGROUND = (255, 255, 255)  # what transparent pixels become; WebP is stored without alpha
NOT_AN_IMAGE = "That file is not an image we can use (PNG, JPEG, WebP or GIF)."


@dataclass(frozen=True)
class StoredImage:
    """A re-encoded image: its path relative to ``UPLOAD_FOLDER`` and its pixel size."""

    path: str
    width: int
    height: int


def store_poster(stream: IO[bytes], name_hint: str) -> StoredImage:
    """Check an uploaded poster, re-encode it at 544x816 and store it under posters/."""
    return _store(stream, name_hint, "posters", POSTER_SIZE)


def store_portrait(stream: IO[bytes], name_hint: str) -> StoredImage:
    """Check an uploaded portrait, re-encode it at 240x240 and store it under portraits/."""
    return _store(stream, name_hint, "portraits", PORTRAIT_SIZE)


# Pictures inside a review body (brought in by the WordPress import) keep their shape: they are
# only scaled down to fit this box, never cropped or enlarged.
INLINE_BOX = (1200, 1200)


def store_inline(stream: IO[bytes], name_hint: str) -> StoredImage:
    """Check a picture for a review's body, re-encode it within 1200x1200 under inline/."""
    return _store(stream, name_hint, "inline", INLINE_BOX, crop=False)


def delete_stored(path: str | None) -> bool:
    """Remove a stored upload by its relative path; False if it was already gone or never set.

    Raises ``ValueError`` for a path that leads outside ``UPLOAD_FOLDER``: such a value never comes
    from this module, so it means tampering or a bug, and nothing is touched.
    """
    if not path:
        return False
    folder = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    target = os.path.realpath(os.path.join(folder, *path.split("/")))
    if os.path.isabs(path) or os.path.commonpath([folder, target]) != folder or target == folder:
        raise ValueError(f"refusing to delete {path!r}: it is not inside the upload folder")
    image_sizes.delete_sizes(path)
    try:
        os.remove(target)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False
    return True


def _store(stream: IO[bytes], name_hint: str, subfolder: str, size: tuple[int, int],
           crop: bool = True) -> StoredImage:
    """Read, check and convert an upload, then write it; nothing is written for a rejected file."""
    data = _read_capped(stream, current_app.config["UPLOAD_MAX_BYTES"])
    # Pillow reports oddities (bad EXIF, palette transparency, bomb-sized frames) as warnings.
    # They must neither reach the log as noise nor, with warnings as errors, escape as exceptions;
    # the bomb warning becomes an error so that it is refused like the bomb error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _decode(data, current_app.config["UPLOAD_MAX_PIXELS"])
        if crop:
            image = ImageOps.fit(_to_srgb(image), size, Image.Resampling.LANCZOS)
        else:
            image = _to_srgb(image)
            image.thumbnail(size, Image.Resampling.LANCZOS)
        encoded = io.BytesIO()
        # No exif=, icc_profile= or xmp= arguments: Pillow writes none of them to the WebP.
        image.save(encoded, "WEBP", quality=WEBP_QUALITY, method=4)
    # A random suffix makes every upload a new URL, so no cache can show the image it replaced.
    stem = slugify(name_hint or "", max_length=60) or "image"
    relative = f"{subfolder}/{stem}-{secrets.token_hex(4)}.webp"
    image_sizes.write_atomically(relative, encoded.getvalue())
    image_sizes.make_sizes(relative)
    return StoredImage(relative, *image.size)


def _read_capped(stream: IO[bytes], max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` from the upload, refusing a larger or an empty one."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(f"The image is too large: at most {_megabytes(max_bytes)}.")
    if not data:
        raise ImageRejected("That file is empty.")
    return data


MAX_ASPECT = 10


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    """Open, size-check, verify and decode the first frame; any failure is an ``ImageRejected``."""
    try:
        _check(Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS), max_pixels).verify()
        # verify() leaves the image unusable, so decoding needs a second open.
        image = _check(Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS), max_pixels)
        image.seek(0)
        if image.format == "JPEG":
            image.draft("RGB", (3 * POSTER_SIZE[1], 3 * POSTER_SIZE[1]))  # decode big JPEGs small
        image.load()
        return ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(max_pixels) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError,
            TypeError, KeyError, ZeroDivisionError, MemoryError) as error:
        # Decoders signal damaged files with a zoo of exception types; all mean "not usable".
        raise ImageRejected(NOT_AN_IMAGE) from error


def _check(image: Image.Image, max_pixels: int) -> Image.Image:
    """Refuse a file of the wrong format or too many pixels, from its header alone."""
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRejected(NOT_AN_IMAGE)
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRejected(NOT_AN_IMAGE)
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    # A sliver (1 × 39,000,000) passes the pixel cap yet takes seconds to decode row by row,
    # and is no poster or portrait anyway.
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageRejected(f"The image is {width} × {height} pixels: no side may be more "
                            f"than {MAX_ASPECT} times the other.")
    return image


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        f"The image is too large to process (over {max_pixels / 1_000_000:g} megapixels).")


def _to_srgb(image: Image.Image) -> Image.Image:
    """An RGB copy in sRGB: transparency laid on white, an embedded colour profile applied."""
    profile = image.info.get("icc_profile")
    if image.mode in ("P", "PA", "LA", "La", "RGBa") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, BACKGROUND)
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if profile:
        # Colours from a wide-gamut camera or phone would look washed out once the profile is gone.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                              outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unreadable profile: keep the pixels as they are
    return image


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
