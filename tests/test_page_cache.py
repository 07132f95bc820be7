"""The anonymous page cache: what it stores, who it serves, and every write that drops it."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import cache, db
from blog.models import Comment, CommentStatus, Person, Review, ReviewStatus, Tag, User, utcnow
from blog.services import commenting, studio_tags, writing
from tests import factories
from tests.fixtures.page_cache import fetch

PAGES = ["/", "/reviews/the-third-man", "/tags/", "/tags/noir", "/people/orson-welles",
         "/authors/critic", "/about", "/feed.atom", "/feed.rss", "/tags/noir.atom",
         "/comments.atom", "/search?q=noir"]


@pytest.mark.parametrize("path", PAGES)
def test_second_anonymous_request_is_served_from_the_cache(client, site, path):
    first_state, first = fetch(client, path)
    second_state, second = fetch(client, path)
    assert (first_state, second_state) == ("miss", "hit")
    assert second == first


def test_pages_differ_by_the_arguments_that_matter(client, site):
    assert fetch(client, "/reviews/the-third-man?order=newest")[0] == "miss"
    assert fetch(client, "/reviews/the-third-man")[0] == "miss"
    assert fetch(client, "/reviews/the-third-man?order=newest")[0] == "hit"


def test_searches_are_kept_by_their_words_and_dropped_by_writes(client, site, pages):
    state, html = fetch(client, "/search?q=noir")  # the review's tag
    assert state == "miss" and "The Third Man" in html
    state, html = fetch(client, "/search?q=vertigo")
    assert state == "miss" and "The Third Man" not in html
    assert fetch(client, "/search?q=noir")[0] == "hit"
    assert fetch(client, "/search?q=noir&page=1")[0] == "miss"  # another address, kept too
    assert fetch(client, "/search?q=" + "long " * 20)[0] is None  # too long to be worth it
    assert fetch(client, "/search?q=noir&q=vertigo")[0] is None
    run(pages, lambda: unpublish_the_review(site))
    state, html = fetch(client, "/search?q=noir")
    assert state == "miss" and "The Third Man" not in html


def test_made_up_arguments_and_errors_are_not_stored(client, site):
    for _ in range(2):
        assert fetch(client, "/?utm_source=x")[0] is None
        assert client.get("/reviews/nothing-here").status_code == 404
    assert client.get("/reviews/nothing-here").headers.get("X-Page-Cache") is None


def test_signed_in_readers_never_get_a_stored_page(client, auth, site):
    fetch(client, "/reviews/the-third-man")
    assert fetch(client, "/reviews/the-third-man")[0] == "hit"
    assert auth.login("reader1").status_code == 302
    state, html = fetch(client, "/reviews/the-third-man")
    assert state is None and "Log out" in html
    anonymous = client.application.test_client()
    state, html = fetch(anonymous, "/reviews/the-third-man")
    assert state == "hit" and "Log out" not in html


def test_a_reader_holding_a_session_cookie_is_not_served_from_the_cache(client, site):
    fetch(client, "/")
    client.set_cookie("session", "anything", domain="blog.test")
    assert fetch(client, "/")[0] is None


def run(app, change):
    with app.app_context():
        change()
        db.session.commit()


def publish_a_draft(ids):
    factories.review("A New Review", slug="a-new-review", tags=[db.session.get(Tag, ids["tag"])])


def edit_the_review(ids):
    db.session.get(Review, ids["review"]).title = "The Third Man, revisited"


def unpublish_the_review(ids):
    review = db.session.get(Review, ids["review"])
    writing.unpublish(review, review.author)


def delete_the_review(ids):
    writing.delete_review(db.session.get(Review, ids["review"]))


def post_a_comment(ids):
    review = db.session.get(Review, ids["review"])
    factories.comment(review, db.session.get(User, ids["reader"]), "Another thought.")


def hide_a_comment(ids):
    comment = db.session.scalar(sa.select(Comment))
    comment.status = CommentStatus.SPAM


def edit_a_comment(ids):
    comment = db.session.scalar(sa.select(Comment))
    commenting.edit_comment(comment, comment.author, "An edited thought.")


def rename_the_tag(ids):
    studio_tags.update_tag(db.session.get(Tag, ids["tag"]), "Film noir", "genre")


def rename_the_person(ids):
    db.session.get(Person, ids["person"]).name = "George Orson Welles"


def rename_the_author(ids):
    db.session.get(User, ids["author"]).display_name = "Another Name"


def add_an_author_link(ids):
    db.session.get(User, ids["author"]).links = "https://critic.example/"


def bulk_update_reviews(ids):
    db.session.execute(sa.update(Review).values(verdict="Changed in bulk"))


WRITES = [publish_a_draft, edit_the_review, unpublish_the_review, delete_the_review,
          post_a_comment, hide_a_comment, edit_a_comment, rename_the_tag, rename_the_person,
          rename_the_author, add_an_author_link, bulk_update_reviews]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
def test_every_write_drops_the_stored_pages(client, site, pages, write):
    for path in ("/", "/tags/noir"):
        fetch(client, path)
        assert fetch(client, path)[0] == "hit"
    run(pages, lambda: write(site))
    for path in ("/",):
        assert fetch(client, path)[0] == "miss"


def test_a_private_write_keeps_the_stored_pages(client, site, pages):
    fetch(client, "/")

    def report():
        comment = db.session.scalar(sa.select(Comment))
        commenting.report_comment(comment, db.session.get(User, ids_author(site)), "spam")

    run(pages, report)
    assert fetch(client, "/")[0] == "hit"


def ids_author(ids):
    return ids["author"]


def test_a_scheduled_review_appears_when_its_time_comes(client, site, pages):
    with pages.app_context():
        factories.review("Coming Soon", slug="coming-soon", status="published",
                         published_at=utcnow() + timedelta(seconds=1.5))
    state, html = fetch(client, "/")
    assert state == "miss" and "Coming Soon" not in html
    time.sleep(2)
    state, html = fetch(client, "/")
    assert state == "miss" and "Coming Soon" in html


def test_a_new_comment_shows_to_its_writer_at_once_and_to_readers_next(client, auth, site,
                                                                        submit):
    anonymous = client.application.test_client()
    fetch(anonymous, "/reviews/the-third-man")
    assert fetch(anonymous, "/reviews/the-third-man")[0] == "hit"
    auth.login("critic")  # an author's comments are published without moderation
    response = submit("/reviews/the-third-man", "/reviews/the-third-man/comments#respond",
                      {"body": "Written just now."}, follow_redirects=True)
    assert "Written just now." in response.get_data(as_text=True)
    state, html = fetch(anonymous, "/reviews/the-third-man")
    assert state == "miss" and "Written just now." in html


def test_the_page_cache_is_off_with_the_null_cache(client, app, ctx, users):
    factories.review("Plain", slug="plain")
    assert client.get("/").headers.get("X-Page-Cache") is None
    assert client.get("/").headers.get("X-Page-Cache") is None


def test_drafts_are_not_counted_as_upcoming(pages, site):
    from blog import pagecache

    with pages.test_request_context("/"):
        factories.review("Draft", slug="draft", status="draft")
        assert pagecache.seconds_to_keep() == pages.config["PAGE_CACHE_SECONDS"]
        factories.review("Later", slug="later", published_at=utcnow() + timedelta(seconds=60))
        assert 50 < pagecache.seconds_to_keep() <= 60
        assert db.session.scalar(sa.select(sa.func.count(Review.id)).where(
            Review.status == ReviewStatus.DRAFT)) == 1


def test_every_table_is_public_or_private():
    from blog import pagecache

    tables = set(db.metadata.tables)
    assert pagecache.PUBLIC_TABLES & pagecache.PRIVATE_TABLES == set()
    assert tables - pagecache.PUBLIC_TABLES - pagecache.PRIVATE_TABLES == set(), (
        "decide whether public pages show these tables' rows (blog/pagecache.py)")


def test_stored_pages_keep_their_validators_and_public_cache_headers(client, site):
    first = client.get("/reviews/the-third-man")
    second = client.get("/reviews/the-third-man")
    assert second.headers["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.headers["Cache-Control"].startswith("public")
        assert "Set-Cookie" not in response.headers
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    again = client.get("/reviews/the-third-man",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["X-Page-Cache"] == "hit"


def test_an_evicted_generation_never_brings_back_an_older_page(client, site, pages):
    """An in-process cache over its size drops entries, generations too: a page stored while
    the site's generation was missing must not be served again once a later one goes missing."""
    from blog import pagecache

    def evict():
        with pages.app_context():
            cache.delete(pagecache.GENERATION_KEY)

    evict()
    assert fetch(client, "/")[0] == "miss"
    assert fetch(client, "/")[0] == "hit"
    run(pages, lambda: edit_the_review(site))
    evict()
    state, html = fetch(client, "/")
    assert state == "miss" and "The Third Man, revisited" in html
