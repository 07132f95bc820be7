"""Registering, confirming the email address, resetting a password, and the rate limits on them,
through the real forms with CSRF on and a real SMTP server reading the mail."""
from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner
from markupsafe import escape

from blog import tokens
from blog.extensions import db
from blog.models import MailStatus, OutgoingMail, Role, User
from blog.services.accounts import password_fingerprint
from tests import factories
from tests.conftest import PASSWORD, Auth
from tests.smtp import free_port

NEW = {"username": "new_reader", "email": "New.Reader@Example.COM",
       "password": "popcorn and a film", "password_again": "popcorn and a film"}
USERNAME_RULE = "Usernames are 3 to 30 characters: letters a–z, digits, _ and -."


def register(submit, **changes):
    """Send the registration form with NEW's values, changed as asked."""
    return submit("/auth/register", "/auth/register", {**NEW, **changes})


def find_user(username: str) -> User | None:
    """The user as stored now (a new snapshot: SQLite reads see data as of their transaction)."""
    db.session.rollback()
    return db.session.scalar(sa.select(User).where(User.username_key == username.casefold()))


def path_of(link: str) -> str:
    """The path of an absolute link from an email, to open it with the test client."""
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == "http://blog.test", link  # from SITE_URL
    return parts.path


def signed_in(client) -> bool:
    return "Log out" in client.get("/about").get_data(as_text=True)


# ---------- Registering ----------

def test_register_page_has_the_fields_and_a_hidden_honeypot(client):
    html = client.get("/auth/register").get_data(as_text=True)
    for name in ("username", "email", "password", "password_again"):
        assert f'name="{name}"' in html
    assert 'class="hp-field"' in html and "Leave this empty" in html
    honeypot = html[html.index('name="website"') - 200:html.index('name="website"') + 200]
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert 'autocomplete="new-password"' in html


def test_registering_creates_an_unconfirmed_user_and_mails_a_link(
        client, auth, submit, mailbox, ctx):
    response = register(submit, next="/about")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/register/sent?next=/about"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check your email" in page and 'href="/auth/login?next=/about"' in page
    user = find_user("new_reader")
    assert user.email == "new.reader@example.com"  # normalized
    assert user.role is Role.COMMENTER and user.email_confirmed_at is None
    assert user.password_hash != NEW["password"] and user.check_password(NEW["password"])
    assert not signed_in(client)  # the same answer as for a known address: nobody signed in
    auth.login("new_reader", NEW["password"])
    assert "confirm your email address" in client.get("/about").get_data(as_text=True)

    (message,) = mailbox.wait_for("new.reader@example.com")
    assert message.subject == "Please confirm your email address"
    assert "new_reader" in message.body
    (link,) = message.links()
    confirmed = client.get(path_of(link))
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/account"
    assert find_user("new_reader").email_confirmed_at is not None
    assert "confirm your email address" not in client.get("/about").get_data(as_text=True)


def test_confirmation_link_works_in_a_browser_that_is_not_signed_in(app, submit, mailbox, ctx):
    register(submit)
    (message,) = mailbox.wait_for("new.reader@example.com")
    response = app.test_client().get(path_of(message.links()[0]))
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert find_user("new_reader").email_confirmed_at is not None


def test_without_a_mail_server_the_message_lands_in_the_outbox(app, submit):
    assert not app.config["MAIL_SERVER"]
    assert register(submit).status_code == 302
    (message,) = Path(app.instance_path, "outbox").glob("*.eml")
    text = message.read_text()
    assert "To: new.reader@example.com" in text
    assert "Subject: Please confirm your email address" in text


