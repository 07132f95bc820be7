"""Commenting through the real forms: publishing, holding, replies, limits, edits, reports."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentReport, CommentStatus, utcnow
from tests import factories
from tests.conftest import csrf_token_from

STARTED = re.compile(r'id="started" name="started" type="hidden" value="([^"]+)"')


def send(client, slug, body, path=None, **fields):
    """Load the review page like a browser, then send its comment form."""
    page = client.get(path or f"/reviews/{slug}").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "started": STARTED.search(page).group(1),
            "body": body, "leave_blank": "", **fields}
    return client.post(f"/reviews/{slug}/comments", data=data)


def comment_count():
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(Comment.id)))


def stored(text):
    db.session.rollback()  # a new snapshot: SQLite reads see the data as of their transaction
    return db.session.scalar(sa.select(Comment).where(Comment.body_source == text))


def test_regular_commenter_publishes_and_lands_on_the_comment(client, auth, regular, review):
    auth.login("reader1")
    response = send(client, "heat", "Great <em>heist</em> film.")
    assert response.status_code == 302 and response.headers["Location"].startswith("/comments/")
    comment = stored("Great <em>heist</em> film.")
    assert comment.status is CommentStatus.APPROVED
    landing = client.get(response.headers["Location"])
    assert landing.headers["Location"] == f"/reviews/heat#comment-{comment.id}"
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "Great <em>heist</em> film." in html and "2 comments" in html


@pytest.mark.parametrize("case", ["first comment", "unconfirmed", "three links"])
def test_held_comments_show_only_to_their_writer(client, auth, ctx, users, review, case):
    writer = users["commenter"]
    body = "Held for a moderator."
    if case == "unconfirmed":
        factories.comment(review, writer, "earlier")
        writer.email_confirmed_at = None
        db.session.commit()
    elif case == "three links":
        factories.comment(review, writer, "earlier")
        body = "See https://example.com/a https://example.org/b and https://example.net/c"
    auth.login("reader1")
    send(client, "heat", body)
    assert stored(body).status is CommentStatus.PENDING
    mine = client.get("/reviews/heat").get_data(as_text=True)
    assert "Awaiting moderation" in mine and "only you can see this" in mine
    auth.logout()
    assert "Held for a moderator" not in client.get("/reviews/heat").get_data(as_text=True)


def test_authors_comments_publish_and_are_marked(client, auth, users, review):
    auth.login("critic")
    send(client, "heat", "Thanks for reading!")
    assert stored("Thanks for reading!").status is CommentStatus.APPROVED
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert 'comment--by-author' in html and 'class="badge">Author<' in html


@pytest.mark.parametrize("body, message", [
    ("", "Please write something before sending."),
    ("   \n\t  ", "Please write something before sending."),
    ("x" * 5001, "at most 5,000 characters"),
])
def test_bad_bodies_are_422_with_text_kept(client, auth, regular, body, message):
    auth.login("reader1")
    response = send(client, "heat", body)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    if body.strip():
        assert body in html
    assert comment_count() == 1


def test_preview_shows_the_cleaned_comment_and_saves_nothing(client, auth, regular):
    auth.login("reader1")
    response = send(client, "heat", "Hello <script>alert(1)</script><b>world</b>", preview="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Script content goes with the tag (it is code, not words).
    assert '<div class="comment__body"><p>Hello <b>world</b></p></div>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the typed text, kept in the form
    assert comment_count() == 1


def test_replies_thread_and_cap_their_depth(client, auth, ctx, users, regular, review, app):
    chain = [factories.comment(review, users["author"], "level 0")]
    for level in range(1, 5):
        chain.append(factories.comment(review, users["author"], f"level {level}",
                                       parent=chain[-1]))
    auth.login("reader1")
    page = f"/reviews/heat?reply_to={chain[-1].id}"
    assert "Reply to critic" in client.get(page).get_data(as_text=True)
    send(client, "heat", "Too deep", path=page, parent_id=chain[-1].id)
    reply = stored("Too deep")
    # Five levels at most: a reply to the fifth level joins the fifth level.
    assert reply.depth == 4 and reply.parent_id == chain[3].id and reply.root_id == chain[0].id


@pytest.mark.parametrize("target", ["other review", "missing", "pending"])
def test_replying_to_an_unavailable_comment_is_422(client, auth, ctx, users, regular, target):
    other = factories.review("Other", author=users["author"], slug="other")
    parent_id = {"other review": lambda: factories.comment(other, users["author"], "x").id,
                 "missing": lambda: 999_999,
                 "pending": lambda: factories.comment(other, users["admin"], "x",
                                                      status="pending").id}[target]()
    auth.login("reader1")
    response = send(client, "heat", "My reply text", parent_id=parent_id)
    assert response.status_code == 422 and "My reply text" in response.get_data(as_text=True)
    assert stored("My reply text") is None


def test_closed_review_is_409_with_text_kept(client, auth, ctx, regular, review):
    auth.login("reader1")
    page = client.get("/reviews/heat").get_data(as_text=True)
    review.comments_open = False
    db.session.commit()
    response = client.post("/reviews/heat/comments", data={
        "csrf_token": csrf_token_from(page), "started": STARTED.search(page).group(1),
        "body": "Late thoughts"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Comments are closed" in html and stored("Late thoughts") is None


@pytest.mark.parametrize("status, offset", [("draft", None), ("published", 2)])
def test_invisible_reviews_take_no_comments(client, auth, ctx, users, regular, status, offset):
    when = utcnow() + timedelta(days=offset) if offset else None
    factories.review("Hidden", author=users["author"], slug="hidden", status=status,
                     published_at=when)
    auth.login("reader1")
    page = client.get("/reviews/heat").get_data(as_text=True)
    response = client.post("/reviews/hidden/comments", data={
        "csrf_token": csrf_token_from(page), "body": "hello"})
    assert response.status_code == 404


def test_banned_user_cannot_comment(client, auth, ctx, users, review):
    auth.login("spammer")
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "banned from commenting" in html and 'id="respond"' not in html
    page = client.get("/").get_data(as_text=True)
    response = client.post("/reviews/heat/comments", data={
        "csrf_token": csrf_token_from(page), "body": "buy now", "started": "x"})
    assert response.status_code in (403, 422)
    assert stored("buy now") is None


def test_honeypot_is_422_with_text_kept(client, auth, regular):
    auth.login("reader1")
    response = send(client, "heat", "I am a person", leave_blank="http://spam.example")
    assert response.status_code == 422
    assert "I am a person" in response.get_data(as_text=True) and stored("I am a person") is None


def test_too_fast_is_422_with_text_kept(client, auth, app, regular):
    app.config["COMMENT_MIN_SECONDS"] = 3
    auth.login("reader1")
    response = send(client, "heat", "Typed at lightning speed")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "That was quick!" in html and "Typed at lightning speed" in html


def test_rate_limit_is_429_with_text_kept(client, auth, app, regular):
    app.config["RATELIMIT_COMMENT"] = "2 per minute"
    auth.login("reader1")
    for n in range(2):
        assert send(client, "heat", f"comment {n}").status_code == 302
    response = send(client, "heat", "one too many")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    html = response.get_data(as_text=True)
    assert "try again in" in html and "one too many" in html


def test_csrf_and_login_are_required(client, auth, regular):
    # Signed out, with or without a token (a session that ended has lost its token): log in.
    for data in ({"body": "x"}, {"csrf_token": csrf_token_from(
            client.get("/auth/login").get_data(as_text=True)), "body": "x"}):
        response = client.post("/reviews/heat/comments", data=data)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login("reader1")
    assert client.post("/reviews/heat/comments", data={"body": "x"}).status_code == 400
    assert comment_count() == 1


def test_threads_paginate_by_top_level_comment(client, ctx, app, users, review):
    app.config["COMMENTS_PER_PAGE"] = 3
    tops = [factories.comment(review, users["commenter"], f"top {n}",
                              created_at=utcnow() - timedelta(hours=10 - n)) for n in range(5)]
    reply = factories.comment(review, users["author"], "reply to top 4", parent=tops[4])
    first = client.get("/reviews/heat").get_data(as_text=True)
    assert "top 0" in first and "top 2" in first and "top 3" not in first
    assert "Comments page 1 of 2" in first and "6 comments" in first
    second = client.get("/reviews/heat?page=2").get_data(as_text=True)
    assert "top 3" in second and "reply to top 4" in second
    newest = client.get("/reviews/heat?order=newest").get_data(as_text=True)
    assert newest.index("top 4") < newest.index("top 2") and "top 1" not in newest
    assert client.get(f"/comments/{reply.id}").headers["Location"] == (
        f"/reviews/heat?page=2#comment-{reply.id}")
    assert client.get("/reviews/heat?page=3").status_code == 404
    assert client.get("/reviews/heat?order=sideways").status_code == 404


def test_edit_within_the_window(client, auth, regular, review):
    auth.login("reader1")
    send(client, "heat", "Fisrt draft")
    comment = stored("Fisrt draft")
    page = client.get(f"/comments/{comment.id}/edit").get_data(as_text=True)
    response = client.post(f"/comments/{comment.id}/edit", data={
        "csrf_token": csrf_token_from(page), "body": "First draft"})
    assert response.status_code == 302
    comment = stored("First draft")
    assert comment is not None and comment.edited_at is not None
    assert "(edited)" in client.get("/reviews/heat").get_data(as_text=True)


def test_edit_after_the_window_is_409_with_text_kept(client, auth, ctx, regular, review):
    old = factories.comment(review, regular, "Old words",
                            created_at=utcnow() - timedelta(minutes=16))
    auth.login("reader1")
    assert client.get(f"/comments/{old.id}/edit").status_code == 409
    page = client.get("/reviews/heat").get_data(as_text=True)
    response = client.post(f"/comments/{old.id}/edit", data={
        "csrf_token": csrf_token_from(page), "body": "New words after the window"})
    assert response.status_code == 409
    assert "New words after the window" in response.get_data(as_text=True)
    assert stored("Old words") is not None


def test_someone_elses_comment_cannot_be_edited_or_deleted(client, auth, ctx, users, review):
    theirs = factories.comment(review, users["admin"], "Not yours")
    auth.login("reader1")
    assert client.get(f"/comments/{theirs.id}/edit").status_code == 403
    assert client.get(f"/comments/{theirs.id}/delete").status_code == 403
    page = client.get("/reviews/heat").get_data(as_text=True)
    token = csrf_token_from(page)
    assert client.post(f"/comments/{theirs.id}/delete",
                       data={"csrf_token": token}).status_code == 403
    assert client.post(f"/comments/{theirs.id}/edit",
                       data={"csrf_token": token, "body": "hijack"}).status_code == 403


def test_deleting_a_comment_with_replies_leaves_a_placeholder(client, auth, ctx, users,
                                                              regular, review):
    mine = factories.comment(review, regular, "Soon gone")
    factories.comment(review, users["author"], "A reply that stays", parent=mine)
    lonely = factories.comment(review, regular, "Gone without trace")
    auth.login("reader1")
    for comment in (mine, lonely):
        page = client.get(f"/comments/{comment.id}/delete").get_data(as_text=True)
        response = client.post(f"/comments/{comment.id}/delete",
                               data={"csrf_token": csrf_token_from(page)})
        assert response.status_code == 302
    html = client.get("/reviews/heat").get_data(as_text=True)
    assert "Soon gone" not in html and "This comment was deleted." in html
    assert "A reply that stays" in html and "Gone without trace" not in html
    assert html.count("This comment was deleted.") == 1


def test_report_once(client, auth, ctx, users, review):
    theirs = factories.comment(review, users["admin"], "Questionable")
    auth.login("reader1")
    page = client.get(f"/comments/{theirs.id}/report").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "reason": "Spoils the ending"}
    assert client.post(f"/comments/{theirs.id}/report", data=data).status_code == 302
    again = client.post(f"/comments/{theirs.id}/report", data=data)
    assert again.status_code == 409 and "already reported" in again.get_data(as_text=True)
    db.session.rollback()
    reports = db.session.scalars(sa.select(CommentReport)).all()
    assert [r.reason for r in reports] == ["Spoils the ending"]


def test_reporting_needs_login_and_not_ones_own(client, auth, ctx, regular, review):
    mine = db.session.scalar(sa.select(Comment))
    assert client.get(f"/comments/{mine.id}/report").status_code == 302
    auth.login("reader1")
    page = client.get(f"/comments/{mine.id}/report").get_data(as_text=True)
    response = client.post(f"/comments/{mine.id}/report",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 409
