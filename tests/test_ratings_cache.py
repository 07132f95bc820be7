"""The anonymous page cache and readers' ratings: the review page and the year in review are
stored, and a rating (given, changed, removed, or uncounted by a ban) drops them."""
from __future__ import annotations

import pytest

from blog.extensions import db
from blog.models import Review, User
from blog.services import moderation, ratings
from tests import factories
from tests.conftest import csrf_token_from, sign_in
from tests.fixtures.page_cache import fetch


def in_app(app, change):
    with app.app_context():
        change()
        db.session.remove()


def year_of(app, review_id: int) -> int:
    with app.app_context():
        from blog.templating import local_time

        with app.test_request_context():
            return local_time(db.session.get(Review, review_id).published_at).year


@pytest.mark.parametrize("path", ["/reviews/the-third-man", "/year/{year}"])
def test_pages_with_ratings_are_stored_for_anonymous_readers(client, pages, site, path):
    path = path.format(year=year_of(pages, site["review"]))
    assert fetch(client, path)[0] == "miss"
    assert fetch(client, path)[0] == "hit"


def test_a_rating_sent_through_the_form_drops_the_stored_review_page(client, pages, site):
    anonymous = pages.test_client()
    assert fetch(anonymous, "/reviews/the-third-man")[0] == "miss"
    assert fetch(anonymous, "/reviews/the-third-man")[0] == "hit"
    with pages.app_context():
        sign_in(client, db.session.get(User, site["reader"]))
        db.session.remove()
    token = csrf_token_from(client.get("/reviews/the-third-man").get_data(as_text=True))
    assert client.post("/reviews/the-third-man/rating",
                       data={"csrf_token": token, "halves": "9"}).status_code == 302
    state, html = fetch(anonymous, "/reviews/the-third-man")
    assert state == "miss" and "1 reader rated it so far" in html


@pytest.mark.parametrize("change", ["rate", "change", "remove", "ban"])
def test_every_change_to_the_totals_drops_stored_pages(client, pages, site, change):
    year = year_of(pages, site["review"])
    fans = []

    def arrange():
        review = db.session.get(Review, site["review"])
        for n in range(3):
            fans.append(factories.user(f"fan{n}").id)
            ratings.rate(review, db.session.get(User, fans[-1]), 6)

    if change != "rate":
        in_app(pages, arrange)
    for path in ("/reviews/the-third-man", f"/year/{year}"):
        fetch(client, path)
        assert fetch(client, path)[0] == "hit"

    def act():
        review = db.session.get(Review, site["review"])
        if change == "rate":
            ratings.rate(review, db.session.get(User, site["reader"]), 8)
        elif change == "change":
            ratings.rate(review, db.session.get(User, fans[0]), 10)
        elif change == "remove":
            ratings.remove(review, db.session.get(User, fans[0]))
        else:
            admin = factories.user("boss", role="admin")
            moderation.ban(db.session.get(User, fans[0]), admin)

    in_app(pages, act)
    for path in ("/reviews/the-third-man", f"/year/{year}"):
        assert fetch(client, path)[0] == "miss", path
