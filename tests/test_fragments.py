"""Kept parts of the review page (blog.fragments): every write shows at once, with the page
cache off, to anonymous and signed-in readers alike; each reader's own parts stay theirs."""
from __future__ import annotations

import hashlib
import re
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from blog import fragments, tokens
from blog.catalogue.views import selection_key
from blog.extensions import db
from blog.models import Comment, CommentStatus, Review, Tag, User, utcnow
from blog.review_page import SLOT
from blog.sanitize import clean_comment
from blog.services import catalogue, ratings, reviews
from tests import factories
from tests.conftest import hidden_fields, sign_in
from tests.test_page_cache import WRITES, run

PAGE = "/reviews/the-third-man"
SHOWN = {  # what each write of the page cache's tests changes on the review page
    "publish_a_draft": lambda status, html: "A New Review" in html,  # related, and next
    "edit_the_review": lambda status, html: "The Third Man, revisited" in html,
    "unpublish_the_review": lambda status, html: status == 404,
    "delete_the_review": lambda status, html: status == 404,
    "post_a_comment": lambda status, html: "Another thought." in html,
    "hide_a_comment": lambda status, html: "A zither score" not in html,
    "edit_a_comment": lambda status, html: "A zither score" not in html,  # held, or edited
    "rename_the_tag": lambda status, html: "Film noir" in html,
    "rename_the_person": lambda status, html: "George Orson Welles" in html,
    "rename_the_author": lambda status, html: "Another Name" in html,
    "add_an_author_link": None,  # shown on the author's page only
    "bulk_update_reviews": lambda status, html: "Changed in bulk" in html,
}

HOME_SHOWN = {  # the same writes on the homepage: its feed and its recent comments
    "publish_a_draft": lambda status, html: "A New Review" in html,
    "edit_the_review": lambda status, html: "The Third Man, revisited" in html,
    "unpublish_the_review": lambda status, html: "The Third Man" not in html,
    "delete_the_review": lambda status, html: "The Third Man" not in html,
    "post_a_comment": lambda status, html: "2 comments" in html,
    "hide_a_comment": lambda status, html: "No comments yet." in html,
    "edit_a_comment": None,  # its text shows on the review page only
    "rename_the_tag": lambda status, html: "Film noir" in html,
    "rename_the_person": None,
    "rename_the_author": None,
    "add_an_author_link": None,
    "bulk_update_reviews": lambda status, html: "Changed in bulk" in html,
}

TAG_SHOWN = {  # on the tag's page of cards
    **HOME_SHOWN,
    "unpublish_the_review": lambda status, html: status == 404,  # its only review
    "delete_the_review": lambda status, html: status == 404,
    "hide_a_comment": lambda status, html: "0 comments" in html,
    "rename_the_tag": lambda status, html: status == 301,  # to its new address
}
PERSON_SHOWN = {**TAG_SHOWN, "publish_a_draft": None,  # not a film of theirs
                "rename_the_tag": HOME_SHOWN["rename_the_tag"],
                "rename_the_person": lambda status, html: "George Orson Welles" in html}
AUTHOR_SHOWN = {**PERSON_SHOWN, "rename_the_person": None,
                "unpublish_the_review": lambda status, html: "has not published" in html,
                "delete_the_review": lambda status, html: "has not published" in html,
                "rename_the_author": lambda status, html: "Another Name" in html,
                "add_an_author_link": lambda status, html: "critic.example" in html}

CATALOGUE_SHOWN = {"unpublish_the_review": HOME_SHOWN["unpublish_the_review"],
                   "delete_the_review": HOME_SHOWN["delete_the_review"],
                   "rename_the_tag": HOME_SHOWN["rename_the_tag"]}

# Search finds what its index holds (kept by the writing services, not by these writes), so
# only a review leaving the site must leave the results at once.
SEARCH_SHOWN = {write.__name__: None for write in WRITES} | {
    "unpublish_the_review": HOME_SHOWN["unpublish_the_review"],
    "delete_the_review": HOME_SHOWN["delete_the_review"]}


@pytest.fixture
def parts(pages):
    """A real cache (in process, then Redis) with the page cache off: every page is built,
    from the parts kept in that cache."""
    pages.config["PAGE_CACHE_SECONDS"] = 0
    return pages


