"""What this blog's own export adds to WordPress's fields, read back: the Markdown source, the
film's facts, credits and where to watch, the rating and verdict, old slugs and tag kinds.

None of it is trusted: an export can be edited by hand or come from anywhere, so every value
goes through the checks the studio's review form and services apply to typed input (lengths,
numbers in range, IMDb ids, links through ``films.check_links`` and ``films.watch_lines``).
A record that fails them is set aside with a warning and the post imports as any WordPress post
does (its film inferred from the title and links).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Credit, CreditRole, Film, Person, Review, ReviewSlugRedirect, Tag, TagKind
from blog.services import films, tags as tag_service
from blog.services.films import FilmFacts
from blog.services.studio_people import NAME_MAX as PERSON_NAME_MAX
from blog.services.writing import WritingError
from blog.wordpress.exporter import (MARKDOWN_META, OLD_SLUG_META, REVIEW_META, TAG_KIND_META,
                                     TAG_OLD_SLUG_META)
from blog.wordpress.wxr import WxrItem, WxrTerm

# The post meta that changes what an import makes of a post (part of its fingerprint).
READ_META = (REVIEW_META, MARKDOWN_META, OLD_SLUG_META, "rating", "verdict", "film_title",
             "film_original_title", "film_year", "film_release_date", "film_runtime_minutes",
             "film_countries", "film_languages", "film_imdb_url", "film_trailer_url",
             "film_rotten_tomatoes_url", "film_letterboxd_url", "film_director", "film_writer",
             "film_cast")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # the review form's slug pattern
IMDB_FILM = re.compile(r"^tt\d{7,9}\Z")
# The review form's limits (blog/write/forms.py), for values that never pass through it.
TEXT_LIMITS = {"title": 200, "original_title": 200, "synopsis": 5000, "trailer_url": 300,
               "rotten_tomatoes_url": 300, "letterboxd_url": 300, "language": 35}
LIST_LIMIT = 300  # countries and languages, joined by commas
VERDICT_MAX = 200
CREDITS_MAX = 500
WATCH_MAX = 100


class RecordError(ValueError):
    """The export's record of a review cannot be used as it is."""


@dataclass
class CreditLine:
    name: str
    role: CreditRole
    character: str = ""
    slug: str = ""
    imdb_id: str | None = None


@dataclass
class ReviewRecord:
    """A review's facts as the export records them, checked."""

    facts: FilmFacts | None = None
    credits: list[CreditLine] = field(default_factory=list)
    rating_halves: int | None = None
    verdict: str = ""


def markdown_source(item: WxrItem) -> str | None:
    """The review's Markdown as the blog stored it, when the export carries it."""
    source = item.meta.get(MARKDOWN_META)
    return source if source and source.strip() else None


