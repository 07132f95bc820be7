"""Comment rules an outside review found gaps in: empty-after-cleaning, edits and moderation."""
import re
import time
from html import escape

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from blog.extensions import cache, db
from blog.models import Comment, CommentStatus
from tests import factories
from tests.conftest import Auth, csrf_token_from, hidden_fields
from tests.test_comments import send, stored

NOTHING_LEFT = "<img src=x onerror=alert(1)>"
THREE_LINKS = "See https://example.com/a https://example.org/b and https://example.net/c"


def edit(client, comment_id, body):
    page = client.get(f"/comments/{comment_id}/edit").get_data(as_text=True)
    return client.post(f"/comments/{comment_id}/edit",
                       data={"csrf_token": csrf_token_from(page), "body": body})


def test_a_comment_that_cleans_to_nothing_is_422_with_the_text_kept(client, auth,
                                                                    regular):  # noqa: F811
    auth.login("reader1")
    response = send(client, "heat", NOTHING_LEFT)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert escape(NOTHING_LEFT) in html and "Nothing of this comment would show" in html
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1  # the earlier one


def test_an_edit_that_cleans_to_nothing_is_422_with_the_text_kept(client, auth, ctx,
                                                                  regular, review):  # noqa: F811
    mine = factories.comment(review, regular, "Words.")
    auth.login("reader1")
    response = edit(client, mine.id, "<script></script><br>")
    assert response.status_code == 422
    assert escape("<script></script><br>") in response.get_data(as_text=True)
    assert stored("Words.") is not None


def test_an_edit_adding_links_is_held_for_moderation(client, auth, ctx, regular,
                                                     review):  # noqa: F811
    mine = factories.comment(review, regular, "A harmless comment.")
    auth.login("reader1")
    response = edit(client, mine.id, THREE_LINKS)
    assert response.status_code == 302
    assert stored(THREE_LINKS).status is CommentStatus.PENDING
    auth.logout()
    assert "example.net" not in client.get("/reviews/heat").get_data(as_text=True)


def test_an_edit_within_the_rules_stays_published(client, auth, ctx, regular,
                                                  review):  # noqa: F811
    mine = factories.comment(review, regular, "A harmless comment.")
    auth.login("reader1")
    assert edit(client, mine.id, "A harmless comment, better spelt.").status_code == 302
    assert stored("A harmless comment, better spelt.").status is CommentStatus.APPROVED


def test_editing_the_only_approved_comment_holds_it_again(client, auth, ctx, users,
                                                          review):  # noqa: F811
    """A first comment a moderator approved cannot be rewritten into something else."""
    first = factories.comment(review, users["commenter"], "Harmless first words.")
    auth.login("reader1")
    assert edit(client, first.id, "Buy cheap pills now").status_code == 302
    assert stored("Buy cheap pills now").status is CommentStatus.PENDING


def test_comments_carry_headings_and_the_preview_is_a_labelled_section(client, auth, ctx, users,
                                                                       regular, review):  # noqa: F811
    first = stored("An earlier approved comment.")
    factories.comment(review, users["author"], "A reply.", parent=first)
    auth.login("reader1")
    page = send(client, "heat", "Previewed words", preview="y").get_data(as_text=True)
    assert '<section class="comment-preview" aria-labelledby="preview-title">' in page
    assert not re.search(r"<div[^>]*aria-labelledby", page)
    assert re.search(rf'<article aria-labelledby="comment-{first.id}-by">\s*'
                     rf'<h3 class="visually-hidden" id="comment-{first.id}-by">'
                     r"Comment by reader1</h3>", page)
    assert re.search(r'<h4 class="visually-hidden" id="comment-\d+-by">Comment by critic</h4>',
                     page)


# ---------- The anti-robot time token ----------

@pytest.fixture
def real_cache(app):
    """A working cache (the tests' default is NullCache): spent tokens are remembered there."""
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    yield
    cache.init_app(app)


def comment_form(client, slug="heat"):
    """The hidden fields of the review page's comment form."""
    return hidden_fields(client.get(f"/reviews/{slug}").get_data(as_text=True),
                         f"/reviews/{slug}/comments#respond")


def test_a_time_token_is_accepted_once(client, auth, regular, real_cache):  # noqa: F811
    auth.login("reader1")
    fields = comment_form(client)
    first = client.post("/reviews/heat/comments", data={**fields, "body": "Once."})
    assert first.status_code == 302
    again = client.post("/reviews/heat/comments", data={**fields, "body": "Twice."})
    assert again.status_code == 422
    assert "already been sent" in again.get_data(as_text=True)
    assert "Twice." in again.get_data(as_text=True) and stored("Twice.") is None


def test_a_preview_does_not_spend_the_token(client, auth, regular, real_cache):  # noqa: F811
    auth.login("reader1")
    fields = comment_form(client)
    assert client.post("/reviews/heat/comments",
                       data={**fields, "body": "Look.", "preview": "y"}).status_code == 200
    assert client.post("/reviews/heat/comments",
                       data={**fields, "body": "Look."}).status_code == 302


def test_a_time_token_belongs_to_its_reader(client, app, auth, ctx, users, regular,
                                            review):  # noqa: F811
    factories.comment(review, users["other_author"], "Approved before.")
    auth.login("rival")
    fields = comment_form(client)
    other = app.test_client()
    Auth(other).login("reader1")
    response = other.post("/reviews/heat/comments",
                          data={**fields, "csrf_token": comment_form(other)["csrf_token"],
                                "body": "Borrowed token."})
    assert response.status_code == 422 and "out of date" in response.get_data(as_text=True)
    assert stored("Borrowed token.") is None


def test_a_time_token_has_a_maximum_age(client, app, auth, regular, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "COMMENT_FORM_MAX_AGE", 3600)
    auth.login("reader1")
    fields = comment_form(client)
    later = int(time.time()) + 3601
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.post("/reviews/heat/comments", data={**fields, "body": "Too late."})
    assert response.status_code == 422 and "out of date" in response.get_data(as_text=True)
    assert "Too late." in response.get_data(as_text=True)