def page(client, path=PAGE):
    response = client.get(path)
    assert response.headers.get("X-Page-Cache") is None  # built, not a stored page
    return response.status_code, response.get_data(as_text=True)


def test_parts_are_kept_and_the_page_built_from_them_is_the_same(client, site, parts):
    first = page(client)
    assert kept_part(parts, f"review/{site['review']}/article", PAGE) is not None
    assert kept_part(parts, f"review/{site['review']}/thread/oldest/1", PAGE) is not None
    assert page(client) == first


# Where each write must show: the page, what it shows of each write, and some of its parts,
# each with whether it shows readers' activity (and so is dropped by a comment).
PLACES = {
    "review-page": (PAGE, SHOWN, lambda ids: {f"review/{ids['review']}/article": False,
                                              f"review/{ids['review']}/thread/oldest/1": True}),
    "homepage": ("/", HOME_SHOWN, lambda ids: {"home/1": True, "recent-comments": True}),
    "tag-page": ("/tags/noir", TAG_SHOWN, lambda ids: {f"tag/{ids['tag']}/1": True}),
    "person-page": ("/people/orson-welles", PERSON_SHOWN,
                    lambda ids: {f"person/{ids['person']}/1": True}),
    "author-page": ("/authors/critic", AUTHOR_SHOWN,
                    lambda ids: {f"author/{ids['author']}/1": True}),
    "search": ("/search?q=noir", SEARCH_SHOWN,  # its tag (the title would be marked up)
               lambda ids: {f"search/{hashlib.sha256(b'noir').hexdigest()[:32]}/1": False}),
    "catalogue": ("/reviews/", {**TAG_SHOWN, **CATALOGUE_SHOWN},
                  lambda ids: {f"catalogue/{selection_key(catalogue.parse(MultiDict()))}/1": True}),
}
# Writes of readers' activity: they drop the parts that show it, and no other.
ACTIVITY_WRITES = {"post_a_comment", "hide_a_comment", "edit_a_comment"}


def kept_part(app, name, path="/"):
    """The part kept under ``name`` for a request of ``path``, whether or not it follows
    readers' activity (it is kept under one key or the other)."""
    with app.test_request_context(path):
        fragments.note_generation()
        return (fragments.Parts(name).get(name)
                or fragments.Parts(name, activity=(name,)).get(name))


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
def test_every_write_shows_at_once(client, auth, site, parts, write, place, signed_in):
    path, shown_by, part_names = PLACES[place]
    if signed_in:
        auth.login("critic")
    status, html = page(client, path)
    names = part_names(site)
    assert status == 200 and all(kept_part(parts, name, path) is not None for name in names)
    shown = shown_by[write.__name__]
    assert shown is None or not shown(status, html)
    run(parts, lambda: write(site))
    for name, shows_activity in names.items():
        dropped = shows_activity or write.__name__ not in ACTIVITY_WRITES
        assert (kept_part(parts, name, path) is None) == dropped, name
    if shown is not None:
        assert shown(*page(client, path))


def edit_the_title(ids):
    db.session.get(Review, ids["review"]).title = "The Third Man, revisited"


def comment_on_it(ids):
    factories.comment(db.session.get(Review, ids["review"]), db.session.get(User, ids["reader"]),
                      "The Third Man, revisited")


def publish_a_neighbour(ids):
    factories.review("The Third Man, revisited", slug="revisited",
                     tags=[db.session.get(Tag, ids["tag"])])


@pytest.mark.parametrize("write", [edit_the_title, comment_on_it, publish_a_neighbour])
def test_a_write_during_a_request_is_not_hidden_by_its_parts(client, site, parts, monkeypatch,
                                                             write):
    """A request reads one snapshot (SQLite): parts it renders after a write landed elsewhere
    show the older state, so they must not be kept as current (a change to the site, or
    readers' activity, which moves only the review's own generation)."""
    find_key = reviews.find_visible_key

    def find_then_edit_elsewhere(slug, reader=None):
        key = find_key(slug, reader)  # the request's snapshot starts here

        def edit():
            with parts.app_context():
                write(site)
                db.session.commit()

        writer = threading.Thread(target=edit)
        writer.start()
        writer.join()
        return key

    monkeypatch.setattr(reviews, "find_visible_key", find_then_edit_elsewhere)
    page(client)
    monkeypatch.setattr(reviews, "find_visible_key", find_key)
    assert "The Third Man, revisited" in page(client)[1]


