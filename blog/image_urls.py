"""``srcset`` values for uploads, a template global of its own: it reads the image store's
sizes (``services.image_sizes``), and ``templating`` stays free of services, which import it."""
from __future__ import annotations

from blog.services import image_sizes, images
from blog.templating import upload_url


def upload_srcset(path: str, width: int | None = None) -> str:
    """A ``srcset`` value listing an upload's smaller copies and the upload itself, by width.

    Portraits are all stored at one size, so their width may be left out."""
    if width is None and image_sizes.kind_of(path or "") == "portraits":
        width = images.PORTRAIT_SIZE[0]
    found = image_sizes.candidates(path or "", width)
    if not found:
        return ""
    # One url_for for the image: a copy's URL differs only in its ASCII ending (x.w120.webp).
    url = upload_url(path)
    stem = url.removesuffix(".webp")
    return ", ".join(f"{url if relative == path else f'{stem}.w{w}.webp'} {w}w"
                     for relative, w in found)


def init_app(app):
    """Offer ``upload_srcset`` to the templates."""
    app.jinja_env.globals["upload_srcset"] = upload_srcset
