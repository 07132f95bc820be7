"""Images that fit the screen: every ``srcset`` candidate exists at the width it claims, and the
largest image on a page is fetched first while the others wait until they are near."""
from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from PIL import Image

from blog.extensions import db
from blog.models import Person, Review


class ImageTags(HTMLParser):
    """Collects the attributes of every <img> on a page."""

    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append({name: value or "" for name, value in attrs})


def images_on(html: str) -> list[dict[str, str]]:
    parser = ImageTags()
    parser.feed(html)
    return parser.images


def candidates(srcset: str) -> list[tuple[str, int]]:
    """``"/a.webp 72w, /b.webp 144w"`` → [("/a.webp", 72), ("/b.webp", 144)]."""
    found = []
    for item in srcset.split(","):
        url, descriptor = item.split()
        assert descriptor.endswith("w"), item
        found.append((url, int(descriptor[:-1])))
    return found


@pytest.fixture
def demo_pages(demo_loaded, ctx):
    """The demo loaded; the addresses of a review, the home page, a person and an author."""
    review = db.session.scalar(sa.select(Review).where(Review.poster_path != "", Review.is_visible)
                               .order_by(Review.published_at.desc()))
    person = db.session.scalar(sa.select(Person).where(Person.portrait_path != "")
                               .order_by(Person.id))
    author = review.author
    if not author.portrait_path:  # the demo's critic has none: give one, as the account page does
        author.portrait_path = person.portrait_path
        db.session.commit()
    return {"review": f"/reviews/{review.slug}", "home": "/",
            "person": f"/people/{person.slug}", "author": f"/authors/{author.username}"}


def test_every_srcset_candidate_is_an_image_of_the_stated_width(client, demo_pages):
    # One test for the four pages: loading the demo is the slow part.
    for page, address in demo_pages.items():
        html = client.get(address).get_data(as_text=True)
        checked = 0
        for image in images_on(html):
            assert image.get("width") and image.get("height"), image
            if "srcset" not in image:
                continue
            assert image.get("sizes"), f"srcset without sizes: {image}"
            listed = candidates(image["srcset"])
            assert [width for _url, width in listed] == sorted({w for _u, w in listed}), listed
            assert listed[-1][0] == image["src"]  # the stored image itself is the largest
            for url, width in listed:
                with client.get(url) as response:
                    assert response.status_code == 200, url
                    assert Image.open(io.BytesIO(response.data)).width == width, url
                checked += 1
        assert checked >= 5, f"{page}: only {checked} srcset candidates"


def test_the_largest_image_is_fetched_first_and_the_rest_lazily(client, demo_pages):
    shown = images_on(client.get(demo_pages["review"]).get_data(as_text=True))
    first = [image for image in shown if image.get("fetchpriority") == "high"]
    assert len(first) == 1 and "poster--lead" in first[0]["class"]
    assert first[0]["loading"] == "eager"
    # The demo's posters are 400 pixels wide, stored before uploads became 544: candidates
    # below 400 only, and the stored image as the largest.
    assert [w for _u, w in candidates(first[0]["srcset"])] == [72, 92, 120, 128, 144, 184, 192,
                                                               240, 256, 272, 384, 400]
    others = [image for image in shown if image is not first[0]]
    assert others and all(image["loading"] == "lazy" for image in others)

    feed = images_on(client.get(demo_pages["home"]).get_data(as_text=True))
    assert feed[0].get("fetchpriority") == "high" and "12rem" in feed[0]["sizes"]
    assert not any(image.get("fetchpriority") for image in feed[1:])


@pytest.mark.parametrize("path, width, expected", [
    ("", 400, ""),                                   # no image
    ("posters/heat.jpg", 400, ""),                   # not one of our stored WebP files
    ("elsewhere/x.webp", 400, ""),                   # not a poster or portrait
    ("posters/x.webp", None, ""),                    # width unknown
    ("posters/a b.webp", 100, "/media/posters/a%20b.w72.webp 72w, "
                              "/media/posters/a%20b.w92.webp 92w, /media/posters/a%20b.webp 100w"),
    ("portraits/p.webp", None, "/media/portraits/p.w48.webp 48w, /media/portraits/p.w72.webp 72w, "
                               "/media/portraits/p.w96.webp 96w, /media/portraits/p.w120.webp 120w, "
                               "/media/portraits/p.w128.webp 128w, /media/portraits/p.w144.webp 144w, "
                               "/media/portraits/p.webp 240w"),
])
def test_srcset_lists_the_copies_below_the_stored_width(app, path, width, expected):
    from blog.image_urls import upload_srcset

    with app.test_request_context():
        assert upload_srcset(path, width) == expected