def test_parts_and_review_links_are_kept_a_day_or_until_the_next_publication(
        client, site, parts, monkeypatch):
    from blog.extensions import cache
    lifetimes = {}
    setter = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None: (
        lifetimes.setdefault(key.partition("/")[0], set()).add(timeout),
        setter(key, value, timeout=timeout))[1])
    page(client)
    # Current until a write moves their generation on: the day only lets older ones go.
    assert lifetimes["fragments"] == lifetimes["review-links"] == {24 * 3600}
    with parts.app_context():
        factories.review("Coming Soon", slug="coming-soon",
                         published_at=utcnow() + timedelta(seconds=90))
    lifetimes.clear()
    page(client)
    assert lifetimes["fragments"] | lifetimes["review-links"] <= set(range(85, 91))


def test_a_scheduled_review_shows_when_its_time_comes(client, site, parts):
    with parts.app_context():
        factories.review("Coming Soon", slug="coming-soon", status="published",
                         published_at=utcnow() + timedelta(seconds=1.5),
                         tags=[db.session.get(Tag, site["tag"])])
    assert "Coming Soon" not in page(client)[1]
    assert "Coming Soon" not in page(client, "/")[1]
    time.sleep(2)
    assert "Coming Soon" in page(client)[1]
    assert "Coming Soon" in page(client, "/")[1]


def test_the_buttons_under_comments_are_each_readers_own(client, auth, site, parts):
    with parts.app_context():
        factories.user("reader2")
    anonymous = parts.test_client()
    assert ">Report<" not in page(anonymous)[1]  # fills the kept thread
    auth.login("reader1")
    html = page(client)[1]
    assert ">Edit</a>" in html and ">Delete</a>" in html and ">Report</a>" not in html
    auth.logout()
    auth.login("reader2")
    html = page(client)[1]
    assert ">Report</a>" in html and ">Edit</a>" not in html and ">Delete</a>" not in html
    assert ">Report<" not in page(anonymous)[1]
    assert "\x00" not in html


def test_a_comment_waiting_for_moderation_shows_to_its_writer_alone(client, auth, site,
                                                                     parts):
    with parts.app_context():
        waiting = factories.comment(db.session.get(Review, site["review"]),
                                    factories.user("newcomer"), "Held for now.",
                                    status="pending")
        waiting_id = waiting.id
    anonymous = parts.test_client()
    assert "Held for now." not in page(anonymous)[1]
    auth.login("newcomer")
    html = page(client)[1]
    assert "Held for now." in html and "Awaiting moderation" in html
    auth.logout()
    auth.login("reader1")
    assert "Held for now." not in page(client)[1]

    def approve():
        db.session.get(Comment, waiting_id).status = CommentStatus.APPROVED

    run(parts, approve)
    assert "Held for now." in page(anonymous)[1]
    assert "Held for now." in page(client)[1]


def test_a_catalogue_page_for_a_made_up_filter_is_answered_but_not_kept(client, site, parts):
    status, html = page(client, "/reviews/?genre=made-up")
    assert status == 200
    with parts.test_request_context():
        key = f"catalogue/{selection_key(catalogue.parse(MultiDict({'genre': 'made-up'})))}/1"
    assert kept_part(parts, key) is None
    page(client, "/reviews/")
    assert kept_part(parts, f"catalogue/{selection_key(catalogue.parse(MultiDict()))}/1") is not None


def test_long_searches_are_answered_but_not_kept(client, site, parts):
    words = "noir " * 20
    assert page(client, "/search?q=" + words)[0] == 200
    name = f"search/{hashlib.sha256(words.encode()).hexdigest()[:32]}/1"
    assert kept_part(parts, name) is None


def test_a_comment_cannot_forge_an_action_slot():
    forged = "Look: " + SLOT.format(1)
    assert "\x00" not in clean_comment(forged)


