"""The studio's people: the list, and editing a person through the real form (CSRF on)."""
from __future__ import annotations

import io
import os
import re
from html import escape

import pytest
import sqlalchemy as sa
from PIL import Image

from blog.extensions import db
from blog.services import image_sizes
from blog.models import Person
from tests import factories, images


@pytest.fixture
def critic(client, auth, users):
    """Signed in as an author (people are shared: any author may edit them)."""
    auth.login("critic")
    return users["author"]


@pytest.fixture
def carol(ctx):
    """A director credited on a published review, so her public page exists."""
    person = factories.person("Carol Reed", slug="carol-reed", imdb_id="nm0715346",
                              bio="British director.")
    film = factories.film("The Third Man", year=1949)
    factories.credit(film, person, "director")
    factories.review("The Third Man", of_film=film, slug="the-third-man")
    return person


def fresh(slug: str) -> Person:
    db.session.rollback()
    return db.session.scalar(sa.select(Person).where(Person.slug == slug))


def person_data(**changes) -> dict:
    return {"name": "Carol Reed", "imdb_id": "nm0715346", "bio": "British director.", **changes}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def stored_files(app) -> list[str]:
    """The stored images, after checking that every smaller copy belongs to one of them."""
    found = []
    for root, _dirs, files in os.walk(app.config["UPLOAD_FOLDER"]):
        found += [os.path.relpath(os.path.join(root, name), app.config["UPLOAD_FOLDER"])
                  for name in files]
    copies = {name for name in found if image_sizes.original_of(name)}
    originals = sorted(set(found) - copies)
    orphans = {name for name in copies if image_sizes.original_of(name)[0] not in originals}
    assert not orphans, f"copies left behind: {sorted(orphans)}"
    return originals


# ---------- The list ----------

def test_list_shows_name_imdb_id_credits_and_edit_link(client, critic, carol):
    factories.person("Orson Welles", slug="orson-welles")
    page = text_of(client.get("/write/people/"))
    assert "Carol Reed" in page and "nm0715346" in page
    assert 'href="/write/people/carol-reed"' in page
    assert 'href="/write/people/orson-welles"' in page
    assert '<td class="catalog-table__number">1</td>' in page  # Carol's one credit
    assert '<td class="catalog-table__number">0</td>' in page  # Orson is credited nowhere yet
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page


def test_list_is_searchable_by_name_case_insensitively(client, critic, carol):
    factories.person("Orson Welles", slug="orson-welles")
    page = text_of(client.get("/write/people/?q=REED"))
    assert "Carol Reed" in page and "Orson Welles" not in page
    page = text_of(client.get("/write/people/?q=nobody"))
    assert "Nobody’s name contains “nobody”" in page


def test_search_treats_wildcards_literally(client, critic, carol):
    factories.person("100% Anon", slug="anon")
    page = text_of(client.get("/write/people/?q=%25"))
    assert "100% Anon" in page and "Carol Reed" not in page


def listed(page: str) -> list[str]:
    """The names in the studio's table of people (not anywhere in the page: a random token
    once held "Ann")."""
    return re.findall(r'<th scope="row"><a href="/write/people/[^"]+">([^<]+)<span', page)


def test_list_paginates(app, client, critic, ctx):
    app.config["STUDIO_PER_PAGE"] = 2
    for name in ("Ann", "Bea", "Cal", "Dot", "Eve"):
        factories.person(name, slug=name.lower())
    first = text_of(client.get("/write/people/"))
    assert listed(first) == ["Ann", "Bea"]
    assert 'rel="next" href="/write/people/?page=2"' in first
    last = text_of(client.get("/write/people/?page=3"))
    assert listed(last) == ["Eve"]
    assert client.get("/write/people/?page=4").status_code == 404
    assert client.get("/write/people/?page=x").status_code == 404


# ---------- Editing ----------

def test_edit_form_shows_the_person(client, critic, carol):
    page = text_of(client.get("/write/people/carol-reed"))
    assert 'value="Carol Reed"' in page and 'value="nm0715346"' in page
    assert "British director." in page
    assert "The Third Man" in page  # the credits
    assert 'enctype="multipart/form-data"' in page