def read_record(item: WxrItem) -> ReviewRecord:
    """The film, rating and verdict an export records for a post: from ``_blog_review`` when
    present, else the readable ``rating`` and ``verdict`` fields. Raises RecordError."""
    raw = item.meta.get(REVIEW_META)
    if not raw and item.meta.get("film_title"):
        facts, credits = film_facts(readable_film(item))
        return ReviewRecord(facts=facts, credits=credits,
                            rating_halves=rating_from_stars(item.meta.get("rating", "")),
                            verdict=verdict_of(item.meta.get("verdict", "")))
    if not raw:
        return ReviewRecord(rating_halves=rating_from_stars(item.meta.get("rating", "")),
                            verdict=verdict_of(item.meta.get("verdict", "")))
    try:
        data = json.loads(raw)
    except ValueError:
        raise RecordError("its _blog_review meta is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("review", {}), dict) or \
            not isinstance(data.get("film"), dict):
        raise RecordError("its _blog_review meta is not a review record")
    review = data.get("review", {})
    halves = review.get("rating_halves")
    if halves is not None and (type(halves) is not int or not 1 <= halves <= 10):
        raise RecordError("its rating is not between half a star and five stars")
    facts, credits = film_facts(data["film"])
    return ReviewRecord(facts=facts, credits=credits, rating_halves=halves,
                        verdict=verdict_of(review.get("verdict")))


def readable_film(item: WxrItem) -> dict:
    """The readable ``film_*`` custom fields (an export without ``_blog_review``, or one
    written by hand) as a film record, to be checked as the record is."""
    meta = item.meta

    def whole(name: str):
        value = meta.get(name, "").strip()
        return int(value) if value.isdigit() else (value or None)

    imdb = re.search(r"/title/(tt\d{7,9})", meta.get("film_imdb_url", ""))
    credits = []
    for role in CreditRole:
        for value in item.meta_all.get(f"film_{role.value}", []):
            name, _, character = value.partition(" as ") if role is CreditRole.CAST \
                else (value, "", "")
            credits.append({"name": name, "role": role.value, "character": character})
    return {
        "title": meta.get("film_title"), "original_title": meta.get("film_original_title"),
        "year": whole("film_year"), "release_date": meta.get("film_release_date") or None,
        "runtime_minutes": whole("film_runtime_minutes"),
        "countries": films.split_list(meta.get("film_countries", "")),
        "languages": films.split_list(meta.get("film_languages", "")),
        "imdb_id": imdb.group(1) if imdb else None, "trailer_url": meta.get("film_trailer_url"),
        "rotten_tomatoes_url": meta.get("film_rotten_tomatoes_url"),
        "letterboxd_url": meta.get("film_letterboxd_url"), "credits": credits}


def rating_from_stars(text: str) -> int | None:
    """The readable ``rating`` field ("3.5") as half stars, None when absent or unusable."""
    try:
        halves = float(text) * 2
    except ValueError:
        return None
    return int(halves) if halves.is_integer() and 1 <= halves <= 10 else None


def verdict_of(value) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise RecordError("its verdict is not text")
    value = " ".join(value.split())
    if len(value) > VERDICT_MAX:
        raise RecordError(f"its verdict is longer than {VERDICT_MAX} characters")
    return value


def text(data: dict, name: str, limit: int) -> str:
    value = data.get(name)
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise RecordError(f"the film's {name} is not text")
    value = value.strip()
    if len(value) > limit:
        raise RecordError(f"the film's {name} is longer than {limit} characters")
    return value


def number(data: dict, name: str, low: int, high: int) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if type(value) is not int or not low <= value <= high:
        raise RecordError(f"the film's {name} is not a number from {low} to {high}")
    return value


def names(data: dict, name: str) -> list[str]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        raise RecordError(f"the film's {name} is not a list of names")
    cleaned = films.split_list(", ".join(value))
    if len(", ".join(cleaned)) > LIST_LIMIT:
        raise RecordError(f"the film's {name} are longer than {LIST_LIMIT} characters")
    return cleaned


def film_facts(data: dict) -> tuple[FilmFacts, list[CreditLine]]:
    """The film's facts as the studio form would take them, and its credits."""
    released = data.get("release_date")
    try:
        release_date = date.fromisoformat(released) if released else None
    except (TypeError, ValueError):
        raise RecordError("the film's release date is not a date") from None
    imdb_id = data.get("imdb_id") or None
    if imdb_id is not None and (not isinstance(imdb_id, str) or not IMDB_FILM.match(imdb_id)):
        raise RecordError("the film's IMDb id is not one (tt followed by digits)")
    facts = FilmFacts(
        title=" ".join(text(data, "title", TEXT_LIMITS["title"]).split()),
        original_title=text(data, "original_title", TEXT_LIMITS["original_title"]),
        year=number(data, "year", 1870, 2100), release_date=release_date,
        runtime_minutes=number(data, "runtime_minutes", 1, 1500),
        countries=names(data, "countries"), languages=names(data, "languages"),
        synopsis=text(data, "synopsis", TEXT_LIMITS["synopsis"]),
        trailer_url=text(data, "trailer_url", TEXT_LIMITS["trailer_url"]), imdb_id=imdb_id,
        rotten_tomatoes_url=text(data, "rotten_tomatoes_url", TEXT_LIMITS["rotten_tomatoes_url"]),
        letterboxd_url=text(data, "letterboxd_url", TEXT_LIMITS["letterboxd_url"]),
        language=text(data, "language", TEXT_LIMITS["language"]),
        watch=watch_text(data.get("watch") or []))
    if not facts.title:
        raise RecordError("the film has no title")
    try:
        films.check_links(facts)
        films.language_tag(facts.language, facts.languages)
        films.watch_lines(facts.watch)  # checked here; made again when the film is filled
    except WritingError as error:
        raise RecordError(f"the film's facts: {error}") from None
    return facts, credits_of(data.get("credits") or [])


def watch_text(options) -> str:
    """Where to watch, as the lines the studio form takes (and checks)."""
    if not isinstance(options, list) or len(options) > WATCH_MAX:
        raise RecordError("the film's places to watch are not a list")
    lines = []
    for option in options:
        if not isinstance(option, dict):
            raise RecordError("a place to watch is not a record")
        parts = [option.get(name) or "" for name in ("service", "kind", "region", "url",
                                                     "checked_on")]
        if not all(isinstance(part, str) and "|" not in part and "\n" not in part
                   for part in parts):
            raise RecordError("a place to watch has a field that is not one line of text")
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def credits_of(rows) -> list[CreditLine]:
    if not isinstance(rows, list) or len(rows) > CREDITS_MAX:
        raise RecordError("the film's credits are not a list")
    credits = []
    for row in rows:
        if not isinstance(row, dict):
            raise RecordError("a credit is not a record")
        try:
            role = CreditRole(row.get("role"))
        except ValueError:
            raise RecordError("a credit's role is not director, writer or cast") from None
        name = " ".join(str(row.get("name") or "").split()) if isinstance(
            row.get("name"), str) else ""
        character = row.get("character") or ""
        imdb_id = row.get("imdb_id") or None
        slug = row.get("slug") or ""
        if not name or len(name) > PERSON_NAME_MAX:
            raise RecordError(f"a credit's name is empty or longer than {PERSON_NAME_MAX}")
        if not isinstance(character, str) or len(character) > films.CHARACTER_MAX:
            raise RecordError(f"a character's name is longer than {films.CHARACTER_MAX}")
        if imdb_id is not None and (not isinstance(imdb_id, str)
                                    or not films.IMDB_PERSON.match(imdb_id)):
            raise RecordError("a credit's IMDb id is not one (nm followed by digits)")
        if not isinstance(slug, str) or (slug and (not SLUG.match(slug)
                                                   or len(slug) > films.PERSON_SLUG_MAX)):
            raise RecordError("a credit's address is not a slug")
        credits.append(CreditLine(name, role, character.strip() if role is CreditRole.CAST else "",
                              slug, imdb_id))
    return credits


def person_for(credit: CreditLine, made: dict[tuple, Person]) -> Person:
    """The person a credit names: by IMDb id, else by the address and name the export gave,
    else the one person here with that name, else someone new."""
    key = (credit.imdb_id, credit.slug, credit.name.lower())
    if key in made:
        return made[key]
    person = None
    if credit.imdb_id:
        person = db.session.scalar(sa.select(Person).where(Person.imdb_id == credit.imdb_id)) \
            or films.pending_person(imdb_id=credit.imdb_id)
    if person is None and credit.slug:
        same = db.session.scalar(sa.select(Person).where(Person.slug == credit.slug)) or \
            films.pending_person(slug=credit.slug)
        if same is not None and same.name.lower() == credit.name.lower() and \
                (not credit.imdb_id or same.imdb_id in (None, credit.imdb_id)):
            person = same
    if person is None and not credit.imdb_id:
        namesakes = films.pending_or_stored_namesakes(credit.name)
        person = namesakes[0] if len(namesakes) == 1 else None
    person = person or films.new_person(credit.name, credit.imdb_id)
    made[key] = person
    return person


def recorded_film(review: Review, record: ReviewRecord) -> Film:
    """The film a checked record describes: one already here (by IMDb id, the review's own,
    or by title and year) is taken as it is, never changed; otherwise a new one is made."""
    facts = record.facts
    film = db.session.scalar(sa.select(Film).where(Film.imdb_id == facts.imdb_id)) \
        if facts.imdb_id else None
    if film is None and review.film_id is not None:
        film = review.film
    if film is None:
        film = db.session.scalar(sa.select(Film).where(
            sa.func.lower(Film.title) == facts.title.lower(),
            Film.year.is_(None) if facts.year is None else Film.year == facts.year,
            Film.imdb_id.is_(None)).limit(1))
    return film if film is not None else fill_film(None, record)


def fill_film(film: Film | None, record: ReviewRecord) -> Film:
    """A film made (or, for one this import made, filled) from a checked record, through the
    studio's own ``films.fill_film``; credits matched as ``person_for`` says."""
    try:
        film = films.fill_film(film, record.facts)
    except WritingError as error:  # an IMDb id another film has, say
        raise RecordError(f"the film's facts: {error}") from None
    made: dict[tuple, Person] = {}
    film.credits = [Credit(person=person_for(credit, made), role=credit.role,
                                 character=credit.character, position=position)
                    for position, credit in enumerate(record.credits)]
    return film


def keep_old_review_slugs(item: WxrItem, review: Review) -> list[str]:
    """The post's ``_wp_old_slug`` values as the review's old addresses; the ones added."""
    added = []
    for slug in dict.fromkeys(item.meta_all.get(OLD_SLUG_META, [])):
        if not SLUG.match(slug) or len(slug) > 200 or slug == review.slug:
            continue
        taken = db.session.scalar(sa.select(Review.id).where(Review.slug == slug))
        kept = db.session.scalar(sa.select(ReviewSlugRedirect.review_id).where(
            ReviewSlugRedirect.old_slug == slug))
        if taken is None and kept is None:
            db.session.add(ReviewSlugRedirect(old_slug=slug, review=review))
            added.append(slug)
    return added


def free_old_slug(slug: str, imported: set[str]) -> None:
    """A post's own slug wins over another post's old one from the same export (as in
    WordPress, where an old slug only answers when no post has it): that old address stops
    redirecting. Old addresses the studio kept are left alone."""
    if slug in imported:
        db.session.execute(sa.delete(ReviewSlugRedirect)
                           .where(ReviewSlugRedirect.old_slug == slug))


def tag_kind(term: WxrTerm) -> TagKind | None:
    """The kind the export gives a term, when it names one this blog has."""
    for value in term.meta.get(TAG_KIND_META, []):
        try:
            return TagKind(value)
        except ValueError:
            continue
    return None


def keep_old_tag_slugs(terms: list[WxrTerm]) -> int:
    """Every term's ``_blog_old_slug`` values as its tag's old addresses; how many were new."""
    added = 0
    for term in terms:
        slugs = [slug for slug in term.meta.get(TAG_OLD_SLUG_META, [])
                 if SLUG.match(slug) and len(slug) <= tag_service.SLUG_MAX]
        if not slugs:
            continue
        key = tag_service.tag_key(" ".join(term.name.split())[:tag_service.NAME_MAX])
        tag = db.session.scalar(sa.select(Tag).where(Tag.name_key == key))
        if tag is None:
            continue
        for slug in dict.fromkeys(slugs):
            if slug == tag.slug or db.session.scalar(sa.select(Tag.id).where(Tag.slug == slug)):
                continue  # a live tag's address needs no redirect
            if tag_service.current_slug(slug) != tag.slug:
                tag_service.keep_old_address(slug, tag.id)
                added += 1
    return added
