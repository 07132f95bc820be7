"""Tags: naming them, and the weighted cloud, read from the per-tag counts kept on every write
(``services/tag_counts.py``; the cloud itself kept between writes too).

A tag is known by its name folded (case folding and NFKC: "ß" and "SS" are one tag, "café" and
"cafe" two). Its slug only makes the address: two names that transliterate alike get
"-2", "-3"…, and a name without letters or digits (an emoji) gets one made of its code points.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import groupby

import sqlalchemy as sa
from slugify import slugify

from blog.extensions import cache, db
from blog.models import Tag, TagKind, TagSlugRedirect, fold_name
from blog.services import review_links, tag_counts
from blog.generations import CONTENT

NAME_MAX = 60
SLUG_MAX = 80
CLOUD_STEPS = 5
# Reading the kept counts walks the tags, not the reviews (30 ms at 100,000 reviews), so the
# cloud is kept too, under the generation every change to what pages show moves on (a tag
# renamed as much as a review published), until the next scheduled review comes into view.
SIDEBAR_TAGS = 30
CLOUD_CACHE_KEYS = {None: "tag-cloud/{generation}/all",
                    SIDEBAR_TAGS: "tag-cloud/{generation}/sidebar"}


# Genres a critic commonly tags with, folded (case, spaces, hyphens) for matching a new tag's name.
KNOWN_GENRES = frozenset("".join(name.casefold().split()).replace("-", "") for name in (
    "Action", "Adventure", "Animation", "Biography", "Biopic", "Comedy", "Crime", "Documentary",
    "Drama", "Epic", "Family", "Fantasy", "Film noir", "Noir", "Neo-noir", "Giallo", "History",
    "Horror", "Musical", "Music", "Mystery", "Romance", "Romantic comedy", "Sci-fi",
    "Science fiction", "Short", "Silent", "Sport", "Superhero", "Thriller", "War", "Western",
    "Melodrama", "Satire", "Slasher", "Heist", "Psychological thriller", "Coming-of-age drama",
    "Martial arts", "Disaster", "Mockumentary", "Road movie", "Spy", "Teen", "Period drama"))
DECADE = re.compile(r"(?:1[89]|2[01])\d0s|'?[0-9]0s")
YEAR = re.compile(r"(?:18[89]|19\d|20\d|21\d)\d")


def infer_kind(name: str, people: tuple[str, ...] | list[str] = ()) -> TagKind:
    """The kind a new tag most likely is: a decade or year, a known genre, a credited person.

    Used when a tag is created from the review form, and meant for importers too: only safe
    guesses are made, anything else is "other" for the author to change.
    """
    text = " ".join(name.split())
    if DECADE.fullmatch(text) or YEAR.fullmatch(text):
        return TagKind.DECADE  # years group with decades: both say when a film is from
    if "".join(text.casefold().split()).replace("-", "") in KNOWN_GENRES:
        return TagKind.GENRE
    if text.casefold() in {" ".join(person.split()).casefold() for person in people}:
        return TagKind.PERSON
    return TagKind.OTHER


@dataclass(frozen=True)
class WeightedTag:
    """A tag in the cloud, with its use and its size step."""

    name: str
    slug: str
    kind: TagKind
    count: int
    step: int  # 1 (rarest) .. CLOUD_STEPS (most used)


def cloud_steps(counts: list[int], steps: int = CLOUD_STEPS) -> list[int]:
    """Map review counts onto size steps on a log scale, so one huge tag does not flatten the rest."""
    if not counts:
        return []
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return [math.ceil(steps / 2)] * len(counts)
    return [1 + round((math.log(count) - low) / (high - low) * (steps - 1)) for count in counts]


def cloud() -> list[WeightedTag]:
    """Every tag on a visible review with its count and size step, alphabetical."""
    return _cached_cloud(None)


def sidebar_cloud() -> list[WeightedTag]:
    """The most used tags, weighted among themselves, for the homepage's sidebar."""
    return _cached_cloud(SIDEBAR_TAGS)


def _cached_cloud(limit: int | None) -> list[WeightedTag]:
    generation = CONTENT.current()
    if generation is None:  # no cache
        return _count_cloud(limit)
    key = CLOUD_CACHE_KEYS[limit].format(generation=generation)
    weighted = cache.get(key)
    if weighted is None:
        weighted = _count_cloud(limit)
        if (lifetime := review_links.seconds_to_keep()) > 0:
            cache.set(key, weighted, timeout=lifetime)
    return weighted


def _count_cloud(limit: int | None) -> list[WeightedTag]:
    waiting = tag_counts.not_yet_due()
    count = tag_counts.visible_count_column(waiting)
    query = (sa.select(Tag.name, Tag.slug, Tag.kind, count)
             .outerjoin(waiting, waiting.c.tag_id == Tag.id)
             .where(count > 0)
             .order_by(count.desc(), Tag.name))
    if limit:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    steps = cloud_steps([row.review_count for row in rows])
    weighted = [WeightedTag(row.name, row.slug, row.kind, row.review_count, step)
                for row, step in zip(rows, steps)]
    return sorted(weighted, key=lambda item: item.name.casefold())


