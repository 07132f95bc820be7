"""The blog as a WordPress export (WXR 1.2), written as a stream.

The file follows what WordPress's own ``export.php`` writes, so its importer (Tools → Import →
WordPress) takes it: an RSS 2.0 channel with the excerpt, content, wfw, dc and wp namespaces,
the authors, the categories and tags, then one ``<item>`` per post, page and attachment.

- Reviews are posts: their stored, sanitized HTML is the content; the film's facts, the rating
  and the verdict are post meta (readable keys, shown as custom fields in WordPress), and a
  hidden ``_blog_review`` meta carries what WordPress has no place for (the Markdown source, the
  credits, where to watch) so that this blog's importer gets back exactly what it wrote.
- A review's poster is an attachment item, its child, named by the post's ``_thumbnail_id``.
- Old review slugs are ``_wp_old_slug`` meta, as WordPress keeps them; old tag slugs are term meta.
- Genre tags are categories, every other kind a tag; the kind rides along as term meta.
- Comments keep their threading (``wp:comment_parent``) and the public name of their writer.
  No reader's email address is ever written: the blog records no consent to share one.
- The about page, once an admin has written it, is a page.

Rows are read in batches and each item is written as soon as it is built, so memory stays flat
however large the blog is.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import IO

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import (Comment, CommentStatus, Credit, Film, Review, ReviewSlugRedirect,
                         ReviewStatus, Role, SitePage, Tag, TagKind, TagSlugRedirect, User,
                         utcnow)
from blog.templating import site_zone
from blog.wordpress.writer import NAMESPACES, WXR_VERSION, WxrWriter, write_meta

# WordPress writes this for a draft's GMT date: the post has no publication time yet.
NO_DATE = "0000-00-00 00:00:00"
BATCH_SIZE = 200
# Term meta holding a tag's kind, and post meta holding what only this blog reads back.
TAG_KIND_META = "_blog_tag_kind"
TAG_OLD_SLUG_META = "_blog_old_slug"
REVIEW_META = "_blog_review"
MARKDOWN_META = "_blog_markdown"
# WordPress's own keys.
OLD_SLUG_META = "_wp_old_slug"
THUMBNAIL_META = "_thumbnail_id"
IMAGE_ALT_META = "_wp_attachment_image_alt"

COMMENT_APPROVAL = {
    CommentStatus.APPROVED: "1",
    CommentStatus.PENDING: "0",
    CommentStatus.SPAM: "spam",
    CommentStatus.DELETED: "trash",
}


def write_wxr(out: IO, *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Write the whole blog to ``out`` (binary or text) as WXR 1.2; return what was written.

    Call it with nothing pending in the session: rows are let go of after each batch."""
    counts = {"authors": 0, "categories": 0, "tags": 0, "posts": 0, "attachments": 0,
              "comments": 0, "pages": 0}
    ids = ItemIds.for_blog()
    writer = WxrWriter(out)
    writer.xml.startDocument()
    writer.start("rss", {"version": "2.0",
                         **{f"xmlns:{prefix}": uri for prefix, uri in NAMESPACES.items()}})
    writer.start("channel")
    write_site(writer)
    authors = exported_authors()
    for user in authors:
        write_author(writer, user)
        counts["authors"] += 1
    old_slugs = old_tag_slugs()
    for tag in db.session.scalars(sa.select(Tag).order_by(Tag.id)):
        write_term(writer, tag, old_slugs.get(tag.id, []))
        counts["categories" if tag.kind is TagKind.GENRE else "tags"] += 1
    db.session.expunge_all()
    author_ids = {user.id for user in authors}
    for review, old_slugs in reviews_in_batches(batch_size):
        write_review(writer, review, old_slugs, ids, author_ids)
        counts["posts"] += 1
        counts["comments"] += len(review.comments)
        if review.poster_path:
            write_poster(writer, review, ids)
            counts["attachments"] += 1
    about = db.session.get(SitePage, "about")
    if about is not None:
        write_about_page(writer, about, ids)
        counts["pages"] += 1
    writer.end("channel")
    writer.end("rss")
    writer.xml.endDocument()
    return counts


class ItemIds:
    """Item ids that never collide: a post keeps its review's id (so ``?p=`` links are the
    review's number), posters and the about page are numbered after the last review."""

    def __init__(self, last_review_id: int) -> None:
        self.last_review_id = last_review_id

    @classmethod
    def for_blog(cls) -> ItemIds:
        return cls(db.session.scalar(sa.select(sa.func.max(Review.id))) or 0)

    def post(self, review: Review) -> int:
        return review.id

    def poster(self, review: Review) -> int:
        return self.last_review_id + review.id

    def about_page(self) -> int:
        return 2 * self.last_review_id + 1


