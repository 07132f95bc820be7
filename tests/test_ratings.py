"""Readers' ratings: once per reader and review, changed or removed, counted in totals kept per
review, following the account rules (bans, deletion, export) and the forms' rules."""
from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from blog.extensions import db
from blog.models import ReaderRating, ReaderRatingSummary, User, utcnow
from blog.services import accounts, moderation, ratings
from tests import factories
from tests.conftest import PASSWORD, csrf_token_from, sign_in


@pytest.fixture
def heat(ctx, users):
    """A published review by the critic, rated 3.5 by the critic."""
    return factories.review("Heat", author=users["author"], slug="heat", rating_halves=7)


def readers(count: int, prefix: str = "fan") -> list[User]:
    return [factories.user(f"{prefix}{n}") for n in range(count)]


def rate(client, halves, slug="heat", **extra):
    """Send the review page's rating form as a browser would."""
    token = csrf_token_from(client.get(f"/reviews/{slug}").get_data(as_text=True))
    return client.post(f"/reviews/{slug}/rating",
                       data={"csrf_token": token, "halves": str(halves), **extra})


def summary(review_id: int) -> tuple[int, int, list[int]]:
    db.session.rollback()  # a fresh look: end the read the test began before the request
    row = db.session.get(ReaderRatingSummary, review_id)
    return (row.count, row.total_halves, list(row.histogram)) if row else (0, 0, [0] * 10)


def rows_of(user_id: int) -> list[int]:
    db.session.rollback()  # a fresh look: end the read the test began before the request
    return list(db.session.scalars(sa.select(ReaderRating.halves)
                                   .where(ReaderRating.user_id == user_id)))


def give(review, user, halves):
    """Rate through the service (arranging data for the tests that are not about the form)."""
    ratings.rate(review, user, halves)


# ---------- Once per reader: give, change, remove ----------

