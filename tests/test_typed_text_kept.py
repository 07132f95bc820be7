"""Typed text is never lost: refused tokens, ended sessions, closed comments, previewed posters."""
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentDraft, Review, User
from tests import factories, images
from tests.conftest import csrf_token_from
from tests.test_comments import STARTED, send
from tests.test_write import new_review_data

AGAIN = "please send it again"


@pytest.fixture
def review(ctx, users):
    review = factories.review("Heat", author=users["author"], slug="heat")
    factories.comment(review, users["commenter"], "An earlier approved comment.")
    return review


def drop_session(client):
    """Lose the session cookie, as a browser does when it is closed or the cookie expires."""
    client.delete_cookie("session", domain="blog.test")


def comment_count():
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(Comment.id)))


def test_comment_with_a_stale_token_comes_back_with_its_text(client, auth, review):
    auth.login("reader1", remember="y")
    page = client.get("/reviews/heat").get_data(as_text=True)
    old_token, started = csrf_token_from(page), STARTED.search(page).group(1)
    drop_session(client)  # "remember me" signs the reader in again, with a new session
    response = client.post("/reviews/heat/comments", data={
        "csrf_token": old_token, "started": started, "body": "Forty minutes of careful words.",
        "leave_blank": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert AGAIN in html and "Forty minutes of careful words.</textarea>" in html
    assert comment_count() == 1
    # The page carries a fresh token: sending the form again posts the comment.
    again = client.post("/reviews/heat/comments", data={
        "csrf_token": csrf_token_from(html), "started": STARTED.search(html).group(1),
        "body": "Forty minutes of careful words.", "leave_blank": ""})
    assert again.status_code == 302 and comment_count() == 2


def test_signed_out_comment_is_kept_through_login(client, auth, ctx, review):
    page = client.get("/reviews/heat").get_data(as_text=True)
    assert "Log in to join" in page  # the session ended while the form stayed open
    response = client.post("/reviews/heat/comments", data={
        "csrf_token": "stale", "body": "Words written before my session ended."})
    assert response.status_code == 302
    login_url = urlsplit(response.headers["Location"])
    assert login_url.path == "/auth/login"
    next_path = parse_qs(login_url.query)["next"][0]
    assert next_path.startswith("/reviews/heat?draft=") and next_path.endswith("#respond")
    # Before login, the draft is not shown to anyone.
    assert "Words written" not in client.get(next_path).get_data(as_text=True)
    landed = auth.login("reader1", next_path=next_path)
    assert landed.status_code == 302 and landed.headers["Location"] == next_path
    html = client.get(next_path).get_data(as_text=True)
    assert "Words written before my session ended.</textarea>" in html
    assert comment_count() == 1


def test_a_draft_is_only_shown_on_its_own_review(client, auth, ctx, users, review):
    factories.review("Ronin", author=users["author"], slug="ronin")
    response = client.post("/reviews/heat/comments", data={"body": "For Heat only."})
    token = parse_qs(urlsplit(parse_qs(urlsplit(response.headers["Location"]).query)
                              ["next"][0]).query)["draft"][0]
    auth.login("reader1")
    assert "For Heat only." not in client.get(f"/reviews/ronin?draft={token}").get_data(
        as_text=True)
    assert "For Heat only." not in client.get("/reviews/heat?draft=forged").get_data(
        as_text=True)


def test_an_empty_signed_out_post_keeps_no_draft(client, review):
    response = client.post("/reviews/heat/comments", data={"body": "   "})
    assert response.status_code == 302 and "draft" not in response.headers["Location"]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommentDraft)) == 0


def test_comments_closed_while_writing_shows_the_text_to_copy(client, auth, ctx, review):
    auth.login("reader1")
    page = client.get("/reviews/heat").get_data(as_text=True)
    db.session.get(Review, review.id).comments_open = False
    db.session.commit()
    response = client.post("/reviews/heat/comments", data={
        "csrf_token": csrf_token_from(page), "started": STARTED.search(page).group(1),
        "body": "My closing thoughts.", "leave_blank": ""})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Comments are closed" in html
    assert re.search(r'<textarea id="kept-comment"[^>]*readonly>My closing thoughts\.</textarea>',
                     html)


