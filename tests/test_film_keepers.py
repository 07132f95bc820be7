"""Who may change a film's facts: admins and the author of its first review; other authors
reviewing the same film take it as it is (issue 12, item 7)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Film, utcnow
from blog.services import films
from tests import factories
from tests.conftest import csrf_token_from


@pytest.fixture
def shared(users):
    """One film reviewed first by the critic, then by their rival."""
    film = factories.film("Stalker", year=1979, runtime_minutes=161)
    first = factories.review("Zone", author=users["author"], of_film=film, slug="zone",
                             created_at=utcnow() - timedelta(days=2))
    second = factories.review("The Room", author=users["other_author"], of_film=film,
                              slug="the-room", created_at=utcnow() - timedelta(days=1))
    return {"film_id": film.id, "first": first.id, "second": second.id}


def edit_data(review_id: int, **film_changes) -> dict:
    """The edit form as the page fills it in, with some film facts changed."""
    db.session.rollback()
    review = db.session.get(factories.Review, review_id)
    values = {key: "" if value is None else str(value)
              for key, value in films.describe(review.film).items()}
    values.update(title=review.title, body=review.body, rating="7", verdict="", dek="",
                  tags="", film_id=str(review.film_id), comments_open="y", save_draft="y",
                  **film_changes)
    return values


def post_edit(client, review_id: int, data: dict):
    path = f"/write/reviews/{review_id}/edit"
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path, data={**data, "csrf_token": csrf_token_from(page.get_data(
        as_text=True))})


def runtime(film_id: int) -> int:
    db.session.rollback()
    return db.session.get(Film, film_id).runtime_minutes


def test_another_author_cannot_change_a_film_reviewed_first_by_someone_else(
        client, auth, shared):
    auth.login("rival")
    page = client.get(f"/write/reviews/{shared['second']}/edit").get_data(as_text=True)
    assert "only they or an admin" in page
    response = post_edit(client, shared["second"],
                         edit_data(shared["second"], runtime_minutes="90",
                                   watch="Rogue | stream | gb | https://rogue.example/ | "
                                         "2026-11-01"))
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "only they or an admin can change its facts" in html
    assert 'value="90"' in html  # what was typed comes back
    assert runtime(shared["film_id"]) == 161
    assert db.session.get(Film, shared["film_id"]).watch_options == []


def test_another_author_can_still_save_their_review_of_the_film(client, auth, shared):
    auth.login("rival")
    data = edit_data(shared["second"])
    data["body"] = "Rewritten."
    assert post_edit(client, shared["second"], data).status_code == 302
    db.session.rollback()
    assert db.session.get(factories.Review, shared["second"]).body == "Rewritten."
    assert runtime(shared["film_id"]) == 161


def test_the_first_reviewer_may_change_the_film(client, auth, shared):
    auth.login("critic")
    page = client.get(f"/write/reviews/{shared['first']}/edit").get_data(as_text=True)
    assert "only they or an admin" not in page
    response = post_edit(client, shared["first"], edit_data(shared["first"],
                                                            runtime_minutes="163"))
    assert response.status_code == 302 and runtime(shared["film_id"]) == 163


def test_an_admin_may_change_the_film_through_any_review(client, auth, shared):
    auth.login("boss")
    response = post_edit(client, shared["second"], edit_data(shared["second"],
                                                             runtime_minutes="162"))
    assert response.status_code == 302 and runtime(shared["film_id"]) == 162


def test_the_service_refuses_too(ctx, users, shared):
    film = db.session.get(Film, shared["film_id"])
    facts = films.FilmFacts(title="Stalker", year=1979, runtime_minutes=1)
    with pytest.raises(films.FilmLocked):
        films.save_film(film, facts, users["other_author"])
    assert films.can_edit_film(users["author"], film)
    assert films.can_edit_film(users["admin"], film)
    assert not films.can_edit_film(users["other_author"], film)
    db.session.rollback()
    assert db.session.scalar(sa.select(Film.runtime_minutes)) == 161
