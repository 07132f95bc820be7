"""Readers' activity (blog.activity): a comment or a rating drops exactly the stored pages and
kept parts that show it, and every page a reader is then served, from the cache or not, is the
page the blog would build with an empty cache."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import url_for

from blog import activity, pagecache
from blog.extensions import cache, db
from blog.models import Comment, CommentStatus, Review, Tag, User
from blog.services import commenting, ratings
from tests import factories
from tests.test_lists import make_list
from tests.test_page_cache import run

OTHER = "touch-of-evil"

# One address of every page the page cache keeps, by endpoint (the test below holds this
# table to pagecache.ENDPOINTS, so a page added there is checked here too).
PAGES = {
    "reading.home": lambda ids: url_for("reading.home"),
    "reading.show_review": lambda ids: url_for("reading.show_review", slug="the-third-man"),
    "reading.show_person": lambda ids: url_for("reading.show_person", slug="orson-welles"),
    "reading.show_author": lambda ids: url_for("reading.show_author", username="critic"),
    "reading.archive": lambda ids: url_for("reading.archive", year=ids["year"]),
    "reading.about": lambda ids: url_for("reading.about"),
    "reading.privacy": lambda ids: url_for("reading.privacy"),
    "tags.index": lambda ids: url_for("tags.index"),
    "tags.show_tag": lambda ids: url_for("tags.show_tag", slug="noir"),
    "search.search": lambda ids: url_for("search.search", q="noir"),
    "feeds.review_comments": lambda ids: url_for("feeds.review_comments", slug="the-third-man"),
    "feeds.site": lambda ids: "/feed.atom",
    "feeds.tag": lambda ids: url_for("feeds.tag", slug="noir"),
    "feeds.person": lambda ids: url_for("feeds.person", slug="orson-welles"),
    "feeds.author": lambda ids: url_for("feeds.author", username="critic"),
    "feeds.site_comments": lambda ids: url_for("feeds.site_comments"),
    "year.show_year": lambda ids: url_for("year.show_year", year=ids["year"]),
    "catalogue.browse": lambda ids: url_for("catalogue.browse"),
    "lists.index": lambda ids: url_for("lists.index"),
    "lists.show_list": lambda ids: url_for("lists.show_list", slug=ids["list"]),
    "lists.feed": lambda ids: url_for("lists.feed"),
    "lists.list_feed": lambda ids: url_for("lists.list_feed", slug=ids["list"]),
}
# The other review's page and comment feed: a comment on the first must keep them.
OTHER_PAGES = {f"/reviews/{OTHER}", f"/reviews/{OTHER}/comments.atom"}


@pytest.fixture
def places(pages, site):
    """``site`` with a second review (its own comment) and a list of both films; the address
    of every kept page."""
    with pages.app_context():
        critic = db.session.get(User, site["author"])
        other = factories.review("Touch of Evil", slug=OTHER, author=critic,
                                 tags=[db.session.get(Tag, site["tag"])])
        factories.comment(other, db.session.get(User, site["reader"]), "Welles again.")
        third_man = db.session.get(Review, site["review"])
        film_list = make_list(critic, "Welles", films=[third_man.film, other.film])
        ids = {**site, "other": other.id, "list": film_list.slug,
               "year": third_man.published_at.year}
        db.session.commit()
    with pages.test_request_context():
        paths = {endpoint: path(ids) for endpoint, path in PAGES.items()}
    return ids, sorted(set(paths.values()) | OTHER_PAGES | {"/feed.rss"})


def comment_on_the_review(ids):
    factories.comment(db.session.get(Review, ids["review"]), db.session.get(User, ids["reader"]),
                      "Another thought.")


def comment_on_the_other_review(ids):
    factories.comment(db.session.get(Review, ids["other"]), db.session.get(User, ids["reader"]),
                      "And another.")


def hide_a_comment(ids):
    comment = db.session.scalar(sa.select(Comment).where(Comment.review_id == ids["review"]))
    comment.status = CommentStatus.SPAM


def edit_a_comment(ids):
    comment = db.session.scalar(sa.select(Comment).where(Comment.review_id == ids["review"]))
    commenting.edit_comment(comment, comment.author, "An edited thought.")


def rate_the_review(ids):
    ratings.rate(db.session.get(Review, ids["review"]), db.session.get(User, ids["reader"]), 7)


def take_a_rating_back(ids):
    review, reader = db.session.get(Review, ids["review"]), db.session.get(User, ids["reader"])
    ratings.rate(review, reader, 7)
    db.session.commit()
    ratings.remove(review, reader)


ACTIVITY = [comment_on_the_review, comment_on_the_other_review, hide_a_comment,
            edit_a_comment, rate_the_review, take_a_rating_back]


def served(client, paths) -> dict[str, tuple[str | None, int, bytes]]:
    """Each page as an anonymous reader gets it: from the cache or not, status, body."""
    answers = {}
    for path in paths:
        response = client.get(path)
        answers[path] = response.headers.get("X-Page-Cache"), response.status_code, response.data
    return answers


def test_the_table_names_every_kept_page():
    assert PAGES.keys() == pagecache.ENDPOINTS


@pytest.mark.parametrize("write", ACTIVITY, ids=[write.__name__ for write in ACTIVITY])
def test_activity_drops_exactly_the_pages_that_show_it(client, pages, places, write):
    ids, paths = places
    served(client, paths)
    before = served(client, paths)
    assert {state for state, status, _ in before.values()} == {"hit"}
    if write is take_a_rating_back:  # the rating it takes back is given first
        run(pages, lambda: rate_the_review(ids))
        before = served(client, paths) and served(client, paths)
    run(pages, lambda: write(ids))
    after = served(client, paths)
    with pages.app_context():
        cache.clear()  # nothing kept: every page built from the database alone
    fresh = served(client, paths)
    for path in paths:
        assert after[path][1:] == fresh[path][1:], f"{path} is served stale after {write.__name__}"
    reviewed = OTHER if write is comment_on_the_other_review else "the-third-man"
    follows = {path for path in paths if path.startswith(f"/reviews/{reviewed}")}
    with pages.test_request_context():
        follows |= {PAGES[endpoint](ids) for endpoint in activity.OF_ANY}
    kept = {path for path in paths if after[path][0] == "hit"}
    assert kept == set(paths) - follows  # every other page stays stored
    changed = {path for path in paths if before[path][2] != fresh[path][2]}
    assert changed <= follows


def test_a_site_write_still_drops_every_page(client, pages, places):
    ids, paths = places
    served(client, paths)

    def rename():
        db.session.get(Review, ids["other"]).title = "Touch of Evil (1958)"

    run(pages, rename)
    assert {state for state, _, _ in served(client, paths).values()} == {"miss"}


def test_a_bulk_write_on_comments_without_its_reviews_drops_every_page(client, pages, places):
    ids, paths = places
    served(client, paths)
    run(pages, lambda: db.session.execute(
        sa.update(Comment).values(body_html=Comment.body_html)))
    assert {state for state, _, _ in served(client, paths).values()} == {"miss"}
