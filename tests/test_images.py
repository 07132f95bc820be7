"""Poster and portrait uploads: real images come out re-encoded and clean, hostile ones refused."""
from __future__ import annotations

import io
import os
import re

import pytest
from flask_wtf import FlaskForm
from PIL import Image, ImageFile
from PIL.PngImagePlugin import PngImageFile
from werkzeug.datastructures import FileStorage, MultiDict

from blog.services.images import (ImageRejected, StoredImage, delete_stored, store_portrait,
                                  store_poster)
from blog.write.uploads import ACCEPT, image_upload_field, reject_upload, upload_size
from blog.services import image_sizes
from tests import factories, images

SIZED_COPY = re.compile(r"\.w[0-9]+\.webp$")
NOT_AN_IMAGE = "That file is not an image we can use (PNG, JPEG, WebP or GIF)."


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def stored_files(app, copies: bool = False) -> list[str]:
    """Every file under the upload folder (an absent folder holds none), without the smaller
    copies of each image unless asked."""
    found = []
    for root, _dirs, files in os.walk(app.config["UPLOAD_FOLDER"]):
        found += [os.path.relpath(os.path.join(root, name), app.config["UPLOAD_FOLDER"])
                  for name in files]
    return sorted(name for name in found if copies or not SIZED_COPY.search(name))


def open_stored(app, stored: StoredImage) -> tuple[Image.Image, bytes]:
    """The stored file decoded, and its raw bytes."""
    with open(os.path.join(app.config["UPLOAD_FOLDER"], stored.path), "rb") as file:
        raw = file.read()
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image, raw


def close_to(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


# --- friendly files ---------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    pytest.param(images.png(), id="png"),
    pytest.param(images.jpeg(), id="jpeg"),
    pytest.param(images.webp(), id="webp"),
    pytest.param(images.jpeg(mode="CMYK"), id="cmyk-jpeg"),
    pytest.param(images.encode(images.two_tone((300, 450), mode="L"), "PNG"), id="greyscale"),
    pytest.param(images.encode(images.two_tone((300, 450), mode="1"), "PNG"), id="bilevel"),
    pytest.param(images.encode(images.two_tone((300, 450), mode="P"), "PNG"), id="palette"),
])
def test_poster_formats_are_re_encoded_as_webp(ctx, data):
    stored = store_poster(io.BytesIO(data), "The Third Man")
    assert stored == StoredImage(stored.path, 544, 816)
    assert re.fullmatch(r"posters/the-third-man-[0-9a-f]{8}\.webp", stored.path)
    image, _raw = open_stored(ctx, stored)
    assert (image.format, image.mode, image.size) == ("WEBP", "RGB", (544, 816))
    assert stored_files(ctx) == [stored.path]


def test_portrait_is_a_240_square(ctx):
    stored = store_portrait(io.BytesIO(images.png((500, 300))), "Giulietta Masina")
    assert (stored.width, stored.height) == (240, 240)
    assert re.fullmatch(r"portraits/giulietta-masina-[0-9a-f]{8}\.webp", stored.path)
    image, _raw = open_stored(ctx, stored)
    assert image.size == (240, 240)


@pytest.mark.parametrize("size", [(300, 2000), (2000, 300), (1, 1), (400, 600), (3000, 2000)],
                         ids=["tall", "wide", "one-pixel", "exact", "big-photo"])
@pytest.mark.parametrize("store, expected", [(store_poster, (544, 816)),
                                             (store_portrait, (240, 240))],
                         ids=["poster", "portrait"])
def test_every_shape_comes_out_at_the_exact_size(ctx, size, store, expected):
    data = images.jpeg(size) if size == (3000, 2000) else images.png(size)
    stored = store(io.BytesIO(data), "shape")
    image, _raw = open_stored(ctx, stored)
    assert image.size == (stored.width, stored.height) == expected


def test_cover_crop_keeps_the_centre(ctx):
    """A wide still is trimmed at the sides, not squashed or padded: the middle survives."""
    wide = images.Image.new("RGB", (900, 300), images.BLUE)
    wide.paste(images.RED, (400, 0, 500, 300))  # a red band down the middle
    stored = store_poster(io.BytesIO(images.encode(wide, "PNG")), "wide")
    image, _raw = open_stored(ctx, stored)
    assert close_to(image.getpixel((200, 300)), images.RED)
    assert close_to(image.getpixel((5, 300)), images.BLUE)
    assert close_to(image.getpixel((200, 3)), images.RED)  # no bars top or bottom


