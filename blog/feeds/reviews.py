"""Review feeds (Atom and RSS 2.0) with feedgen: the site's, a tag's, a person's, an author's.

Every entry carries absolute links from SITE_URL, the title with the film's year, the author,
the publication and update times, the tags as categories, the spoiler-free excerpt as summary,
the body with its spoiler blocks cut out, and the poster as an enclosure and media element.
"""
from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from datetime import datetime, timezone

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from flask import current_app

from blog import sanitize
from blog.conditional import newest
from blog.feeds.atom import tag_uri
from blog.models import Review
from blog.structured import title_with_year
from blog.templating import absolute_url, upload_url
from blog.text import xml_safe

# An empty feed's update time: fixed, so its validators hold until the first entry arrives.
NEVER_UPDATED = datetime(2000, 1, 1, tzinfo=timezone.utc)
FORMATS = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


@dataclass(frozen=True)
class FeedInfo:
    """What a feed is about: its title and description, its own address and its page's."""

    title: str
    description: str
    self_url: str
    page_url: str


class AtomEnclosures(BaseEntryExtension):
    """Atom ``<link rel="enclosure">`` elements: feedgen 1.0 drops a link's rel and type when it
    writes Atom, which would make the poster the entry's page link."""

    def __init__(self):
        self.links: list[dict[str, str]] = []

    def add(self, href: str, length: str, kind: str) -> None:
        """Attach a file (the poster) to the entry."""
        self.links.append({"href": href, "rel": "enclosure", "length": length, "type": kind})

    def extend_atom(self, entry):
        for attributes in self.links:
            etree.SubElement(entry, "link", attributes)
        return entry


def review_feed(info: FeedInfo, reviews: list[Review], fmt: str = "atom") -> tuple[bytes, datetime]:
    """The feed document of ``reviews`` in ``fmt`` ("atom" or "rss"), and when it last changed."""
    updated = newest(*(review.updated_at for review in reviews)) or NEVER_UPDATED
    feed = FeedGenerator()
    feed.load_extension("media")
    feed.load_extension("dc")
    feed.register_extension("enclosures", BaseExtension, AtomEnclosures, atom=True, rss=False)
    site = current_app.config["SITE_URL"]
    feed.id(info.self_url)
    feed.title(xml_safe(info.title))
    feed.subtitle(xml_safe(info.description))  # RSS's channel description
    feed.link(href=info.self_url, rel="self", type=FORMATS[fmt])
    feed.link(href=info.page_url, rel="alternate", type="text/html")
    feed.language("en")
    feed.generator(current_app.config["SITE_NAME"], uri=site)
    feed.updated(updated)
    feed.lastBuildDate(updated)  # RSS; without it feedgen writes "now" and the ETag never holds
    for review in reviews:
        add_review(feed, review, fmt)
    document = feed.atom_str(pretty=True) if fmt == "atom" else feed.rss_str(pretty=True)
    return document, updated


def add_review(feed: FeedGenerator, review: Review, fmt: str) -> None:
    """Add one review as an entry (appended: the reviews come newest first)."""
    site = current_app.config["SITE_URL"]
    link = absolute_url("reading.show_review", slug=review.slug)
    entry = feed.add_entry(order="append")
    # A tag URI (also the Atom id) survives slug changes; RSS readers must not follow it.
    entry.guid(tag_uri(review.created_at, f"review-{review.id}"), permalink=False)
    entry.title(xml_safe(title_with_year(review)))
    entry.link(href=link, rel="alternate", type="text/html")
    entry.author({"name": xml_safe(review.author.name),
                  "uri": absolute_url("reading.show_author", username=review.author.username)})
    entry.dc.dc_creator(xml_safe(review.author.name))  # RSS authors need an email otherwise
    entry.published(review.published_at)
    entry.updated(review.updated_at)
    entry.dc.dc_date(review.updated_at.isoformat())  # RSS has no update time of its own
    for tag in review.tags:
        entry.category(term=xml_safe(tag.slug), label=xml_safe(tag.name),
                       scheme=absolute_url("tags.index"))
    summary = review.verdict + " — " + review.excerpt if review.verdict else review.excerpt
    entry.summary(xml_safe(summary))
    entry.content(xml_safe(sanitize.feed_html(review.body_html, site)), type="html")
    if review.poster_path:
        add_poster(entry, review, fmt)


def add_poster(entry, review: Review, fmt: str) -> None:
    """The poster as an enclosure (its size in bytes when the file is there) and media:content."""
    url = current_app.config["SITE_URL"] + upload_url(review.poster_path)
    kind = mimetypes.guess_type(review.poster_path)[0] or "image/jpeg"
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], review.poster_path)
    length = os.path.getsize(path) if os.path.isfile(path) else 0
    if fmt == "rss":
        entry.enclosure(url, str(length), kind)
    else:
        entry.enclosures.add(url, str(length), kind)
    media = {"url": url, "medium": "image", "type": kind}
    if review.poster_width and review.poster_height:
        media.update(width=str(review.poster_width), height=str(review.poster_height))
    entry.media.content(media)
