"""What this blog's own export adds to WordPress's fields (the film record, the Markdown
source, old slugs, tag kinds) is read back, checked like studio input; an export without it
imports exactly as any WordPress export does."""
import io
import json

import sqlalchemy as sa

from blog.extensions import db
from blog.models import (CreditRole, Film, Person, Review, ReviewSlugRedirect, Tag, TagKind,
                         TagSlugRedirect)
from blog.wordpress import import_wordpress
from tests.wordpress.wxr import export, item

RECORD = {
    "version": 1,
    "review": {"slug": "parasite", "title": "Parasite", "dek": "", "rating_halves": 9,
               "verdict": "A house with a basement.", "poster_alt": ""},
    "film": {
        "title": "Parasite", "original_title": "기생충", "year": 2019,
        "release_date": "2019-05-30", "runtime_minutes": 132, "countries": ["South Korea"],
        "languages": ["Korean"], "language": "ko", "synopsis": "Two families.",
        "trailer_url": "https://www.youtube.com/watch?v=5xH0HfJHsaY", "imdb_id": "tt6751668",
        "rotten_tomatoes_url": "https://www.rottentomatoes.com/m/parasite_2019",
        "letterboxd_url": "https://letterboxd.com/film/parasite-2019/",
        "credits": [
            {"name": "Bong Joon Ho", "slug": "bong-joon-ho", "imdb_id": "nm0094435",
             "role": "director", "character": ""},
            {"name": "Bong Joon Ho", "slug": "bong-joon-ho", "imdb_id": "nm0094435",
             "role": "writer", "character": ""},
            {"name": "Song Kang-ho", "slug": "song-kang-ho", "imdb_id": None, "role": "cast",
             "character": "Ki-taek"}],
        "watch": [{"service": "Mubi", "kind": "stream", "region": "GB",
                   "url": "https://mubi.com/films/parasite", "checked_on": "2024-01-02"}],
    },
}
MARKDOWN = "Rain, *stairs* and a peach.\n\n## The stone\n\nIt floats."


def meta(key: str, value: str) -> str:
    return (f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]>"
            "</wp:meta_value></wp:postmeta>")


def term(slug: str, name: str, **termmeta) -> str:
    extra = "".join(f"<wp:termmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value>{value}"
                    "</wp:meta_value></wp:termmeta>" for key, values in termmeta.items()
                    for value in values)
    return (f"<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>{slug}</wp:tag_slug>"
            f"<wp:tag_name>{name}</wp:tag_name>{extra}</wp:tag>\n")


def post(record, *, markdown: str | None = MARKDOWN, extra: str = "", slug="parasite"):
    metas = meta("_blog_review", json.dumps(record, ensure_ascii=False)) if record else ""
    metas += meta("_blog_markdown", markdown) if markdown else ""
    return item(20, "Parasite", "<p>Rain, <em>stairs</em> and a peach.</p>", slug=slug,
                terms=[("post_tag", "class", "Class"), ("post_tag", "kim-family", "Kim family")],
                extra=metas + extra)


def only(model):
    return db.session.scalars(sa.select(model)).all()