def test_exif_orientation_is_applied_and_all_metadata_dropped(ctx):
    stored = store_poster(io.BytesIO(images.jpeg_with_exif()), "phone photo")
    image, raw = open_stored(ctx, stored)
    # Upright: red above blue (ignoring the tag would put them side by side).
    assert close_to(image.getpixel((200, 100)), images.RED)
    assert close_to(image.getpixel((200, 500)), images.BLUE)
    assert close_to(image.getpixel((10, 100)), images.RED)
    assert len(image.getexif()) == 0
    assert not {"exif", "icc_profile", "xmp"} & set(image.info)
    for marker in (b"EXIF", b"Exif", b"XMP ", b"ICCP", b"SpyCam"):
        assert marker not in raw


def test_colour_profile_is_applied_then_dropped(ctx):
    stored = store_poster(io.BytesIO(images.png_with_srgb_profile()), "profiled")
    image, raw = open_stored(ctx, stored)
    assert b"ICCP" not in raw and "icc_profile" not in image.info
    assert close_to(image.getpixel((200, 100)), images.RED)


def test_animated_gif_uses_its_first_frame(ctx):
    stored = store_poster(io.BytesIO(images.animated_gif()), "animated")
    image, raw = open_stored(ctx, stored)
    assert getattr(image, "n_frames", 1) == 1 and b"ANIM" not in raw
    assert close_to(image.getpixel((200, 300)), images.RED)


@pytest.mark.parametrize("data", [images.transparent_png(), images.palette_gif_with_transparency()],
                         ids=["rgba-png", "palette-gif"])
def test_transparency_is_laid_on_white_without_warnings(ctx, data):
    """Pillow warns about palette transparency; with warnings as errors, a leak would fail here."""
    stored = store_poster(io.BytesIO(data), "transparent")
    image, _raw = open_stored(ctx, stored)
    assert close_to(image.getpixel((200, 550)), (255, 255, 255))


def test_every_upload_gets_a_new_name(ctx):
    first = store_poster(io.BytesIO(images.png()), "Amélie (2001)")
    second = store_poster(io.BytesIO(images.png()), "Amélie (2001)")
    assert first.path != second.path
    assert first.path.startswith("posters/amelie-2001-")
    assert store_portrait(io.BytesIO(images.png()), "").path.startswith("portraits/image-")
    assert store_poster(io.BytesIO(images.png()), "../../etc/passwd").path.startswith(
        "posters/etc-passwd-")
    assert not [name for name in stored_files(ctx, copies=True) if not name.endswith(".webp")]


def test_a_file_storage_from_a_form_is_accepted(ctx):
    upload = FileStorage(io.BytesIO(images.png()), filename="poster.png", content_type="image/png")
    assert store_poster(upload, "from a form").width == 544


def test_stored_image_is_served_from_media(ctx):
    stored = store_poster(io.BytesIO(images.png()), "served")
    response = ctx.test_client().get(f"/media/{stored.path}")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/webp"


# --- hostile and broken files ------------------------------------------------------------------

