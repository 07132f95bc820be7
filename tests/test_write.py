"""The author's studio through the real form: write, preview, publish, schedule, edit."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Film, Person, Review, ReviewStatus, Tag, utcnow
from tests import factories
from tests.conftest import csrf_token_from

LONG_BODY = "## Plot\n\n" + ("An evening's careful writing. " * 400) + (
    "\n\n::: spoiler\nThe twist is revealed.\n:::\n")


def new_review_data(**overrides):
    data = {"title": "The Third Man", "body": LONG_BODY, "dek": "Vienna in ruins",
            "rating": "9", "verdict": "A perfect thriller.", "tags": "Noir, 1940s,  noir ",
            "comments_open": "y", "film_id": "0", "film_title": "The Third Man",
            "year": "1949", "runtime_minutes": "104", "countries": "United Kingdom",
            "languages": "English, German", "directors": "Carol Reed | nm0715346",
            "cast": "Joseph Cotten | Holly Martins\nOrson Welles | Harry Lime",
            "trailer_url": "https://www.youtube.com/watch?v=abcdefghijk",
            "imdb_id": "tt0041959", "letterboxd_url": "https://letterboxd.com/film/the-third-man/",
            "watch": "BFI Player | stream | gb | https://player.bfi.org.uk/ | 2026-11-01"}
    data.update(overrides)
    return data


def post_form(client, path, data, button):
    page = client.get(path).get_data(as_text=True)
    return client.post(path, data={**data, "csrf_token": csrf_token_from(page), button: "y"})


def fresh_review(slug):
    db.session.rollback()
    return db.session.scalar(sa.select(Review).where(Review.slug == slug))


def test_publish_a_new_review_with_a_new_film(client, ctx, author):
    response = post_form(client, "/write/reviews/new", new_review_data(), "publish")
    assert response.status_code == 302
    review = fresh_review("the-third-man")
    assert review.status is ReviewStatus.PUBLISHED and review.published_at <= utcnow()
    assert review.rating_halves == 9 and [t.name for t in review.tags] == ["1940s", "Noir"]
    film = review.film
    assert (film.year, film.runtime_minutes, film.imdb_id) == (1949, 104, "tt0041959")
    assert [(c.person.name, c.role.value, c.character) for c in film.credits] == [
        ("Carol Reed", "director", ""), ("Joseph Cotten", "cast", "Holly Martins"),
        ("Orson Welles", "cast", "Harry Lime")]
    assert film.watch_options[0].region == "GB"
    assert "twist" not in review.excerpt and 'class="spoiler"' in review.body_html
    page = client.get("/reviews/the-third-man").get_data(as_text=True)
    assert "A perfect thriller." in page and "Harry Lime" in page
    assert "The Third Man" in client.get("/").get_data(as_text=True)
    assert "The Third Man" in client.get("/tags/noir").get_data(as_text=True)


def test_save_draft_is_invisible_to_readers(client, ctx, author, auth):
    assert post_form(client, "/write/reviews/new", new_review_data(),
                     "save_draft").status_code == 302
    review = fresh_review("the-third-man")
    assert review.status is ReviewStatus.DRAFT and review.published_at is None
    auth.logout()
    assert client.get("/reviews/the-third-man").status_code == 404


def test_preview_renders_and_saves_nothing(client, ctx, author):
    response = post_form(client, "/write/reviews/new",
                         new_review_data(body="Hello *world* <script>x()</script>"), "preview")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<em>world</em>" in html
    assert "<script>x()" not in html  # rendered sanitized; the textarea keeps it escaped
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert fresh_review("the-third-man") is None


@pytest.mark.parametrize("changes, field_message", [
    ({"title": ""}, "Give the review a title."),
    ({"body": "   "}, "Write the review before saving it."),
    ({"rating": "11"}, "Not a valid choice"),
    ({"rating": "4.5"}, "Not a valid choice"),
    ({"slug": "Not A Slug!"}, "lower-case letters"),
    ({"trailer_url": "https://evil.example/video"}, "YouTube or Vimeo"),
    ({"trailer_url": "javascript:alert(1)"}, "YouTube or Vimeo"),
    ({"letterboxd_url": "http://evil.example/film"}, "letterboxd.com"),
    ({"rotten_tomatoes_url": "ftp://rottentomatoes.com/x"}, "rottentomatoes.com"),
    ({"imdb_id": "0041959"}, "tt0041959"),
    ({"watch": "Netflix | stream | GB"}, "five parts"),
    ({"watch": "Netflix | borrow | GB | https://n.example | 2026-01-01"}, "stream, rent or buy"),
    ({"watch": "Netflix | stream | GB | https://n.example | yesterday"}, "YYYY-MM-DD"),
    ({"film_title": ""}, "Give the film"),
    ({"year": "1700"}, "between 1870 and 2100"),
])
def test_bad_input_is_422_with_everything_kept(client, ctx, author, changes, field_message):
    response = post_form(client, "/write/reviews/new", new_review_data(**changes), "publish")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and field_message in html
    if "body" not in changes:
        assert "An evening&#39;s careful writing. " * 400 in html  # every word still there
    assert fresh_review("the-third-man") is None
    assert db.session.scalar(sa.select(sa.func.count(Film.id))) == 0  # nothing half-saved


def test_a_typed_slug_that_is_taken_is_409_with_text_kept(client, ctx, author, users):
    factories.review("Taken", author=users["other_author"], slug="the-third-man")
    response = post_form(client, "/write/reviews/new", new_review_data(slug="the-third-man"),
                         "publish")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "already used by another review" in html and "An evening&#39;s careful" in html


def test_a_title_whose_slug_is_taken_gets_the_year_then_a_number(client, ctx, author, users):
    factories.review("Taken", author=users["other_author"], slug="the-third-man")
    assert post_form(client, "/write/reviews/new", new_review_data(), "publish"
                     ).status_code == 302
    assert fresh_review("the-third-man-1949").title == "The Third Man"
    second = new_review_data(film_id="0", imdb_id="", directors="", cast="")
    assert post_form(client, "/write/reviews/new", second, "save_draft").status_code == 302
    assert fresh_review("the-third-man-1949-2") is not None
    no_year = new_review_data(film_id="0", imdb_id="", directors="", cast="", year="")
    assert post_form(client, "/write/reviews/new", no_year, "save_draft").status_code == 302
    assert fresh_review("the-third-man-2") is not None


def test_schedule_in_the_future_then_it_appears_on_time(client, ctx, author, auth, app,
                                                        monkeypatch):
    local = datetime.now(ZoneInfo("Europe/London")) + timedelta(days=2)
    response = post_form(client, "/write/reviews/new", new_review_data(
        schedule_at=local.strftime("%Y-%m-%dT%H:%M")), "schedule")
    assert response.status_code == 302
    review = fresh_review("the-third-man")
    expected = local.replace(second=0, microsecond=0).astimezone(timezone.utc)
    assert review.published_at == expected
    dashboard = client.get("/write/").get_data(as_text=True)
    assert "Scheduled" in dashboard
    auth.logout()
    assert client.get("/reviews/the-third-man").status_code == 404
    monkeypatch.setattr("blog.models.utcnow", lambda: expected + timedelta(seconds=1))
    assert client.get("/reviews/the-third-man").status_code == 200


@pytest.mark.parametrize("when", ["", "2001-01-01T10:00"])
def test_schedule_needs_a_future_time(client, ctx, author, when):
    response = post_form(client, "/write/reviews/new", new_review_data(schedule_at=when),
                         "schedule")
    assert response.status_code == 422
    assert "future" in response.get_data(as_text=True) or "Choose the date" in \
        response.get_data(as_text=True)


def test_edit_changes_slug_and_keeps_a_redirect(client, ctx, author):
    post_form(client, "/write/reviews/new", new_review_data(), "publish")
    review = fresh_review("the-third-man")
    path = f"/write/reviews/{review.id}/edit"
    page = client.get(path).get_data(as_text=True)
    assert "Carol Reed | @carol-reed" in page  # credits round-trip to the same people
    # Bare names of people already credited on this film mean them, not someone new.
    response = post_form(client, path, new_review_data(slug="third-man-1949",
                                                       directors="Carol Reed"), "save_draft")
    assert response.status_code == 302
    moved = client.get("/reviews/the-third-man")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/third-man-1949")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 3  # nobody duplicated
    assert fresh_review("third-man-1949").status is ReviewStatus.PUBLISHED  # still live


def test_same_name_without_imdb_id_is_offered_not_merged(client, ctx, author):
    existing = factories.person("Carol Reed")
    response = post_form(client, "/write/reviews/new",
                         new_review_data(directors="Carol Reed"), "publish")
    assert response.status_code == 422
    assert f"@{existing.slug}" in response.get_data(as_text=True)
    response = post_form(client, "/write/reviews/new",
                         new_review_data(directors=f"Carol Reed | @{existing.slug}"), "publish")
    assert response.status_code == 302
    assert fresh_review("the-third-man").film.credits[0].person_id == existing.id
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Another", slug="another", directors="Carol Reed | new", cast="",
        film_title="Another Film", imdb_id=""), "publish")
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Person.id)).where(
        Person.name == "Carol Reed")) == 2


def test_pick_an_existing_film(client, ctx, author):
    film = factories.film("Vertigo", year=1958)
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Vertigo again", film_id=str(film.id), film_title=""), "publish")
    assert response.status_code == 302
    assert fresh_review("vertigo-again").film_id == film.id


def test_unpublish_and_delete(client, ctx, author, auth):
    post_form(client, "/write/reviews/new", new_review_data(), "publish")
    review = fresh_review("the-third-man")
    edit = client.get(f"/write/reviews/{review.id}/edit").get_data(as_text=True)
    assert client.post(f"/write/reviews/{review.id}/unpublish",
                       data={"csrf_token": csrf_token_from(edit)}).status_code == 302
    assert fresh_review("the-third-man").status is ReviewStatus.DRAFT
    confirm = client.get(f"/write/reviews/{review.id}/delete")
    assert confirm.status_code == 200 and "Delete the review" in confirm.get_data(as_text=True)
    assert client.post(f"/write/reviews/{review.id}/delete",
                       data={"csrf_token": csrf_token_from(edit)}).status_code == 302
    assert fresh_review("the-third-man") is None


def test_dashboard_lists_own_reviews_only_and_admin_sees_all(client, ctx, users, auth):
    factories.review("Mine", author=users["author"])
    factories.review("Theirs", author=users["other_author"])
    auth.login("critic")
    html = client.get("/write/").get_data(as_text=True)
    assert "Mine" in html and "Theirs" not in html
    auth.logout()
    auth.login("boss")
    html = client.get("/write/").get_data(as_text=True)
    assert "Mine" in html and "Theirs" in html


@pytest.mark.parametrize("who, status", [(None, 302), ("reader1", 403), ("spammer", 403),
                                         ("rival", 403), ("boss", 200), ("critic", 200)])
def test_editing_someone_elses_review(client, ctx, users, auth, who, status):
    review = factories.review("Mine", author=users["author"])
    if who:
        auth.login(who)
    assert client.get(f"/write/reviews/{review.id}/edit").status_code == status


def test_markdown_with_script_is_sanitized_on_the_page(client, ctx, author):
    body = "Fine.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:y)"
    post_form(client, "/write/reviews/new", new_review_data(body=body), "publish")
    page = client.get("/reviews/the-third-man").get_data(as_text=True)
    article = page[page.index('class="review__body'):page.index('class="review__footer')]
    assert "<script" not in article and "onerror" not in article and "javascript:" not in \
        article.replace("[x](javascript:y)", "")


def post_with_file(client, path, data, button, filename, content):
    import io
    page = client.get(path).get_data(as_text=True)
    payload = {**data, "csrf_token": csrf_token_from(page), button: "y",
               "poster": (io.BytesIO(content), filename)}
    return client.post(path, data=payload, content_type="multipart/form-data")


def test_poster_upload_is_reencoded_and_shown(client, ctx, author, app):
    from pathlib import Path

    from tests import images
    response = post_with_file(client, "/write/reviews/new", new_review_data(), "publish",
                              "poster.jpg", images.jpeg_with_exif())
    assert response.status_code == 302
    review = fresh_review("the-third-man")
    assert review.poster_path.endswith(".webp") and review.poster_alt == (
        "Poster for The Third Man")
    assert (review.poster_width, review.poster_height) == (544, 816)
    assert (Path(app.config["UPLOAD_FOLDER"]) / review.poster_path).is_file()
    page = client.get("/reviews/the-third-man").get_data(as_text=True)
    assert review.poster_path in page and 'alt="Poster for The Third Man"' in page


@pytest.mark.parametrize("filename, content_name", [("evil.png", "html"), ("bomb.png", "bomb")])
def test_hostile_poster_is_422_with_text_kept_and_nothing_saved(client, ctx, author, app,
                                                                filename, content_name):
    from pathlib import Path

    from tests import images
    content = {"html": b"<html><script>alert(1)</script></html>",
               "bomb": images.png_bomb(30000, 30000)}[content_name]
    response = post_with_file(client, "/write/reviews/new", new_review_data(), "publish",
                              filename, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not an image we can use" in html or "too large to process" in html
    assert "An evening&#39;s careful writing. " * 400 in html
    assert fresh_review("the-third-man") is None
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or not any(folder.rglob("*.webp"))


def test_replacing_a_poster_removes_the_old_file(client, ctx, author, app):
    from pathlib import Path

    from tests import images
    post_with_file(client, "/write/reviews/new", new_review_data(), "publish", "a.png",
                   images.png())
    review = fresh_review("the-third-man")
    first_path = review.poster_path
    first = Path(app.config["UPLOAD_FOLDER"]) / first_path
    path = f"/write/reviews/{review.id}/edit"
    response = post_with_file(client, path, new_review_data(directors="Carol Reed"),
                              "save_draft", "b.png", images.png())
    assert response.status_code == 302
    second = fresh_review("the-third-man").poster_path
    assert second != first_path and not first.exists()
    assert not list(first.parent.glob(first.stem + ".w*.webp"))  # nor its smaller copies
    assert len(list(first.parent.glob(Path(second).stem + ".w*.webp"))) == 11


def test_each_save_keeps_the_previous_version_and_restore_brings_it_back(client, ctx, author):
    from blog.models import ReviewRevision
    post_form(client, "/write/reviews/new", new_review_data(body="First words."), "publish")
    review = fresh_review("the-third-man")
    path = f"/write/reviews/{review.id}/edit"
    post_form(client, path, new_review_data(body="Second words.", directors="Carol Reed"),
              "save_draft")
    post_form(client, path, new_review_data(body="Third words.", directors="Carol Reed"),
              "save_draft")
    db.session.rollback()
    kept = db.session.scalars(sa.select(ReviewRevision).where(
        ReviewRevision.review_id == review.id).order_by(ReviewRevision.id)).all()
    assert [revision.body for revision in kept] == ["First words.", "Second words."]
    listing = client.get(f"/write/reviews/{review.id}/revisions").get_data(as_text=True)
    assert listing.count("/revisions/") >= 2
    diff = client.get(f"/write/reviews/{review.id}/revisions/{kept[0].id}")
    assert diff.status_code == 200 and "First" in diff.get_data(as_text=True)
    token = csrf_token_from(listing)
    response = client.post(f"/write/reviews/{review.id}/revisions/{kept[0].id}/restore",
                           data={"csrf_token": token})
    assert response.status_code == 302
    restored = fresh_review("the-third-man")
    assert restored.body == "First words." and "First words." in restored.body_html
    assert "First words." in client.get("/reviews/the-third-man").get_data(as_text=True)


# ---------- Tags typed in the form (issue 12, item 18) ----------

def tags_of(slug):
    return sorted((tag.name, tag.slug) for tag in fresh_review(slug).tags)


def test_tags_are_one_only_when_their_folded_names_match(client, ctx, author):
    data = new_review_data(tags="北京, 背景, C++, C#, Straße, café, cafe, 🎬")
    assert post_form(client, "/write/reviews/new", data, "publish").status_code == 302
    names = [name for name, _ in tags_of("the-third-man")]
    assert sorted(names) == sorted(["北京", "背景", "C++", "C#", "Straße", "café", "cafe", "🎬"])
    slugs = [slug for _, slug in tags_of("the-third-man")]
    assert len(set(slugs)) == 8  # each its own address, suffixed where they transliterate alike
    assert "tag-1f3ac" in slugs
    for slug in slugs:
        assert client.get(f"/tags/{slug}").status_code == 200

    other = new_review_data(title="Vienna", film_id="0", film_title="Vienna", imdb_id="",
                            directors="", cast="",
                            tags="STRASSE, CAFÉ, ＣＡＦＥ")
    assert post_form(client, "/write/reviews/new", other, "publish").status_code == 302
    assert tags_of("vienna") == sorted([("Straße", "strasse"), ("café", "cafe"),
                                        ("cafe", "cafe-2")])
    assert db.session.scalar(sa.select(sa.func.count(Tag.id))) == 8


def test_an_over_long_tag_name_is_refused_not_cut(client, ctx, author):
    response = post_form(client, "/write/reviews/new", new_review_data(tags="Noir, " + "x" * 61),
                         "publish")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Keep each tag&#39;s name to 60 characters" in html and "x" * 61 in html
    assert fresh_review("the-third-man") is None