def test_the_record_brings_back_the_film_credits_watch_rating_verdict_and_markdown(ctx):
    old = meta("_wp_old_slug", "parasite-2019") + meta("_wp_old_slug", "gisaengchung") + \
        meta("_wp_old_slug", "Not a slug!")
    import_wordpress(io.BytesIO(export(
        term("class", "Class", _blog_tag_kind=["theme"], _blog_old_slug=["social-class"]),
        term("kim-family", "Kim family", _blog_tag_kind=["not-a-kind"]),
        post(RECORD, extra=old))))
    (review,) = only(Review)
    assert review.body == MARKDOWN and "<h2" in review.body_html
    assert (review.rating_halves, review.verdict) == (9, "A house with a basement.")
    film = review.film
    assert (film.title, film.original_title, film.year, film.runtime_minutes, film.imdb_id,
            film.language, film.countries) == ("Parasite", "기생충", 2019, 132, "tt6751668",
                                               "ko", ["South Korea"])
    assert str(film.release_date) == "2019-05-30" and film.synopsis == "Two families."
    assert film.letterboxd_url == "https://letterboxd.com/film/parasite-2019/"
    assert [(c.person.name, c.role, c.character) for c in film.credits] == [
        ("Bong Joon Ho", CreditRole.DIRECTOR, ""), ("Bong Joon Ho", CreditRole.WRITER, ""),
        ("Song Kang-ho", CreditRole.CAST, "Ki-taek")]
    assert len(only(Person)) == 2  # the writer-director is one person
    assert [(o.service, o.region, str(o.checked_on)) for o in film.watch_options] == [
        ("Mubi", "GB", "2024-01-02")]
    assert sorted(r.old_slug for r in only(ReviewSlugRedirect)) == ["gisaengchung",
                                                                     "parasite-2019"]
    kinds = {tag.name: tag.kind for tag in only(Tag)}
    assert kinds == {"Class": TagKind.THEME, "Kim family": TagKind.OTHER}
    assert [r.old_slug for r in only(TagSlugRedirect)] == ["social-class"]


def test_the_old_addresses_answer(ctx, client):
    import_wordpress(io.BytesIO(export(
        term("class", "Class", _blog_old_slug=["social-class"]),
        post(RECORD, extra=meta("_wp_old_slug", "parasite-2019")))))
    db.session.remove()
    moved = client.get("/reviews/parasite-2019")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/reviews/parasite")
    moved = client.get("/tags/social-class")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/tags/class")


def broken(**changes) -> dict:
    record = json.loads(json.dumps(RECORD))
    for path, value in changes.items():
        part, name = path.split("__")
        record[part][name] = value
    return record


def test_a_record_that_fails_the_studios_checks_is_set_aside_with_a_warning(ctx):
    hostile = [
        broken(film__letterboxd_url="javascript:alert(1)"),
        broken(film__trailer_url="https://evil.example.com/video"),
        broken(film__title="x" * 201),
        broken(film__year="2019"),
        broken(film__runtime_minutes=99999),
        broken(film__imdb_id="tt1; drop"),
        broken(review__rating_halves=11),
        broken(review__verdict=["not", "text"]),
        broken(film__watch=[{"service": "Mubi", "kind": "stream", "region": "GB",
                             "url": "ftp://mubi.com/x", "checked_on": "2024-01-02"}]),
        broken(film__credits=[{"name": "A" * 500, "role": "director"}]),
        broken(film__credits=[{"name": "Someone", "role": "producer"}]),
        "{not json",
    ]
    for number, record in enumerate(hostile):
        db.session.execute(sa.delete(ReviewSlugRedirect))
        raw = record if isinstance(record, str) else json.dumps(record)
        summary = import_wordpress(io.BytesIO(export(item(
            30 + number, "Parasite (2019)", "<p>Text.</p>", slug=f"p{number}",
            extra=meta("_blog_review", raw)))))
        review = db.session.scalar(sa.select(Review).where(Review.slug == f"p{number}"))
        assert review is not None, record
        assert review.rating_halves is None and review.verdict == "", record
        assert review.film.letterboxd_url in ("", "https://letterboxd.com/film/parasite-2019/")
        assert review.film.title == "Parasite" and review.film.year == 2019, record
        assert any("its film was inferred instead" in line for line in summary.warnings), \
            (record, summary.warnings)
    assert not db.session.scalar(sa.select(Film).where(Film.imdb_id == "tt6751668"))


