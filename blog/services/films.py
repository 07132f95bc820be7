"""Films as authors describe them in the review form: facts, credits, where to watch."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import sqlalchemy as sa
from slugify import slugify

from blog.extensions import db
from blog.models import Credit, CreditRole, Film, Person, Review, User, WatchOption
from blog.services.errors import FilmLocked, WritingConflict, WritingError, rolls_back
from blog.services.studio_people import NAME_MAX as PERSON_NAME_MAX
from blog.trailers import parse_trailer

LOCKED_MESSAGE = ("Another author reviewed this film first, so only they or an admin can "
                  "change its facts. Your review can use the film as it is.")
IMDB_PERSON = re.compile(r"^nm\d{7,9}$")
# BCP 47 tags for the languages films are most often in; a language not listed here needs its
# tag typed in the form (the page then marks the original title with it, for screen readers).
LANGUAGE_TAGS = {
    "arabic": "ar", "bengali": "bn", "cantonese": "yue", "chinese": "zh", "czech": "cs",
    "danish": "da", "dutch": "nl", "english": "en", "finnish": "fi", "french": "fr",
    "german": "de", "greek": "el", "hebrew": "he", "hindi": "hi", "hungarian": "hu",
    "icelandic": "is", "indonesian": "id", "italian": "it", "japanese": "ja", "korean": "ko",
    "malayalam": "ml", "mandarin": "zh", "norwegian": "no", "persian": "fa", "farsi": "fa",
    "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru", "serbian": "sr",
    "spanish": "es", "swedish": "sv", "tamil": "ta", "telugu": "te", "thai": "th",
    "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi", "wolof": "wo"}
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
WATCH_KINDS = ("stream", "rent", "buy")
SITE_HOSTS = {"rotten_tomatoes_url": "rottentomatoes.com", "letterboxd_url": "letterboxd.com"}
# The columns' lengths: a longer value is a form error rather than a database error.
CHARACTER_MAX = 200
PERSON_SLUG_MAX = 140
SERVICE_MAX = 80
LINK_MAX = 300
# The review form's film fields: what ``describe`` gives and ``FilmFacts.from_typed`` takes.
FILM_FIELDS = ("film_title", "original_title", "year", "release_date", "runtime_minutes",
               "countries", "languages", "synopsis", "language", "trailer_url", "imdb_id",
               "rotten_tomatoes_url", "letterboxd_url", "directors", "writers", "cast", "watch")


@dataclass
class FilmFacts:
    """What the form says about a film; credits are lines still to be matched to people."""

    title: str
    original_title: str = ""
    year: int | None = None
    release_date: date | None = None
    runtime_minutes: int | None = None
    countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    synopsis: str = ""
    trailer_url: str = ""
    imdb_id: str | None = None
    rotten_tomatoes_url: str = ""
    letterboxd_url: str = ""
    language: str = ""
    directors: str = ""
    writers: str = ""
    cast: str = ""
    watch: str = ""

    @classmethod
    def from_typed(cls, typed: dict) -> FilmFacts:
        """The facts from the film fields as typed (named as ``describe`` names them)."""
        same = {name: typed[name] for name in FILM_FIELDS
                if name not in ("film_title", "countries", "languages", "imdb_id")}
        return cls(title=typed["film_title"], countries=split_list(typed["countries"]),
                   languages=split_list(typed["languages"]), imdb_id=typed["imdb_id"] or None,
                   **same)


def split_list(text: str) -> list[str]:
    """Comma-separated words as a clean list, in order, without repeats."""
    seen: dict[str, None] = {}
    for item in (text or "").split(","):
        item = " ".join(item.split())
        if item and item.casefold() not in {k.casefold() for k in seen}:
            seen[item] = None
    return list(seen)


def language_tag(typed: str, languages: list[str]) -> str:
    """The original title's BCP 47 tag: as typed, else from the film's first known language."""
    typed = (typed or "").strip()
    if typed:
        if not LANGUAGE_TAG.match(typed) or len(typed) > 35:
            raise WritingError("Write a language tag such as ja, ko or pt-BR.", "language")
        return typed
    return next((LANGUAGE_TAGS[name.casefold()] for name in languages
                 if name.casefold() in LANGUAGE_TAGS), "")


def check_links(facts: FilmFacts) -> None:
    """The trailer must be YouTube or Vimeo; review-site links must be http(s) on that site."""
    if facts.trailer_url and parse_trailer(facts.trailer_url) is None:
        raise WritingError("Use a YouTube or Vimeo video link for the trailer.", "trailer_url")
    for name, host in SITE_HOSTS.items():
        url = getattr(facts, name) or ""
        parts = urlsplit(url)
        if url and (parts.scheme not in ("http", "https") or not (
                (parts.hostname or "") == host or (parts.hostname or "").endswith("." + host))):
            raise WritingError(f"Use a link to {host} (starting with https://).", name)


def film_keeper_id(film: Film) -> int | None:
    """The author whose review of the film came first: the one who described it."""
    return db.session.scalar(sa.select(Review.author_id).where(Review.film_id == film.id)
                             .order_by(Review.created_at, Review.id).limit(1))


def can_edit_film(user: User, film: Film | None) -> bool:
    """Who may change a film's facts: admins, and the author of its first review.

    Other authors reviewing the same film take its facts as they are, so nobody can change
    what another author's published review shows (its credits, links, where to watch).
    """
    if film is None or film.id is None or user.is_admin:
        return True
    return film_keeper_id(film) in (None, user.id)


def facts_differ(film: Film, typed: dict) -> bool:
    """Whether the typed film fields say anything other than what is stored."""
    def norm(value) -> str:
        text = "" if value is None else str(value)
        return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())

    return any(norm(stored) != norm(typed.get(name)) for name, stored in describe(film).items())


@rolls_back
def save_film(film: Film | None, facts: FilmFacts, editor: User) -> Film:
    """Create the film, or update it, with its credits and where-to-watch rows."""
    if not can_edit_film(editor, film):
        raise FilmLocked(LOCKED_MESSAGE, "film_title")
    with db.session.no_autoflush:  # a half-edited film must not be flushed by a lookup
        return fill_film(film, facts)


def fill_film(film: Film | None, facts: FilmFacts) -> Film:
    if not facts.title:
        raise WritingError("Give the film's title, or pick a film already here.", "film_title")
    check_links(facts)
    if facts.imdb_id:
        clash = db.session.scalar(sa.select(Film).where(Film.imdb_id == facts.imdb_id))
        if clash is not None and clash is not film:
            raise WritingConflict(f"{clash.title} ({clash.year}) already has that IMDb id: "
                                  "pick it from the list of films instead.", "imdb_id")
    # Someone already credited on this film is who a bare name means when it is edited.
    known = {credit.person.name.lower(): credit.person for credit in film.credits} if film else {}
    credits = (people_lines(facts.directors, CreditRole.DIRECTOR, "directors", known)
               + people_lines(facts.writers, CreditRole.WRITER, "writers", known)
               + people_lines(facts.cast, CreditRole.CAST, "cast", known))
    watch = watch_lines(facts.watch)
    film = film or Film()
    for name in ("year", "release_date", "runtime_minutes", "countries", "languages"):
        setattr(film, name, getattr(facts, name))
    for name in ("title", "original_title", "synopsis", "trailer_url", "rotten_tomatoes_url",
                 "letterboxd_url"):
        setattr(film, name, getattr(facts, name) or "")
    film.imdb_id = facts.imdb_id or None
    film.language = language_tag(facts.language, facts.languages)
    film.credits = [Credit(person=who, role=role, character=character, position=position)
                    for position, (who, role, character) in enumerate(credits)]
    film.watch_options = watch
    db.session.add(film)
    return film


def people_lines(text: str, role: CreditRole, field_name: str, known: dict[str, Person]):
    """Match each line ("Name | Character | nm… or @slug or new") to a person."""
    matched = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = [part.strip() for part in line.split("|")]
        if not parts[0]:
            continue
        marker = next((p for p in parts[1:] if IMDB_PERSON.match(p) or p.startswith("@")
                       or p.lower() == "new"), "")
        extras = [p for p in parts[1:] if p and p != marker]
        character = extras[0] if role is CreditRole.CAST and extras else ""
        if len(parts[0]) > PERSON_NAME_MAX:
            raise WritingError(f"Line {number}: keep a name to {PERSON_NAME_MAX} characters.",
                               field_name)
        if len(character) > CHARACTER_MAX:
            raise WritingError(f"Line {number}: keep a character's name to {CHARACTER_MAX} "
                               "characters.", field_name)
        person = known.get(parts[0].lower()) if not marker else None
        person = person or find_person(parts[0], marker, field_name, number)
        # The same name again in this form (a writer-director, say) means the same person,
        # even one this save is creating.
        known.setdefault(parts[0].lower(), person)
        matched.append((person, role, character))
    return matched


def pending_person(**match) -> Person | None:
    """A person this save has added but not yet stored, with these attribute values."""
    return next((obj for obj in db.session.new if isinstance(obj, Person)
                 and all(getattr(obj, name) == value for name, value in match.items())), None)


def find_person(name: str, marker: str, field_name: str, line: int) -> Person:
    """The person a credit line means: by IMDb id, by @slug, new, or by an unambiguous name."""
    if IMDB_PERSON.match(marker):
        person = db.session.scalar(sa.select(Person).where(Person.imdb_id == marker))
        return person or pending_person(imdb_id=marker) or new_person(name, marker)
    if marker.startswith("@"):
        person = db.session.scalar(sa.select(Person).where(Person.slug == marker[1:])) or (
            pending_person(slug=marker[1:]))
        if person is None:
            raise WritingError(f"Line {line}: nobody here has the address {marker}.", field_name)
        return person
    namesakes = pending_or_stored_namesakes(name)
    if marker.lower() == "new" or not namesakes:
        return new_person(name, None)
    options = ", ".join(f"@{person.slug}" for person in namesakes)
    raise WritingError(
        f"Line {line}: “{name}” could be someone already here ({options}). Add “| @address” "
        f"to mean them, or “| new” for a different person with the same name.", field_name)


def pending_or_stored_namesakes(name: str) -> list[Person]:
    """People with this name (any case), including ones added earlier in the same save."""
    stored = db.session.scalars(sa.select(Person).where(
        sa.func.lower(Person.name) == name.lower())).all()
    pending = [obj for obj in db.session.new if isinstance(obj, Person)
               and obj.name.lower() == name.lower()]
    return [*stored, *pending]


def new_person(name: str, imdb_id: str | None) -> Person:
    """A new person with a slug no one else has (cut to leave room for a "-2" suffix)."""
    base = slugify(name, max_length=PERSON_SLUG_MAX - 6) or "person"
    taken = set(db.session.scalars(sa.select(Person.slug).where(
        sa.or_(Person.slug == base, Person.slug.like(f"{base}-%")))))
    taken |= {obj.slug for obj in db.session.new if isinstance(obj, Person)}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    person = Person(name=name, slug=slug, imdb_id=imdb_id)
    db.session.add(person)
    return person


def watch_lines(text: str) -> list[WatchOption]:
    """Where-to-watch rows from lines "Service | kind | region | link | YYYY-MM-DD"."""
    options = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 5 or not parts[0]:
            raise WritingError(f"Line {number}: write Service | kind | region | link | "
                               "date (five parts).", "watch")
        service, kind, region, url, checked = parts
        if len(service) > SERVICE_MAX or len(url) > LINK_MAX:
            raise WritingError(f"Line {number}: keep the service to {SERVICE_MAX} characters "
                               f"and the link to {LINK_MAX}.", "watch")
        if kind.lower() not in WATCH_KINDS:
            raise WritingError(f"Line {number}: the kind is stream, rent or buy.", "watch")
        if not re.fullmatch(r"[A-Za-z]{2}", region):
            raise WritingError(f"Line {number}: the region is a two-letter code such as GB.",
                               "watch")
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise WritingError(f"Line {number}: the link must start with https://.", "watch")
        try:
            checked_on = date.fromisoformat(checked)
        except ValueError:
            raise WritingError(f"Line {number}: write the date checked as YYYY-MM-DD.",
                               "watch") from None
        options.append(WatchOption(service=service, kind=kind.lower(), region=region.upper(),
                                   url=url, checked_on=checked_on))
    return options


def describe(film: Film) -> dict:
    """The film as form fields, credits written so that saving again matches the same people."""
    def lines(role):
        return "\n".join(
            " | ".join(part for part in (credit.person.name, credit.character,
                                         f"@{credit.person.slug}") if part)
            for credit in film.credits if credit.role == role)

    return {
        "film_title": film.title, "original_title": film.original_title, "year": film.year,
        "release_date": film.release_date, "runtime_minutes": film.runtime_minutes,
        "countries": ", ".join(film.countries or []),
        "languages": ", ".join(film.languages or []), "synopsis": film.synopsis,
        "language": film.language,
        "trailer_url": film.trailer_url, "imdb_id": film.imdb_id or "",
        "rotten_tomatoes_url": film.rotten_tomatoes_url,
        "letterboxd_url": film.letterboxd_url,
        "directors": lines(CreditRole.DIRECTOR), "writers": lines(CreditRole.WRITER),
        "cast": lines(CreditRole.CAST),
        "watch": "\n".join(f"{o.service} | {o.kind} | {o.region} | {o.url} | "
                           f"{o.checked_on.isoformat()}" for o in film.watch_options),
    }