HOSTILE = [
    pytest.param(images.TEXT, NOT_AN_IMAGE, id="text-named-png"),
    pytest.param(images.HTML, NOT_AN_IMAGE, id="html-with-script"),
    pytest.param(images.SVG, NOT_AN_IMAGE, id="svg"),
    pytest.param(b"", "That file is empty.", id="zero-bytes"),
    pytest.param(images.png()[:200], NOT_AN_IMAGE, id="truncated-png"),
    pytest.param(images.png()[:-40], NOT_AN_IMAGE, id="png-missing-its-end"),
    pytest.param(images.jpeg()[:400], NOT_AN_IMAGE, id="truncated-jpeg"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, NOT_AN_IMAGE, id="png-signature-only"),
    pytest.param(images.encode(images.two_tone((30, 45)), "BMP"), NOT_AN_IMAGE, id="bmp"),
    pytest.param(images.encode(images.two_tone((30, 45)), "TIFF"), NOT_AN_IMAGE, id="tiff"),
    pytest.param(images.encode(images.two_tone((32, 32)), "ICO"), NOT_AN_IMAGE, id="ico"),
    pytest.param(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", NOT_AN_IMAGE, id="eps"),
    pytest.param(images.png_bomb(30000, 30000), "over 40 megapixels", id="bomb-pillow-error"),
    pytest.param(images.png_bomb(10000, 10000), "over 40 megapixels", id="bomb-pillow-warning"),
    pytest.param(images.png_bomb(7000, 7000), "over 40 megapixels", id="bomb-our-limit"),
    pytest.param(images.png_bomb(1, 2**31 - 1), "over 40 megapixels", id="bomb-one-column"),
]


@pytest.mark.parametrize("data, message", HOSTILE)
@pytest.mark.parametrize("store", [store_poster, store_portrait], ids=["poster", "portrait"])
def test_hostile_files_are_refused_and_nothing_is_written(ctx, store, data, message):
    with pytest.raises(ImageRejected, match=re.escape(message)):
        store(io.BytesIO(data), "hostile")
    assert stored_files(ctx, copies=True) == []


@pytest.mark.parametrize("width, height", [(30000, 30000), (10000, 10000), (7000, 7000)])
def test_a_bomb_is_refused_from_its_header_without_decoding(ctx, monkeypatch, width, height):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the pixels of a bomb were about to be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", must_not_run)
    monkeypatch.setattr(PngImageFile, "verify", must_not_run)
    with pytest.raises(ImageRejected, match="too large to process"):
        store_poster(io.BytesIO(images.png_bomb(width, height)), "bomb")


def test_pixel_limit_comes_from_config(ctx):
    ctx.config["UPLOAD_MAX_PIXELS"] = 100 * 100
    with pytest.raises(ImageRejected, match=r"over 0\.01 megapixels"):
        store_poster(io.BytesIO(images.png((101, 100))), "a bit big")
    assert store_poster(io.BytesIO(images.png((100, 100))), "just fits").width == 544


def test_a_file_over_the_cap_is_refused_before_decoding(ctx):
    stream = io.BytesIO(images.png() + b"\x00" * (8 * 1024 * 1024))
    with pytest.raises(ImageRejected, match=r"The image is too large: at most 8 MB\."):
        store_poster(stream, "huge")
    assert stream.tell() == 8 * 1024 * 1024 + 1  # read one byte past the cap, no more
    assert stored_files(ctx, copies=True) == []


def test_byte_cap_comes_from_config(ctx):
    data = images.png()
    ctx.config["UPLOAD_MAX_BYTES"] = len(data) - 1
    with pytest.raises(ImageRejected, match="too large"):
        store_poster(io.BytesIO(data), "one byte over")
    ctx.config["UPLOAD_MAX_BYTES"] = len(data)
    assert store_poster(io.BytesIO(data), "exactly at the cap").height == 816


def test_a_polyglot_is_re_encoded_without_its_script(ctx):
    stored = store_poster(io.BytesIO(images.gif_polyglot()), "polyglot")
    image, raw = open_stored(ctx, stored)
    assert raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"
    assert b"<script" not in raw and b"<html" not in raw
    assert image.size == (544, 816)


# --- deleting ----------------------------------------------------------------------------------

def test_delete_stored_removes_a_file_and_ignores_a_missing_one(ctx):
    stored = store_poster(io.BytesIO(images.png()), "old poster")
    assert delete_stored(stored.path) is True
    assert stored_files(ctx, copies=True) == []
    assert delete_stored(stored.path) is False
    assert delete_stored("") is False and delete_stored(None) is False


@pytest.mark.parametrize("path", ["../config.py", "../canary.txt", "posters/../../canary.txt",
                                  "/etc/passwd", ".", "posters/.."])
def test_delete_stored_refuses_paths_outside_the_upload_folder(ctx, path):
    canary = os.path.join(ctx.instance_path, "canary.txt")
    os.makedirs(ctx.config["UPLOAD_FOLDER"], exist_ok=True)
    with open(canary, "w") as file:
        file.write("keep me")
    with pytest.raises(ValueError, match="not inside the upload folder"):
        delete_stored(path)
    assert os.path.exists(canary) and os.path.isdir(ctx.config["UPLOAD_FOLDER"])


def test_delete_stored_does_not_follow_a_link_out_of_the_folder(ctx):
    canary = os.path.join(ctx.instance_path, "canary.txt")
    os.makedirs(os.path.join(ctx.config["UPLOAD_FOLDER"], "posters"))
    with open(canary, "w") as file:
        file.write("keep me")
    os.symlink(canary, os.path.join(ctx.config["UPLOAD_FOLDER"], "posters", "link.webp"))
    with pytest.raises(ValueError):
        delete_stored("posters/link.webp")
    assert os.path.exists(canary)


# --- the form's per-file cap -------------------------------------------------------------------

class PosterForm(FlaskForm):
    poster = image_upload_field("Poster")


def poster_form(app, upload: FileStorage | None) -> PosterForm:
    formdata = MultiDict({"poster": upload} if upload is not None else {})
    return PosterForm(formdata=formdata, meta={"csrf": False})


def upload_of(data: bytes, filename: str = "poster.png") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type="image/png")


@pytest.mark.parametrize("upload, error", [
    (None, None),
    (FileStorage(io.BytesIO(b""), filename=""), None),
    (upload_of(images.png()), None),
    (upload_of(b"\x00" * (8 * 1024 * 1024)), None),
    (upload_of(b"\x00" * (8 * 1024 * 1024 + 1)), "The image is too large: at most 8 MB."),
    (upload_of(b""), "That file is empty."),
], ids=["no-field", "nothing-chosen", "small", "at-cap", "over-cap", "empty"])
def test_form_checks_the_per_file_cap(app, upload, error):
    with app.test_request_context(method="POST"):
        form = poster_form(app, upload)
        assert form.validate() is (error is None)
        assert form.poster.errors == ([error] if error else [])