def test_a_plain_wordpress_export_imports_as_before(ctx):
    summary = import_wordpress(io.BytesIO(export(item(
        40, "Heat (1995) review", "<p>Two <strong>men</strong>.</p>", slug="heat",
        terms=[("post_tag", "al-pacino", "Al Pacino")]))))
    (review,) = only(Review)
    assert review.body == "Two **men**."
    assert (review.rating_halves, review.verdict) == (None, "")
    assert (review.film.title, review.film.year, review.film.credits) == ("Heat", 1995, [])
    assert [tag.kind for tag in review.tags] == [TagKind.OTHER]
    assert not only(ReviewSlugRedirect) and not only(TagSlugRedirect)
    assert not summary.warnings


def test_wordpress_readable_rating_and_verdict_fields_are_taken_when_sensible(ctx):
    import_wordpress(io.BytesIO(export(
        item(50, "Heat", slug="heat", meta={"rating": "3.5", "verdict": "  Long,  tense. "}),
        item(51, "Ronin", slug="ronin", meta={"rating": "7", "verdict": "v" * 201}))))
    heat = db.session.scalar(sa.select(Review).where(Review.slug == "heat"))
    assert (heat.rating_halves, heat.verdict) == (7, "Long, tense.")
    ronin = db.session.scalar(sa.select(Review).where(Review.slug == "ronin"))
    assert (ronin.rating_halves, ronin.verdict) == (None, "")


def test_the_readable_film_fields_are_taken_without_the_hidden_record(ctx):
    fields = meta("film_title", "Heat") + meta("film_year", "1995") + \
        meta("film_imdb_url", "https://www.imdb.com/title/tt0113277/") + \
        meta("film_runtime_minutes", "170") + meta("film_director", "Michael Mann") + \
        meta("film_cast", "Al Pacino as Vincent Hanna") + \
        meta("film_cast", "Robert De Niro as Neil McCauley") + meta("rating", "4.5")
    import_wordpress(io.BytesIO(export(item(60, "Heat: a review", slug="heat", extra=fields))))
    (review,) = only(Review)
    film = review.film
    assert (film.title, film.year, film.imdb_id, film.runtime_minutes) == (
        "Heat", 1995, "tt0113277", 170)
    assert [(c.person.name, c.role, c.character) for c in film.credits] == [
        ("Michael Mann", CreditRole.DIRECTOR, ""),
        ("Al Pacino", CreditRole.CAST, "Vincent Hanna"),
        ("Robert De Niro", CreditRole.CAST, "Neil McCauley")]
    assert review.rating_halves == 9


def test_readable_film_fields_that_fail_the_checks_are_set_aside(ctx):
    fields = meta("film_title", "Heat") + meta("film_year", "nineteen ninety-five") + \
        meta("film_letterboxd_url", "javascript:alert(1)")
    summary = import_wordpress(io.BytesIO(export(item(61, "Heat (1995)", slug="heat",
                                                      extra=fields))))
    (review,) = only(Review)
    assert (review.film.title, review.film.year, review.film.letterboxd_url) == (
        "Heat", 1995, "")
    assert any("its film was inferred instead" in line for line in summary.warnings)


def test_a_posts_own_slug_wins_over_another_posts_old_slug(ctx):
    import_wordpress(io.BytesIO(export(
        item(70, "Heat", slug="heat-1995", extra=meta("_wp_old_slug", "heat")),
        item(71, "Heat (1986)", slug="heat"))))
    slugs = {review.title: review.slug for review in only(Review)}
    assert slugs == {"Heat": "heat-1995", "Heat (1986)": "heat"}
    assert not only(ReviewSlugRedirect)


def test_an_old_address_kept_by_the_studio_is_not_taken_by_an_imported_post(ctx):
    from tests import factories
    kept = factories.review("Heat", slug="heat-1995")
    factories.save(ReviewSlugRedirect(old_slug="heat", review_id=kept.id))
    import_wordpress(io.BytesIO(export(item(72, "Heat (1986)", slug="heat"))))
    assert db.session.scalar(sa.select(Review.slug).where(Review.title == "Heat (1986)")) != "heat"
    assert [r.old_slug for r in only(ReviewSlugRedirect)] == ["heat"]
