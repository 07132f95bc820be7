"""A post's comments: threads kept (folded at the site's depth), states mapped, guests named.

A guest has no account here: the comment shows the name they gave and keeps their address
privately, so that confirming that address on an account later makes the comments theirs
(``services.accounts.claim_guest_comments``). The post's author's own comments become author replies.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from blog import sanitize
from blog.extensions import db
from blog.models import Comment, CommentStatus, Review, User, utcnow
from blog.services.errors import AccountError
from blog.services.identity import normalize_email
from blog.wordpress.people import clean_login
from blog.wordpress.wxr import WxrComment, WxrItem, parse_time

STATES = {"1": CommentStatus.APPROVED, "approve": CommentStatus.APPROVED,
          "0": CommentStatus.PENDING, "hold": CommentStatus.PENDING, "spam": CommentStatus.SPAM}
GUEST_NAME_MAX = 80
KEY_MAX = 340


def guest_email(email: str) -> str:
    """A guest's address as accounts store theirs (so it can be matched), or ""."""
    try:
        return normalize_email(email)[:254] if email else ""
    except AccountError:
        return ""


class CommentImporter:
    """Imports the comments of one post into its review."""

    def __init__(self, run, item: WxrItem, review: Review, guid: str):
        self.run, self.item, self.review, self.guid = run, item, review, guid
        self.summary = run.summary
        self.placed: dict[str, Comment] = {}  # WordPress comment id -> comment here
        self.skipped: set[str] = set()
        self.stored: dict[str, Comment] = {}
        # The post's WordPress author, to know their own comments by address or user id.
        self.author = run.declared.get(clean_login(item.creator))

    def import_all(self) -> None:
        wanted = {comment.id: comment for comment in self.item.comments}
        if not wanted:
            return
        # One query for what earlier imports brought, rather than one per comment.
        self.stored = {comment.wp_key: comment for comment in db.session.scalars(
            sa.select(Comment).where(Comment.review_id == self.review.id,
                                     Comment.wp_key.is_not(None)))}
        with db.session.no_autoflush:  # a comment is flushed whole, once attached
            for comment in self.ordered(wanted):
                self.take(comment, wanted)
        db.session.flush()

    def ordered(self, wanted: dict[str, WxrComment]) -> list[WxrComment]:
        """Parents before their replies (exports are usually, not always, in that order)."""
        done: list[WxrComment] = []
        seen: set[str] = set()
        for comment in sorted(wanted.values(), key=lambda c: (_number(c.id), c.id)):
            chain, current = [], comment
            while current is not None and current.id not in seen:
                chain.append(current)
                seen.add(current.id)
                current = wanted.get(current.parent)
            done.extend(reversed(chain))
        return done

    def take(self, comment: WxrComment, wanted: dict[str, WxrComment]) -> None:
        kind = (comment.type or "comment").lower()
        if kind in ("pingback", "trackback"):
            return self.skip(comment, f"{kind}s")
        if comment.approved in ("trash", "post-trashed"):
            return self.skip(comment, "in the trash")
        if not comment.content.strip():
            return self.skip(comment, "empty")
        key = f"{self.guid}#{comment.id}"[:KEY_MAX]
        status = STATES.get(comment.approved, CommentStatus.PENDING)
        body_html = sanitize.clean_comment(comment.content)
        existing = self.stored.get(key)
        if existing is not None:
            self.placed[comment.id] = existing
            if (existing.status, existing.body_html) == (status, body_html):
                self.summary.count("comments", "skipped", "unchanged since the last import")
            else:
                existing.status, existing.body_source = status, comment.content
                existing.body_html = body_html
                self.summary.count("comments", "updated")
            return None
        created = parse_time(comment.date_gmt) or parse_time(comment.date) or \
            self.review.published_at or utcnow()
        new = Comment(review=self.review, body_source=comment.content, body_html=body_html,
                      status=status, created_at=created, notified_at=created, wp_key=key)
        self.attribute(new, comment)
        self.thread(new, comment, wanted)
        db.session.add(new)
        self.placed[comment.id] = new
        self.summary.count("comments", "imported")
        return None

    def skip(self, comment: WxrComment, reason: str) -> None:
        self.skipped.add(comment.id)
        self.summary.count("comments", "skipped", reason)

    def attribute(self, new: Comment, comment: WxrComment) -> None:
        """The post's author's comments are theirs; a guest whose address is confirmed on an
        account here is that account; anyone else is a named guest."""
        email = guest_email(comment.email)
        author_email = guest_email(self.author.email) if self.author else ""
        by_author = (email and email == author_email) or (
            self.author is not None and self.author.wp_id and comment.user_id == self.author.wp_id)
        if by_author:
            new.author = self.review.author
            return
        accounts = self.run.accounts_by_email
        if email and email not in accounts:
            accounts[email] = db.session.scalar(sa.select(User.id).where(
                User.email == email, User.email_confirmed_at.is_not(None)))
        if email and accounts[email]:
            new.author_id = accounts[email]
            return
        name = " ".join(sanitize.plain_text(comment.author).split())[:GUEST_NAME_MAX]
        new.guest_name, new.guest_email = name or "Anonymous", email

    def thread(self, new: Comment, comment: WxrComment, wanted: dict[str, WxrComment]) -> None:
        """Hang a reply under its parent, folded into the site's depth; an orphan is top-level."""
        if comment.parent in ("", "0"):
            new.place_under(None)
            return
        parent = self.placed.get(comment.parent)
        if parent is None:
            why = ("its parent was skipped" if comment.parent in self.skipped
                   else "its parent is not in the export")
            self.summary.count("threads", "skipped", why)
            self.summary.warn(f"Comment {comment.id} on “{self.item.title[:60]}”: {why}; it is "
                              "a top-level comment here.")
            new.place_under(None)
            return
        max_depth = current_app.config["COMMENT_MAX_DEPTH"]
        new.place_under(parent, max_depth)
        if new.parent is not parent:
            self.summary.warn(f"Replies nested deeper than {max_depth} levels were placed at "
                              f"the last level (as replies here are).")
        self.summary.count("threads", "imported")


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0
