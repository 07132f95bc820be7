"""The studio's tags: renaming them, setting their kind, and merging one into another.

Tags are shared by every author, so any author may manage them. A tag's address follows its
name: renaming re-slugs it, and the old /tags/<slug> address (like a merged tag's) keeps
redirecting to the tag's page. Two tags may not have the same name once folded (see
``services/tags.py``); names that merely slugify alike get addresses with a suffix. Every change
forgets the cached tag cloud.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from blog.extensions import db
from blog.pagination import window
from blog.models import Review, Tag, TagKind, TagSlugRedirect, review_tags
from blog.numbers import parse_number
from blog.services import search, tag_counts
from blog.services.tags import NAME_MAX, forget_cloud, free_slug, keep_old_address, tag_key
from blog.services.errors import TagConflict, TagError, rolls_back



@dataclass(frozen=True)
class TagUse:
    """How many reviews carry a tag: all of them (drafts included), and the visible ones."""

    total: int = 0
    visible: int = 0


@dataclass(frozen=True)
class MergePlan:
    """What merging one tag into another will do (or did), for the confirmation and the flash.

    It keeps names, not the tags, since the source is gone once the merge is done.
    """

    source_name: str
    source_slug: str
    target_name: str
    target_slug: str
    moving: int  # reviews that get the target tag instead of the source
    overlapping: int  # reviews that already have both: they keep the target once


def normalize_name(raw: str | None) -> str:
    """A tag name trimmed, inner spaces collapsed; a TagError if empty or over NAME_MAX."""
    name = " ".join((raw or "").split())
    if not name:
        raise TagError("A tag needs a name.", "name")
    if len(name) > NAME_MAX:
        raise TagError(f"Keep a tag's name to {NAME_MAX} characters.", "name")
    return name


def tags_page(page: int):
    """One page of every tag, alphabetical."""
    query = sa.select(Tag).order_by(sa.func.lower(Tag.name), Tag.id)
    per_page = current_app.config["STUDIO_TAGS_PER_PAGE"]
    return window(query, page, per_page)


def page_of(tag: Tag) -> int:
    """The page of the tag list that shows ``tag``, to go back to it after a change."""
    # Lower-cased by the database, as the list's ORDER BY is (SQLite folds ASCII only).
    key, tag_key = sa.func.lower(Tag.name), sa.func.lower(sa.literal(tag.name))
    before = db.session.scalar(sa.select(sa.func.count(Tag.id)).where(
        sa.or_(key < tag_key, sa.and_(key == tag_key, Tag.id < tag.id))))
    return before // current_app.config["STUDIO_TAGS_PER_PAGE"] + 1


def uses(tag_ids) -> dict[int, TagUse]:
    """Per tag, its reviews (drafts and scheduled included) and its visible ones, in one query."""
    found = {tag_id: TagUse() for tag_id in tag_ids}
    if not found:
        return found
    visible = sa.func.sum(sa.case((Review.is_visible, 1), else_=0))
    rows = db.session.execute(
        sa.select(review_tags.c.tag_id, sa.func.count(Review.id), visible)
        .join(Review, Review.id == review_tags.c.review_id)
        .where(review_tags.c.tag_id.in_(tag_ids)).group_by(review_tags.c.tag_id))
    found.update({tag_id: TagUse(total, int(shown or 0)) for tag_id, total, shown in rows})
    return found


def all_tags_except(tag: Tag) -> list[Tag]:
    """Every other tag, alphabetical: what a tag can be merged into."""
    return list(db.session.scalars(
        sa.select(Tag).where(Tag.id != tag.id).order_by(sa.func.lower(Tag.name), Tag.id)))


def holder_of_name(name: str, other_than: int) -> Tag | None:
    """The tag, other than ``other_than``, whose name folds to the same key as ``name``."""
    return db.session.scalar(sa.select(Tag).where(Tag.name_key == tag_key(name),
                                                  Tag.id != other_than))


def name_conflict(name: str, other: Tag) -> TagConflict:
    """The 409 for a name that ``other`` already has (in another case or form)."""
    return TagConflict(f"There is already a tag named “{other.name}” (/tags/{other.slug}). "
                       "To make them one tag, merge this tag into it.", "name", other)


@rolls_back
def update_tag(tag: Tag, name: str, kind: TagKind | str) -> bool:
    """Rename a tag (re-slugging it) and set its kind; True when its address changed."""
    name = normalize_name(name)
    try:
        kind = TagKind(kind)
    except ValueError:
        raise TagError("Choose one of the kinds in the list.", "kind") from None
    clash = holder_of_name(name, tag.id)
    if clash is not None:
        raise name_conflict(name, clash)
    slug = tag.slug if tag_key(name) == tag.name_key and tag.slug else free_slug(name, tag.id)
    moved, renamed = slug != tag.slug, name != tag.name
    if moved:
        keep_old_address(tag.slug, tag.id, new_slug=slug)
    tag.name, tag.name_key, tag.slug, tag.kind = name, tag_key(name), slug, kind
    try:
        if renamed:
            search.reindex(search.reviews_tagged(tag.id), body_changed=False)
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        clash = holder_of_name(name, tag.id)
        if clash is None:
            raise TagConflict("Another tag took that address a moment ago. Please send the "
                              "form again.", "name") from None
        raise name_conflict(name, clash) from None
    forget_cloud()
    return moved


def merge_target(source: Tag, target_id) -> Tag:
    """The tag to merge ``source`` into, from a form's value; a TagError if there is none."""
    number = parse_number(target_id)
    target = db.session.get(Tag, number) if number is not None else None
    if target is None:
        raise TagError("Choose the tag to merge into.", "into")
    if target.id == source.id:
        raise TagError("A tag cannot be merged into itself: choose another one.", "into")
    return target


