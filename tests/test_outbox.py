"""The outbox: mail is written in the request's transaction and sent after it, by a worker
thread, at the commit (tests) or by ``flask send-mail``; safe with several deliverers."""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import MailStatus, OutgoingMail, utcnow
from blog.services import outbox
from tests.smtp import Inbox, free_port, serving

NEW = {"username": "new_reader", "email": "new.reader@example.com",
       "password": "popcorn and a film", "password_again": "popcorn and a film"}


def queued() -> list[OutgoingMail]:
    """The outbox as stored now."""
    db.session.rollback()
    return list(db.session.scalars(sa.select(OutgoingMail).order_by(OutgoingMail.id)))


def put(app, count: int = 1, **fields) -> None:
    """Commit ``count`` messages to the outbox without delivering them."""
    with app.app_context():
        for number in range(count):
            db.session.add(OutgoingMail(recipient=f"to{number}@example.com",
                                        subject=f"Message {number}", body="Hello", **fields))
        db.session.commit()
        db.session.remove()


class HeldInbox(Inbox):
    """An SMTP peer that holds every message until the test lets it go."""

    def __init__(self):
        super().__init__()
        self.release = threading.Event()
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        self.receiving.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    inbox = HeldInbox()
    with serving(inbox) as port:
        try:
            yield inbox, port
        finally:
            inbox.release.set()  # let a held delivery finish before the server stops


def test_registration_does_not_wait_for_a_slow_mail_server(app, client, submit, slow_smtp,
                                                           monkeypatch, ctx):
    inbox, port = slow_smtp
    for key, value in (("MAIL_DELIVERY", "thread"), ("MAIL_SERVER", "127.0.0.1"),
                       ("MAIL_PORT", port)):
        monkeypatch.setitem(app.config, key, value)
    try:
        started = time.monotonic()
        response = submit("/auth/register", "/auth/register", NEW)
        answered_in = time.monotonic() - started
        assert response.status_code == 302
        # The server holds the message for up to 30 s; the answer came while it still did.
        assert answered_in < 20 and inbox.messages == []
        assert inbox.receiving.wait(10), "the worker thread never reached the mail server"
        inbox.release.set()
        (message,) = inbox.wait_for("new.reader@example.com", timeout=10)
        assert message.subject == "Please confirm your email address"
        deadline = time.monotonic() + 10
        while queued() and time.monotonic() < deadline:  # deleted once the server took it
            time.sleep(0.05)
        assert queued() == []
    finally:
        outbox.worker(app).stop()


def test_a_rolled_back_transaction_queues_nothing(app, mailbox):
    with app.test_request_context():
        outbox.enqueue("a@example.com", "Never", "x")
        db.session.rollback()
        assert queued() == [] and mailbox.messages == []


def test_failed_sends_are_retried_later_then_given_up(app, ctx, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "external")
    put(app)
    with app.app_context():
        assert outbox.deliver_queued() == (0, 1)
        (message,) = queued()
        assert message.status is MailStatus.QUEUED and message.attempts == 1
        assert message.next_attempt_at > utcnow() + timedelta(seconds=50)
        assert "ConnectionRefusedError" in message.last_error
        assert outbox.deliver_queued() == (0, 0)  # not due yet
        for attempt in (2, 3):
            db.session.execute(sa.update(OutgoingMail).values(next_attempt_at=utcnow()))
            db.session.commit()
            assert outbox.deliver_queued() == (0, 1)
            (message,) = queued()
            assert message.attempts == attempt
        assert message.status is MailStatus.FAILED  # kept for the operator to see
        db.session.execute(sa.update(OutgoingMail).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert outbox.deliver_queued() == (0, 0)
        db.session.remove()
    assert "gave up sending 'Message 0' after 3 attempts" in caplog.text


def test_several_deliverers_send_each_message_once(app, ctx, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "external")
    put(app, 24)
    results, errors = [], []

    def deliver():
        try:
            with app.app_context():
                results.append(outbox.deliver_queued())
                db.session.remove()
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(sent for sent, _ in results) == 24
    for number in range(24):
        assert len(mailbox.wait_for(f"to{number}@example.com")) == 1
    time.sleep(0.2)
    assert len(mailbox.messages) == 24 and queued() == []


def test_a_message_left_by_a_crashed_worker_is_sent_again(app, ctx, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "external")
    put(app, 1, status=MailStatus.SENDING, claimed_at=utcnow() - timedelta(hours=1))
    put(app, 1, status=MailStatus.SENDING, claimed_at=utcnow())  # another worker's, just now
    with app.app_context():
        assert outbox.deliver_queued() == (1, 0)
        db.session.remove()
    assert len(queued()) == 1 and len(mailbox.messages) == 1


def test_send_mail_command_delivers_the_outbox(app, client, submit, runner, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "external")
    assert submit("/auth/register", "/auth/register", NEW).status_code == 302
    folder = Path(app.instance_path, "outbox")
    assert not folder.exists() and len(queued()) == 1  # waiting for a deliverer
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0 and "Sent 1 message(s)" in result.output
    (message,) = folder.glob("*.eml")  # no MAIL_SERVER: written to instance/outbox/
    assert "Subject: Please confirm your email address" in message.read_text()
    assert queued() == []