@pytest.mark.parametrize("path, data, kept", [
    ("/auth/login", {"login": "someone-typed"}, 'value="someone-typed"'),
    ("/auth/register", {"username": "newcomer", "email": "new@example.com"},
     'value="new@example.com"'),
    ("/auth/reset", {"email": "lost@example.com"}, 'value="lost@example.com"'),
])
def test_sign_in_forms_with_a_stale_token_keep_the_text(client, path, data, kept):
    response = client.post(path, data={**data, "csrf_token": "stale", "password": "secret"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert AGAIN in html and kept in html and 'value="secret"' not in html


def test_account_form_with_a_stale_token_keeps_the_text(client, auth, users):
    auth.login("reader1")
    response = client.post("/account/name", data={"csrf_token": "stale",
                                                   "name-display_name": "A New Name"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert AGAIN in html and 'value="A New Name"' in html
    db.session.rollback()
    assert db.session.get(User, users["commenter"].id).display_name != "A New Name"


def test_signed_out_account_post_is_sent_to_log_in(client, users):
    response = client.post("/account/name", data={"name-display_name": "x"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_review_form_with_a_stale_token_keeps_the_text(client, auth, users):
    auth.login("critic")
    response = client.post("/write/reviews/new", data={**new_review_data(), "csrf_token": "x",
                                                       "publish": "y"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert AGAIN in html and "An evening&#39;s careful writing." in html
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 0


@pytest.mark.parametrize("who, new_status, edit_status", [
    (None, 302, 302), ("reader1", 403, 403), ("spammer", 403, 403), ("rival", 400, 403)])
def test_the_studio_resend_is_authorized_like_the_studio(client, auth, ctx, users, who,
                                                         new_status, edit_status):
    review = factories.review("Mine", author=users["author"], slug="mine")
    if who:
        auth.login(who)
    for path, status in (("/write/reviews/new", new_status),
                         (f"/write/reviews/{review.id}/edit", edit_status)):
        response = client.post(path, data={"body": "secret draft", "csrf_token": "x"})
        assert response.status_code == status, path
        assert ("secret draft" in response.get_data(as_text=True)) is (status == 400)


def test_preview_keeps_the_chosen_poster(client, auth, ctx, users):
    auth.login("critic")
    page = client.get("/write/reviews/new").get_data(as_text=True)
    data = {**new_review_data(), "csrf_token": csrf_token_from(page)}
    preview = client.post("/write/reviews/new", data={
        **data, "preview": "y", "poster": (io.BytesIO(images.png()), "poster.png")},
        content_type="multipart/form-data")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    pending = re.search(r'name="pending_poster" type="hidden" value="([^"]+)"', html).group(1)
    assert 'class="review__body prose"' in html and "poster--lead" in html
    assert "The poster you chose is kept" in html
    # Saving without choosing the file again attaches the previewed poster.
    saved = client.post("/write/reviews/new", data={**data, "pending_poster": pending,
                                                    "publish": "y"})
    assert saved.status_code == 302
    db.session.rollback()
    review = db.session.scalar(sa.select(Review))
    assert review.poster_path.startswith("posters/") and review.poster_width == 544


def test_a_pending_poster_token_is_only_good_for_its_writer(client, auth, ctx, users):
    auth.login("critic")
    page = client.get("/write/reviews/new").get_data(as_text=True)
    preview = client.post("/write/reviews/new", data={
        **new_review_data(), "csrf_token": csrf_token_from(page), "preview": "y",
        "poster": (io.BytesIO(images.png()), "poster.png")}, content_type="multipart/form-data")
    pending = re.search(r'name="pending_poster" type="hidden" value="([^"]+)"',
                        preview.get_data(as_text=True)).group(1)
    auth.logout()
    auth.login("rival")
    page = client.get("/write/reviews/new").get_data(as_text=True)
    client.post("/write/reviews/new", data={
        **new_review_data(title="Stolen", film_title="Stolen"),
        "csrf_token": csrf_token_from(page), "pending_poster": pending, "publish": "y"})
    db.session.rollback()
    stolen = db.session.scalar(sa.select(Review).where(Review.title == "Stolen"))
    assert stolen is not None and stolen.poster_path == ""


@pytest.mark.parametrize("action, field", [("edit", "body"), ("report", "reason")])
def test_comment_edit_and_report_with_a_stale_token_keep_the_text(client, auth, ctx, users,
                                                                  review, action, field):
    mine = factories.comment(review, users["commenter"], "My own words.")
    theirs = factories.comment(review, users["author"], "The critic's words.")
    target = mine if action == "edit" else theirs
    auth.login("reader1")
    response = client.post(f"/comments/{target.id}/{action}",
                           data={"csrf_token": "stale", field: "Typed with care."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert AGAIN in html and "Typed with care.</textarea>" in html


def test_someone_elses_comment_is_not_shown_for_editing_after_a_stale_token(client, auth, ctx,
                                                                            users, review):
    theirs = factories.comment(review, users["author"], "The critic's words.")
    auth.login("reader1")
    response = client.post(f"/comments/{theirs.id}/edit",
                           data={"csrf_token": "stale", "body": "Hijack"})
    assert response.status_code == 403


def test_an_author_writes_a_bio_shown_on_the_author_and_about_pages(client, auth, users):
    auth.login("critic")
    page = client.get("/account").get_data(as_text=True)
    assert 'id="bio-title"' in page
    response = client.post("/account/bio", data={"bio-csrf_token": csrf_token_from(page),
                                                  "bio-bio": "  Thirty years in the dark.\r\n"})
    assert response.status_code == 302
    assert "Thirty years in the dark." in client.get("/authors/critic").get_data(as_text=True)
    assert "Thirty years in the dark." in client.get("/about").get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(User, users["author"].id).bio == "Thirty years in the dark."


def test_a_too_long_bio_is_422_with_the_text_kept(client, auth, users):
    auth.login("critic")
    page = client.get("/account").get_data(as_text=True)
    response = client.post("/account/bio", data={"bio-csrf_token": csrf_token_from(page),
                                                  "bio-bio": "x" * 1001})
    assert response.status_code == 422 and "x" * 1001 in response.get_data(as_text=True)


def test_readers_have_no_bio_form(client, auth, users):
    auth.login("reader1")
    page = client.get("/account").get_data(as_text=True)
    assert 'id="bio-title"' not in page
    response = client.post("/account/bio", data={"bio-csrf_token": csrf_token_from(page),
                                                  "bio-bio": "Me"})
    assert response.status_code == 403


def test_expired_drafts_are_not_offered_and_are_deleted(client, auth, ctx, review):
    from datetime import timedelta

    from blog.models import utcnow
    response = client.post("/reviews/heat/comments", data={"body": "An old draft."})
    next_path = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    db.session.rollback()
    draft = db.session.scalar(sa.select(CommentDraft))
    draft.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    auth.login("reader1")
    assert "An old draft." not in client.get(next_path).get_data(as_text=True)
    assert send(client, "heat", "A new comment.").status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommentDraft)) == 0
