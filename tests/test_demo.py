"""The demo loader: idempotent, rich enough to fill every page, and safe to render."""
from __future__ import annotations

import os
from collections import Counter
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from PIL import Image

from blog.demo import DEMO_AUTHOR_USERNAME, load_demo
from blog.extensions import db
from tests.fixtures.demo import DEMO_PASSWORD
from blog.models import (Comment, CommentStatus, Credit, Film, Person, Review, ReviewStatus,
                         Role, Tag, TagKind, User, WatchOption, review_tags, utcnow)

TABLES = (User, Film, Person, Credit, WatchOption, Tag, review_tags, Review, Comment)


@pytest.fixture
def demo(demo_loaded):
    """The app's context with the demo loaded once."""
    with demo_loaded.app_context():
        yield demo_loaded
        db.session.remove()


def row_counts() -> dict[str, int]:
    """How many rows each demo table holds."""
    counts = {}
    for table in TABLES:
        table = getattr(table, "__table__", table)
        counts[table.name] = db.session.scalar(sa.select(sa.func.count()).select_from(table))
    return counts


def all_of(model) -> list:
    """Every row of a model."""
    return list(db.session.scalars(sa.select(model)))


def test_a_second_load_does_nothing(demo):
    before = row_counts()
    assert before["reviews"] >= 14 and before["comments"] > 0
    assert load_demo("another password entirely") is False
    assert row_counts() == before
    critic = db.session.scalar(sa.select(User).where(User.username == DEMO_AUTHOR_USERNAME))
    assert critic.check_password(DEMO_PASSWORD)


def test_no_load_when_any_review_exists_already(app):
    with app.app_context():
        critic = User(username="someone", username_key="someone", email="s@example.com",
                      password_hash="x", role=Role.AUTHOR)
        film = Film(title="Existing", year=2000)
        db.session.add(Review(slug="existing", title="Existing", author=critic, film=film))
        db.session.commit()
        assert load_demo(DEMO_PASSWORD) is False
        assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 1


def test_the_critic_is_a_confirmed_admin_and_commenters_exist(demo):
    critic = db.session.scalar(sa.select(User).where(User.username == DEMO_AUTHOR_USERNAME))
    assert critic.role is Role.ADMIN and critic.email == "critic@example.com"
    assert critic.display_name and critic.bio and critic.email_confirmed_at is not None
    commenters = [user for user in all_of(User) if user.role is Role.COMMENTER]
    assert 4 <= len(commenters) <= 6
    assert all(user.email.endswith("@example.com") and user.email_confirmed_at
               for user in commenters)


def test_visible_reviews_and_the_hidden_draft_and_scheduled_one(demo):
    now = utcnow()
    reviews = all_of(Review)
    visible = db.session.scalars(sa.select(Review).where(Review.is_visible)).all()
    assert len(visible) >= 12
    for review in visible:
        assert review.published_at < now
        assert review.updated_at >= review.published_at
        assert 1 <= review.rating_halves <= 10 and review.verdict
        assert review.body_html and review.excerpt and review.reading_minutes >= 1
    assert len({review.rating_halves for review in visible}) >= 4
    assert any(review.was_updated for review in visible)
    assert any(review.film.trailer_url for review in visible)
    hidden = [review for review in reviews if review not in visible]
    drafts = [review for review in hidden if review.status is ReviewStatus.DRAFT]
    scheduled = [review for review in hidden if review.status is ReviewStatus.PUBLISHED
                 and review.published_at > now]
    assert drafts and drafts[0].published_at is None
    assert scheduled


def test_dates_move_back_when_the_clock_is_earlier_than_the_demo_expects(app, monkeypatch):
    early = datetime(2025, 6, 1, 12, tzinfo=timezone.utc)
    monkeypatch.setattr("blog.demo.utcnow", lambda: early)
    with app.app_context():
        assert load_demo(DEMO_PASSWORD) is True
        published = [review.published_at for review in all_of(Review)
                     if review.published_at is not None]
        assert sum(1 for moment in published if moment < early) >= 12
        assert all(comment.created_at < early for comment in all_of(Comment))


def test_bodies_are_safe_and_use_the_critic_s_sections(demo):
    reviews = all_of(Review)
    for review in reviews:
        assert "<script" not in review.body_html.lower()
        assert "onerror" not in review.body_html.lower()
        for heading in ("## Plot", "## About", "## Our opinion"):
            assert heading in review.body
        assert 250 <= len(review.body.split()) <= 600
    spoilers = [review for review in reviews if '<details class="spoiler">' in review.body_html]
    assert len(spoilers) >= 3