def site_url() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def write_site(writer: WxrWriter) -> None:
    """The channel's description of the site, as WordPress writes it before any item."""
    config = current_app.config
    writer.text("title", config["SITE_NAME"])
    writer.text("link", site_url())
    writer.text("description", config.get("SITE_TAGLINE", ""))
    writer.text("pubDate", format_datetime(utcnow()))
    writer.text("language", config.get("SITE_LANGUAGE", "en"))
    writer.text("wp:wxr_version", WXR_VERSION)
    writer.text("wp:base_site_url", site_url())
    writer.text("wp:base_blog_url", site_url())


def exported_authors() -> list[User]:
    """Everyone who wrote a review, and every author and admin: WordPress's authors."""
    wrote = sa.select(Review.author_id)
    return list(db.session.scalars(
        sa.select(User).where(sa.or_(User.role.in_([Role.AUTHOR, Role.ADMIN]),
                                     User.id.in_(wrote))).order_by(User.id)))


def write_author(writer: WxrWriter, user: User) -> None:
    """A ``wp:author``: login and public name; the email is left empty, never shared."""
    writer.start("wp:author")
    writer.text("wp:author_id", user.id)
    writer.text("wp:author_login", user.username)
    writer.text("wp:author_email", "")
    writer.text("wp:author_display_name", user.name)
    writer.text("wp:author_first_name", "")
    writer.text("wp:author_last_name", "")
    writer.end("wp:author")


def old_tag_slugs() -> dict[int, list[str]]:
    """The old slugs of every renamed or merged tag, by tag."""
    slugs: dict[int, list[str]] = {}
    rows = db.session.execute(sa.select(TagSlugRedirect.tag_id, TagSlugRedirect.old_slug)
                              .order_by(TagSlugRedirect.id))
    for tag_id, slug in rows:
        slugs.setdefault(tag_id, []).append(slug)
    return slugs


def write_term(writer: WxrWriter, tag: Tag, old_slugs: list[str]) -> None:
    """A genre as a ``wp:category``, any other kind as a ``wp:tag``, with its kind as term meta."""
    if tag.kind is TagKind.GENRE:
        writer.start("wp:category")
        writer.text("wp:term_id", tag.id)
        writer.text("wp:category_nicename", tag.slug)
        writer.text("wp:category_parent", "")
        writer.text("wp:cat_name", tag.name)
        element = "wp:category"
    else:
        writer.start("wp:tag")
        writer.text("wp:term_id", tag.id)
        writer.text("wp:tag_slug", tag.slug)
        writer.text("wp:tag_name", tag.name)
        element = "wp:tag"
    write_meta(writer, "wp:termmeta", TAG_KIND_META, tag.kind.value)
    for slug in old_slugs:
        write_meta(writer, "wp:termmeta", TAG_OLD_SLUG_META, slug)
    writer.end(element)
    writer.newline()


def reviews_in_batches(batch_size: int) -> Iterator[tuple[Review, list[str]]]:
    """Every review with what its item shows and its old slugs, a batch at a time, forgotten
    after each batch."""
    last_id = 0
    while True:
        batch = list(db.session.scalars(
            sa.select(Review).where(Review.id > last_id).order_by(Review.id).limit(batch_size)
            .options(selectinload(Review.author), selectinload(Review.tags),
                     selectinload(Review.film).selectinload(Film.credits)
                     .selectinload(Credit.person),
                     selectinload(Review.film).selectinload(Film.watch_options),
                     selectinload(Review.comments).selectinload(Comment.author))))
        if not batch:
            return
        old_slugs = review_old_slugs([review.id for review in batch])
        for review in batch:
            yield review, old_slugs.get(review.id, [])
        last_id = batch[-1].id
        db.session.expunge_all()


def review_old_slugs(review_ids: list[int]) -> dict[int, list[str]]:
    rows = db.session.execute(sa.select(ReviewSlugRedirect.review_id, ReviewSlugRedirect.old_slug)
                              .where(ReviewSlugRedirect.review_id.in_(review_ids))
                              .order_by(ReviewSlugRedirect.id))
    slugs: dict[int, list[str]] = {}
    for review_id, slug in rows:
        slugs.setdefault(review_id, []).append(slug)
    return slugs


def wp_dates(moment: datetime | None) -> tuple[str, str]:
    """A time as WordPress's pair: local to the site's zone, and GMT."""
    if moment is None:
        return NO_DATE, NO_DATE
    local = moment.astimezone(site_zone())
    return f"{local:%Y-%m-%d %H:%M:%S}", f"{moment.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S}"


def post_status(review: Review) -> str:
    """WordPress's status: a published review with a future time is "future" (scheduled)."""
    if review.status is not ReviewStatus.PUBLISHED or review.published_at is None:
        return "draft"
    return "future" if review.published_at > utcnow() else "publish"


