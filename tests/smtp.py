"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives for the tests."""
from __future__ import annotations

import re
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()

    def links(self) -> list[str]:
        """Every web address in the body, in order."""
        return LINK.findall(self.body)


@dataclass
class Inbox:
    """What the SMTP server has received, newest last."""

    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[Received]:
        """The messages addressed to ``address``."""
        with self.lock:
            return [m for m in self.messages if address in m.recipients]

    def wait_for(self, address: str, count: int = 1, timeout: float = 5.0) -> list[Received]:
        """The messages to ``address`` once there are ``count`` of them (the server is async)."""
        deadline = time.monotonic() + timeout
        while len(found := self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} message(s) to {address}, got "
                                     f"{len(found)}: {[m.subject for m in self.messages]}")
            time.sleep(0.02)
        return found


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(inbox):
    """Run an SMTP server on a free port that hands what it receives to ``inbox``: its port."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def smtp_server():
    """One SMTP server for the session: (inbox, port)."""
    inbox = Inbox()
    with serving(inbox) as port:
        yield inbox, port


@pytest.fixture
def mailbox(app, smtp_server) -> Inbox:
    """Point the app at the SMTP server and hand over its inbox, emptied for this test."""
    inbox, port = smtp_server
    inbox.clear()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    return inbox
