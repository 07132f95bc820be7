"""The review form's studio helpers: one new person in several roles, lookups, tag kinds."""
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Person
from tests import factories
from tests.conftest import csrf_token_from
from tests.test_write import fresh_review, new_review_data, post_form


@pytest.fixture
def author(client, auth, users):
    auth.login("critic")
    return users["author"]


@pytest.mark.parametrize("writers", ["Lee Chung-hyun", "Lee Chung-hyun | @lee-chung-hyun"])
def test_a_new_writer_director_is_one_new_person(client, ctx, author, writers):
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Call", film_title="Call", imdb_id="", directors="Lee Chung-hyun",
        writers=writers, cast="Park Shin-hye | Seo-yeon\nLee Chung-hyun | Cameo"), "publish")
    assert response.status_code == 302, response.get_data(as_text=True)
    film = fresh_review("call").film
    people = db.session.scalars(sa.select(Person).where(Person.name == "Lee Chung-hyun")).all()
    assert len(people) == 1
    assert sorted(c.role.value for c in film.credits if c.person_id == people[0].id) == [
        "cast", "director", "writer"]


def test_the_same_new_imdb_id_in_two_roles_is_one_person(client, ctx, author):
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Sans", film_title="Sans", imdb_id="", directors="Ana Lily | nm1234567",
        writers="Ana Lily | nm1234567", cast=""), "publish")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 1


def test_a_bare_name_that_is_someone_already_here_still_asks(client, ctx, author):
    factories.person("Lee Chung-hyun", slug="lee-chung-hyun")
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Call", film_title="Call", imdb_id="", directors="Lee Chung-hyun",
        writers="Lee Chung-hyun", cast=""), "publish")
    assert response.status_code == 422
    assert "could be someone already here" in response.get_data(as_text=True)


@pytest.mark.parametrize("name, kind", [
    ("2020s", "decade"), ("1970s", "decade"), ("'70s", "decade"), ("2023", "decade"),
    ("1949", "decade"), ("Horror", "genre"), ("film noir", "genre"), ("Sci-Fi", "genre"),
    ("Science  fiction", "genre"), ("Carol Reed", "person"), ("Rainy days", "other"),
    ("12345", "other"), ("Horrorshow", "other"), ("2023 London Film Festival", "other")])
def test_new_tags_get_a_guessed_kind(name, kind):
    from blog.services.tags import infer_kind
    assert infer_kind(name, ["Carol Reed", "Orson Welles"]).value == kind


def test_tags_created_from_the_form_get_their_kind(client, ctx, author):
    response = post_form(client, "/write/reviews/new", new_review_data(
        tags="2020s, 1949, Thriller, Carol Reed, Vienna"), "publish")
    assert response.status_code == 302
    kinds = {tag.name: tag.kind.value for tag in fresh_review("the-third-man").tags}
    assert kinds == {"2020s": "decade", "1949": "decade", "Thriller": "genre",
                     "Carol Reed": "person", "Vienna": "other"}


def test_the_form_lists_no_films_or_tags(client, ctx, author):
    for n in range(30):
        factories.film(f"Film number {n}", year=1990 + n)
        factories.tag(f"Tag number {n}")
    html = client.get("/write/reviews/new").get_data(as_text=True)
    assert "Film number" not in html and "Tag number" not in html
    assert '<datalist id="film-suggestions"></datalist>' in html
    assert 'data-lookup-base="/write/lookup/"' in html


@pytest.mark.parametrize("typed", ["Heat (1995)", "heat  (1995)", "Ronin"])
def test_a_film_is_picked_by_typing_its_name(client, ctx, author, typed):
    heat = factories.film("Heat", year=1995)
    factories.film("Heat", year=1986)
    ronin = factories.film("Ronin", year=1998)
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Picked", film=typed, film_title=""), "publish")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert fresh_review("picked").film_id == (ronin.id if typed == "Ronin" else heat.id)


@pytest.mark.parametrize("typed, message", [
    ("Heat", "Several films here are called “Heat”: write “Heat (1986)” or “Heat (1995)”."),
    ("Hea", "No film here is called “Hea”."),
])
def test_an_ambiguous_or_unknown_film_is_422_with_the_choices(client, ctx, author, typed,
                                                             message):
    factories.film("Heat", year=1995)
    factories.film("Heat", year=1986)
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Picked", film=typed), "publish")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message.replace("“", "&#8220;") in html or message in html
    assert f'value="{typed}"' in html


