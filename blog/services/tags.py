"""Tags: the weighted cloud, computed from visible reviews, never stored (but briefly cached)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import groupby

import sqlalchemy as sa

from blog.extensions import cache, db
from blog.models import Review, Tag, TagKind, review_tags

CLOUD_STEPS = 5
# Counting every visible review grows with the blog, so the cloud is cached. Writes that change
# it call forget_cloud(); the short timeout covers scheduled reviews coming into view.
CLOUD_CACHE_SECONDS = 60
SIDEBAR_TAGS = 30
CLOUD_CACHE_KEYS = {None: "tag-cloud/all", SIDEBAR_TAGS: "tag-cloud/sidebar"}


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
    key = CLOUD_CACHE_KEYS[limit]
    weighted = cache.get(key)
    if weighted is None:
        weighted = _count_cloud(limit)
        cache.set(key, weighted, timeout=CLOUD_CACHE_SECONDS)
    return weighted


def _count_cloud(limit: int | None) -> list[WeightedTag]:
    count = sa.func.count(review_tags.c.review_id).label("review_count")
    query = (sa.select(Tag.name, Tag.slug, Tag.kind, count)
             .join(review_tags, review_tags.c.tag_id == Tag.id)
             .join(Review, Review.id == review_tags.c.review_id)
             .where(Review.is_visible)
             .group_by(Tag.id, Tag.name, Tag.slug, Tag.kind)
             .order_by(count.desc(), Tag.name))
    if limit:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    steps = cloud_steps([row.review_count for row in rows])
    weighted = [WeightedTag(row.name, row.slug, row.kind, row.review_count, step)
                for row, step in zip(rows, steps)]
    return sorted(weighted, key=lambda item: item.name.casefold())


def forget_cloud() -> None:
    """Drop the cached cloud after a write that changes which tags visible reviews carry."""
    cache.delete_many(*CLOUD_CACHE_KEYS.values())


def cloud_by_kind() -> list[tuple[TagKind, list[WeightedTag]]]:
    """The whole cloud grouped by tag kind, kinds in their declared order."""
    order = list(TagKind)
    ranked = sorted(cloud(), key=lambda item: order.index(item.kind))
    return [(kind, list(items)) for kind, items in groupby(ranked, key=lambda i: i.kind)]


def find(slug: str) -> Tag | None:
    """The tag with this slug, or None."""
    return db.session.scalar(sa.select(Tag).where(Tag.slug == slug))
