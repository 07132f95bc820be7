"""Authors write about themselves: a bio, links and a portrait, on their page and /about."""
from __future__ import annotations

import io

import pytest

from tests import factories, images


@pytest.fixture
def critic(ctx, users, auth):
    factories.review("Heat", slug="heat", author=users["author"])
    auth.login("critic")
    return users["author"]


def send_bio(submit, **data):
    fields = {"bio-bio": "I watch films slowly.", "bio-links": "", **data}
    return submit("/account", "/account/bio", fields, content_type="multipart/form-data")


def test_bio_links_and_portrait_show_on_the_author_and_about_pages(client, submit, critic):
    response = send_bio(submit, **{
        "bio-links": "https://critic.example/\nhttps://letterboxd.com/critic/\n",
        "bio-portrait": (io.BytesIO(images.png((300, 300))), "me.png")})
    assert response.status_code == 302
    for page in ("/authors/critic", "/about"):
        html = client.get(page).get_data(as_text=True)
        assert "I watch films slowly." in html
        assert '<a href="https://letterboxd.com/critic/" rel="me noopener">letterboxd.com</a>' in html
        assert 'src="/media/portraits/' in html
    portrait = client.get("/authors/critic").get_data(as_text=True).split(
        'class="profile__portrait" src="')[1].split('"')[0]
    response = client.get(portrait)
    assert response.status_code == 200 and response.mimetype == "image/webp"
    response.close()


@pytest.mark.parametrize("links, message", [
    ("javascript:alert(1)", "is not a web address"),
    ("critic.example", "is not a web address"),
    ("\n".join(f"https://site{n}.example/" for n in range(6)), "at most 5 links"),
])
def test_bad_links_are_422_with_the_text_kept(submit, critic, links, message):
    response = send_bio(submit, **{"bio-links": links})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert "I watch films slowly." in html


def test_a_broken_portrait_is_422_and_the_portrait_can_be_removed(client, submit, critic):
    response = send_bio(submit, **{"bio-portrait": (io.BytesIO(b"not an image"), "me.png")})
    assert response.status_code == 422 and "I watch films slowly." in response.get_data(
        as_text=True)
    send_bio(submit, **{"bio-portrait": (io.BytesIO(images.png((200, 200))), "me.png")})
    assert "profile__portrait" in client.get("/authors/critic").get_data(as_text=True)
    send_bio(submit, **{"bio-remove_portrait": "y"})
    assert "profile__portrait" not in client.get("/authors/critic").get_data(as_text=True)