def test_edit_saves_and_keeps_the_slug(client, critic, carol, submit):
    response = submit("/write/people/carol-reed", "/write/people/carol-reed", person_data(
        name="  Sir Carol   Reed ", imdb_id=" https://www.imdb.com/name/NM0715346/?ref_=x ",
        bio="Directed The Third Man.\r\nBorn in London."))
    assert response.status_code == 302
    assert response.headers["Location"] == "/write/people/carol-reed"
    person = fresh("carol-reed")
    assert (person.name, person.imdb_id) == ("Sir Carol Reed", "nm0715346")
    assert person.bio == "Directed The Third Man.\nBorn in London."
    assert "Sir Carol Reed is saved." in text_of(client.get("/write/people/carol-reed"))
    public = client.get("/people/carol-reed")  # the old address still works
    assert public.status_code == 200 and "Sir Carol Reed" in text_of(public)


def test_clearing_the_imdb_id(client, critic, carol, submit):
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(imdb_id=""))
    assert response.status_code == 302
    assert fresh("carol-reed").imdb_id is None


def test_two_people_may_share_a_name(client, critic, carol, submit):
    factories.person("Carol Reed", slug="carol-reed-2")
    response = submit("/write/people/carol-reed-2", "/write/people/carol-reed-2",
                      person_data(imdb_id="nm0000001"))
    assert response.status_code == 302
    assert fresh("carol-reed-2").imdb_id == "nm0000001"


def test_a_bio_of_exactly_the_limit_with_browser_line_ends_is_fine(client, critic, carol,
                                                                   submit):
    bio = ("x" * 99 + "\r\n") * 10  # 1000 characters once a line end counts as one
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(bio=bio))
    assert response.status_code == 302
    assert len(fresh("carol-reed").bio) == 999  # the last line end is trimmed


@pytest.mark.parametrize("changes, message", [
    ({"imdb_id": "nm123456"}, "7 to 9 digits"),
    ({"imdb_id": "nm1234567890"}, "7 to 9 digits"),
    ({"imdb_id": "tt0041959"}, "7 to 9 digits"),
    ({"imdb_id": "0715346"}, "7 to 9 digits"),
    ({"imdb_id": "nm07153a6"}, "7 to 9 digits"),
    ({"imdb_id": "nm0715346x"}, "7 to 9 digits"),
    ({"imdb_id": "https://www.imdb.com/title/tt0041959/"}, "7 to 9 digits"),
    ({"imdb_id": "https://evil.example/name/nm0715346/"}, "7 to 9 digits"),
    ({"bio": "b" * 1001}, "Keep the bio to 1000 characters."),
    ({"name": ""}, "Enter the person’s name."),
    ({"name": "   "}, "Enter the person’s name."),
    ({"name": "n" * 121}, "Keep the name to 120 characters."),
], ids=["short", "long", "title-id", "no-prefix", "letter", "suffix", "title-url", "other-site",
        "bio-too-long", "no-name", "blank-name", "name-too-long"])
def test_bad_input_is_422_with_everything_kept(client, critic, carol, submit, changes,
                                               message):
    data = person_data(**{"name": "Typed Name", "bio": "A bio typed with care.", **changes})
    response = submit("/write/people/carol-reed", "/write/people/carol-reed", data)
    page = text_of(response)
    assert response.status_code == 422
    assert escape(message, quote=True) in page
    assert 'aria-invalid="true"' in page
    for field in ("name", "bio"):
        assert escape(data[field].strip(), quote=False) in page
    if changes.get("imdb_id"):
        assert escape(changes["imdb_id"], quote=True) in page
    person = fresh("carol-reed")
    assert (person.name, person.imdb_id, person.bio) == (
        "Carol Reed", "nm0715346", "British director.")


def test_imdb_id_of_someone_else_is_409_naming_them(client, critic, carol, submit):
    factories.person("Orson Welles", slug="orson-welles", imdb_id="nm0000080")
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(name="Carol Reed (typed)", imdb_id="nm0000080",
                                  bio="Typed bio."))
    page = text_of(response)
    assert response.status_code == 409
    assert "nm0000080 is already the IMDb id of Orson Welles." in page
    assert 'href="/write/people/orson-welles"' in page
    assert 'value="Carol Reed (typed)"' in page and "Typed bio." in page
    assert fresh("carol-reed").imdb_id == "nm0715346"


def test_keeping_ones_own_imdb_id_is_no_conflict(client, critic, carol, submit):
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(bio="Only the bio changes."))
    assert response.status_code == 302


def test_unknown_person_is_404(client, critic, ctx):
    assert client.get("/write/people/nobody").status_code == 404
    page = text_of(client.get("/write/people/"))
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/write/people/nobody", data={**person_data(), "csrf_token": token})
    assert response.status_code == 404


def test_post_without_csrf_token_is_400(client, critic, carol):
    response = client.post("/write/people/carol-reed", data=person_data(name="Forged"))
    assert response.status_code == 400
    assert fresh("carol-reed").name == "Carol Reed"