def test_lookups_find_films_people_and_tags(client, ctx, author):
    factories.film("The Third Man", year=1949)
    factories.film("Man on Wire", year=2008)
    factories.film("100% Wolf", year=2020)
    factories.person("Carol Reed", slug="carol-reed")
    factories.tag("Film noir")
    assert client.get("/write/lookup/films?q=man").get_json() == {
        "results": ["Man on Wire (2008)", "The Third Man (1949)"]}
    assert client.get("/write/lookup/films?q=%25").get_json() == {"results": ["100% Wolf (2020)"]}
    assert client.get("/write/lookup/people?q=reed").get_json() == {
        "results": ["Carol Reed | @carol-reed"]}
    assert client.get("/write/lookup/tags?q=NOIR").get_json() == {"results": ["Film noir"]}
    assert client.get("/write/lookup/films?q=").get_json() == {"results": []}
    assert client.get("/write/lookup/users?q=a").status_code == 404


@pytest.mark.parametrize("who, status", [(None, 302), ("reader1", 403), ("spammer", 403),
                                         ("rival", 200), ("boss", 200)])
def test_lookups_are_authorized_like_the_studio(client, auth, users, who, status):
    if who:
        auth.login(who)
    assert client.get("/write/lookup/films?q=a").status_code == status


@pytest.mark.parametrize("languages, typed, expected", [
    ("Japanese", "", "ja"), ("Klingon, Korean", "", "ko"), ("Portuguese", "pt-BR", "pt-BR"),
    ("Esperanto", "", "")])
def test_the_original_title_carries_its_language(client, ctx, author, languages, typed,
                                                 expected):
    response = post_form(client, "/write/reviews/new", new_review_data(
        title="Seven", film_title="Seven Samurai", original_title="七人の侍", imdb_id="",
        languages=languages, language=typed), "publish")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert fresh_review("seven").film.language == expected
    html = client.get("/reviews/seven").get_data(as_text=True)
    lang = f' lang="{expected}"' if expected else ""
    assert f"<dt>Original title</dt><dd{lang}>七人の侍</dd>" in html
    edit = client.get(f"/write/reviews/{fresh_review('seven').id}/edit").get_data(as_text=True)
    assert f'name="language" type="text" value="{expected}"' in edit


def test_a_malformed_language_tag_is_422(client, ctx, author):
    response = post_form(client, "/write/reviews/new", new_review_data(
        language="not a tag!"), "publish")
    assert response.status_code == 422
    assert "Write a language tag" in response.get_data(as_text=True)


def test_an_admin_writes_the_about_page(client, auth, ctx, users):
    users["author"].bio = "Critic since 1999."
    db.session.commit()
    assert "How the ratings work" in client.get("/about").get_data(as_text=True)
    auth.login("boss")
    page = client.get("/write/about").get_data(as_text=True)
    response = client.post("/write/about", data={
        "csrf_token": csrf_token_from(page), "save": "y",
        "body": "## Who we are\n\nTwo critics. <script>alert(1)</script>"})
    assert response.status_code == 302
    about = client.get("/about").get_data(as_text=True)
    assert "<h2>Who we are</h2>" in about and "How the ratings work" not in about
    assert "<script>" not in about and "Critic since 1999." in about
    page = client.get("/write/about").get_data(as_text=True)
    assert "## Who we are" in page
    client.post("/write/about", data={"csrf_token": csrf_token_from(page), "reset": "y",
                                      "body": ""})
    assert "How the ratings work" in client.get("/about").get_data(as_text=True)


def test_the_about_editor_is_for_admins_only(client, auth, users):
    auth.login("critic")
    assert client.get("/write/about").status_code == 403
    assert "About page" not in client.get("/write/").get_data(as_text=True)


def test_the_about_editor_keeps_the_text_after_a_stale_token(client, auth, users):
    auth.login("boss")
    response = client.post("/write/about", data={"csrf_token": "stale", "save": "y",
                                                 "body": "## Our story, typed slowly"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "please send it again" in html and "## Our story, typed slowly</textarea>" in html
    auth.logout()
    auth.login("critic")
    refused = client.post("/write/about", data={"csrf_token": "stale", "body": "Mine now"})
    assert refused.status_code == 403 and "Mine now" not in refused.get_data(as_text=True)
