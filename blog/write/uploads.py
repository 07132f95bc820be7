"""Form pieces for poster and portrait uploads: the per-file cap, checked before any decoding.

The cap (``UPLOAD_MAX_BYTES``, 8 MB) sits well below the request cap (``MAX_CONTENT_LENGTH``,
16 MB): a too-big image is a message next to the field with everything typed kept, and only a
request that is bigger still gets the bare 413. Whether the bytes are really an image is decided by
``blog.services.images`` when the form is saved; its ``ImageRejected`` goes back onto the field
with :func:`reject_upload`.
"""
from __future__ import annotations

import os

from flask import current_app
from flask_wtf.file import FileField
from wtforms.validators import ValidationError

from blog import tokens
from blog.services.images import StoredImage

PENDING_MAX_AGE = 24 * 3600  # a previewed poster waits a day for its review to be saved

# What the browser's file picker offers; a hint only, the service decides.
ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


def image_file(max_bytes_setting: str = "UPLOAD_MAX_BYTES"):
    """A validator for an optional image upload that refuses a file over the configured cap."""

    def validate(form, field) -> None:
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            return  # nothing chosen: the upload is optional
        max_bytes = current_app.config[max_bytes_setting]
        size = upload_size(upload)
        if size == 0:
            raise ValidationError("That file is empty.")
        if size is not None and size > max_bytes:
            raise ValidationError(
                f"The image is too large: at most {max_bytes / (1024 * 1024):g} MB.")

    return validate


def upload_size(upload) -> int | None:
    """The size in bytes of an uploaded file, found by seeking its stream; None if unknown."""
    stream = getattr(upload, "stream", upload)
    try:
        position = stream.tell()
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        # A stream that cannot seek: trust a declared length if any; the service caps its read.
        return getattr(upload, "content_length", None) or None
    return size


def image_upload_field(label: str, **kwargs) -> FileField:
    """An optional image ``FileField`` with the size check and the browser's type filter."""
    validators = [image_file(), *kwargs.pop("validators", [])]
    render_kw = {"accept": ACCEPT, **kwargs.pop("render_kw", {})}
    return FileField(label, validators=validators, render_kw=render_kw, **kwargs)


def reject_upload(field, error) -> None:
    """Show a service's ``ImageRejected`` (or any message) next to the upload field."""
    field.errors = [*field.errors, str(error)]


def pending_token(image: StoredImage, user_id: int) -> str:
    """Sign a stored, not yet saved poster for a hidden field, so Preview does not drop it."""
    return tokens.make_token("pending-poster", {"path": image.path, "width": image.width,
                                                "height": image.height, "by": user_id})


def pending_image(token: str | None, user_id: int) -> StoredImage | None:
    """The poster a hidden field's token refers to, if this writer stored it and it still exists."""
    if not token:
        return None
    try:
        data = tokens.read_token("pending-poster", token, max_age=PENDING_MAX_AGE)
    except tokens.InvalidToken:
        return None
    path = data.get("path", "") if isinstance(data, dict) else ""
    if data.get("by") != user_id or not path.startswith("posters/") or ".." in path:
        return None
    if not os.path.isfile(os.path.join(current_app.config["UPLOAD_FOLDER"], *path.split("/"))):
        return None
    return StoredImage(path, int(data["width"]), int(data["height"]))
