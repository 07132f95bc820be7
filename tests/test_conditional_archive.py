"""Conditional GET on public pages, and the date archive in the sidebar, footer and year pages."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask import current_app

from blog import generations
from blog.extensions import cache, db
from blog.models import Review, utcnow
from blog.services import archive, moderation, writing
from tests import factories

PAGES = ["/", "/reviews/heat", "/tags/drama", "/people/michael-mann", "/authors/critic",
         "/archive/{year}/", "/archive/{year}/{month}/"]


@pytest.fixture
def heat(ctx, users):
    drama = factories.tag("Drama", "genre")
    film = factories.film("Heat", year=1995)
    factories.credit(film, factories.person("Michael Mann", slug="michael-mann"), "director")
    return factories.review("Heat", author=users["author"], of_film=film, slug="heat",
                            tags=[drama], published_at=utcnow() - timedelta(days=3))


def path_for(template: str, review) -> str:
    local = review.published_at.astimezone(timezone.utc)
    return template.format(year=local.year, month=local.month)


@pytest.mark.parametrize("template", PAGES)
def test_public_pages_answer_304_to_either_validator(client, heat, template):
    path = path_for(template, heat)
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    unchanged = client.get(path, headers={"If-None-Match": etag})
    assert unchanged.headers["ETag"] == etag and unchanged.get_data() == b""


@pytest.mark.parametrize("template", PAGES)
def test_an_edit_changes_every_validator(client, heat, template):
    path = path_for(template, heat)
    first = client.get(path)
    heat.updated_at = utcnow() + timedelta(seconds=2)
    heat.verdict = "Now with a verdict."
    db.session.commit()
    for headers in ({"If-None-Match": first.headers["ETag"]},
                    {"If-Modified-Since": first.headers["Last-Modified"]}):
        assert client.get(path, headers=headers).status_code == 200


def test_a_new_approved_comment_changes_the_review_pages_validators(client, heat, users):
    first = client.get("/reviews/heat")
    held = factories.comment(heat, users["commenter"], "Held a while", status="pending",
                             created_at=utcnow() - timedelta(days=2))
    assert client.get("/reviews/heat",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with current_app.test_request_context():  # approving sends the notification emails
        moderation.approve(held, users["admin"])
    for headers in ({"If-None-Match": first.headers["ETag"]},
                    {"If-Modified-Since": first.headers["Last-Modified"]}):
        response = client.get("/reviews/heat", headers=headers)
        assert response.status_code == 200 and "Held a while" in response.get_data(as_text=True)


@pytest.mark.parametrize("headers", [
    {"If-Modified-Since": "yesterday"}, {"If-Modified-Since": "Mon, 99 Foo 2025 99:99:99"},
    {"If-Modified-Since": "\x00"}, {"If-None-Match": '"unterminated'},
    {"If-None-Match": "W/"}, {"If-None-Match": ",,,"},
    {"If-None-Match": "garbage", "If-Modified-Since": "garbage"},
])
def test_malformed_validators_are_ignored(client, heat, headers):
    response = client.get("/reviews/heat", headers=headers)
    assert response.status_code == 200 and b"Heat" in response.get_data()


def test_signed_in_pages_carry_no_validators(client, auth, heat):
    auth.login("reader1")
    response = client.get("/reviews/heat")
    assert response.status_code == 200
    assert "ETag" not in response.headers and "Last-Modified" not in response.headers


def test_error_pages_carry_no_validators(client, heat):
    response = client.get("/reviews/nothing")
    assert response.status_code == 404 and "ETag" not in response.headers


# ---------- The archive ----------

def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def years(ctx, users):
    """Reviews across years, some just either side of a month's edge in London time."""
    for when in (at(2024, 12, 31, 23, 30),  # GMT: still December 2024
                 at(2025, 3, 31, 23, 30),  # BST: already April 2025 in London
                 at(2025, 3, 31, 22, 59),  # BST: 23:59, still March
                 at(2025, 3, 15, 12, 0), at(2025, 10, 1, 0, 30)):  # 1 October 01:30 BST
        factories.review(f"At {when:%Y-%m-%d %H:%M}", author=users["author"], published_at=when)
    factories.review("Draft", author=users["author"], status="draft")
    factories.review("Soon", author=users["author"], published_at=utcnow() + timedelta(days=1))


def test_archive_counts_group_by_local_month(years):
    found = archive.count_years()
    assert [(item.year, item.count, item.months) for item in found] == [
        (2025, 4, ((10, 1), (4, 1), (3, 2))), (2024, 1, ((12, 1),))]


