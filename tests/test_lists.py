"""Lists of films: made in the studio (entries, notes, order, publishing), read at /lists/,
as Atom, as JSON-LD, in the sitemap, and named on the reviews of their films."""
from __future__ import annotations

import json
import re

import feedparser
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import FilmList, ListEntry
from blog.services import studio_lists
from tests import factories
from tests.conftest import csrf_token_from, sign_in

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def make_list(author, title="Where to start with noir", films=(), publish=True, ranked=True,
              notes=None):
    """A list made through the studio's service, as the form would."""
    film_list = studio_lists.save_list(None, author, studio_lists.ListDraft(
        title, "", "Some *dark* corners.", ranked), publish=publish)
    for n, film in enumerate(films):
        studio_lists.add_entry(film_list, film, (notes or {}).get(n, ""))
    return film_list


@pytest.fixture
def noir(ctx, users):
    """Three films: two with published reviews (one with a poster), one not reviewed yet."""
    third_man = factories.film("The Third Man", year=1949)
    laura = factories.film("Laura", year=1944)
    unseen = factories.film("Night and the City", year=1950)
    factories.review("The Third Man", author=users["author"], of_film=third_man,
                     slug="the-third-man", rating_halves=10)
    factories.review("Laura", author=users["author"], of_film=laura, slug="laura",
                     rating_halves=8)
    return {"third_man": third_man, "laura": laura, "unseen": unseen}


def fresh() -> None:
    """End the arranging session's transaction, so its next read sees what requests wrote."""
    db.session.commit()
    db.session.expire_all()


def order_of(slug: str) -> list[str]:
    fresh()
    film_list = db.session.scalar(sa.select(FilmList).where(FilmList.slug == slug))
    return [entry.film.title for entry in film_list.entries]


