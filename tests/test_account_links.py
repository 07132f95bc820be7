"""Links sent by email are bound to the address they were sent to (issue 12, item 8)."""
from __future__ import annotations

from urllib.parse import urlsplit

from blog import tokens
from blog.extensions import db


def test_a_reset_link_dies_when_the_address_changes(client, submit, users, mailbox, ctx):
    submit("/auth/reset", "/auth/reset", {"email": "reader1@example.com"})
    (message,) = mailbox.wait_for("reader1@example.com")
    path = urlsplit(message.links()[0]).path
    assert client.get(path).status_code == 200

    users["commenter"].email = "new.home@example.com"
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 400
    assert "address" in response.get_data(as_text=True)
    sent = client.post(path, data={"password": "a new password",
                                   "password_again": "a new password"})
    assert sent.status_code == 400


def test_a_confirmation_link_dies_when_the_address_changes(client, users, ctx):
    user = users["commenter"]
    user.email_confirmed_at = None
    db.session.commit()
    with client.application.test_request_context():
        token = tokens.make_token("confirm-email", {"user": user.id, "email": user.email})
    user.email = "elsewhere@example.com"
    db.session.commit()
    assert client.get(f"/auth/confirm/{token}").status_code == 400
