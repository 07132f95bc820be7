"""Generate a realistic site in bulk: explicit ids, long-tailed choices, loaded by ``Loader``
(executemany in chunks on SQLite, COPY on PostgreSQL)."""
from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from slugify import slugify

from bench import text
from bench.loader import Loader
from blog.extensions import db
from blog.models import (Comment, CommentStatus, Credit, CreditRole, Film, Person, Review,
                         ReviewStatus, Role, SearchDocument, Tag, TagKind, User, WatchOption,
                         fold_name, review_tags)
from blog.sanitize import markdown_to_text

# Bump when the generated rows change, so cached sites (bench/sites.py) are built again.
GENERATOR_VERSION = 2
TAG_COUNT = 200
AUTHORS = 8
YEARS_OF_REVIEWS = 10
THREAD_SLUG = "bench-long-thread"
THREAD_COMMENTS = 500
TWENTY_SLUG = "bench-twenty-comments"
TWENTY_COMMENTS = 20
# A word in about one film title in 35: a search with a page or more of results at any size.
SEARCH_QUERY = "ghost"
MAX_DEPTH = 4  # depths 0..4, as COMMENT_MAX_DEPTH = 5 allows


@dataclass(frozen=True)
class Landmarks:
    """What the benchmark fetches: known slugs and a year that has reviews."""
    thread_slug: str
    twenty_slug: str
    popular_tag: str
    person_slug: str
    person_films: int
    rare_person_slug: str
    archive_year: int
    comments: int
    search_query: str = SEARCH_QUERY


class LongTail:
    """Pick indexes 0..n-1 with weight 1 / (rank + offset): a few very common, most rare."""

    def __init__(self, n: int, offset: float, rng: random.Random):
        self.rng = rng
        weights = (1 / (rank + offset) for rank in range(1, n + 1))
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self) -> int:
        """One index, low ones far more often than high ones."""
        return bisect(self.cumulative, self.rng.random() * self.cumulative[-1])

    def distinct(self, k: int) -> list[int]:
        """``k`` different indexes (fewer only if the tail is shorter than ``k``)."""
        chosen: dict[int, None] = {}
        while len(chosen) < min(k, len(self.cumulative)):
            chosen[self.pick()] = None
        return list(chosen)


def user_rows(commenters: int):
    """A few authors, then the commenters (bench.sites gives a few of them a password)."""
    now = datetime.now(timezone.utc)
    for n in range(1, AUTHORS + commenters + 1):
        name = f"critic{n}" if n <= AUTHORS else f"reader{n}"
        yield {"id": n, "username": name, "username_key": name, "email": f"{name}@example.com",
               "password_hash": "bench:not-a-hash", "display_name": name.title(), "bio": "",
               "role": Role.AUTHOR if n <= AUTHORS else Role.COMMENTER, "created_at": now,
               "email_confirmed_at": now, "is_banned": False, "notify_replies": False}


def people_rows(count: int):
    """People with unique slugs ``person-<id>``."""
    for n in range(1, count + 1):
        yield {"id": n, "name": f"Person {n}", "slug": f"person-{n}", "imdb_id": f"nm{n:08d}",
               "bio": "", "portrait_path": ""}


def film_rows(count: int, rng: random.Random, seen: dict[int, tuple[str, int]]):
    """One film per review, with the facts a review page shows."""
    for n in range(1, count + 1):
        year = rng.randint(1930, 2025)
        title = text.film_title(rng, n)
        seen[n] = (title, year)
        yield {"id": n, "title": title, "original_title": "", "year": year,
               "release_date": date(year, rng.randint(1, 12), rng.randint(1, 28)),
               "runtime_minutes": rng.randint(75, 190), "countries": ["GB"],
               "languages": ["English"], "synopsis": "A film.", "trailer_url": "",
               "imdb_id": f"tt{n:08d}", "rotten_tomatoes_url": "", "letterboxd_url": ""}


