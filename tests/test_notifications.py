"""Notification emails through a real SMTP server: who hears about a comment, when, and how
they stop hearing about replies."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, User
from blog.services import notifications
from tests import factories
from tests.conftest import Auth, csrf_token_from
from tests.smtp import free_port

STARTED = re.compile(r'name="started" type="hidden" value="([^"]+)"')
AUTHOR = "critic@example.com"
READER = "reader1@example.com"


@pytest.fixture
def heat(ctx, users):
    return factories.review("Heat", author=users["author"], slug="heat")


@pytest.fixture
def fan(ctx, heat):
    """A second regular commenter, whose comments publish straight away."""
    fan = factories.user("ana", display_name="Ana Lytic")
    factories.comment(heat, fan, "An earlier approved comment by Ana.")
    return fan


@pytest.fixture
def thread(ctx, users, heat):
    """An approved comment by reader1, who asked to hear about replies."""
    reader = users["commenter"]
    reader.notify_replies = True
    db.session.commit()
    return factories.comment(heat, reader, "The diner scene is the heart of it.")


def post_comment(client, text: str, parent_id: int | None = None, slug: str = "heat"):
    """Send the review page's comment form like a browser."""
    path = f"/reviews/{slug}" + (f"?reply_to={parent_id}" if parent_id else "")
    html = client.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "started": STARTED.search(html).group(1),
            "body": text, "leave_blank": ""}
    if parent_id:
        data["parent_id"] = str(parent_id)
    response = client.post(f"/reviews/{slug}/comments", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.rollback()
    return db.session.scalar(sa.select(Comment).where(Comment.body_source == text))


def approve(client, submit, comment_id: int):
    response = submit("/moderation/", f"/moderation/comments/{comment_id}/approve")
    assert response.status_code == 302


def path_of(link: str) -> str:
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == "http://blog.test", link
    return parts.path + (f"?{parts.query}" if parts.query else "")


def every_address(*exclude: str) -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(sa.select(User.email))) - set(exclude)


def assert_no_other_addresses(mailbox):
    """No message carries the address of anyone but its own recipient."""
    for received in mailbox.messages:
        raw = received.message.as_string()
        for address in every_address(*received.recipients):
            assert address not in raw, f"{address} leaked into {received.subject!r}"


# ---------- The review's author ----------

def test_author_hears_once_about_each_published_comment(client, auth, mailbox, fan):
    auth.login("ana")
    comment = post_comment(client, "Pacino & De Niro at last, <b>together</b>.")
    (message,) = mailbox.wait_for(AUTHOR)
    assert message.subject == "New comment on “Heat” by Ana Lytic"
    # The cleaned text, as readers see it (plain text: the tags are gone, nothing escaped).
    assert "Pacino & De Niro at last, together." in message.body
    assert f"http://blog.test/comments/{comment.id}" in message.links()
    landing = client.get(path_of(message.links()[0]))
    assert landing.headers["Location"] == f"/reviews/heat#comment-{comment.id}"
    assert "List-Unsubscribe" not in message.message
    post_comment(client, "And the shootout.")
    assert len(mailbox.wait_for(AUTHOR, 2)) == 2
    assert_no_other_addresses(mailbox)


def test_author_is_not_told_about_their_own_comment(client, auth, mailbox, heat):
    auth.login("critic")
    post_comment(client, "Thanks for reading, all.")
    assert mailbox.messages == []


def test_author_emails_can_be_switched_off(app, client, auth, mailbox, fan):
    app.config["NOTIFY_AUTHOR_OF_COMMENTS"] = False
    auth.login("ana")
    post_comment(client, "Quietly now.")
    assert mailbox.messages == []


def test_held_comment_is_announced_on_approval_only_once(app, client, auth, submit, ctx,
                                                         mailbox, users, heat, thread):
    factories.user("newbie")
    Auth(client).login("newbie")
    held = post_comment(client, "My first comment, held.", parent_id=thread.id)
    assert held.status.value == "pending"
    assert mailbox.messages == []  # nothing at submit for a held comment

    auth.logout()
    auth.login("critic")
    approve(client, submit, held.id)
    (to_author,) = mailbox.wait_for(AUTHOR)
    (to_reader,) = mailbox.wait_for(READER)
    assert "newbie" in to_author.subject and "newbie replied" in to_reader.subject

    # Marked spam and approved again: already announced, so nothing more is sent.
    mailbox.clear()
    token = csrf_token_from(client.get("/moderation/").get_data(as_text=True))
    assert client.post(f"/moderation/comments/{held.id}/spam",
                       data={"csrf_token": token}).status_code == 302
    approve_again = submit("/moderation/spam", f"/moderation/comments/{held.id}/approve")
    assert approve_again.status_code == 302 and mailbox.messages == []


# ---------- Replies ----------

def test_reply_email_goes_to_an_opted_in_writer(client, auth, mailbox, fan, thread):
    auth.login("ana")
    reply = post_comment(client, "Agreed, and the\ncoffee is cold.", parent_id=thread.id)
    (message,) = mailbox.wait_for(READER)
    assert message.subject == "Ana Lytic replied to your comment on “Heat”"
    assert "Agreed, and the\r\ncoffee is cold." in message.body
    link, unsubscribe = message.links()
    assert link == f"http://blog.test/comments/{reply.id}"
    assert "/notifications/unsubscribe/" in unsubscribe
    # The header as sent: a plain <url>, not folded into RFC 2047 encoded words.
    one_click = dict(message.message.raw_items())["List-Unsubscribe"]
    assert re.fullmatch(r"<http://blog\.test/notifications/unsubscribe/[^>]+/one-click>",
                        one_click)
    assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(mailbox.wait_for(AUTHOR)) == 1  # the author hears as well
    assert_no_other_addresses(mailbox)


