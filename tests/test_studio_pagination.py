"""The studio's and the moderators' lists page without counting, and end exactly at the last row."""
from __future__ import annotations

import re

import pytest

from tests import factories

PER_PAGE = 3


def make_reviews(users, count):
    for n in range(count):
        factories.review(f"Item {n}", author=users["admin"])


def make_people(users, count):
    for n in range(count):
        factories.person(f"Item {n}")


def make_tags(users, count):
    for n in range(count):
        factories.tag(f"Item {n}", "theme")


def make_pending(users, count):
    review = factories.review("Talked about", author=users["admin"])
    for n in range(count):
        factories.comment(review, users["commenter"], f"Item {n}", status="pending")


def make_users(users, count):
    for n in range(count):
        factories.user(f"item{n}", display_name=f"Item {n}")


# (path, setting holding its page size, rows maker, what a page past the end answers)
LISTS = {
    "dashboard": ("/write/", "REVIEWS_PER_PAGE", make_reviews, 404),
    "people": ("/write/people/", "STUDIO_PER_PAGE", make_people, 404),
    "tags": ("/write/tags/", "STUDIO_TAGS_PER_PAGE", make_tags, 404),
    "queue": ("/moderation/", "MODERATION_PER_PAGE", make_pending, 302),
    "users": ("/moderation/users?q=item", "MODERATION_PER_PAGE", make_users, 200),
}


def shown_items(html: str) -> set[int]:
    return {int(n) for n in re.findall(r"Item (\d+)\b", html)}


def at_page(path: str, page: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}page={page}"


@pytest.mark.parametrize("count, pages", [(1, 1), (PER_PAGE, 1), (PER_PAGE + 1, 2),
                                          (2 * PER_PAGE, 2), (2 * PER_PAGE + 1, 3)])
@pytest.mark.parametrize("name", LISTS)
def test_lists_end_exactly_at_their_last_row(client, app, ctx, auth, users, monkeypatch,
                                             name, count, pages):
    path, setting, make, past_end = LISTS[name]
    monkeypatch.setitem(app.config, setting, PER_PAGE)
    make(users, count)
    auth.login("boss")
    seen: list[int] = []
    for page in range(1, pages + 1):
        response = client.get(at_page(path, page))
        assert response.status_code == 200, f"{name} page {page}"
        html = response.get_data(as_text=True)
        on_page = shown_items(html)
        assert len(on_page) == (PER_PAGE if page < pages else count - PER_PAGE * (pages - 1))
        seen += on_page
        assert ('rel="next"' in html) == (page < pages), f"{name} page {page} of {pages}"
        assert ('rel="prev"' in html) == (page > 1)
    assert sorted(seen) == list(range(count))
    beyond = client.get(at_page(path, pages + 1))
    assert beyond.status_code == past_end
    if past_end == 200:
        assert shown_items(beyond.get_data(as_text=True)) == set()


def test_an_emptied_last_queue_page_leads_back_to_the_one_before(client, app, ctx, auth,
                                                                 users, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION_PER_PAGE", PER_PAGE)
    make_pending(users, 2 * PER_PAGE)
    auth.login("boss")
    assert client.get("/moderation/?page=3").headers["Location"].endswith("/moderation/?page=2")
    assert client.get("/moderation/?page=99").headers["Location"].endswith("/moderation/")


@pytest.mark.parametrize("name", LISTS)
def test_studio_and_moderation_lists_never_count_the_whole_list(client, app, ctx, auth, users,
                                                                monkeypatch, count_queries,
                                                                name):
    path, setting, make, _ = LISTS[name]
    monkeypatch.setitem(app.config, setting, PER_PAGE)
    make(users, PER_PAGE + 1)
    auth.login("boss")
    with count_queries() as statements:
        assert client.get(at_page(path, 2)).status_code == 200
    totals = [s for s in statements if "count(*)" in s.lower()
              and "from (select" in " ".join(s.lower().split())]
    assert totals == [], name