def studio_post(client, path, data):
    token = csrf_token_from(client.get("/auth/reset").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


# ---------- Making a list in the studio ----------

def test_an_author_makes_a_list_adds_films_and_publishes_it(client, ctx, users, noir):
    sign_in(client, users["author"])
    response = studio_post(client, "/write/lists/new", {
        "title": "Where to start with noir", "intro": "Start *here*.<script>x()</script>",
        "ranked": "y", "save_draft": "Save draft"})
    assert response.status_code == 302
    fresh()
    film_list = db.session.scalar(sa.select(FilmList))
    assert film_list.slug == "where-to-start-with-noir" and not film_list.is_visible
    assert "<script>" not in film_list.intro_html and "<em>here</em>" in film_list.intro_html
    edit = f"/write/lists/{film_list.id}/edit"
    # By title, by "Title (Year)", and by a review's address.
    for typed, note in (("Laura", "The portrait."), ("Night and the City (1950)", ""),
                        ("http://blog.test/reviews/the-third-man", "**Zither** <b onclick=x>")):
        answer = studio_post(client, f"/write/lists/{film_list.id}/entries",
                             {"film": typed, "note": note, "add": "Add to the list"})
        assert answer.status_code == 302, answer.get_data(as_text=True)
    assert order_of(film_list.slug) == ["Laura", "Night and the City", "The Third Man"]
    fresh()
    entry = db.session.scalar(sa.select(ListEntry).join(ListEntry.film)
                              .where(ListEntry.film_id == noir["third_man"].id))
    assert "<strong>Zither</strong>" in entry.note_html and "onclick" not in entry.note_html
    assert client.get("/lists/where-to-start-with-noir").status_code == 404  # still a draft
    assert studio_post(client, edit, {"title": "Where to start with noir", "ranked": "y",
                                      "publish": "Publish"}).status_code == 302
    page = client.get("/lists/where-to-start-with-noir")
    assert page.status_code == 200
    assert "Not reviewed yet" in page.get_data(as_text=True)


def test_the_same_film_twice_is_a_conflict_and_an_unknown_film_a_field_error(
        client, ctx, users, noir):
    film_list = make_list(users["author"], films=[noir["laura"]])
    sign_in(client, users["author"])
    path = f"/write/lists/{film_list.id}/entries"
    again = studio_post(client, path, {"film": "Laura", "note": "Again"})
    assert again.status_code == 409
    assert "is on this list already" in again.get_data(as_text=True)
    assert 'value="Laura"' in again.get_data(as_text=True)  # what was typed comes back
    missing = studio_post(client, path, {"film": "No Such Film"})
    assert missing.status_code == 422
    assert "No film here is called" in missing.get_data(as_text=True)


def test_a_taken_address_is_a_conflict_with_the_text_kept(client, ctx, users, noir):
    make_list(users["author"], "Noir")
    sign_in(client, users["author"])
    answer = studio_post(client, "/write/lists/new", {"title": "Another", "slug": "noir",
                                                      "intro": "Kept text"})
    assert answer.status_code == 409
    assert "Kept text" in answer.get_data(as_text=True)


def test_up_and_down_reorder_and_stop_at_the_ends(client, ctx, users, noir):
    film_list = make_list(users["author"], films=[noir["third_man"], noir["laura"],
                                                  noir["unseen"]])
    ids = {entry.film.title: entry.id for entry in film_list.entries}
    sign_in(client, users["author"])

    def press(title, action):
        return studio_post(client, f"/write/lists/{film_list.id}/entries/{ids[title]}",
                           {"action": action, "note": ""})

    slug = film_list.slug
    assert press("Laura", "up").status_code == 302
    assert order_of(slug) == ["Laura", "The Third Man", "Night and the City"]
    press("Laura", "up")  # already first: nothing moves
    assert order_of(slug) == ["Laura", "The Third Man", "Night and the City"]
    press("Night and the City", "down")  # already last
    assert order_of(slug) == ["Laura", "The Third Man", "Night and the City"]
    press("The Third Man", "down")
    assert order_of(slug) == ["Laura", "Night and the City", "The Third Man"]
    press("Night and the City", "remove")
    assert order_of(slug) == ["Laura", "The Third Man"]
    positions = db.session.scalars(sa.select(ListEntry.position).order_by(ListEntry.position))
    assert list(positions) == [0, 1]
    page = client.get(f"/write/lists/{film_list.id}/edit").get_data(as_text=True)
    # The first entry cannot go up nor the last down; the buttons say so without a script.
    assert re.search(r'value="up" disabled>Move up<span class="visually-hidden"> Laura', page)
    assert re.search(r'value="down" disabled>Move down<span class="visually-hidden"> The Third',
                     page)


def test_a_note_is_saved_sanitized_and_a_bad_action_is_refused(client, ctx, users, noir):
    film_list = make_list(users["author"], films=[noir["laura"]])
    entry_id = film_list.entries[0].id
    sign_in(client, users["author"])
    path = f"/write/lists/{film_list.id}/entries/{entry_id}"
    assert studio_post(client, path, {"action": "save",
                                      "note": "A [link](javascript:alert(1)) *here*"}
                       ).status_code == 302
    fresh()
    note_html = db.session.get(ListEntry, entry_id).note_html
    assert "<em>here</em>" in note_html and "href" not in note_html
    assert studio_post(client, path, {"action": "explode", "note": ""}).status_code == 400
    assert client.post(path, data={"action": "up", "note": ""}).status_code == 400  # no token


def test_unpublish_and_delete(client, ctx, users, noir):
    film_list = make_list(users["author"], films=[noir["laura"]])
    sign_in(client, users["author"])
    assert client.get(f"/lists/{film_list.slug}").status_code == 200
    studio_post(client, f"/write/lists/{film_list.id}/unpublish", {})
    assert client.get(f"/lists/{film_list.slug}").status_code == 404
    confirm = client.get(f"/write/lists/{film_list.id}/delete")
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert f"Delete “{film_list.title}”?" in page and "its 1 entry will be gone" in page
    assert "Delete the list" in page and f'action="/write/lists/{film_list.id}/delete"' in page
    studio_post(client, f"/write/lists/{film_list.id}/delete", {})
    fresh()
    assert db.session.scalar(sa.select(sa.func.count(FilmList.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(ListEntry.id))) == 0


@pytest.mark.parametrize("role, expected", [("author", 200), ("other_author", 403),
                                            ("admin", 200), ("commenter", 403),
                                            ("banned", 403)])
def test_only_the_author_and_admins_edit_a_list(client, ctx, users, noir, role, expected):
    film_list = make_list(users["author"], films=[noir["laura"]])
    sign_in(client, users[role])
    assert client.get(f"/write/lists/{film_list.id}/edit").status_code == expected
    moved = studio_post(client, f"/write/lists/{film_list.id}/entries/"
                                f"{film_list.entries[0].id}", {"action": "remove", "note": ""})
    assert moved.status_code == (302 if expected == 200 else 403)


def test_anonymous_visitors_are_sent_to_log_in(client, ctx, users):
    answer = client.get("/write/lists/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/auth/login")


def test_the_studio_lists_only_ones_own_lists_to_authors(client, ctx, users, noir):
    make_list(users["author"], "Mine")
    make_list(users["other_author"], "Theirs")
    sign_in(client, users["author"])
    page = client.get("/write/lists/").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page
    sign_in(client, users["admin"])
    page = client.get("/write/lists/").get_data(as_text=True)
    assert "Mine" in page and "Theirs" in page


# ---------- Reading lists ----------

def test_a_list_page_shows_its_films_in_order_with_notes_and_share_links(client, ctx, users,
                                                                         noir):
    make_list(users["author"], films=[noir["laura"], noir["unseen"], noir["third_man"]],
              notes={0: "A *portrait*."})
    html = client.get("/lists/where-to-start-with-noir").get_data(as_text=True)
    assert html.index("Laura") < html.index("Night and the City") < html.index("The Third Man")
    assert '<span class="poster-grid__rank">1.</span>' in html
    assert "<em>portrait</em>" in html and "<em>dark</em>" in html
    assert 'href="/reviews/laura"' in html
    assert "bsky.app/intent/compose" in html
    assert 'href="http://blog.test/lists/where-to-start-with-noir.atom"' in html


def test_an_unranked_list_has_no_numbers(client, ctx, users, noir):
    make_list(users["author"], films=[noir["laura"]], ranked=False)
    html = client.get("/lists/where-to-start-with-noir").get_data(as_text=True)
    assert "poster-grid__rank" not in html and '<ul class="poster-grid">' in html


def test_json_ld_is_an_item_list_in_order(client, ctx, users, noir):
    make_list(users["author"], films=[noir["third_man"], noir["unseen"]])
    html = client.get("/lists/where-to-start-with-noir").get_data(as_text=True)
    found = [json.loads(block) for block in JSON_LD.findall(html)]
    data = next(item for item in found if item.get("@type") == "ItemList")
    assert data["name"] == "Where to start with noir"
    assert data["itemListOrder"] == "https://schema.org/ItemListOrderAscending"
    assert data["numberOfItems"] == 2
    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "The Third Man",
         "url": "http://blog.test/reviews/the-third-man"},
        {"@type": "ListItem", "position": 2, "name": "Night and the City"}]


