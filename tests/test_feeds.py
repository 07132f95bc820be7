"""The per-review comments feed, read back with feedparser as a feed reader would."""
from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest

from blog.extensions import db
from blog.models import utcnow
from tests import factories


@pytest.fixture
def heat(ctx, users):
    return factories.review("Heat", author=users["author"], slug="heat")


def parse(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, response


def test_feed_lists_approved_comments_newest_first(client, ctx, users, heat):
    named = factories.user("ana", display_name="Ana Lytic")
    now = utcnow()
    first = factories.comment(heat, users["commenter"], "First <em>thoughts</em>.",
                              created_at=now - timedelta(hours=2))
    second = factories.comment(heat, named, "Second, <script>x</script>",
                               created_at=now - timedelta(hours=1))
    factories.comment(heat, users["commenter"], "Held back", status="pending")
    factories.comment(heat, users["banned"], "Spammy", status="spam")
    factories.comment(heat, users["commenter"], "", status="deleted")

    feed, response = parse(client, "/reviews/heat/comments.atom")
    assert feed.feed.title == "Comments on “Heat” — The Projectionist"
    assert [entry.author for entry in feed.entries] == ["Ana Lytic", "reader1"]
    assert [entry.title for entry in feed.entries] == ["Ana Lytic on “Heat”",
                                                       "reader1 on “Heat”"]
    assert feed.entries[0].link == f"http://blog.test/comments/{second.id}"
    assert feed.entries[1].content[0].value == "<p>First <em>thoughts</em>.</p>"
    assert feed.entries[1].content[0].type == "text/html"
    assert "script" not in response.get_data(as_text=True)  # stored sanitized
    ids = [entry.id for entry in feed.entries]
    assert ids[1] == f"tag:blog.test,{first.created_at:%Y-%m-%d}:comment-{first.id}"
    assert len(set(ids)) == 2
    assert feed.feed.updated_parsed[:5] == second.created_at.utctimetuple()[:5]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "http://blog.test/reviews/heat/comments.atom",
                     "alternate": "http://blog.test/reviews/heat#comments"}


def test_feed_names_writers_and_never_their_emails(client, ctx, users, heat):
    for user in users.values():
        factories.comment(heat, user, f"Said by {user.username}")
    body = client.get("/reviews/heat/comments.atom").get_data(as_text=True)
    assert "@example.com" not in body and "<email>" not in body


def test_entry_ids_stay_the_same_when_the_slug_changes(client, ctx, users, heat):
    factories.comment(heat, users["commenter"], "Stable")
    before, _ = parse(client, "/reviews/heat/comments.atom")
    heat.slug = "heat-1995"
    db.session.commit()
    after, _ = parse(client, "/reviews/heat-1995/comments.atom")
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert before.feed.id == after.feed.id


def test_edited_comments_carry_their_update_time(client, ctx, users, heat):
    comment = factories.comment(heat, users["commenter"], "Edited later",
                                created_at=utcnow() - timedelta(minutes=10))
    comment.edited_at = utcnow()
    db.session.commit()
    (entry,) = parse(client, "/reviews/heat/comments.atom")[0].entries
    assert entry.updated_parsed > entry.published_parsed


def test_a_review_without_comments_has_an_empty_valid_feed(client, heat):
    feed, _ = parse(client, "/reviews/heat/comments.atom")
    assert feed.entries == [] and feed.feed.title.startswith("Comments on")


def test_feed_answers_304_when_unchanged(client, ctx, users, heat):
    factories.comment(heat, users["commenter"], "Once")
    first = client.get("/reviews/heat/comments.atom")
    again = client.get("/reviews/heat/comments.atom",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("status, offset", [("draft", None), ("scheduled", 2),
                                            ("published", 2)])
def test_invisible_reviews_have_no_feed(client, ctx, users, status, offset):
    when = utcnow() + timedelta(days=offset) if offset else None
    review = factories.review("Hidden", author=users["author"], slug="hidden", status=status,
                              published_at=when)
    factories.comment(review, users["commenter"], "Secret")
    assert client.get("/reviews/hidden/comments.atom").status_code == 404
    assert client.get("/reviews/nothing-here/comments.atom").status_code == 404


def test_review_page_links_to_its_feed(client, heat):
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml" title="Comments on Heat" '
            'href="http://blog.test/reviews/heat/comments.atom">') in html
    assert 'href="/reviews/heat/comments.atom" type="application/atom+xml">Comments feed' in html
