"""The site-wide feed of recent comments (Atom), across every visible review."""
from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app

from blog.conditional import newest
from blog.feeds.atom import add_comment
from blog.feeds.reviews import NEVER_UPDATED
from blog.models import Comment
from blog.templating import absolute_url
from blog.text import xml_safe


def comments_feed(comments: list[Comment]) -> tuple[bytes, datetime]:
    """The Atom document of the newest approved comments, and when it last changed."""
    # notified_at: when a held comment was approved, which is when it entered this feed.
    updated = newest(*(moment for comment in comments for moment in
                       (comment.created_at, comment.edited_at, comment.notified_at)))
    updated = updated or NEVER_UPDATED
    site = current_app.config["SITE_NAME"]
    feed = FeedGenerator()
    feed.id(absolute_url("feeds.site_comments"))
    feed.title(xml_safe(f"Recent comments — {site}"))
    feed.subtitle(f"Readers' comments on every review on {site}, newest first.")
    feed.link(href=absolute_url("feeds.site_comments"), rel="self")
    feed.link(href=absolute_url("reading.home"), rel="alternate", type="text/html")
    feed.updated(updated)
    for comment in comments:
        add_comment(feed, comment, comment.review)
    return feed.atom_str(pretty=True), updated