def test_a_mail_server_that_is_down_does_not_lose_the_registration(app, client, submit, ctx,
                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    response = register(submit)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/register/sent")
    assert find_user("new_reader") is not None
    # The confirmation waits in the outbox for another try.
    (waiting,) = db.session.scalars(sa.select(OutgoingMail))
    assert waiting.recipient == "new.reader@example.com" and waiting.attempts == 1
    assert waiting.status is MailStatus.QUEUED and waiting.last_error


@pytest.mark.parametrize("changes, message", [
    ({"username": ""}, "Choose a username."),
    ({"username": "ab"}, USERNAME_RULE),
    ({"username": "a" * 31}, USERNAME_RULE),
    ({"username": "two words"}, USERNAME_RULE),
    ({"username": "émile"}, USERNAME_RULE),
    ({"username": "<script>"}, USERNAME_RULE),
    ({"email": ""}, "Enter your email address."),
    ({"email": "not-an-address"}, "@-sign"),
    ({"email": "someone@"}, "There must be something after the @-sign."),
    ({"password": "short", "password_again": "short"}, "Use at least 8 characters."),
    ({"password_again": "another password"}, "The two passwords do not match."),
    ({"password": "password", "password_again": "password"},
     "This is a top-10 common password. Please choose another"),
    ({"password": "iloveyou2", "password_again": "iloveyou2"}, "This is a very common password."),
    ({"password": "new_reader99", "password_again": "new_reader99"},
     "That password is built from your username or email address."),
    ({"password": "New.Reader.1", "password_again": "New.Reader.1"},
     "That password is built from your username or email address."),
    ({"username": "admin"}, "That name is kept for the people who run the site."),
    ({"username": "Moderator"}, "That name is kept for the people who run the site."),
    ({"email": "jöhn@example.com"}, "part before the @-sign is in plain letters a–z"),
    ({"password": "", "password_again": ""}, "Choose a password."),
    ({"website": "http://spam.example"}, "Please leave this field empty."),
])
def test_registration_validation(client, submit, ctx, changes, message):
    response = register(submit, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    for field in ("username", "email"):
        typed = changes.get(field, NEW[field])
        if typed:
            assert f'value="{escape(typed)}"' in html  # everything typed is kept...
    assert NEW["password"] not in html and "another password" not in html  # ...but passwords
    assert find_user("new_reader") is None and not signed_in(client)


def test_typed_markup_comes_back_escaped(submit):
    html = register(submit, username="<b>x</b>").get_data(as_text=True)
    assert "<b>x</b>" not in html and 'value="&lt;b&gt;x&lt;/b&gt;"' in html


@pytest.mark.parametrize("username", ["reader1", "READER1", "Reader1", "  reader1 "])
def test_usernames_are_unique_in_any_case(submit, users, username):
    response = register(submit, username=username)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "That username is taken" in html and f'value="{username.strip()}"' in html


def registration_answer(client, submit, **changes) -> tuple[int, str, str]:
    """The status, redirect and following page of a registration, CSRF tokens left out."""
    response = register(submit, **changes)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return (response.status_code, response.headers["Location"],
            re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page))


@pytest.mark.parametrize("email", ["reader1@example.com", "Reader1@EXAMPLE.com"])
def test_registering_a_known_address_answers_like_a_new_one(client, submit, users, mailbox,
                                                             email):
    known = registration_answer(client, submit, email=email, username="someone_new")
    new = registration_answer(client, submit, email="fresh@example.com", username="fresh_one")
    assert known == new and known[0] == 302
    assert find_user("someone_new") is None and find_user("fresh_one") is not None
    # The owner of the known address is told how to sign in, not sent a confirmation.
    (notice,) = mailbox.wait_for("reader1@example.com")
    assert notice.subject == "You already have an account"
    assert "reader1" in notice.body
    assert [path_of(link) for link in notice.links()] == ["/auth/login", "/auth/reset"]
    (confirmation,) = mailbox.wait_for("fresh@example.com")
    assert confirmation.subject == "Please confirm your email address"


def test_username_is_trimmed(submit, ctx):
    assert register(submit, username="  film_fan-2 ").status_code == 302
    assert find_user("film_fan-2").username == "film_fan-2"


def test_register_without_csrf_token_is_400(client, ctx):
    assert client.post("/auth/register", data=NEW).status_code == 400
    assert find_user("new_reader") is None


def test_signed_in_user_visiting_register_is_sent_on(client, auth, users):
    auth.login("reader1")
    response = client.get("/auth/register?next=/about")
    assert response.status_code == 302 and response.headers["Location"] == "/about"


def test_login_page_links_to_register_and_reset(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/register"' in html and 'href="/auth/reset"' in html


def test_nav_shows_register_for_anonymous_and_account_for_users(client, auth, users):
    html = client.get("/about").get_data(as_text=True)
    assert "/auth/register?next=" in html and 'href="/account"' not in html
    auth.login("reader1")
    html = client.get("/about").get_data(as_text=True)
    assert 'href="/account"' in html and "Log out" in html and "/auth/register" not in html


# ---------- Confirming ----------

def signed_ago(seconds: int, purpose: str, data: dict) -> str:
    """A token for ``purpose`` that was signed ``seconds`` ago."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp",
                      lambda self: int(time.time()) - seconds)
        return tokens.make_token(purpose, data)


def make_confirm_token(user: User, age: int = 0) -> str:
    return signed_ago(age, "confirm-email", {"user": user.id, "email": user.email})


@pytest.fixture
def unconfirmed(ctx):
    """A commenter who has not opened the confirmation link yet."""
    user = factories.user("newbie")
    user.email_confirmed_at = None
    db.session.commit()
    return user


def test_expired_confirmation_link_is_400_and_offers_another(client, auth, unconfirmed):
    token = make_confirm_token(unconfirmed, age=8 * 24 * 3600)
    auth.login("newbie")
    response = client.get(f"/auth/confirm/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This link has expired." in html and 'action="/auth/confirm/resend"' in html
    assert find_user("newbie").email_confirmed_at is None


@pytest.mark.parametrize("token", ["nonsense", "a.b.c"])
def test_broken_confirmation_link_is_400_with_a_way_to_log_in(client, unconfirmed, token):
    response = client.get(f"/auth/confirm/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This link is not valid." in html
    assert 'href="/auth/login?next=/auth/confirm/resend"' in html


def test_a_token_made_for_something_else_does_not_confirm(client, unconfirmed):
    token = tokens.make_token("reset-password", {"user": unconfirmed.id,
                                                 "email": unconfirmed.email})
    assert client.get(f"/auth/confirm/{token}").status_code == 400


def test_confirmation_link_for_an_old_address_is_refused(client, unconfirmed):
    token = make_confirm_token(unconfirmed)
    unconfirmed.email = "elsewhere@example.com"
    db.session.commit()
    response = client.get(f"/auth/confirm/{token}")
    assert response.status_code == 400
    assert "no longer uses" in response.get_data(as_text=True)


def test_resending_the_confirmation_link(client, auth, unconfirmed, submit, mailbox):
    auth.login("newbie")
    assert client.get("/auth/confirm/resend").status_code == 200
    response = submit("/auth/confirm/resend", "/auth/confirm/resend")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    (message,) = mailbox.wait_for("newbie@example.com")
    assert client.get(path_of(message.links()[0])).status_code == 302
    assert find_user("newbie").email_confirmed_at is not None
    response = client.get("/auth/confirm/resend")
    assert response.status_code == 302  # nothing left to confirm
    assert "already confirmed" in client.get("/account").get_data(as_text=True)


def test_resending_is_for_signed_in_users(client):
    response = client.get("/auth/confirm/resend")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=%2Fauth%2Fconfirm%2Fresend"


def test_resending_is_rate_limited_per_account(app, client, auth, unconfirmed, submit, mailbox):
    app.config["RATELIMIT_ACCOUNT"] = "1 per hour"
    auth.login("newbie")
    assert submit("/auth/confirm/resend", "/auth/confirm/resend").status_code == 302
    response = submit("/auth/confirm/resend", "/auth/confirm/resend")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Too many attempts. Please try again in" in response.get_data(as_text=True)
    assert len(mailbox.to("newbie@example.com")) == 1


# ---------- Resetting a forgotten password ----------

def ask_for_reset(submit, email: str):
    return submit("/auth/reset", "/auth/reset", {"email": email})


def test_password_reset_through_the_emailed_link(app, client, submit, users, mailbox):
    other_device = app.test_client()
    Auth(other_device).login("reader1")

    response = ask_for_reset(submit, "Reader1@Example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/reset/sent"
    sent_page = client.get("/auth/reset/sent").get_data(as_text=True)
    assert "If an account uses that address, we have sent a link" in sent_page
    (message,) = mailbox.wait_for("reader1@example.com")
    assert message.subject == "Reset your password" and "2 hours" in message.body
    path = path_of(message.links()[0])

    assert client.get(path).status_code == 200
    mismatch = submit(path, path, {"password": "a new password", "password_again": "nope"})
    assert mismatch.status_code == 422
    assert "The two passwords do not match." in mismatch.get_data(as_text=True)
    done = submit(path, path, {"password": "a new password", "password_again": "a new password"})
    assert done.status_code == 302 and signed_in(client)
    assert not signed_in(other_device)  # every other session ended

    used = client.get(path)
    assert used.status_code == 400 and "already been used" in used.get_data(as_text=True)
    fresh = app.test_client()
    assert Auth(fresh).login("reader1", PASSWORD).status_code == 422
    assert Auth(fresh).login("reader1", "a new password").status_code == 302


def test_reset_refuses_an_easily_guessed_password(client, submit, users, mailbox):
    ask_for_reset(submit, "reader1@example.com")
    path = path_of(mailbox.wait_for("reader1@example.com")[0].links()[0])
    response = submit(path, path, {"password": "qwertyuiop", "password_again": "qwertyuiop"})
    assert response.status_code == 422
    assert "This is a top-100 common password." in response.get_data(as_text=True)
    assert find_user("reader1").check_password(PASSWORD)


def test_usernames_that_look_like_a_writers_are_refused(submit, users):
    response = register(submit, username="Critic_")
    assert response.status_code == 422
    assert "looks like the name of a writer on this site" in response.get_data(as_text=True)


def test_internationalized_domains_are_stored_in_ascii(submit, mailbox, ctx):
    assert register(submit, email="Ann@Bücher.example").status_code == 302
    assert find_user("new_reader").email == "ann@xn--bcher-kva.example"
    (message,) = mailbox.wait_for("ann@xn--bcher-kva.example")
    assert message.message["To"] == "ann@xn--bcher-kva.example"


def test_reset_answer_is_the_same_whether_or_not_the_account_exists(app, submit, users,
                                                                     mailbox):
    known = ask_for_reset(submit, "reader1@example.com")
    unknown = ask_for_reset(submit, "nobody@example.com")
    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code, unknown.headers["Location"])
    mailbox.wait_for("reader1@example.com")
    assert mailbox.to("nobody@example.com") == []


def test_reset_asks_for_a_valid_address(submit):
    response = ask_for_reset(submit, "not an address")
    assert response.status_code == 422
    assert 'value="not an address"' in response.get_data(as_text=True)


def test_reset_link_expires(client, users):
    user = users["commenter"]
    token = signed_ago(3 * 3600, "reset-password",
                       {"user": user.id, "pw": password_fingerprint(user)})
    response = client.get(f"/auth/reset/{token}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This link has expired." in html and 'href="/auth/reset"' in html


def test_reset_link_dies_when_the_password_changes_another_way(client, users, submit,
                                                               mailbox):
    ask_for_reset(submit, "reader1@example.com")
    (message,) = mailbox.wait_for("reader1@example.com")
    users["commenter"].set_password("changed elsewhere")
    db.session.commit()
    assert client.get(path_of(message.links()[0])).status_code == 400


def test_reset_confirms_an_unconfirmed_address(client, submit, unconfirmed, mailbox):
    ask_for_reset(submit, "newbie@example.com")
    path = path_of(mailbox.wait_for("newbie@example.com")[0].links()[0])
    submit(path, path, {"password": "a new password", "password_again": "a new password"})
    assert find_user("newbie").email_confirmed_at is not None


# ---------- Login failures and rate limits ----------

def test_login_failures_read_exactly_the_same(client, auth, users):
    wrong = auth.login("reader1", "not the password")
    missing = auth.login("ghost99", "not the password")
    assert wrong.status_code == missing.status_code == 422
    # The pages differ only in the login typed and the CSRF tokens (which may roll over to a
    # new timestamp between the two requests).
    def normalized(response, login):
        html = response.get_data(as_text=True).replace(f'value="{login}"', "")
        return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", html)
    assert normalized(wrong, "reader1") == normalized(missing, "ghost99")


@pytest.mark.parametrize("setting, page, data", [
    ("RATELIMIT_LOGIN", "/auth/login", {"login": "reader1", "password": "wrong password"}),
    ("RATELIMIT_REGISTER", "/auth/register", {**NEW, "username": "typed_name",
                                              "email": "reader1@example.com"}),
    ("RATELIMIT_RESET", "/auth/reset", {"email": "typed@example.com"}),
])
def test_rate_limited_forms_come_back_with_429_text_kept(app, submit, users, setting, page,
                                                        data):
    app.config[setting] = "2 per minute"
    for _ in range(2):
        assert submit(page, page, data).status_code != 429
    response = submit(page, page, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert f"Too many attempts. Please try again in {response.headers['Retry-After']} " \
           "seconds." in html
    typed = [value for key, value in data.items() if "password" not in key]
    assert all(f'value="{value}"' in html for value in typed)
    assert all(value not in html for key, value in data.items() if "password" in key)


def test_login_limit_holds_even_for_the_right_password(app, client, auth, users):
    app.config["RATELIMIT_LOGIN"] = "2 per minute"
    auth.login("reader1", "wrong")
    auth.login("reader1", "wrong")
    assert auth.login("reader1").status_code == 429
    assert not signed_in(client)


def test_rate_limits_can_be_switched_off(app, auth, users):
    app.config.update(RATELIMIT_LOGIN="1 per minute", RATELIMIT_ENABLED=False)
    assert [auth.login("reader1", "wrong").status_code for _ in range(3)] == [422] * 3
