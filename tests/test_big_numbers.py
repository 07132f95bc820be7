"""Numbers in addresses and query arguments never cause a 500, however large or odd (issue 12,
item 5): an id out of range is a 404, a malformed page number a 404."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.conftest import Auth, csrf_token_from

HUGE = "99999999999999999999"
JUST_OVER = str(2**31)  # one past PostgreSQL's integer
ODD = ["²", "٣", "-1", "0", "1e3", " 1", HUGE, JUST_OVER]


@pytest.fixture
def world(ctx, users):
    review = factories.review("Heat", author=users["admin"])
    comment = factories.comment(review, users["commenter"])
    tag = factories.tag("Crime")
    factories.tag("Heist")
    return {"review": review.slug, "review_id": review.id, "comment": comment.id,
            "tag": tag.slug, "tag_id": tag.id, "person": "some-one"}


def fill(path: str, world: dict) -> str:
    return path.format(**world)


PUBLIC = [
    ("/?page={n}", 404),
    ("/reviews/{review}?page={n}", 404),
    ("/tags/{tag}?page={n}", 404),
    ("/authors/boss?page={n}", 404),
    ("/archive/2020/?page={n}", 404),
]


@pytest.mark.parametrize("n", ODD)
@pytest.mark.parametrize("path, expected", PUBLIC)
def test_page_numbers_that_are_not_page_numbers_are_404(client, world, path, expected, n):
    assert client.get(fill(path.replace("{n}", n), world)).status_code == expected


@pytest.mark.parametrize("path", ["/comments/{n}", "/comments/{n}/edit", "/comments/{n}/report",
                                  "/archive/{n}/", "/archive/2020/{n}/"])
@pytest.mark.parametrize("n", [HUGE, JUST_OVER])
def test_ids_out_of_range_are_404(client, auth, world, path, n):
    auth.login("reader1")
    assert client.get(path.replace("{n}", n)).status_code == 404


@pytest.mark.parametrize("n", ODD)
def test_reply_to_anything_odd_shows_the_plain_form(client, world, n):
    response = client.get(f"/reviews/{world['review']}?reply_to={n}")
    assert response.status_code == 200


def test_a_reply_to_a_huge_parent_is_refused_not_a_500(client, auth, world):
    auth.login("reader1")
    page = client.get(f"/reviews/{world['review']}").get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/reviews/{world['review']}/comments", data={
        "csrf_token": csrf_token_from(page), "body": "Hello", "started": started,
        "leave_blank": "", "parent_id": HUGE})
    assert response.status_code in (404, 422)


STUDIO = [
    ("GET", "/write/reviews/{n}/edit", {404}),
    ("GET", "/write/reviews/{n}/revisions", {404}),
    ("GET", "/write/reviews/{review_id}/revisions/{n}", {404}),
    ("GET", "/write/reviews/{n}/delete", {404}),
    ("GET", "/write/tags/{n}", {404}),
    ("GET", "/write/tags/{n}/merge", {404}),
    ("GET", "/write/tags/{tag_id}/merge?into={n}", {422}),
    ("GET", "/write/?page={n}", {404}),
    ("GET", "/write/tags/?page={n}", {404}),
    ("GET", "/write/people/?page={n}", {404}),
    ("GET", "/moderation/?page={n}", {404}),
    ("GET", "/moderation/spam?page={n}", {404}),
    ("GET", "/moderation/users?page={n}", {404}),
    ("POST", "/moderation/comments/{n}/approve", {404}),
    ("POST", "/moderation/users/{n}/ban", {404}),
    ("POST", "/write/tags/{tag_id}/merge", {422}),
    ("POST", "/write/reviews/{n}/unpublish", {404}),
]


@pytest.mark.parametrize("n", [HUGE, JUST_OVER, "²"])
@pytest.mark.parametrize("method, path, expected", STUDIO)
def test_studio_and_moderation_numbers(app, world, method, path, expected, n):
    admin = app.test_client()
    Auth(admin).login("boss")
    url = fill(path.replace("{n}", "{n_}"), {**world, "n_": n})
    if method == "GET":
        response = admin.get(url)
    else:
        token = csrf_token_from(admin.get("/moderation/").get_data(as_text=True))
        response = admin.post(url, data={"csrf_token": token, "into": n})
    if n == "²" and "{n}" in path.split("?")[0]:
        expected = {404}  # not a number at all: no such address
    assert response.status_code in expected, f"{method} {url}"