def review_url(review: Review) -> str:
    return f"{site_url()}/reviews/{review.slug}"


def write_review(writer: WxrWriter, review: Review, old_slugs: list[str], ids: ItemIds,
                 author_ids: set[int]) -> None:
    """One review as a post item, its tags, meta and comments inside."""
    status = post_status(review)
    shown = review.published_at or review.created_at
    date, date_gmt = wp_dates(shown)
    writer.start("item")
    writer.text("title", review.title)
    writer.text("link", review_url(review))
    writer.text("pubDate", format_datetime(shown))
    writer.text("dc:creator", review.author.username)
    writer.text("guid", f"{site_url()}/?p={ids.post(review)}", {"isPermaLink": "false"})
    writer.text("description", "")
    writer.text("content:encoded", review.body_html)
    # WordPress's excerpt is the summary a writer types by hand, as a dek is (the blog's own
    # excerpt is derived from the body, and is derived again wherever the file is imported).
    writer.text("excerpt:encoded", review.dek)
    writer.text("wp:post_id", ids.post(review))
    writer.text("wp:post_date", date)
    writer.text("wp:post_date_gmt", date_gmt if status != "draft" else NO_DATE)
    write_modified(writer, review.updated_at)
    writer.text("wp:comment_status", "open" if review.comments_open else "closed")
    writer.text("wp:ping_status", "closed")
    writer.text("wp:post_name", review.slug)
    writer.text("wp:status", status)
    writer.text("wp:post_parent", 0)
    writer.text("wp:menu_order", 0)
    writer.text("wp:post_type", "post")
    writer.text("wp:post_password", "")
    writer.text("wp:is_sticky", 0)
    for tag in review.tags:
        domain = "category" if tag.kind is TagKind.GENRE else "post_tag"
        writer.text("category", tag.name, {"domain": domain, "nicename": tag.slug})
    for key, value in review_meta(review, old_slugs, ids):
        write_meta(writer, "wp:postmeta", key, value)
    for comment in sorted(review.comments, key=lambda c: (c.created_at, c.id)):
        write_comment(writer, comment, author_ids)
    writer.end("item")


def write_modified(writer: WxrWriter, moment: datetime) -> None:
    modified, modified_gmt = wp_dates(moment)
    writer.text("wp:post_modified", modified)
    writer.text("wp:post_modified_gmt", modified_gmt)


def review_meta(review: Review, old_slugs: list[str], ids: ItemIds) -> list[tuple[str, str]]:
    """The post meta of a review: film facts and rating readable, the rest for this blog."""
    film = review.film
    meta = [("film_title", film.title), ("film_original_title", film.original_title),
            ("film_year", film.year), ("film_release_date", film.release_date),
            ("film_runtime_minutes", film.runtime_minutes),
            ("film_countries", ", ".join(film.countries or [])),
            ("film_languages", ", ".join(film.languages or [])),
            ("film_imdb_url", film.imdb_url), ("film_rotten_tomatoes_url",
                                               film.rotten_tomatoes_url),
            ("film_letterboxd_url", film.letterboxd_url), ("film_trailer_url", film.trailer_url),
            ("rating", None if review.rating is None else f"{review.rating:g}"),
            ("verdict", review.verdict)]
    meta += [(f"film_{credit.role.value}", credit_text(credit)) for credit in film.credits]
    meta = [(key, str(value)) for key, value in meta if value not in (None, "")]
    meta += [(OLD_SLUG_META, slug) for slug in old_slugs]
    if review.poster_path:
        meta.append((THUMBNAIL_META, str(ids.poster(review))))
    meta.append((MARKDOWN_META, review.body))
    meta.append((REVIEW_META, json.dumps(review_record(review), ensure_ascii=False,
                                         sort_keys=True)))
    return meta


def credit_text(credit: Credit) -> str:
    """A credit as one custom field value: "Name", or "Name as Character" for the cast."""
    if credit.character:
        return f"{credit.person.name} as {credit.character}"
    return credit.person.name


def review_record(review: Review) -> dict:
    """Everything about a review and its film that WordPress has no field for, as JSON."""
    film = review.film
    return {
        "version": 1,
        "review": {"slug": review.slug, "title": review.title, "dek": review.dek,
                   "rating_halves": review.rating_halves, "verdict": review.verdict,
                   "poster_alt": review.poster_alt},
        "film": {
            "title": film.title, "original_title": film.original_title, "year": film.year,
            "release_date": film.release_date.isoformat() if film.release_date else None,
            "runtime_minutes": film.runtime_minutes, "countries": film.countries or [],
            "languages": film.languages or [], "language": film.language,
            "synopsis": film.synopsis, "trailer_url": film.trailer_url,
            "imdb_id": film.imdb_id, "rotten_tomatoes_url": film.rotten_tomatoes_url,
            "letterboxd_url": film.letterboxd_url,
            "credits": [{"name": credit.person.name, "slug": credit.person.slug,
                         "imdb_id": credit.person.imdb_id, "role": credit.role.value,
                         "character": credit.character} for credit in film.credits],
            "watch": [{"service": option.service, "kind": option.kind, "region": option.region,
                       "url": option.url, "checked_on": option.checked_on.isoformat()}
                      for option in film.watch_options],
        },
    }


