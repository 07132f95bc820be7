"""The outbox: mail leaves the request.

Request code writes each message into the ``outbox`` table in its own transaction, so a rolled
back change sends nothing and a committed one cannot lose its mail. After the commit the
message is sent by a worker thread in the app process (``MAIL_DELIVERY = "thread"``), at the
commit itself in tests (``"sync"``), or only by ``flask send-mail`` (``"external"``). No page
waits on the mail server, so response times do not tell whether an address is registered.

Any number of threads and processes may deliver at once: each message is claimed by an UPDATE
that only succeeds while it is still queued, and a failed send is retried later with a growing
wait, up to ``MAIL_MAX_ATTEMPTS`` tries.
"""
from __future__ import annotations

import json
import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from blog import mail
from blog.database import writing
from blog.extensions import db
from blog.models import MailStatus, OutgoingMail, utcnow

PENDING_KEY = "blog_outbox_pending"
WORKER_KEY = "blog_mail_worker"


def enqueue(to: str, subject: str, body: str,
            headers: dict[str, str] | None = None) -> OutgoingMail:
    """Add a message to the outbox in the current transaction; it goes out after the commit."""
    message = OutgoingMail(recipient=to, subject=subject, body=body,
                           headers=json.dumps(headers or {}), status=MailStatus.QUEUED,
                           attempts=0, next_attempt_at=utcnow(), last_error="")
    db.session.add(message)
    db.session.info[PENDING_KEY] = True
    return message


@sa.event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer transaction may still fail
        return
    if session.info.pop(PENDING_KEY, False) and has_app_context():
        mail_committed(current_app._get_current_object())


@sa.event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def mail_committed(app: Flask) -> None:
    """Start delivering what a commit just queued, the way MAIL_DELIVERY says."""
    mode = app.config["MAIL_DELIVERY"]
    if mode == "sync":
        deliver_queued()
    elif mode == "thread":
        worker(app).wake()


# ---------- Delivering ----------

@dataclass
class Claimed:
    """A message taken from the outbox by this deliverer, to send outside any transaction."""

    id: int
    to: str
    subject: str
    body: str
    headers: dict[str, str]
    attempts: int
    error: str = ""


def deliver_queued(limit: int | None = None) -> tuple[int, int]:
    """Send the messages that are due, one claim at a time; return (sent, failed) counts."""
    sent = failed = 0
    with Session(db.engine) as session, writing():
        while limit is None or sent + failed < limit:
            message = claim_next(session)
            if message is None:
                break
            if send(message):
                session.execute(sa.delete(OutgoingMail).where(OutgoingMail.id == message.id))
                sent += 1
            else:
                record_failure(session, message)
                failed += 1
            session.commit()
    return sent, failed


def claimable(now):
    """Messages due now, and messages whose claim is so old that its worker must have died."""
    stale = now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])
    return sa.or_(
        sa.and_(OutgoingMail.status == MailStatus.QUEUED, OutgoingMail.next_attempt_at <= now),
        sa.and_(OutgoingMail.status == MailStatus.SENDING, OutgoingMail.claimed_at < stale))


def claim_next(session: Session) -> Claimed | None:
    """Claim the oldest due message for this deliverer, or None when nothing is due.

    The UPDATE repeats the condition, so when two deliverers pick the same row only one
    changes it; the other sees no row changed and tries the next.
    """
    for _ in range(20):
        now = utcnow()
        row = session.execute(
            sa.select(OutgoingMail.id, OutgoingMail.recipient, OutgoingMail.subject,
                      OutgoingMail.body, OutgoingMail.headers, OutgoingMail.attempts)
            .where(claimable(now)).order_by(OutgoingMail.id).limit(1)).first()
        if row is None:
            session.commit()
            return None
        taken = session.execute(
            sa.update(OutgoingMail).where(OutgoingMail.id == row.id, claimable(now))
            .values(status=MailStatus.SENDING, claimed_at=now)
            .execution_options(synchronize_session=False))
        session.commit()
        if taken.rowcount == 1:
            return Claimed(row.id, row.recipient, row.subject, row.body,
                           json.loads(row.headers or "{}"), row.attempts)
    return None


def send(message: Claimed) -> bool:
    """Hand one message to the mail server (or the outbox folder); False if that failed."""
    try:
        mail.send_mail(message.to, message.subject, message.body, message.headers)
    except (smtplib.SMTPException, OSError) as error:
        message.error = f"{type(error).__name__}: {error}"[:500]
        current_app.logger.warning("could not send %r (attempt %d): %s", message.subject,
                                   message.attempts + 1, message.error)
        return False
    return True


def record_failure(session: Session, message: Claimed) -> None:
    """Put a message back for a later try with a doubled wait, or give up after the last."""
    attempts = message.attempts + 1
    config = current_app.config
    given_up = attempts >= config["MAIL_MAX_ATTEMPTS"]
    wait = timedelta(seconds=config["MAIL_RETRY_SECONDS"] * 2 ** (attempts - 1))
    session.execute(
        sa.update(OutgoingMail).where(OutgoingMail.id == message.id)
        .values(status=MailStatus.FAILED if given_up else MailStatus.QUEUED,
                attempts=attempts, claimed_at=None, next_attempt_at=utcnow() + wait,
                last_error=message.error)
        .execution_options(synchronize_session=False))
    if given_up:
        current_app.logger.error("gave up sending %r after %d attempts", message.subject,
                                 attempts)


# ---------- The worker thread ----------

class MailWorker:
    """A daemon thread in the app process that delivers the outbox whenever it is woken, and
    on its own every MAIL_RETRY_SECONDS for retries."""

    def __init__(self, app: Flask):
        self.app = app
        self.wanted = threading.Event()
        self.stopping = False
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def wake(self) -> None:
        """Ask for a delivery round, starting the thread if needed (also after a fork)."""
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.stopping = False
                self.thread = threading.Thread(target=self.run, name="blog-mail", daemon=True)
                self.thread.start()
        self.wanted.set()

    def run(self) -> None:
        """Deliver, then sleep until woken or until retries are due."""
        while not self.stopping:
            self.wanted.wait(timeout=self.app.config["MAIL_RETRY_SECONDS"])
            self.wanted.clear()
            if self.stopping:
                break
            with self.app.app_context():
                try:
                    deliver_queued()
                except Exception:  # a broken round must not kill the thread
                    self.app.logger.exception("mail delivery failed")

    def stop(self, timeout: float = 10) -> None:
        """End the thread after its current round (for tests and shutdown)."""
        self.stopping = True
        self.wanted.set()
        if self.thread is not None:
            self.thread.join(timeout)


def worker(app: Flask) -> MailWorker:
    """The app's mail worker, created on first use."""
    with _worker_lock:
        if WORKER_KEY not in app.extensions:
            app.extensions[WORKER_KEY] = MailWorker(app)
        return app.extensions[WORKER_KEY]


_worker_lock = threading.Lock()