def test_cap_sits_below_the_request_limit(app):
    assert app.config["UPLOAD_MAX_BYTES"] < app.config["MAX_CONTENT_LENGTH"]


def test_size_check_leaves_the_stream_where_it_was(app):
    upload = upload_of(images.png())
    assert upload_size(upload) == len(images.png())
    assert upload.stream.tell() == 0
    with app.app_context():
        assert store_poster(upload, "after the check").width == 544


def test_field_offers_only_image_types_and_shows_service_errors(app):
    with app.test_request_context(method="POST"):
        form = poster_form(app, upload_of(images.TEXT))
        assert form.validate()
        assert f'accept="{ACCEPT}"' in str(form.poster())
        try:
            store_poster(form.poster.data, "text")
        except ImageRejected as error:
            reject_upload(form.poster, error)
        assert form.poster.errors == [NOT_AN_IMAGE]


# --- smaller copies for srcset ----------------------------------------------------------------

def test_a_poster_is_stored_with_a_copy_at_every_slot_width_below_its_own(ctx):
    stored = store_poster(io.BytesIO(images.jpeg((1200, 1800))), "Brief Encounter")
    copies = [name for name in stored_files(ctx, copies=True) if name != stored.path]
    assert copies == sorted(image_sizes.sized_path(stored.path, width)
                            for width in image_sizes.WIDTHS["posters"] if width < 544)
    for width in (72, 120, 272, 384):
        with Image.open(os.path.join(ctx.config["UPLOAD_FOLDER"],
                                     image_sizes.sized_path(stored.path, width))) as copy:
            assert copy.format == "WEBP" and copy.size == (width, width * 3 // 2)


def test_a_portrait_gets_copies_below_240_only(ctx):
    stored = store_portrait(io.BytesIO(images.png((500, 500))), "Anna Karina")
    widths = sorted(int(SIZED_COPY.search(name).group(0)[2:-5])
                    for name in stored_files(ctx, copies=True) if name != stored.path)
    assert widths == [48, 72, 96, 120, 128, 144]


def test_deleting_an_image_deletes_its_copies(ctx):
    stored = store_portrait(io.BytesIO(images.png()), "gone")
    assert len(stored_files(ctx, copies=True)) > 1
    delete_stored(stored.path)
    assert stored_files(ctx, copies=True) == []


def test_a_missing_copy_is_made_on_its_first_request(app, client):
    with app.app_context():
        stored = store_poster(io.BytesIO(images.png()), "Old upload")
        copy = image_sizes.sized_path(stored.path, 240)
        os.remove(os.path.join(app.config["UPLOAD_FOLDER"], copy))
    with client.get(f"/media/{copy}") as response:
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.data)).size == (240, 360)
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path", [
    "posters/old-upload.w999.webp",          # not a width any page shows
    "posters/no-such-poster.w120.webp",      # no original
    "posters/../portraits/x.w120.webp",      # not directly inside a folder
    "other/x.w120.webp",                     # not a kind of upload
    "posters/.upload-x.w120.webp",           # a temporary file's name
])
def test_only_real_copies_of_real_images_are_made(app, client, path):
    with app.app_context():
        store_poster(io.BytesIO(images.png()), "Old upload")
        before = stored_files(app, copies=True)
    assert client.get(f"/media/{path}").status_code == 404
    assert stored_files(app, copies=True) == before


def test_no_copy_is_made_larger_than_its_original(app, client):
    with app.app_context():
        stored = store_portrait(io.BytesIO(images.png()), "Small")  # portraits are 240 wide
    assert client.get(f"/media/{image_sizes.sized_path(stored.path, 256)}").status_code == 404


def test_the_image_sizes_command_fills_in_missing_copies(app, runner, ctx):
    stored = store_poster(io.BytesIO(images.png()), "Filled in")
    for name in stored_files(ctx, copies=True):
        if name != stored.path:
            os.remove(os.path.join(ctx.config["UPLOAD_FOLDER"], name))
    factories.review(poster_path=stored.path, poster_width=544, poster_height=816)
    result = runner.invoke(args=["image-sizes"])
    assert result.exit_code == 0, result.output
    assert "Wrote 11 smaller copies of 1 image(s)." in result.output
    assert len(stored_files(ctx, copies=True)) == 12
    again = runner.invoke(args=["image-sizes"])
    assert "Wrote 0 smaller copies" in again.output


def test_a_copy_of_a_copy_is_never_made(app, client):
    with app.app_context():
        stored = store_poster(io.BytesIO(images.png()), "Copied")
        before = stored_files(app, copies=True)
    copy = image_sizes.sized_path(stored.path, 240)
    assert client.get(f"/media/{image_sizes.sized_path(copy, 120)}").status_code == 404
    assert stored_files(app, copies=True) == before
