"""Smaller copies of each poster and portrait, one per width a page shows it at (1× and 2×).

A stored image ``posters/alien-1a2b3c4d.webp`` gets siblings such as
``posters/alien-1a2b3c4d.w120.webp``; templates list them in ``srcset`` and the browser picks the
one that fits the slot on its screen. The widths below are the slots in ``static/css/`` (rem at
16 px) and twice each, for high-density screens; only widths smaller than the stored image are
made, since enlarging would add bytes and no detail, and the stored image itself is the largest
candidate. Copies are written when an image is stored, by ``flask image-sizes`` for images stored
before, and on the first request for one that is still missing (``reading.media``).
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import warnings

import sqlalchemy as sa
from flask import current_app
from PIL import Image

from blog.extensions import db
from blog.models import Person, Review, User

# Poster slots: related cards 4.5rem (72), phone cards 5.75rem (92), the review page on a phone
# and cards 7.5rem (120), the studio thumbnail 8rem (128), the feed's lead card 12rem (192),
# the review page 17rem (272).
POSTER_SLOTS = (72, 92, 120, 128, 192, 272)
# Portrait slots: the about page's list 3rem (48), cast and crew 4.5rem (72), an author's page
# 7.5rem (120), a person's page 8rem (128).
PORTRAIT_SLOTS = (48, 72, 120, 128)
WIDTHS = {
    "posters": tuple(sorted({w for slot in POSTER_SLOTS for w in (slot, 2 * slot)})),
    "portraits": tuple(sorted({w for slot in PORTRAIT_SLOTS for w in (slot, 2 * slot)})),
}
QUALITY = 82
SIZED = re.compile(r"^(?P<stem>.+)\.w(?P<width>[0-9]{1,4})\.webp$")


def kind_of(path: str) -> str:
    """``posters`` or ``portraits`` (the upload's folder), or "" for anything else."""
    folder = path.split("/", 1)[0]
    return folder if folder in WIDTHS else ""


def sized_path(path: str, width: int) -> str:
    """``posters/x.webp`` → ``posters/x.w120.webp``: where the copy at ``width`` is stored."""
    stem, _ = os.path.splitext(path)
    return f"{stem}.w{width}.webp"


def widths_below(path: str, width: int | None) -> tuple[int, ...]:
    """The copy widths made for an image of this kind stored ``width`` pixels wide."""
    return tuple(w for w in WIDTHS.get(kind_of(path), ()) if width and w < width)


def candidates(path: str, width: int | None) -> list[tuple[str, int]]:
    """(relative path, width) of every copy of an image and the image itself, smallest first."""
    if not width or not kind_of(path) or not path.endswith(".webp"):
        return []  # not one of our stored images: the page shows it alone
    return [(sized_path(path, w), w) for w in widths_below(path, width)] + [(path, width)]


def original_of(path: str) -> tuple[str, int] | None:
    """For a copy's path, (the original's path, the copy's width) if it is one we make, else None."""
    parts = path.split("/")
    if len(parts) != 2 or "\\" in path or parts[1].startswith("."):
        return None  # only a file directly inside posters/ or portraits/
    match = SIZED.match(path)
    if not match or not kind_of(path) or SIZED.match(match["stem"] + ".webp"):
        return None  # not a copy's name, or a copy of a copy
    width = int(match["width"])
    if width not in WIDTHS[kind_of(path)]:
        return None
    return match["stem"] + ".webp", width


def absolute(relative: str) -> str:
    """The file under ``UPLOAD_FOLDER`` for a relative upload path."""
    return os.path.join(current_app.config["UPLOAD_FOLDER"], *relative.split("/"))


def make_sizes(path: str, only_missing: bool = False) -> list[str]:
    """Write the smaller copies of a stored image; return the paths written.

    A missing or unreadable original makes nothing (the page then shows the original alone).
    """
    original = opened(path)
    if original is None:
        return []
    written = []
    for width in widths_below(path, original.width):
        target = sized_path(path, width)
        if only_missing and os.path.exists(absolute(target)):
            continue
        write_atomically(target, encoded_at(original, width))
        written.append(target)
    return written


def make_one(path: str) -> bool:
    """Write the copy a request asks for (a ``.wNNN.webp`` path), if it is one of ours."""
    found = original_of(path)
    if found is None:
        return False
    original, width = found
    image = opened(original)
    if image is None or width >= image.width:
        return False  # no original, or a copy would be no smaller than it
    write_atomically(path, encoded_at(image, width))
    return True


def opened(path: str) -> Image.Image | None:
    """A stored image decoded as RGB, or None if it is missing or unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(absolute(path)) as image:
                return image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def encoded_at(image: Image.Image, width: int) -> bytes:
    """The image scaled to ``width`` (height in proportion), as WebP bytes."""
    height = max(1, round(image.height * width / image.width))
    encoded = io.BytesIO()
    image.resize((width, height), Image.Resampling.LANCZOS).save(encoded, "WEBP",
                                                                  quality=QUALITY, method=4)
    return encoded.getvalue()


def delete_sizes(path: str) -> None:
    """Remove every smaller copy of a stored image (the original is the caller's business)."""
    for width in WIDTHS.get(kind_of(path), ()):
        try:
            os.remove(absolute(sized_path(path, width)))
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass


def write_atomically(relative: str, content: bytes) -> None:
    """Write a file under ``UPLOAD_FOLDER`` so that readers never see it half-written."""
    target = absolute(relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".upload-",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the web server must read it
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def stored_images() -> list[str]:
    """The path of every poster and portrait the database refers to, each once."""
    paths: set[str] = set()
    for column in (Review.poster_path, Person.portrait_path, User.portrait_path):
        paths.update(db.session.scalars(sa.select(column).where(column != "").distinct()))
    return sorted(path for path in paths if path)
