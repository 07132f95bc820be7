"""A banned account is refused with 403 whatever its form is missing (issue 12, item 14)."""
from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import csrf_token_from


@pytest.fixture
def review(ctx, users):
    return factories.review("Heat", author=users["author"])


def test_banned_comment_without_the_time_token_is_403(client, auth, users, review):
    auth.login("spammer")
    page = client.get(f"/reviews/{review.slug}")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(f"/reviews/{review.slug}/comments",
                           data={"csrf_token": token, "body": "Buy now", "leave_blank": ""})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/reviews/{slug}/comments", "/account/name",
                                  "/write/reviews/new",
                                  "/moderation/comments/1/approve"])
def test_banned_post_without_a_csrf_token_is_403(client, auth, users, review, path):
    auth.login("spammer")
    response = client.post(path.format(slug=review.slug), data={"body": "Buy now"})
    assert response.status_code == 403


def test_a_post_without_a_csrf_token_is_still_400_for_others(client, auth, users, review):
    auth.login("reader1")
    response = client.post(f"/reviews/{review.slug}/comments", data={"body": "Hello"})
    assert response.status_code == 400