def merge_plan(source: Tag, target: Tag) -> MergePlan:
    """Count what a merge would do, without doing it."""
    on_source = sa.select(review_tags.c.review_id).where(review_tags.c.tag_id == source.id)
    overlapping = db.session.scalar(
        sa.select(sa.func.count()).select_from(review_tags)
        .where(review_tags.c.tag_id == target.id, review_tags.c.review_id.in_(on_source)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(on_source.subquery()))
    return MergePlan(source.name, source.slug, target.name, target.slug, total - overlapping,
                     overlapping)


@rolls_back
def merge(source: Tag, target: Tag) -> MergePlan:
    """Move every review of ``source`` to ``target`` and delete ``source``, in one transaction.

    Reviews that already carry both keep a single ``target`` row: only the others are copied.
    """
    if source.id == target.id:
        raise TagError("A tag cannot be merged into itself: choose another one.", "into")
    plan = merge_plan(source, target)
    on_target = sa.select(review_tags.c.review_id).where(review_tags.c.tag_id == target.id)
    moving = (sa.select(review_tags.c.review_id, sa.literal(target.id, sa.Integer))
              .where(review_tags.c.tag_id == source.id,
                     review_tags.c.review_id.not_in(on_target)))
    try:
        retagged = search.reviews_tagged(source.id)
        db.session.execute(sa.insert(review_tags).from_select(["review_id", "tag_id"], moving))
        db.session.execute(sa.delete(review_tags).where(review_tags.c.tag_id == source.id))
        tag_counts.recount([target.id])  # bulk statements pass by the session's events
        # The source's old addresses, and its own, now lead to the target's page.
        db.session.execute(sa.update(TagSlugRedirect).where(TagSlugRedirect.tag_id == source.id)
                           .values(tag_id=target.id))
        keep_old_address(source.slug, target.id)
        db.session.delete(source)
        search.reindex(retagged, body_changed=False)
        db.session.commit()
    except sa.exc.IntegrityError:
        # A review was tagged while the merge ran: nothing was changed; it can simply be re-run.
        db.session.rollback()
        raise TagConflict("The tags changed while merging, so nothing was done. Please try "
                          "again.", None) from None
    forget_cloud()
    return plan
