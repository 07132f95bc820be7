"""Building Atom feeds with feedgen: absolute links from SITE_URL, stable ids, names only."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from feedgen.feed import FeedGenerator
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Comment, CommentStatus, Review
from blog.templating import absolute_url
from blog.text import xml_safe

COMMENTS_IN_FEED = 50


def tag_uri(moment: datetime, specific: str) -> str:
    """A permanent id (RFC 4151) on the site's host: it survives slug changes."""
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    return f"tag:{host},{moment:%Y-%m-%d}:{specific}"


def find_review(slug: str) -> Review | None:
    """A visible review with its author (what the feed's header names), or None."""
    return db.session.scalar(sa.select(Review).where(Review.slug == slug, Review.is_visible)
                             .options(selectinload(Review.author)))


def latest_comments(review: Review, limit: int = COMMENTS_IN_FEED) -> list[Comment]:
    """The newest approved comments of a review, with their writers."""
    return list(db.session.scalars(
        sa.select(Comment)
        .where(Comment.review_id == review.id, Comment.status == CommentStatus.APPROVED)
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)))


def review_comments_feed(review: Review) -> tuple[bytes, datetime]:
    """The Atom document of a review's newest comments, and when it last changed."""
    comments = latest_comments(review)
    updated = max([comment.edited_at or comment.created_at for comment in comments],
                  default=review.published_at)
    feed = FeedGenerator()
    feed.id(tag_uri(review.created_at, f"review-{review.id}-comments"))
    # Stored text may predate the form filter: XML refuses some characters that text allows.
    feed.title(xml_safe(f"Comments on “{review.title}” — {current_app.config['SITE_NAME']}"))
    feed.subtitle(xml_safe(f"Readers' comments on {review.author.name}'s review, newest first."))
    feed.link(href=absolute_url("feeds.review_comments", slug=review.slug), rel="self")
    feed.link(href=absolute_url("reading.show_review", slug=review.slug, _anchor="comments"),
              rel="alternate", type="text/html")
    feed.updated(updated)
    for comment in comments:
        add_comment(feed, comment, review)
    return feed.atom_str(pretty=True), updated


def add_comment(feed: FeedGenerator, comment: Comment, review: Review) -> None:
    """Add one comment as an entry: the writer's shown name only, never an email address."""
    name = xml_safe(comment.byline)
    entry = feed.add_entry(order="append")
    entry.id(tag_uri(comment.created_at, f"comment-{comment.id}"))
    entry.title(xml_safe(f"{name} on “{review.title}”"))
    entry.author({"name": name})
    entry.link(href=absolute_url("comments.show", comment_id=comment.id), rel="alternate",
               type="text/html")
    entry.published(comment.created_at)
    entry.updated(comment.edited_at or comment.created_at)
    entry.content(xml_safe(comment.body_html), type="html")