def credit_rows(films: int, people: LongTail, rng: random.Random, tally: Counter,
                credited: dict[int, list[int]]):
    """Three to five credits a film (a director, maybe a writer, cast), people long-tailed."""
    serial = itertools.count(1)
    for film_id in range(1, films + 1):
        roles = [CreditRole.DIRECTOR] + [CreditRole.WRITER] * rng.randint(0, 1)
        roles += [CreditRole.CAST] * (rng.randint(3, 5) - len(roles))
        for position, (role, index) in enumerate(zip(roles, people.distinct(len(roles)))):
            tally[index + 1] += 1
            credited.setdefault(film_id, []).append(index + 1)
            yield {"id": next(serial), "film_id": film_id, "person_id": index + 1, "role": role,
                   "character": f"Character {position}" if role is CreditRole.CAST else "",
                   "position": position}


def watch_option_rows(films: int, rng: random.Random):
    """Zero to two places to watch each film."""
    serial = itertools.count(1)
    for film_id in range(1, films + 1):
        for service in rng.sample(["Cinema Club", "StreamCo", "RentalBox"], rng.randint(0, 2)):
            yield {"id": next(serial), "film_id": film_id, "service": service, "kind": "stream",
                   "region": "GB", "url": "https://example.com/watch",
                   "checked_on": date(2026, 1, 1)}


def tag_rows():
    """The tags, the most used ("Drama") first: tag id 1 is the popular one."""
    for n, (name, kind) in enumerate(text.tag_names(TAG_COUNT), start=1):
        yield {"id": n, "name": name, "name_key": fold_name(name), "slug": slugify(name),
               "kind": TagKind(kind)}


def publication_times(count: int, rng: random.Random) -> list[datetime]:
    """Publication times spread over the past years, oldest first, so ids follow time."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    span = YEARS_OF_REVIEWS * 365 * 86_400
    return sorted(now - timedelta(seconds=rng.randint(3_600, span)) for _ in range(count))


def review_rows(published: list[datetime], slugs: dict[int, str], rng: random.Random):
    """Published reviews sharing one pre-rendered body; landmark reviews get known slugs."""
    body = text.review_text()
    for review_id, moment in enumerate(published, start=1):
        slug = slugs.get(review_id, f"review-{review_id}")
        yield {"id": review_id, "slug": slug, "title": f"Review {review_id}",
               "dek": "A patient film that asks for patience.", "body": body.body,
               "body_html": body.body_html, "excerpt": body.excerpt,
               "reading_minutes": body.reading_minutes, "rating_halves": rng.randint(1, 10),
               "verdict": "Worth the ticket", "status": ReviewStatus.PUBLISHED,
               "published_at": moment, "created_at": moment, "updated_at": moment,
               "author_id": rng.randint(1, AUTHORS), "film_id": review_id, "poster_path": "",
               "poster_alt": "", "poster_width": None, "poster_height": None,
               "comments_open": True}


def review_tag_rows(reviews: int, tags: LongTail, rng: random.Random, chosen: dict):
    """Tag 1 ("Drama") on every second review, then one to four more tags, long-tailed."""
    for review_id in range(1, reviews + 1):
        picked = [0] if review_id % 2 == 0 else []
        picked += [index for index in tags.distinct(rng.randint(2, 5)) if index][:4]
        chosen[review_id] = picked
        for index in picked:
            yield {"review_id": review_id, "tag_id": index + 1}


def thread_rows(review_id: int, start: datetime, count: int, ids, commenters: int,
                rng: random.Random, bodies):
    """One review's conversation: replies to earlier comments, nested up to MAX_DEPTH."""
    latest = datetime.now(timezone.utc) - timedelta(minutes=1)
    # (id, depth, root id) of comments that may get replies
    parents: list[tuple[int, int, int | None]] = []
    moment = start
    for _ in range(count):
        moment = min(moment + timedelta(minutes=rng.randint(1, 720)), latest)
        parent_id, depth, root_id = (rng.choice(parents) if parents and rng.random() < 0.55
                                     else (None, -1, None))
        source, html = rng.choice(bodies)
        comment_id = next(ids)
        yield {"id": comment_id, "review_id": review_id,
               "author_id": AUTHORS + rng.randint(1, commenters), "parent_id": parent_id,
               "root_id": root_id, "depth": depth + 1, "body_source": source,
               "body_html": html, "status": CommentStatus.APPROVED, "created_at": moment,
               "edited_at": None}
        if depth + 1 < MAX_DEPTH:
            parents.append((comment_id, depth + 1, root_id or comment_id))