def test_nothing_is_kept_without_a_cache(client, app, ctx, users):
    review = factories.review("Plain", slug="plain", author=users["author"])
    factories.comment(review, users["commenter"], "Still shown.")
    db.session.commit()
    assert "Still shown." in client.get("/reviews/plain").get_data(as_text=True)
    with app.test_request_context():
        assert not fragments.Parts(f"review/{review.id}/article").keys
        assert not fragments.Parts(f"review/{review.id}/article").found


def test_nothing_is_kept_with_the_fragment_cache_off(client, site, parts):
    parts.config["FRAGMENT_CACHE"] = False
    first = page(client)
    assert first[0] == 200 and "A zither score" in first[1]
    assert kept_part(parts, f"review/{site['review']}/article") is None
    assert page(client, "/")[0] == 200
    assert kept_part(parts, "home/1") is None


def test_a_rating_changes_the_readers_part_at_once(client, auth, site, parts, submit):
    anonymous = parts.test_client()
    assert "1 reader rated it so far" not in page(anonymous)[1]
    auth.login("reader1")
    with parts.app_context():
        reader = db.session.scalar(db.select(User).where(User.username == "reader1"))
        reader.email_confirmed_at = utcnow()
        db.session.commit()
    response = submit(PAGE, "/reviews/the-third-man/rating#readers-rating", {"halves": "8"},
                      follow_redirects=True)
    assert "Your rating: 4 out of 5" in response.get_data(as_text=True)
    assert "1 reader rated it so far" in page(anonymous)[1]


def signed_in_client(app, username):
    client = app.test_client()
    with app.app_context():
        sign_in(client, db.session.scalar(sa.select(User).filter_by(username=username)))
    return client


def test_kept_forms_carry_each_readers_own_tokens(site, parts):
    """The comment box and the rating form are kept with slots for their tokens: a reader
    whose page is built from what another reader's page left posts with their own tokens."""
    with parts.app_context():
        factories.user("reader2")
        factories.user("reader3")
    first, second = signed_in_client(parts, "reader2"), signed_in_client(parts, "reader3")
    first_html = page(first)[1]
    assert kept_part(parts, f"review/{site['review']}/box/oldest/1/11", PAGE) is not None
    assert kept_part(parts, f"review/{site['review']}/readers/own-0", PAGE) is not None
    html = page(second)[1]
    assert "\x00" not in html
    box = hidden_fields(html, f"{PAGE}/comments#respond")
    assert box["started"] != hidden_fields(first_html, f"{PAGE}/comments#respond")["started"]
    second_id = user_id(parts, "reader3")
    with parts.app_context():
        reader = tokens.read_token("comment-form", box["started"], 60)["reader"]
    assert reader.split(":")[0] == str(second_id)  # its id, and its sign-in
    response = second.post(f"{PAGE}/comments", data={**box, "body": "Posted from a kept box."})
    assert response.status_code in (302, 303)
    rating = hidden_fields(html, f"{PAGE}/rating#readers-rating")
    assert second.post(f"{PAGE}/rating", data={**rating, "halves": "7"}).status_code in (302, 303)
    with parts.app_context():
        assert db.session.scalar(sa.select(Comment.author_id).where(
            Comment.body_source == "Posted from a kept box.")) == second_id
        assert ratings.own_rating(site["review"], second_id).halves == 7


def user_id(app, username) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).filter_by(username=username))


TOKENS = re.compile(r'(name="(?:csrf_token|started)"[^>]*value=")[^"]*(")')


@pytest.mark.parametrize("username", ["reader1", "critic", "reader2", "unconfirmed"])
def test_a_signed_in_page_from_kept_parts_is_the_page_built_afresh(site, parts, username):
    """The commenter (their own buttons), the review's author, a reader who never commented
    and one who has not confirmed their address: each reader's page is the same whether it
    is built from the parts the others' pages kept or every part afresh (but for the tokens
    each page makes)."""
    with parts.app_context():
        factories.user("reader2")
        db.session.get(User, factories.user("unconfirmed").id).email_confirmed_at = None
        db.session.commit()
    for other in {"reader1", "critic", "reader2", "unconfirmed"} - {username}:
        page(signed_in_client(parts, other))
    client = signed_in_client(parts, username)
    kept = page(client)[1]
    parts.config["FRAGMENT_CACHE"] = False
    fresh = page(client)[1]
    assert TOKENS.sub(r"\1\2", kept) == TOKENS.sub(r"\1\2", fresh)
