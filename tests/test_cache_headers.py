"""Public pages carry no cookie and may be cached by anyone; signed-in pages by no one (issue 12
item 6, issue 9 "No session for anonymous readers")."""
from __future__ import annotations

import re

import pytest

from tests import factories


@pytest.fixture
def world(ctx, users):
    person = factories.person("Michael Mann")
    film = factories.film("Heat", year=1995)
    factories.credit(film, person, "director")
    tag = factories.tag("Crime")
    review = factories.review("Heat", author=users["author"], of_film=film, tags=[tag])
    factories.comment(review, users["commenter"])
    return {"review": review.slug, "tag": tag.slug, "person": person.slug,
            "year": review.published_at.year, "month": review.published_at.month}


PUBLIC = ["/", "/reviews/{review}", "/reviews/{review}?page=1&order=newest", "/tags/",
          "/tags/{tag}", "/people/{person}", "/authors/critic", "/archive/{year}/",
          "/archive/{year}/{month}/", "/about", "/privacy", "/reviews/{review}/comments.atom"]


def public_cache_control(value: str) -> bool:
    return bool(re.fullmatch(r"public, max-age=60, stale-while-revalidate=\d+", value))


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_set_no_cookie_and_may_be_cached(client, world, path):
    response = client.get(path.format(**world))
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []
    assert public_cache_control(response.headers.get("Cache-Control", "")), \
        response.headers.get("Cache-Control")


def test_the_review_page_offers_anonymous_readers_a_link_not_a_form(client, world):
    html = client.get(f"/reviews/{world['review']}").get_data(as_text=True)
    assert 'name="csrf_token"' not in html and "/auth/login?next=" in html


def test_a_missing_page_may_be_cached_too(client, world):
    response = client.get("/reviews/no-such-review")
    assert response.status_code == 404 and response.headers.getlist("Set-Cookie") == []


@pytest.mark.parametrize("path", ["/auth/login", "/auth/register", "/auth/reset"])
def test_pages_with_a_form_token_are_not_stored(client, path):
    response = client.get(path)
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/account", "/moderation/users", "/write/", "/",
                                  "/reviews/{review}", "/tags/"])
def test_signed_in_pages_are_private_and_not_stored(client, auth, world, path):
    auth.login("boss")
    response = client.get(path.format(**world))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_stale_while_revalidate_time_is_a_setting(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_MAX_AGE", 120)
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_STALE_WHILE_REVALIDATE", 3600)
    assert client.get("/about").headers["Cache-Control"] == (
        "public, max-age=120, stale-while-revalidate=3600")
