"""Outgoing email: SMTP when configured, else files in instance/outbox/ so offline installs work."""
from __future__ import annotations

import re
import smtplib
import ssl
from datetime import datetime, timezone
from email import policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from flask import current_app


class UnfoldedHeader(UnstructuredHeader):
    """A header written as given: a long URL must not be folded into RFC 2047 encoded words."""

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


def _mail_policy() -> policy.EmailPolicy:
    registry = HeaderRegistry()
    # Mail clients read List-Unsubscribe as <url>; an encoded word breaks one-click unsubscribe.
    registry.map_to_type("list-unsubscribe", UnfoldedHeader)
    return policy.default.clone(header_factory=registry)


MAIL_POLICY = _mail_policy()


def build_message(to: str, subject: str, body: str,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    """A plain-text message from the site's sender address."""
    config = current_app.config
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = formataddr((config["SITE_NAME"], config["MAIL_FROM"]))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2])
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """Send one message now: through SMTP if MAIL_SERVER is set, otherwise into the outbox."""
    message = build_message(to, subject, body, headers)
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_to_outbox(message)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def outbox_path() -> Path:
    """Where messages go when no SMTP server is configured."""
    return Path(current_app.instance_path) / "outbox"


def _write_to_outbox(message: EmailMessage) -> None:
    folder = outbox_path()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    subject = re.sub(r"[^a-z0-9]+", "-", message["Subject"].lower()).strip("-")[:40]
    (folder / f"{stamp}-{subject}.eml").write_bytes(bytes(message))
    current_app.logger.info("No MAIL_SERVER: wrote %r to %s", message["Subject"], folder)