def test_admin_may_edit_people_too(client, auth, users, carol, submit):
    auth.login("boss")
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(name="Edited by the admin"))
    assert response.status_code == 302
    assert fresh("carol-reed").name == "Edited by the admin"


# ---------- The portrait ----------

def upload(data: bytes, filename: str = "face.png"):
    return (io.BytesIO(data), filename)


def test_upload_a_portrait_then_replace_then_remove_it(app, client, critic, carol, submit):
    page = "/write/people/carol-reed"
    response = submit(page, page, person_data(portrait=upload(images.png((500, 300)))))
    assert response.status_code == 302
    first = fresh("carol-reed").portrait_path
    assert first.startswith("portraits/carol-reed-") and first.endswith(".webp")
    assert stored_files(app) == [first]
    with Image.open(os.path.join(app.config["UPLOAD_FOLDER"], first)) as image:
        assert (image.format, image.size) == ("WEBP", (240, 240))
    edit_page = text_of(client.get(page))
    assert f'src="/media/{first}"' in edit_page and "Remove the current portrait" in edit_page
    with client.get(f"/media/{first}") as served:
        assert served.status_code == 200

    response = submit(page, page, person_data(portrait=upload(images.jpeg(), "new.jpg")))
    assert response.status_code == 302
    second = fresh("carol-reed").portrait_path
    assert second != first and stored_files(app) == [second]  # the old file is gone

    response = submit(page, page, person_data(remove_portrait="y"))
    assert response.status_code == 302
    assert fresh("carol-reed").portrait_path == "" and stored_files(app) == []
    assert "No portrait yet." in text_of(client.get(page))


def test_saving_without_a_new_file_keeps_the_portrait(app, client, critic, carol, submit):
    page = "/write/people/carol-reed"
    submit(page, page, person_data(portrait=upload(images.png())))
    kept = fresh("carol-reed").portrait_path
    response = submit(page, page, person_data(bio="New bio."))
    assert response.status_code == 302
    assert fresh("carol-reed").portrait_path == kept and stored_files(app) == [kept]


@pytest.mark.parametrize("data, filename, message", [
    (b"GIF89a but not really an image", "fake.gif",
     "That file is not an image we can use (PNG, JPEG, WebP or GIF)."),
    (b"%PDF-1.4 a document", "cv.pdf",
     "That file is not an image we can use (PNG, JPEG, WebP or GIF)."),
    (images.png_bomb(20_000, 20_000), "bomb.png", "The image is too large to process"),
], ids=["fake-gif", "pdf", "bomb"])
def test_a_bad_upload_is_422_at_the_field_and_saves_nothing(app, client, critic, carol, submit,
                                                            data, filename, message):
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(name="Typed Name", portrait=upload(data, filename)))
    page = text_of(response)
    assert response.status_code == 422
    assert 'id="portrait-error"' in page and message in page
    assert 'value="Typed Name"' in page
    assert fresh("carol-reed").name == "Carol Reed" and stored_files(app) == []


def test_a_too_big_file_is_a_form_error(app, client, critic, carol, submit):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(bio="Kept bio.", portrait=upload(images.png((600, 600)))))
    page = text_of(response)
    assert response.status_code == 422
    assert "The image is too large" in page and "Kept bio." in page
    assert stored_files(app) == []


def test_a_conflict_stores_no_portrait(app, client, critic, carol, submit):
    factories.person("Orson Welles", slug="orson-welles", imdb_id="nm0000080")
    response = submit("/write/people/carol-reed", "/write/people/carol-reed",
                      person_data(imdb_id="nm0000080", portrait=upload(images.png())))
    assert response.status_code == 409
    assert stored_files(app) == [] and fresh("carol-reed").portrait_path == ""
    assert "choose it again" in text_of(response)


def test_edit_page_links_to_the_public_page_only_once_it_is_public(client, critic, carol, ctx,
                                                                    users):
    assert 'href="/people/carol-reed"' in text_of(client.get("/write/people/carol-reed"))
    waiting = factories.person("Anna Karina", slug="anna-karina")
    film = factories.film("Vivre sa vie", year=1962)
    factories.credit(film, waiting, "cast")
    factories.review("Vivre sa vie", author=users["author"], of_film=film, status="draft")
    page = text_of(client.get("/write/people/anna-karina"))
    assert 'href="/people/anna-karina"' not in page
    assert "Their page will be /people/anna-karina" in page
    assert client.get("/people/anna-karina").status_code == 404