def write_comment(writer: WxrWriter, comment: Comment, author_ids: set[int]) -> None:
    """A comment with its parent and its writer's public name (a guest's given name for one
    imported without an account); the email stays empty."""
    date, date_gmt = wp_dates(comment.created_at)
    author = comment.author
    writer.start("wp:comment")
    writer.text("wp:comment_id", comment.id)
    writer.text("wp:comment_author", author.name if author else comment.guest_name)
    writer.text("wp:comment_author_email", "")
    writer.text("wp:comment_author_url", "")
    writer.text("wp:comment_author_IP", "")
    writer.text("wp:comment_date", date)
    writer.text("wp:comment_date_gmt", date_gmt)
    writer.text("wp:comment_content", comment.body_html)
    writer.text("wp:comment_approved", COMMENT_APPROVAL[comment.status])
    writer.text("wp:comment_type", "comment")
    writer.text("wp:comment_parent", comment.parent_id or 0)
    writer.text("wp:comment_user_id",
                author.id if author is not None and author.id in author_ids else 0)
    writer.end("wp:comment")


def poster_url(review: Review) -> str:
    return f"{site_url()}/media/{review.poster_path}"


def write_poster(writer: WxrWriter, review: Review, ids: ItemIds) -> None:
    """A review's poster as an attachment item, the child of the review's post."""
    name = f"{review.slug}-poster"
    date, date_gmt = wp_dates(review.created_at)
    writer.start("item")
    writer.text("title", review.poster_alt or name)
    writer.text("link", f"{review_url(review)}#poster")
    writer.text("pubDate", format_datetime(review.created_at))
    writer.text("dc:creator", review.author.username)
    writer.text("guid", poster_url(review), {"isPermaLink": "false"})
    writer.text("description", "")
    writer.text("content:encoded", "")
    writer.text("excerpt:encoded", "")
    writer.text("wp:post_id", ids.poster(review))
    writer.text("wp:post_date", date)
    writer.text("wp:post_date_gmt", date_gmt)
    write_modified(writer, review.updated_at)
    writer.text("wp:comment_status", "closed")
    writer.text("wp:ping_status", "closed")
    writer.text("wp:post_name", name)
    writer.text("wp:status", "inherit")
    writer.text("wp:post_parent", ids.post(review))
    writer.text("wp:menu_order", 0)
    writer.text("wp:post_type", "attachment")
    writer.text("wp:post_password", "")
    writer.text("wp:is_sticky", 0)
    writer.text("wp:attachment_url", poster_url(review))
    if review.poster_alt:
        write_meta(writer, "wp:postmeta", IMAGE_ALT_META, review.poster_alt)
    writer.end("item")


def write_about_page(writer: WxrWriter, page: SitePage, ids: ItemIds) -> None:
    """The about page an admin wrote, as a WordPress page named "about"."""
    date, date_gmt = wp_dates(page.updated_at)
    author = db.session.get(User, page.updated_by_id) if page.updated_by_id else None
    writer.start("item")
    writer.text("title", "About")
    writer.text("link", f"{site_url()}/about")
    writer.text("pubDate", format_datetime(page.updated_at))
    writer.text("dc:creator", author.username if author else "")
    writer.text("guid", f"{site_url()}/?page_id={ids.about_page()}", {"isPermaLink": "false"})
    writer.text("description", "")
    writer.text("content:encoded", page.body_html)
    writer.text("excerpt:encoded", "")
    writer.text("wp:post_id", ids.about_page())
    writer.text("wp:post_date", date)
    writer.text("wp:post_date_gmt", date_gmt)
    write_modified(writer, page.updated_at)
    writer.text("wp:comment_status", "closed")
    writer.text("wp:ping_status", "closed")
    writer.text("wp:post_name", "about")
    writer.text("wp:status", "publish")
    writer.text("wp:post_parent", 0)
    writer.text("wp:menu_order", 0)
    writer.text("wp:post_type", "page")
    writer.text("wp:post_password", "")
    writer.text("wp:is_sticky", 0)
    write_meta(writer, "wp:postmeta", MARKDOWN_META, page.body)
    writer.end("item")