def comment_rows(published: list[datetime], per_review: float, fixed: dict[int, int],
                 commenters: int, rng: random.Random):
    """Comments on every review (zero to twice the average), a fixed number on landmarks."""
    ids, bodies = itertools.count(1), text.comment_texts()
    for review_id, moment in enumerate(published, start=1):
        count = fixed.get(review_id) or rng.randint(0, round(2 * per_review))
        yield from thread_rows(review_id, moment, count, ids, commenters, rng, bodies)


def keep_tag_counts() -> None:
    """Fill the tags' kept counts, which rows inserted in bulk bypass (as the migration does)."""
    from blog.services import tag_counts

    tag_counts.recount()
    db.session.commit()


def search_document_rows(reviews: int, films: dict[int, tuple[str, int]],
                         credited: dict[int, list[int]], tags: dict[int, list[int]],
                         verdict: str):
    """One search document a review, as ``services.search.document_for`` builds them."""
    body = markdown_to_text(text.REVIEW_MARKDOWN)
    names = [name for name, _ in text.tag_names(TAG_COUNT)]
    for review_id in range(1, reviews + 1):
        title, year = films[review_id]
        yield {"review_id": review_id, "title": f"Review {review_id}",
               "film": f"{title} {year}",
               "people": ", ".join(f"Person {n}" for n in credited.get(review_id, [])),
               "verdict": verdict, "body": body,
               "tags": ", ".join(names[index] for index in tags.get(review_id, []))}


def generate(reviews: int, comments_per_review: float, seed: int = 1) -> Landmarks:
    """Fill the current app's empty database with a site of ``reviews`` published reviews."""
    with db.engine.connect() as connection:
        landmarks = generate_on(Loader(connection), reviews, comments_per_review, seed)
    keep_tag_counts()
    return landmarks


def generate_on(loader: Loader, reviews: int, comments_per_review: float,
                seed: int = 1) -> Landmarks:
    """The generator itself, writing through ``loader``."""
    rng = random.Random(seed)
    commenters = min(20_000, max(500, reviews // 10))
    people = max(50, reviews * 3 // 2)
    loader.insert(User.__table__, user_rows(commenters))
    loader.insert(Person.__table__, people_rows(people))
    films: dict[int, tuple[str, int]] = {}
    loader.insert(Film.__table__, film_rows(reviews, rng, films))
    tally: Counter = Counter()
    credited: dict[int, list[int]] = {}
    loader.insert(Credit.__table__, credit_rows(reviews, LongTail(people, 100, rng), rng, tally,
                                                credited))
    loader.insert(WatchOption.__table__, watch_option_rows(reviews, rng))
    loader.insert(Tag.__table__, tag_rows())
    published = publication_times(reviews, rng)
    thread_id = max(1, reviews // 2)
    twenty_id = max(1, reviews // 3) if reviews > 2 else reviews
    slugs = {twenty_id: TWENTY_SLUG, thread_id: THREAD_SLUG}
    loader.insert(Review.__table__, review_rows(published, slugs, rng))
    chosen: dict[int, list[int]] = {}
    loader.insert(review_tags, review_tag_rows(reviews, LongTail(TAG_COUNT, 0, rng), rng, chosen))
    loader.insert(SearchDocument.__table__, search_document_rows(
        reviews, films, credited, chosen, "Worth the ticket"))
    fixed = {twenty_id: TWENTY_COMMENTS, thread_id: THREAD_COMMENTS}
    comments = loader.insert(Comment.__table__, comment_rows(
        published, comments_per_review, fixed, commenters, rng))
    person_id, person_films = tally.most_common(1)[0]
    rare_person_id = min(tally, key=lambda person: (tally[person], -person))
    return Landmarks(thread_slug=slugs[thread_id], twenty_slug=slugs.get(twenty_id, THREAD_SLUG),
                     popular_tag=slugify(text.tag_names(1)[0][0]),
                     person_slug=f"person-{person_id}", person_films=person_films,
                     rare_person_slug=f"person-{rare_person_id}",
                     archive_year=published[len(published) // 2].year, comments=comments)