@pytest.mark.parametrize("case", ["not opted in", "own reply", "banned writer",
                                  "unconfirmed writer"])
def test_no_reply_email_when_not_wanted(client, auth, ctx, mailbox, users, fan, thread, case):
    replier = "ana"
    if case == "not opted in":
        users["commenter"].notify_replies = False
    elif case == "banned writer":
        users["commenter"].is_banned = True
    elif case == "unconfirmed writer":
        users["commenter"].email_confirmed_at = None
    else:
        factories.comment(thread.review, users["commenter"], "approved earlier")
        replier = "reader1"
    db.session.commit()
    auth.login(replier)
    post_comment(client, "A reply nobody is told about.", parent_id=thread.id)
    assert mailbox.to(READER) == []


def test_author_replying_to_an_opted_in_author_gets_one_email(client, auth, ctx, mailbox,
                                                              users, fan, heat):
    critic = users["author"]
    critic.notify_replies = True
    db.session.commit()
    own = factories.comment(heat, critic, "Author's note.")
    auth.login("ana")
    post_comment(client, "A question for the author.", parent_id=own.id)
    (message,) = mailbox.wait_for(AUTHOR)
    assert "replied to your comment" in message.subject


# ---------- Unsubscribing ----------

def reply_email(client, auth, mailbox, thread):
    auth.login("ana")
    post_comment(client, "Replying so an email goes out.", parent_id=thread.id)
    auth.logout()
    return mailbox.wait_for(READER)[0]


def notify_replies(user_id: int) -> bool:
    db.session.rollback()
    return db.session.get(User, user_id).notify_replies


def test_unsubscribe_link_asks_then_stops_the_emails(client, auth, mailbox, fan, thread):
    message = reply_email(client, auth, mailbox, thread)
    link = path_of(message.links()[1])
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Stop emails about replies" in html
    assert READER not in html
    assert notify_replies(thread.author_id)  # looking changes nothing

    assert client.post(link).status_code == 400  # the confirmation form needs its token
    response = client.post(link, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302 and response.headers["Location"] == link
    assert not notify_replies(thread.author_id)
    assert "We do not email reader1 about replies" in client.get(link).get_data(as_text=True)


def test_one_click_unsubscribe_needs_no_csrf_token(client, auth, mailbox, fan, thread):
    message = reply_email(client, auth, mailbox, thread)
    one_click = path_of(message.message["List-Unsubscribe"].strip("<>"))
    fresh = client.application.test_client()  # a mail app: no cookies, no page, no token
    response = fresh.post(one_click, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Unsubscribed" in response.get_data(as_text=True)
    assert not notify_replies(thread.author_id)
    assert fresh.post(one_click).status_code == 200  # again is fine


@pytest.mark.parametrize("suffix", ["", "/one-click"])
def test_tampered_unsubscribe_links_are_400(client, ctx, users, suffix):
    token = notifications.unsubscribe_token(users["commenter"])
    bad = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    method = client.post if suffix else client.get
    response = method(f"/notifications/unsubscribe/{bad}{suffix}")
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)


# ---------- Delivery ----------

def test_messages_go_out_only_when_the_transaction_commits(app, mailbox):
    with app.test_request_context():
        notifications.queue(notifications.Outgoing("a@example.com", "Rolled back", "x"))
        db.session.rollback()
        db.session.commit()
        assert mailbox.messages == []
        notifications.queue(notifications.Outgoing("a@example.com", "Committed", "x"))
        with db.session.begin_nested():
            pass  # a savepoint's release is not the commit
        assert mailbox.messages == []
        db.session.commit()
        assert [m.subject for m in mailbox.wait_for("a@example.com")] == ["Committed"]
        db.session.remove()


def test_a_failing_mail_server_does_not_stop_approval(app, client, auth, submit, ctx, users,
                                                      heat, caplog):
    held = factories.comment(heat, users["commenter"], "Held", status="pending")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    auth.login("critic")
    assert submit("/moderation/", f"/moderation/comments/{held.id}/approve").status_code == 302
    db.session.rollback()
    assert db.session.get(Comment, held.id).status.value == "approved"
    assert "could not send" in caplog.text


def comment_form(client, slug):
    from tests.conftest import hidden_fields
    page = client.get(f"/reviews/{slug}").get_data(as_text=True)
    box = page.split('name="notify_replies"')[0].rsplit("<input", 1)[1] + page.split(
        'name="notify_replies"')[1].split(">", 1)[0]
    return page, hidden_fields(page, f"/reviews/{slug}/comments#respond"), "checked" in box


def test_the_comment_box_offers_reply_emails_and_remembers_the_choice(client, auth, ctx,
                                                                      users):
    review = factories.review("Heat", slug="heat", author=users["author"])
    reader = users["commenter"]
    assert reader.notify_replies is False and reader.email_confirmed_at is not None
    auth.login("reader1")
    page, fields, checked = comment_form(client, "heat")
    assert "Email me replies to my comments" in page and checked  # confirmed, never commented
    response = client.post("/reviews/heat/comments", data={**fields, "body": "First words."})
    assert response.status_code == 302
    db.session.rollback()  # end the read snapshot: the request wrote meanwhile
    assert db.session.get(User, reader.id).notify_replies is False  # left unticked: remembered
    page, fields, checked = comment_form(client, "heat")
    assert not checked
    response = client.post("/reviews/heat/comments",
                           data={**fields, "body": "Second words.", "notify_replies": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    db.session.rollback()  # end the read snapshot: the request wrote meanwhile
    assert db.session.get(User, reader.id).notify_replies is True
    assert comment_form(client, "heat")[2]
    assert review.id
