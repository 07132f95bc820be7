"""Author input that would cost the server seconds is refused before the work starts."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from blog import sanitize
from blog.services import images
from tests.conftest import csrf_token_from


def sliver_png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize("size", [(1, 3_000_000), (3_000_000, 1), (100, 1_100)])
def test_slivers_are_refused_from_the_header(app, size):
    data = sliver_png(*size)
    started = time.perf_counter()
    with app.app_context(), pytest.raises(images.ImageRejected, match="more than 10 times"):
        images.store_poster(io.BytesIO(data), "sliver")
    assert time.perf_counter() - started < 1  # refused from the header, nothing decoded


def test_a_tall_poster_is_still_fine(app):
    with app.app_context():
        stored = images.store_poster(io.BytesIO(sliver_png(200, 1_000)), "tall")
    assert stored.path.endswith(".webp")


FOOTNOTES = "".join(f"Word[^{n}] " for n in range(400)) + "\n\n" + "".join(
    f"[^{n}]: Note {n}.\n" for n in range(400))


def test_too_many_footnotes_are_refused_before_rendering():
    with pytest.raises(sanitize.MarkdownTooComplex, match="at most 300 footnotes"):
        sanitize.render_markdown(FOOTNOTES)
    with pytest.raises(sanitize.MarkdownTooComplex):
        sanitize.markdown_to_text(FOOTNOTES)
    assert "footnote" in sanitize.render_markdown("A claim.[^1]\n\n[^1]: Its source.\n")


def test_deep_nesting_is_cut_off():
    html = sanitize.render_markdown("> " * 5_000 + "deep")
    assert html.count("<blockquote>") <= sanitize.MARKDOWN_MAX_NESTING


@pytest.mark.parametrize("button", ["preview", "save"])
def test_the_review_form_answers_422_with_the_text_kept(client, auth, users, button):
    auth.login("critic")
    page = client.get("/write/reviews/new").get_data(as_text=True)
    response = client.post("/write/reviews/new", data={
        "csrf_token": csrf_token_from(page), "title": "Footnoted", "body": FOOTNOTES,
        "film_title": "A Film", button: "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at most 300 footnotes" in html and "Note 399." in html