def test_the_index_lists_published_lists_only(client, ctx, users, noir):
    make_list(users["author"], "Published one", films=[noir["laura"]])
    make_list(users["author"], "A draft", publish=False)
    html = client.get("/lists/").get_data(as_text=True)
    assert "Published one" in html and "A draft" not in html
    assert client.get("/lists/?page=2").status_code == 404


def test_feeds_of_all_lists_and_of_one(client, ctx, users, noir):
    make_list(users["author"], films=[noir["laura"], noir["unseen"]], notes={0: "Gene *Tierney*"})
    make_list(users["author"], "Hidden", publish=False)
    every = feedparser.parse(client.get("/lists.atom").get_data())
    assert [entry.title for entry in every.entries] == ["Where to start with noir"]
    assert every.entries[0].link == "http://blog.test/lists/where-to-start-with-noir"
    one = client.get("/lists/where-to-start-with-noir.atom")
    assert one.mimetype == "application/atom+xml"
    parsed = feedparser.parse(one.get_data())
    assert [entry.title for entry in parsed.entries] == ["1. Laura (1944)",
                                                         "2. Night and the City (1950)"]
    assert parsed.entries[0].link == "http://blog.test/reviews/laura"
    assert "<em>Tierney</em>" in parsed.entries[0].content[0].value
    assert client.get("/lists/hidden.atom").status_code == 404


