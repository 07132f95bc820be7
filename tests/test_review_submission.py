"""Saving a review: one submission object, one service call, the body parsed once."""
import pytest
import sqlalchemy as sa

from blog import sanitize
from blog.extensions import db
from blog.models import Review
from blog.services import films, writing
from blog.services.reviews import render_review_text
from tests import factories
from tests.test_write import LONG_BODY, new_review_data, post_form


@pytest.fixture
def parses(monkeypatch):
    """How many times the Markdown renderer parses a body from now on."""
    markdown = sanitize._markdown()
    calls = []
    real_parse = markdown.parse

    def counted(source, env=None):
        calls.append(source)
        return real_parse(source, env)

    monkeypatch.setattr(markdown, "parse", counted)
    return calls


def test_the_film_fields_are_what_describe_gives(ctx):
    film = factories.film("Stalker", year=1979)
    assert tuple(films.describe(film)) == films.FILM_FIELDS


def test_the_body_is_rendered_once_with_everything_stored(ctx, parses):
    review = factories.review("Once", body=LONG_BODY)
    parses.clear()
    render_review_text(review)
    assert len(parses) == 1
    assert review.body_html == sanitize.render_markdown(LONG_BODY)
    assert review.excerpt == sanitize.excerpt(LONG_BODY)
    assert "twist" not in review.excerpt and review.reading_minutes >= 2


def test_render_body_agrees_with_the_separate_functions():
    source = "# Head\n\nSome *words* here.[^1]\n\n::: spoiler\nThe end.\n:::\n\n[^1]: A note.\n"
    rendered = sanitize.render_body(source, excerpt_limit=12)
    assert rendered.html == sanitize.render_markdown(source)
    assert rendered.text == sanitize.markdown_to_text(source) and "end" not in rendered.text
    assert rendered.excerpt == sanitize.excerpt(source, 12)
    assert rendered.words == len(rendered.text.split())


def test_the_form_becomes_one_submission(client, ctx, users, auth):
    typed = {**{name: "" for name in films.FILM_FIELDS}, "film": "", "film_id": None,
             "title": "T", "body": "B", "slug": "", "dek": "", "rating": "7", "verdict": "",
             "tags": "a, b", "comments_open": True, "poster_alt": "", "remove_poster": False,
             "film_title": "Film", "countries": "France, Italy", "imdb_id": ""}
    submission = writing.ReviewSubmission.from_typed(typed, writing.Action.PUBLISH)
    assert submission.draft.rating_halves == 7 and submission.action is writing.Action.PUBLISH
    facts = films.FilmFacts.from_typed(submission.film_fields)
    assert (facts.title, facts.countries, facts.imdb_id) == ("Film", ["France", "Italy"], None)


def test_saving_through_the_form_parses_the_body_for_the_page_and_the_index_only(
        client, ctx, users, auth, parses):
    auth.login("critic")
    response = post_form(client, "/write/reviews/new", new_review_data(), "publish")
    assert response.status_code == 302
    # One parse renders the page's HTML, excerpt and reading time; one more is the search
    # document's text (rebuilt for every review of the film).
    assert parses.count(LONG_BODY) == 2
    assert db.session.scalar(sa.select(Review).where(Review.slug == "the-third-man"))


def test_a_refused_save_changes_nothing(client, ctx, users, auth):
    auth.login("critic")
    data = new_review_data(imdb_id="tt0041959")
    factories.film("Already here", imdb_id="tt0041959")
    response = post_form(client, "/write/reviews/new", data, "publish")
    assert response.status_code == 409
    db.session.rollback()
    assert db.session.scalar(sa.select(Review).where(Review.slug == "the-third-man")) is None