def test_homepage_sidebar_lists_years_and_months_with_counts(client, years):
    html = client.get("/").get_data(as_text=True)
    sidebar = html[html.index('<aside class="sidebar"'):]
    assert '<summary>2025 <span class="count">(4)</span></summary>' in sidebar
    assert ('<a href="/archive/2025/4/">April 2025 <span class="count">(1)</span></a>'
            in sidebar)
    assert '<a href="/archive/2024/12/">December 2024' in sidebar
    assert '<a href="/archive/2024/">All of 2024</a>' in sidebar


def test_review_page_footer_has_the_archive_and_the_byline_links_to_its_month(client, ctx,
                                                                             users, years):
    factories.review("Edge", author=users["author"], slug="edge",
                     published_at=at(2025, 3, 31, 23, 30))
    html = client.get("/reviews/edge").get_data(as_text=True)
    assert 'href="/archive/2025/4/" title="More reviews from April 2025"' in html
    footer = html[html.index('<footer class="site-footer">'):]
    assert '<a href="/archive/2025/3/">March 2025 <span class="count">(2)</span></a>' in footer


def test_year_pages_link_to_the_other_years(client, years):
    html = client.get("/archive/2025/").get_data(as_text=True)
    assert '<a href="/archive/2024/">2024</a>' in html
    assert '<a href="/archive/2025/" aria-current="page">2025</a>' in html


def test_publishing_unpublishing_and_deleting_forget_the_archive(ctx, users, monkeypatch):
    calls = []
    monkeypatch.setattr(archive, "forget", lambda: calls.append(1))
    review = factories.review("Gone", author=users["author"])
    writing.unpublish(review, users["author"])
    writing.delete_review(review)
    assert calls == [1, 1]


@pytest.fixture
def kept(app, ctx, monkeypatch):
    """One real cache shared by ``app`` and ``ctx``'s twin (as workers share Redis); the
    counts made and the lifetimes they were kept for."""
    for each in (app, ctx):
        each.config["CACHE_TYPE"] = "SimpleCache"
        cache.init_app(each)
    app.extensions["cache"][cache] = ctx.extensions["cache"][cache]
    made, lifetimes = [], []
    count = archive.count_years
    monkeypatch.setattr(archive, "count_years", lambda: made.append(1) or count())
    setter = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None: (
        lifetimes.append(timeout) if key.startswith("archive/") else None,
        setter(key, value, timeout=timeout))[1])
    yield made, lifetimes
    for each in (app, ctx):
        each.config["CACHE_TYPE"] = "NullCache"
        cache.init_app(each)


def test_the_archive_is_kept_between_writes_and_counted_again_after_one(kept, users):
    made, lifetimes = kept
    factories.review("One", author=users["author"], published_at=at(2025, 5, 5, 12))
    assert archive.years()[0].count == 1
    assert archive.years()[0].count == 1
    assert made == [1] and lifetimes == [generations.KEPT_SECONDS]  # no longer a minute
    review = factories.review("Two", author=users["author"], published_at=at(2025, 5, 6, 12))
    assert archive.years()[0].count == 2  # the publication dropped it, no call needed
    writing.unpublish(review, users["author"])
    assert archive.years()[0].count == 1
    assert len(made) == 3


def test_a_bulk_statement_on_reviews_drops_the_kept_archive(kept, users):
    review = factories.review("One", author=users["author"], published_at=at(2025, 5, 5, 12))
    assert archive.years()[0].count == 1
    db.session.execute(sa.update(Review).where(Review.id == review.id)
                       .values(published_at=at(2024, 2, 2, 12)))
    db.session.commit()
    assert [item.year for item in archive.years()] == [2024]


def test_a_kept_archive_lasts_until_the_next_scheduled_review_comes_into_view(kept, users):
    made, lifetimes = kept
    factories.review("Now", author=users["author"], published_at=utcnow() - timedelta(days=1))
    factories.review("Soon", author=users["author"],
                     published_at=utcnow() + timedelta(seconds=1.5))
    assert sum(item.count for item in archive.years()) == 1
    assert lifetimes == [1]  # the seconds until "Soon", not a day
    time.sleep(1.6)
    assert sum(item.count for item in archive.years()) == 2


def test_year_page_month_counts_are_the_archive_counts(client, ctx, users, monkeypatch):
    # The year page does not count its year's reviews again: it reads the archive's counts.
    factories.review("One", author=users["author"], published_at=at(2025, 5, 5, 12))
    factories.review("Two", author=users["author"], published_at=at(2025, 7, 6, 12))
    assert archive.month_counts(2025) == [0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    assert archive.month_counts(2031) == [0] * 12
    monkeypatch.setattr(archive, "count_years", lambda: [
        archive.ArchiveYear(2025, 9, ((7, 2), (5, 7)))])  # what the kept counts say
    html = client.get("/archive/2025/").get_data(as_text=True)
    assert 'May <span class="count">(7)</span>' in html
    assert 'July <span class="count">(2)</span>' in html
