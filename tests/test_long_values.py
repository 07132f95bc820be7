"""Over-long review-form values are 422s with the text kept, never a database error."""
from html import escape

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Person, Review, Tag
from tests.test_write import new_review_data, post_form

LONG_NAME = "N" * 121
CASES = {
    "director's name": {"directors": LONG_NAME},
    "writer's name": {"writers": LONG_NAME},
    "cast member's name": {"cast": f"{LONG_NAME} | Holly"},
    "character": {"cast": "Joseph Cotten | " + "C" * 201},
    "tag": {"tags": "Noir, " + "t" * 61},
    "watch service": {"watch": "S" * 81 + " | stream | gb | https://example.com/ | 2026-11-01"},
    "watch link": {"watch": "BFI | stream | gb | https://example.com/" + "l" * 281
                   + " | 2026-11-01"},
    "title": {"title": "T" * 201},
    "dek": {"dek": "D" * 301},
    "verdict": {"verdict": "V" * 201},
    "poster description": {"poster_alt": "A" * 201},
    "film title": {"film_title": "F" * 201},
    "original title": {"original_title": "O" * 201},
    "trailer link": {"trailer_url": "https://www.youtube.com/watch?v=" + "x" * 280},
}


@pytest.mark.parametrize("case", list(CASES))
def test_over_long_values_are_422_with_the_text_kept(client, author, case):  # noqa: F811
    changes = CASES[case]
    response = post_form(client, "/write/reviews/new", new_review_data(**changes), "publish")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for value in changes.values():
        assert escape(value, quote=False) in html or escape(value) in html
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 0


def test_long_names_slugify_to_fitting_addresses(client, author):  # noqa: F811
    name = "北京" * 30  # 60 characters that transliterate to 239
    tag = "背景" * 30
    response = post_form(client, "/write/reviews/new", new_review_data(
        directors=name, tags=tag), "publish")
    assert response.status_code == 302
    db.session.rollback()
    person = db.session.scalar(sa.select(Person).where(Person.name == name))
    assert person.slug.startswith("bei-jing-") and len(person.slug) <= 140
    stored_tag = db.session.scalar(sa.select(Tag).where(Tag.name == tag))
    assert stored_tag.slug.startswith("bei-jing-") and len(stored_tag.slug) <= 80
    assert client.get(f"/people/{person.slug}").status_code == 200
    assert client.get(f"/tags/{stored_tag.slug}").status_code == 200


@pytest.mark.parametrize("missing", ["dek", "verdict", "poster_alt", "tags"])
def test_editing_without_an_optional_field_saves(client, author, missing):  # noqa: F811
    assert post_form(client, "/write/reviews/new", new_review_data(),
                     "publish").status_code == 302
    db.session.rollback()
    review = db.session.scalar(sa.select(Review))
    data = new_review_data()
    data.pop(missing, None)
    response = post_form(client, f"/write/reviews/{review.id}/edit", data, "publish")
    assert response.status_code == 302
    db.session.rollback()
    edited = db.session.get(Review, review.id)
    if missing in ("dek", "verdict"):
        assert getattr(edited, missing) == ""