def test_a_review_page_names_the_published_lists_of_its_film(client, ctx, users, noir,
                                                             count_queries):
    make_list(users["author"], "First list", films=[noir["laura"]])
    with count_queries() as one:
        html = client.get("/reviews/laura").get_data(as_text=True)
    assert "Appears in these lists" in html and "First list" in html
    make_list(users["author"], "Second list", films=[noir["laura"]])
    make_list(users["author"], "Third list", films=[noir["laura"]])
    make_list(users["author"], "Draft list", films=[noir["laura"]], publish=False)
    with count_queries() as three:
        html = client.get("/reviews/laura").get_data(as_text=True)
    assert "Second list" in html and "Third list" in html and "Draft list" not in html
    assert len(one) == len(three)
    assert "Appears in these lists" not in client.get("/reviews/the-third-man").get_data(
        as_text=True)


def test_a_film_reviewed_after_it_was_listed_links_to_its_review(client, ctx, users, noir):
    make_list(users["author"], films=[noir["unseen"]])
    assert "Not reviewed yet" in client.get("/lists/where-to-start-with-noir").get_data(
        as_text=True)
    factories.review("Night and the City", author=users["author"], of_film=noir["unseen"],
                     slug="night-and-the-city")
    html = client.get("/lists/where-to-start-with-noir").get_data(as_text=True)
    assert 'href="/reviews/night-and-the-city"' in html


def test_published_lists_are_in_the_sitemap(client, ctx, users, noir):
    make_list(users["author"], films=[noir["laura"]])
    make_list(users["author"], "Hidden", publish=False)
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "http://blog.test/lists/where-to-start-with-noir" in xml
    assert "http://blog.test/lists/</loc>" in xml and "/lists/hidden" not in xml


@pytest.mark.parametrize("path", ["/lists/", "/lists/where-to-start-with-noir", "/lists.atom",
                                  "/lists/where-to-start-with-noir.atom"])
def test_list_pages_run_a_constant_number_of_queries(client, ctx, users, noir, count_queries,
                                                     path):
    make_list(users["author"], films=[noir["laura"]])
    with count_queries() as few:
        assert client.get(path).status_code == 200
    films = [factories.film(f"Extra {n}") for n in range(6)]
    for film in films[:3]:
        factories.review(film.title, author=users["author"], of_film=film)
    film_list = db.session.scalar(sa.select(FilmList))
    for film in films:
        studio_lists.add_entry(film_list, film, "More")
    for n in range(3):
        make_list(users["other_author"], f"Other {n}", films=films[n:])
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert len(few) == len(many) <= 8


def test_an_author_with_lists_cannot_delete_their_account_yet(client, ctx, users, noir):
    make_list(users["other_author"], "Theirs", films=[noir["laura"]])
    sign_in(client, users["other_author"])
    answer = studio_post(client, "/account/delete", {"password": "correct horse battery"})
    assert answer.status_code == 409
    assert "still has lists" in answer.get_data(as_text=True)
    fresh()
    assert db.session.scalar(sa.select(sa.func.count(FilmList.id))) == 1


def test_a_new_order_sent_at_once_by_dragging(client, ctx, users, noir):
    film_list = make_list(users["author"], films=[noir["third_man"], noir["laura"],
                                                  noir["unseen"]])
    first, second, third = (entry.id for entry in film_list.entries)
    sign_in(client, users["author"])
    page = client.get(f"/write/lists/{film_list.id}/edit").get_data(as_text=True)
    assert "js/list-order" in page and f'name="order" value="{first},{second},{third}"' in page
    path = f"/write/lists/{film_list.id}/order"
    assert studio_post(client, path, {"order": f"{third},{first},{second}"}).status_code == 302
    assert order_of(film_list.slug) == ["Night and the City", "The Third Man", "Laura"]
    for bad in (f"{first},{second}", f"{first},{first},{second}", "x", f"{first},{second},99"):
        assert studio_post(client, path, {"order": bad}).status_code == 400, bad
    assert order_of(film_list.slug) == ["Night and the City", "The Third Man", "Laura"]