def test_tags_cover_every_kind_with_a_long_tail(demo):
    tags = all_of(Tag)
    assert len(tags) >= 25
    assert {tag.kind for tag in tags} == set(TagKind)
    visible = db.session.scalars(sa.select(Review).where(Review.is_visible)).all()
    uses = Counter(tag.name for review in visible for tag in review.tags)
    assert set(uses) == {tag.name for tag in tags}, "every tag needs a visible review"
    assert max(uses.values()) >= 6
    assert sum(1 for count in uses.values() if count <= 2) > len(tags) / 2


def test_people_are_shared_between_films_and_credited(demo):
    people = all_of(Person)
    assert len({person.slug for person in people}) == len(people)
    assert all(person.credits and person.bio for person in people)
    assert any(len({credit.film_id for credit in person.credits}) > 1 for person in people)
    for film in all_of(Film):
        roles = Counter(credit.role.value for credit in film.credits)
        assert roles["director"] >= 1 and 2 <= roles["cast"] <= 4
        assert all(credit.character for credit in film.credits if credit.role.value == "cast")
    with_options = [film for film in all_of(Film) if film.watch_options]
    assert len(with_options) > len(all_of(Film)) / 2
    assert all(option.checked_on.year == 2026 for film in with_options
               for option in film.watch_options)


def test_posters_and_portraits_are_images_on_disk(demo):
    folder = demo.config["UPLOAD_FOLDER"]
    for review in all_of(Review):
        assert review.poster_path == f"posters/{review.slug}.webp"
        assert review.poster_alt == f"Poster for {review.film.title}"
        with Image.open(os.path.join(folder, review.poster_path)) as poster:
            assert poster.format == "WEBP"
            assert poster.size == (review.poster_width, review.poster_height) == (400, 600)
    for person in all_of(Person):
        with Image.open(os.path.join(folder, person.portrait_path)) as portrait:
            assert portrait.size == (240, 240)


def test_comments_are_threaded_and_the_critic_replies(demo):
    now = utcnow()
    comments = all_of(Comment)
    replies = [comment for comment in comments if comment.parent_id is not None]
    assert replies and len(replies) < len(comments)
    for comment in comments:
        expected_depth = 0 if comment.parent is None else comment.parent.depth + 1
        assert comment.depth == expected_depth <= 4
        assert comment.review.published_at < comment.created_at <= now
        if comment.parent is not None:
            assert comment.created_at > comment.parent.created_at
        assert "<script" not in comment.body_html
    assert any(comment.author_id == comment.review.author_id for comment in replies)
    statuses = Counter(comment.status for comment in comments)
    assert statuses[CommentStatus.PENDING] >= 2 and statuses[CommentStatus.SPAM] == 1
    assert max(Counter(comment.review_id for comment in comments).values()) >= 10
    assert any('rel="nofollow ugc noopener"' in comment.body_html for comment in comments)


def test_every_demo_page_renders(demo_loaded, ctx, client):
    reviews = [(review.slug, review.is_visible) for review in all_of(Review)]
    shown_films = {review.film_id for review in all_of(Review) if review.is_visible}
    people = [person.slug for person in all_of(Person)
              if any(credit.film_id in shown_films for credit in person.credits)]
    tags = [tag.slug for tag in all_of(Tag)]
    assert client.get("/").status_code == 200
    for slug, visible in reviews:
        assert client.get(f"/reviews/{slug}").status_code == (200 if visible else 404), slug
    for slug in people:
        assert client.get(f"/people/{slug}").status_code == 200, slug
    for slug in tags:
        assert client.get(f"/tags/{slug}").status_code == 200, slug


def test_the_demo_ranks_the_critic_s_favourites_on_a_published_list(demo_loaded, ctx, client):
    from blog.demo.lists import SLUG
    from blog.models import FilmList

    (film_list,) = all_of(FilmList)
    assert film_list.slug == SLUG and film_list.is_visible and film_list.ranked
    ratings = [max(review.rating_halves for review in all_of(Review)
                   if review.film_id == entry.film_id) for entry in film_list.entries]
    assert len(ratings) == 5 and ratings == sorted(ratings, reverse=True)
    page = client.get(f"/lists/{SLUG}").get_data(as_text=True)
    assert "The critic&#39;s favourites" in page and "Rated " in page
    assert SLUG in client.get("/lists/").get_data(as_text=True)
