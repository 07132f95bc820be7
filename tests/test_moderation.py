"""Moderation through the real pages and buttons: the queue, its actions, users, roles, bans."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentReport, CommentStatus, Role, User
from tests import factories
from tests.conftest import Auth, csrf_token_from


@pytest.fixture
def heat(ctx, users):
    """A review by the author (critic)."""
    return factories.review("Heat", author=users["author"], slug="heat")


@pytest.fixture
def ran(ctx, users):
    """A review by the other author (rival)."""
    return factories.review("Ran", author=users["other_author"], slug="ran")


def report(comment: Comment, reporter: User, reason: str = "") -> CommentReport:
    item = CommentReport(comment=comment, reporter=reporter, reason=reason)
    db.session.add(item)
    db.session.commit()
    return item


def reloaded(model, ident):
    db.session.rollback()  # a new snapshot: SQLite reads see the data as of their transaction
    return db.session.get(model, ident)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
    return response.get_data(as_text=True)


def reports_left(comment_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(CommentReport.id))
                             .where(CommentReport.comment_id == comment_id))


@pytest.fixture
def queue(ctx, users, heat, ran):
    """Comments in every state on both reviews."""
    reporters = [factories.user(f"reporter{n}") for n in range(3)]
    made = {
        "pending": factories.comment(heat, users["commenter"], "Pending on Heat",
                                     status="pending"),
        "pending_ran": factories.comment(ran, users["commenter"], "Pending on Ran",
                                         status="pending"),
        "once": factories.comment(heat, users["commenter"], "Reported once"),
        "twice": factories.comment(heat, users["commenter"], "Reported twice"),
        "spam": factories.comment(heat, users["banned"], "Buy cheap pills", status="spam"),
        "fine": factories.comment(heat, users["commenter"], "Nobody minds this one"),
    }
    report(made["once"], reporters[0], "Off topic")
    report(made["twice"], reporters[1], "Rude <b>words</b>")
    report(made["twice"], reporters[2])
    return made


# ---------- Who sees what ----------

def test_author_queue_shows_their_reviews_only_in_each_tab(client, auth, queue):
    auth.login("critic")
    pending = page(client, "/moderation/")
    assert "Pending on Heat" in pending and "Pending on Ran" not in pending
    assert "Reported once" not in pending and "Buy cheap pills" not in pending
    assert re.search(r"Pending <span class=\"mod-tabs__count\">1</span>", pending)

    reported = page(client, "/moderation/reported")
    assert reported.index("Reported twice") < reported.index("Reported once")
    assert "2 reports" in reported and "1 report<" in reported
    assert "“Off topic”" in reported and "no reason given" in reported
    assert "Rude &lt;b&gt;words&lt;/b&gt;" in reported  # a reader's reason is only text
    assert "Nobody minds this one" not in reported and "Pending on Heat" not in reported

    spam = page(client, "/moderation/spam")
    assert "Buy cheap pills" in spam and "Reported once" not in spam
    # Authors never get a ban button; the queue says who wrote what and where.
    assert "Ban " not in spam and 'href="/reviews/heat#comments"' in spam


def test_admin_queue_covers_every_review_and_offers_bans(client, auth, queue, users):
    auth.login("boss")
    pending = page(client, "/moderation/")
    assert "Pending on Heat" in pending and "Pending on Ran" in pending
    assert f'action="/moderation/users/{users["commenter"].id}/ban"' in pending
    assert f'Approve<span class="visually-hidden"> comment {queue["pending"].id} by reader1' \
        in pending
    assert "Users</a>" in pending


def test_menu_shows_the_queue_size_to_moderators_only(client, auth, queue):
    auth.login("critic")
    # Pending on Heat, plus the two reported comments (spam waits for nobody).
    assert re.search(r'>Moderation \(3<span class="visually-hidden"> waiting',
                     page(client, "/"))
    auth.logout()
    assert "Moderation" not in page(client, "/")
    auth.login("reader1")
    assert "Moderation" not in page(client, "/")


def test_menu_count_is_one_query_and_only_for_moderators(client, auth, queue, count_queries):
    statements = {}
    for who in ("reader1", "critic"):
        auth.login(who)
        with count_queries() as statements[who]:
            page(client, "/privacy")  # a page that loads no user itself
        auth.logout()
    extra = statements["critic"][len(statements["reader1"]):]
    assert len(statements["critic"]) == len(statements["reader1"]) + 1
    assert "count(" in extra[0].lower() and "comment_reports" in extra[0]


def test_queue_pages_cost_the_same_queries_however_many_rows(client, auth, ctx, users, heat,
                                                             count_queries):
    reporter = factories.user("tattler")

    def add(n):
        for i in range(n):
            report(factories.comment(heat, factories.user(), f"c{i}"), reporter, "meh")
            factories.comment(heat, factories.user(), f"p{i}", status="pending")

    add(2)
    auth.login("critic")
    counts = {}
    for size in ("few", "many"):
        counts[size] = []
        for path in ("/moderation/", "/moderation/reported"):
            with count_queries() as statements:
                page(client, path)
            counts[size].append(len(statements))
        add(8)
    assert counts["few"] == counts["many"], counts


# ---------- Approve, spam, delete ----------

def test_approving_publishes_the_comment_and_notifies(client, auth, submit, mailbox, queue):
    auth.login("boss")
    comment_id = queue["pending"].id
    response = submit("/moderation/", f"/moderation/comments/{comment_id}/approve")
    assert response.status_code == 302 and response.headers["Location"] == "/moderation/"
    comment = reloaded(Comment, comment_id)
    assert comment.status is CommentStatus.APPROVED and comment.notified_at is not None
    (message,) = mailbox.wait_for("critic@example.com")  # the review's author hears of it
    assert message.subject == "New comment on “Heat” by reader1"
    assert "Pending on Heat" in page(client, "/reviews/heat")
    assert "Pending on Heat" not in page(client, "/moderation/")


def test_keeping_a_reported_comment_dismisses_its_reports(client, auth, submit, queue):
    auth.login("critic")
    comment_id = queue["twice"].id
    response = submit("/moderation/reported?page=1",
                      f"/moderation/comments/{comment_id}/approve")
    assert response.headers["Location"] == "/moderation/reported?page=1"
    assert reports_left(comment_id) == 0
    assert reloaded(Comment, comment_id).status is CommentStatus.APPROVED
    assert "Reported twice" not in page(client, "/moderation/reported")


def test_spam_hides_the_comment_and_can_be_undone(client, auth, submit, queue):
    auth.login("critic")
    comment_id = queue["once"].id
    submit("/moderation/reported", f"/moderation/comments/{comment_id}/spam")
    assert reloaded(Comment, comment_id).status is CommentStatus.SPAM
    assert reports_left(comment_id) == 0
    assert "Reported once" not in page(client, "/reviews/heat")
    assert "Reported once" in page(client, "/moderation/spam")

    submit("/moderation/spam", f"/moderation/comments/{comment_id}/approve")
    assert reloaded(Comment, comment_id).status is CommentStatus.APPROVED
    assert "Reported once" in page(client, "/reviews/heat")


def test_deleting_a_comment_with_replies_leaves_a_placeholder(client, auth, submit, ctx, users,
                                                              queue, heat):
    parent = queue["once"]
    factories.comment(heat, users["author"], "A reply that stays", parent=parent)
    auth.login("critic")
    submit("/moderation/reported", f"/moderation/comments/{parent.id}/delete")
    comment = reloaded(Comment, parent.id)
    assert comment.status is CommentStatus.DELETED and comment.body_source == ""
    html = page(client, "/reviews/heat")
    assert "This comment was deleted." in html and "A reply that stays" in html
    assert "Reported once" not in html


def test_acting_on_a_deleted_comment_is_409(client, auth, ctx, queue):
    comment = queue["fine"]
    comment.status = CommentStatus.DELETED
    db.session.commit()
    auth.login("critic")
    token = csrf_token_from(page(client, "/moderation/"))
    response = client.post(f"/moderation/comments/{comment.id}/approve",
                           data={"csrf_token": token})
    assert response.status_code == 409 and "nothing left to moderate" in response.get_data(
        as_text=True)


def test_next_must_stay_on_this_site(client, auth, queue):
    auth.login("critic")
    token = csrf_token_from(page(client, "/moderation/"))
    response = client.post(f"/moderation/comments/{queue['pending'].id}/spam",
                           data={"csrf_token": token, "next": "//evil.example/moderation"})
    assert response.status_code == 302 and response.headers["Location"] == "/moderation/"


def test_actions_need_a_csrf_token(client, auth, queue):
    auth.login("critic")
    response = client.post(f"/moderation/comments/{queue['pending'].id}/approve")
    assert response.status_code == 400
    assert reloaded(Comment, queue["pending"].id).status is CommentStatus.PENDING


# ---------- Reach ----------

def test_authors_cannot_touch_other_authors_comments(client, auth, queue, users):
    auth.login("critic")
    token = csrf_token_from(page(client, "/moderation/"))
    for action in ("approve", "spam", "delete"):
        response = client.post(f"/moderation/comments/{queue['pending_ran'].id}/{action}",
                               data={"csrf_token": token})
        assert response.status_code == 403, action
        assert "your own reviews" in response.get_data(as_text=True)
    assert reloaded(Comment, queue["pending_ran"].id).status is CommentStatus.PENDING
    missing = client.post("/moderation/comments/999999/approve", data={"csrf_token": token})
    assert missing.status_code == 404
    ban = client.post(f"/moderation/users/{users['commenter'].id}/ban",
                      data={"csrf_token": token})
    assert ban.status_code == 403 and "Only admins" in ban.get_data(as_text=True)
    assert client.get("/moderation/users").status_code == 403


def test_readers_are_sent_to_log_in_and_commenters_refused(client, auth, queue):
    response = client.get("/moderation/reported")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=%2Fmoderation%2Freported"
    auth.login("reader1")
    refused = client.get("/moderation/")
    assert refused.status_code == 403
    assert "Only authors and admins moderate comments." in refused.get_data(as_text=True)


# ---------- Bans ----------

def test_ban_ends_sessions_and_stops_commenting(app, client, auth, submit, queue, users):
    other_device = app.test_client()
    Auth(other_device).login("reader1")
    assert "Log out" in page(other_device, "/")

    auth.login("boss")
    response = submit("/moderation/", f"/moderation/users/{users['commenter'].id}/ban")
    assert response.status_code == 302 and response.headers["Location"] == "/moderation/"
    user = reloaded(User, users["commenter"].id)
    assert user.is_banned
    # The ban holds nothing else: the comments stay as they were.
    assert reloaded(Comment, queue["pending"].id).status is CommentStatus.PENDING

    home = page(other_device, "/")
    assert "Log out" not in home and "Log in" in home
    assert other_device.get("/account").status_code == 302

    # They can still sign in to read, export and delete, but not comment.
    Auth(other_device).login("reader1")
    assert other_device.get("/account").status_code == 200
    review = page(other_device, "/reviews/heat")
    assert "banned from commenting" in review
    token = csrf_token_from(review)
    attempt = other_device.post("/reviews/heat/comments",
                                data={"csrf_token": token, "body": "Let me back in"})
    assert attempt.status_code in (403, 422)
    db.session.rollback()
    assert db.session.scalar(sa.select(Comment).where(
        Comment.body_source == "Let me back in")) is None


def test_unban_lets_them_comment_again(client, auth, submit, users, queue):
    auth.login("boss")
    response = submit("/moderation/users?q=spam", f"/moderation/users/{users['banned'].id}/unban")
    assert response.headers["Location"] == "/moderation/users?q=spam"
    assert not reloaded(User, users["banned"].id).is_banned


@pytest.mark.parametrize("target, message", [("boss", "cannot ban yourself"),
                                             ("other_admin", "is an admin")])
def test_admins_are_not_banned(client, auth, ctx, users, target, message):
    other = factories.user("deputy", role="admin")
    user_id = users["admin"].id if target == "boss" else other.id
    auth.login("boss")
    token = csrf_token_from(page(client, "/moderation/users"))
    response = client.post(f"/moderation/users/{user_id}/ban", data={"csrf_token": token})
    assert response.status_code == 409 and message in response.get_data(as_text=True)
    assert not reloaded(User, user_id).is_banned


# ---------- The user list ----------

def test_user_list_searches_and_never_shows_emails(client, auth, users):
    auth.login("boss")
    everyone = page(client, "/moderation/users")
    for name in ("reader1", "critic", "rival", "boss", "spammer"):
        assert f'class="mod-users__name">{name}<' in everyone
    assert "@example.com" not in everyone
    by_name = page(client, "/moderation/users?q=RIV")
    assert "rival" in by_name and "reader1" not in by_name
    by_email = page(client, "/moderation/users?q=reader1%40example")
    assert "reader1" in by_email and "rival" not in by_email and "@example.com" not in by_email
    assert "No user matches" in page(client, "/moderation/users?q=%25")


def test_admin_changes_roles(client, auth, submit, users):
    auth.login("boss")
    response = submit("/moderation/users", f"/moderation/users/{users['commenter'].id}/role",
                      {"role": "author"})
    assert response.status_code == 302
    assert reloaded(User, users["commenter"].id).role is Role.AUTHOR
    follow = page(client, "/moderation/users")
    assert "reader1 is now an author." in follow

    bad = submit("/moderation/users", f"/moderation/users/{users['commenter'].id}/role",
                 {"role": "emperor"})
    assert bad.status_code == 422 and "Please choose one of the roles" in bad.get_data(
        as_text=True)
    assert reloaded(User, users["commenter"].id).role is Role.AUTHOR


def test_the_last_admin_cannot_step_down(client, auth, submit, users):
    auth.login("boss")
    response = submit("/moderation/users", f"/moderation/users/{users['admin'].id}/role",
                      {"role": "author"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "boss is the only admin" in html
    assert 'name="next" value="/moderation/users"' in html  # the list again, with the reason
    assert reloaded(User, users["admin"].id).role is Role.ADMIN

    submit("/moderation/users", f"/moderation/users/{users['other_author'].id}/role",
           {"role": "admin"})
    response = submit("/moderation/users", f"/moderation/users/{users['admin'].id}/role",
                      {"role": "author"})
    assert response.status_code == 302
    assert reloaded(User, users["admin"].id).role is Role.AUTHOR
    assert client.get("/moderation/users").status_code == 403
    assert client.get("/moderation/").status_code == 200


def test_unknown_user_is_404(client, auth, users):
    auth.login("boss")
    token = csrf_token_from(page(client, "/moderation/users"))
    for action in ("ban", "unban", "role"):
        response = client.post(f"/moderation/users/999999/{action}",
                               data={"csrf_token": token, "role": "author"})
        assert response.status_code == 404, action