def test_a_reader_rates_once_and_a_second_rating_replaces_the_first(client, ctx, users, heat):
    reader = users["commenter"]
    sign_in(client, reader)
    response = rate(client, 7)
    assert response.status_code == 302
    assert response.headers["Location"] == "/reviews/heat#readers-rating"
    assert rows_of(reader.id) == [7]
    assert summary(heat.id) == (1, 7, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
    assert rate(client, 10).status_code == 302
    assert rows_of(reader.id) == [10]
    assert summary(heat.id) == (1, 10, [0] * 9 + [1])
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "saved" in html  # the flash message
    # Their own rating is the checked one, and the form says so.
    assert re.search(r'id="rate-10" name="halves" value="10" checked', html)
    assert "Your rating: 5 out of 5" in html and "Remove my rating" in html


def test_a_reader_removes_their_rating(client, ctx, users, heat):
    reader = users["commenter"]
    give(heat, reader, 4)
    sign_in(client, reader)
    token = csrf_token_from(client.get("/reviews/heat").get_data(as_text=True))
    response = client.post("/reviews/heat/rating/remove", data={"csrf_token": token})
    assert response.status_code == 302
    assert rows_of(reader.id) == []
    assert summary(heat.id) == (0, 0, [0] * 10)
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "Your rating is removed" in html and "Remove my rating" not in html
    # Removing again says there was nothing to remove.
    again = client.post("/reviews/heat/rating/remove", data={"csrf_token": token},
                        follow_redirects=True)
    assert "You had not rated this review" in again.get_data(as_text=True)


def test_the_database_refuses_a_second_row_for_one_reader(ctx, users, heat):
    reader = users["commenter"]
    db.session.add(ReaderRating(review_id=heat.id, user_id=reader.id, halves=3))
    db.session.commit()
    db.session.add(ReaderRating(review_id=heat.id, user_id=reader.id, halves=4))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_ratings_sent_at_once_leave_one_row(app, ctx, users, heat):
    reader, review_id = users["commenter"], heat.id
    reader_id = reader.id
    clients = [app.test_client() for _ in range(2)]
    tokens = []
    for each in clients:
        sign_in(each, reader)  # two sign-ins: two browsers of the same reader
        tokens.append(csrf_token_from(each.get("/reviews/heat").get_data(as_text=True)))
    db.session.remove()  # ctx's open read would hold SQLite's snapshot
    start = threading.Barrier(2)
    answers, errors = [], []

    def send(each, token, halves):
        try:
            start.wait(timeout=10)
            answers.append(each.post("/reviews/heat/rating",
                                     data={"csrf_token": token, "halves": halves}).status_code)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(repr(error))

    threads = [threading.Thread(target=send, args=(each, token, halves))
               for each, token, halves in zip(clients, tokens, ("6", "9"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and answers == [302, 302]
    found = rows_of(reader_id)
    assert len(found) == 1 and found[0] in (6, 9)
    assert summary(review_id) == (1, found[0], [int(step == found[0]) for step in range(1, 11)])


# ---------- The page: average, count and histogram once enough readers rated ----------

def test_the_readers_average_shows_once_enough_readers_rated(client, ctx, users, heat):
    fans = readers(3)
    give(heat, fans[0], 1)
    give(heat, fans[1], 7)
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "2 readers rated it so far" in html and "shows once 3 readers have rated" in html
    assert "readers-histogram" not in html
    give(heat, fans[2], 7)
    give(heat, users["commenter"], 10)
    html = client.get("/reviews/heat").get_data(as_text=True)
    # (1 + 7 + 7 + 10) half-steps / 4 readers = 3.125 stars; drawn as the nearest half, 3.
    assert "3.1 out of 5 from 4 readers" in html
    assert 'class="stars stars--6"' in html
    table = html[html.index('id="readers-histogram-table"'):]
    table = table[:table.index("</table>")]
    cells = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', table))
    assert cells == {"5 stars": "1", "4.5 stars": "0", "4 stars": "0", "3.5 stars": "2",
                     "3 stars": "0", "2.5 stars": "0", "2 stars": "0", "1.5 stars": "0",
                     "1 star": "0", "0.5 stars": "1"}
    # The critic's rating stays beside it.
    assert "3.5 out of 5" in html


def test_the_threshold_is_a_setting(client, app, ctx, users, heat):
    app.config["READER_RATINGS_MIN_SHOWN"] = 1
    give(heat, users["commenter"], 8)
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "4.0 out of 5 from 1 readers" in html


def test_a_commenters_rating_shows_on_their_comment(client, ctx, users, heat):
    factories.comment(heat, users["commenter"], "Loved the heist.")
    factories.comment(heat, users["other_author"], "Not for me.")
    give(heat, users["commenter"], 7)
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert html.count('class="comment__rating"') == 1
    assert ('rated <span aria-hidden="true">★★★½</span>'
            '<span class="visually-hidden">3.5 out of 5</span>') in html


def test_anonymous_readers_are_asked_to_log_in(client, heat):
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "Log in to rate this film" in html and 'name="halves"' not in html
    response = client.post("/reviews/heat/rating", data={"halves": "7"})
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/auth/login?next=/reviews/heat%23readers-rating")


# ---------- Who may rate ----------

def test_an_unconfirmed_reader_is_refused_with_a_reason(client, ctx, users, heat):
    newcomer = factories.user("newcomer")
    newcomer.email_confirmed_at = None
    db.session.commit()
    sign_in(client, newcomer)
    assert "Confirm your email address to rate" in client.get("/reviews/heat").get_data(
        as_text=True)
    response = rate(client, 7)
    assert response.status_code == 403
    assert "Please confirm your email address before rating" in response.get_data(as_text=True)
    assert rows_of(newcomer.id) == []


def test_a_banned_reader_is_refused(client, ctx, users, heat):
    banned = users["banned"]
    sign_in(client, banned)
    response = client.post("/reviews/heat/rating", data={"halves": "7"})
    assert response.status_code == 403 and "banned" in response.get_data(as_text=True)
    assert rows_of(banned.id) == []


def test_the_critic_does_not_rate_their_own_review(client, ctx, users, heat):
    sign_in(client, users["author"])
    assert "your rating is the critic’s" in client.get("/reviews/heat").get_data(as_text=True)
    response = rate(client, 10)
    assert response.status_code == 403 and "You wrote this review" in response.get_data(
        as_text=True)


@pytest.mark.parametrize("halves", ["", "0", "11", "3.5", "seven"])
def test_a_rating_off_the_scale_is_422_with_a_message(client, ctx, users, heat, halves):
    sign_in(client, users["commenter"])
    response = rate(client, halves)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please choose from half a star to five stars." in html
    assert 'role="alert"' in html
    assert rows_of(users["commenter"].id) == []


def test_a_rating_without_its_token_comes_back_to_be_sent_again(client, ctx, users, heat):
    sign_in(client, users["commenter"])
    response = client.post("/reviews/heat/rating", data={"halves": "7"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "please send it again" in html
    assert re.search(r'value="7" checked', html)  # the choice is kept
    assert rows_of(users["commenter"].id) == []


def test_ratings_are_rate_limited_per_account(client, app, ctx, users, heat):
    app.config["RATELIMIT_RATING"] = "2 per minute"
    sign_in(client, users["commenter"])
    assert rate(client, 6).status_code == 302
    assert rate(client, 7).status_code == 302
    response = rate(client, 8)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    html = response.get_data(as_text=True)
    assert "try again in" in html and re.search(r'value="8" checked', html)
    assert rows_of(users["commenter"].id) == [7]


def test_a_hidden_review_cannot_be_rated(client, ctx, users):
    factories.review("Draft", author=users["author"], slug="draft", status="draft")
    sign_in(client, users["commenter"])
    token = csrf_token_from(client.get("/auth/reset").get_data(as_text=True))
    response = client.post("/reviews/draft/rating", data={"csrf_token": token, "halves": "7"})
    assert response.status_code == 404


# ---------- The account rules ----------

def test_a_ban_stops_a_readers_ratings_counting_and_an_unban_restores_them(ctx, users, heat):
    other = factories.review("Thief", author=users["author"], slug="thief")
    rater = users["commenter"]
    give(heat, rater, 2)
    give(other, rater, 9)
    give(heat, users["other_author"], 8)
    moderation.ban(rater, users["admin"])
    assert summary(heat.id) == (1, 8, [0] * 7 + [1, 0, 0])
    assert summary(other.id) == (0, 0, [0] * 10)
    assert rows_of(rater.id) == [2, 9] or sorted(rows_of(rater.id)) == [2, 9]  # kept, not counted
    moderation.unban(rater, users["admin"])
    assert summary(heat.id) == (2, 10, [0, 1, 0, 0, 0, 0, 0, 1, 0, 0])
    assert summary(other.id) == (1, 9, [0] * 8 + [1, 0])


def test_a_banned_readers_rating_is_not_shown_on_their_comment(client, ctx, users, heat):
    rater = factories.user("loud")
    factories.comment(heat, rater, "Best film ever.")
    give(heat, rater, 10)
    moderation.ban(rater, users["admin"])
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "Best film ever." in html and 'class="comment__rating"' not in html


def test_deleting_an_account_removes_its_ratings_from_the_totals(ctx, users, heat):
    leaver = factories.user("leaver")
    give(heat, leaver, 3)
    give(heat, users["commenter"], 9)
    accounts.delete_account(leaver, PASSWORD)
    assert summary(heat.id) == (1, 9, [0] * 8 + [1, 0])
    assert db.session.scalar(sa.select(sa.func.count(ReaderRating.id))) == 1


def test_the_data_export_includes_ratings(client, ctx, users, heat):
    give(heat, users["commenter"], 7)
    sign_in(client, users["commenter"])
    exported = client.get("/account/export").get_json()
    assert len(exported["ratings"]) == 1
    entry = exported["ratings"][0]
    assert entry["review"] == {"slug": "heat", "title": "Heat"} and entry["stars"] == 3.5
    assert entry["created_at"] and entry["updated_at"]


def test_the_privacy_page_mentions_ratings(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "star ratings" in html and "your ratings for good" in html


# ---------- Totals, not counts: the page's queries do not grow with ratings ----------

def add_ratings(review, count: int) -> None:
    """``count`` readers rating the review, inserted in bulk, then the totals recounted."""
    now = utcnow()
    db.session.execute(sa.insert(User), [
        {"username": f"bulk{n}", "username_key": f"bulk{n}", "email": f"bulk{n}@example.com",
         "password_hash": "x", "display_name": "", "bio": "", "role": "commenter",
         "created_at": now, "email_confirmed_at": now, "is_banned": False,
         "notify_replies": False} for n in range(count)])
    ids = db.session.scalars(sa.select(User.id).where(User.username.like("bulk%"))).all()
    db.session.execute(sa.insert(ReaderRating), [
        {"review_id": review.id, "user_id": user_id, "halves": 1 + n % 10,
         "created_at": now, "updated_at": now} for n, user_id in enumerate(ids)])
    ratings.lock_summary(review.id)
    ratings.recount([review.id])
    db.session.commit()


def test_review_page_queries_are_the_same_with_0_or_1000_ratings(client, ctx, users,
                                                                 count_queries):
    quiet = factories.review("Quiet", author=users["author"], slug="quiet")
    loved = factories.review("Loved", author=users["author"], slug="loved")
    for review in (quiet, loved):
        factories.comment(review, users["commenter"], "A comment.")
    add_ratings(loved, 1000)
    counts = []
    for slug in ("quiet", "loved"):
        with count_queries() as statements:
            assert client.get(f"/reviews/{slug}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], f"{counts[0]} queries with no ratings, {counts[1]} with 1000"
    html = client.get("/reviews/loved").get_data(as_text=True)
    assert "from 1,000 readers" in html or "from 1000 readers" in html
    assert not any("reader_ratings" in s and "count(" in s.lower() for s in statements)


def test_signed_in_review_page_queries_are_the_same_with_0_or_1000_ratings(
        client, ctx, users, count_queries):
    quiet = factories.review("Quiet", author=users["author"], slug="quiet")
    loved = factories.review("Loved", author=users["author"], slug="loved")
    add_ratings(loved, 1000)
    give(loved, users["commenter"], 6)
    sign_in(client, users["commenter"])
    counts = []
    for slug in ("quiet", "loved"):
        with count_queries() as statements:
            assert client.get(f"/reviews/{slug}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], f"{counts[0]} queries with no ratings, {counts[1]} with 1001"
    assert quiet.id
