"""Neighbours and related reviews are kept per review, and forgotten by the writes that move them."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from blog.extensions import cache, db
from blog.models import ReviewStatus, utcnow
from blog.services import review_links, writing
from tests import factories


@pytest.fixture
def kept(app, ctx):
    """One real cache shared by ``app`` and ``ctx``'s twin, which makes the writes (as
    workers share Redis); whole pages are not kept, so each request renders."""
    pages = app.config["PAGE_CACHE_SECONDS"]
    for each in (app, ctx):
        each.config["CACHE_TYPE"] = "SimpleCache"
        cache.init_app(each)
    app.extensions["cache"][cache] = ctx.extensions["cache"][cache]
    app.config["PAGE_CACHE_SECONDS"] = 0
    yield
    app.config["PAGE_CACHE_SECONDS"] = pages
    for each in (app, ctx):
        each.config["CACHE_TYPE"] = "NullCache"
        cache.init_app(each)


@pytest.fixture
def shelf(ctx, users, kept):
    noir, war = factories.tag("Noir", "genre"), factories.tag("War", "genre")
    now = utcnow()
    made = {}
    for n, (title, tags) in enumerate([("Oldest", [noir]), ("Middle", [noir, war]),
                                        ("Newest", [war])]):
        made[title] = factories.review(title, slug=title.lower(), author=users["author"],
                                       tags=tags, published_at=now - timedelta(days=10 - n))
    return {"noir": noir, "war": war, "author": users["author"], **made}


def links(review):
    db.session.expire_all()
    found = review_links.links_for(review)
    return (found.older.title if found.older else None,
            found.newer.title if found.newer else None,
            [other.title for other in found.related])


def page(client, slug="middle"):
    return client.get(f"/reviews/{slug}").get_data(as_text=True)


def test_links_are_kept_and_read_back_in_fewer_statements(client, shelf, count_queries):
    with count_queries() as first:
        html = page(client)
    with count_queries() as second:
        assert page(client) == html
    assert len(second) <= len(first) - 3
    assert "Previous review</span> Oldest" in html and "Next review</span> Newest" in html


def test_publishing_a_review_moves_the_neighbours(client, shelf):
    assert links(shelf["Middle"]) == ("Oldest", "Newest", ["Newest", "Oldest"])
    factories.review("In Between", author=shelf["author"], tags=[shelf["war"]],
                     published_at=shelf["Middle"].published_at + timedelta(hours=1))
    assert links(shelf["Middle"]) == ("Oldest", "In Between",
                                      ["Newest", "In Between", "Oldest"])
    assert "Next review</span> In Between" in page(client)


def test_unpublishing_and_deleting_drop_the_links(client, shelf):
    page(client)
    writing.unpublish(shelf["Newest"], shelf["author"])
    assert links(shelf["Middle"]) == ("Oldest", None, ["Oldest"])
    assert "Next review" not in page(client)
    writing.delete_review(shelf["Oldest"])
    assert links(shelf["Middle"]) == (None, None, [])


def test_retagging_changes_the_related_reviews(client, shelf):
    assert links(shelf["Oldest"])[2] == ["Middle"]
    shelf["Newest"].tags = [shelf["noir"]]
    db.session.commit()
    assert links(shelf["Oldest"])[2] == ["Newest", "Middle"]


def test_an_edited_title_shows_at_once(client, shelf):
    page(client)
    shelf["Newest"].title = "Newest, Retitled"
    db.session.commit()
    assert "Next review</span> Newest, Retitled" in page(client)


def test_a_scheduled_review_is_linked_when_its_time_comes(client, shelf):
    factories.review("Soon", author=shelf["author"], tags=[shelf["war"]],
                     published_at=utcnow() + timedelta(seconds=1.5))
    assert links(shelf["Newest"])[1] is None
    time.sleep(2)
    assert links(shelf["Newest"])[1] == "Soon"


def test_a_comment_keeps_the_links(shelf, users):
    review_links.links_for(shelf["Middle"])
    generation = review_links.current_generation()
    factories.comment(shelf["Middle"], users["commenter"], "Nice.")
    assert review_links.current_generation() == generation
    shelf["Middle"].status = ReviewStatus.DRAFT
    db.session.commit()
    assert review_links.current_generation() != generation