def visible_count(slug: str) -> int | None:
    """How many visible reviews carry the tag, read from the cached cloud (no count per page)."""
    return next((item.count for item in cloud() if item.slug == slug), None)


def forget_cloud() -> None:
    """Drop the kept cloud now, before the write that changes it is committed (which drops it
    anyway)."""
    generation = CONTENT.current()
    if generation is not None:
        cache.delete_many(*(key.format(generation=generation)
                            for key in CLOUD_CACHE_KEYS.values()))


def cloud_by_kind() -> list[tuple[TagKind, list[WeightedTag]]]:
    """The whole cloud grouped by tag kind, kinds in their declared order."""
    order = list(TagKind)
    ranked = sorted(cloud(), key=lambda item: order.index(item.kind))
    return [(kind, list(items)) for kind, items in groupby(ranked, key=lambda i: i.kind)]


def find(slug: str) -> Tag | None:
    """The tag with this slug, or None."""
    return db.session.scalar(sa.select(Tag).where(Tag.slug == slug))


# ---------- Naming ----------

def tag_key(name: str) -> str:
    """What makes two tag names the same tag: case folding and NFKC, spaces collapsed."""
    return fold_name(name)


def base_slug(name: str) -> str:
    """The address a name would like: its transliteration, or its code points when it has
    no letters or digits to transliterate (so "🎬" still gets a working address)."""
    slug = slugify(name, max_length=SLUG_MAX)
    if slug:
        return slug
    points = "-".join(f"{ord(ch):x}" for ch in tag_key(name) if not ch.isspace())
    return ("tag-" + points)[:SLUG_MAX].rstrip("-") or "tag"


def free_slug(name: str, other_than: int | None = None) -> str:
    """The name's slug, with "-2", "-3"… when another tag (stored or about to be) has it."""
    base = base_slug(name)
    stem = base[:SLUG_MAX - 4].rstrip("-")
    taken = set(db.session.scalars(sa.select(Tag.slug).where(
        sa.or_(Tag.slug == base, Tag.slug.like(f"{stem}-%")),
        Tag.id != other_than if other_than is not None else sa.true())))
    taken |= {obj.slug for obj in db.session.new if isinstance(obj, Tag)}
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{stem}-{number}", number + 1
    return slug


def tag_names(text: str) -> list[str]:
    """Comma-separated tag names, trimmed, spaces collapsed, without repeats (by tag key);
    TagNameTooLong for a name over NAME_MAX, so nothing typed is cut without a word."""
    names: dict[str, str] = {}
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        if len(name) > NAME_MAX:
            raise TagNameTooLong(f"Keep each tag's name to {NAME_MAX} characters "
                                 f"(“{name[:20]}…” has {len(name)}).")
        if name:
            names.setdefault(tag_key(name), name)
    return list(names.values())


class TagNameTooLong(ValueError):
    """A typed tag name is longer than a tag's name can be."""


def tags_named(names: list[str], people: list[str] | tuple[str, ...] = ()) -> list[Tag]:
    """The tags with these names (compared by tag key), creating the ones that do not exist,
    their kind guessed from the name (and ``people``, the names credited on the film)."""
    keys = [tag_key(name) for name in names]
    with db.session.no_autoflush:
        found = {tag.name_key: tag for tag in db.session.scalars(
            sa.select(Tag).where(Tag.name_key.in_(keys)))}
        for name, key in zip(names, keys):
            if key not in found:
                found[key] = Tag(name=name, name_key=key, slug=free_slug(name),
                                 kind=infer_kind(name, people))
                db.session.add(found[key])
    return [found[key] for key in keys]


def current_slug(old_slug: str) -> str | None:
    """The slug a renamed or merged tag has now, if ``old_slug`` was once its address (or is
    its address typed in capitals)."""
    candidates = {old_slug, old_slug.lower()}
    redirected = (sa.select(Tag.slug).join(TagSlugRedirect.tag)
                  .where(TagSlugRedirect.old_slug.in_(candidates)))
    query = sa.union(redirected, sa.select(Tag.slug).where(Tag.slug == old_slug.lower()))
    return db.session.scalar(sa.select(query.subquery()).limit(1))


def keep_old_address(old_slug: str, tag_id: int, new_slug: str | None = None) -> None:
    """Make ``old_slug`` redirect to the tag ``tag_id`` (in the caller's transaction).

    An address taken by a live tag needs no redirect, so one for ``new_slug`` is dropped.
    """
    taken = [slug for slug in (old_slug, new_slug) if slug]
    db.session.execute(sa.delete(TagSlugRedirect).where(TagSlugRedirect.old_slug.in_(taken)))
    db.session.add(TagSlugRedirect(old_slug=old_slug, tag_id=tag_id))
