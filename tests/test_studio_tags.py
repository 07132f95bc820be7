"""The studio's tags: the list, renaming and setting the kind, and merging (CSRF on)."""
from __future__ import annotations

from html import escape

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review, Tag, TagKind, review_tags
from blog.services import studio_tags, tags as tag_service
from tests import factories


@pytest.fixture
def critic(client, auth, users):
    """Signed in as an author (tags are shared: any author may manage them)."""
    auth.login("critic")
    return users["author"]


@pytest.fixture
def shelf(ctx, users):
    """Two tags on four reviews: one review has both, one is a draft."""
    noir = factories.tag("Noir", "genre")
    thriller = factories.tag("Thriller", "genre")
    factories.tag("Unused", "other")
    author = users["author"]
    both = factories.review("Both", author=author, slug="both", tags=[noir, thriller])
    only_noir = factories.review("Only noir", author=author, slug="only-noir", tags=[noir])
    draft = factories.review("Draft noir", author=author, slug="draft-noir", status="draft",
                             tags=[noir])
    only_thriller = factories.review("Only thriller", author=author, slug="only-thriller",
                                     tags=[thriller])
    return {"noir": noir.id, "thriller": thriller.id, "both": both.id,
            "only_noir": only_noir.id, "draft": draft.id, "only_thriller": only_thriller.id}


@pytest.fixture
def forgotten(monkeypatch):
    """Counts the calls that drop the cached tag cloud."""
    calls = []
    monkeypatch.setattr(studio_tags, "forget_cloud", lambda: calls.append(1))
    return calls


def text_of(response) -> str:
    return response.get_data(as_text=True)


def tag_named(name: str) -> Tag | None:
    db.session.rollback()
    return db.session.scalar(sa.select(Tag).where(Tag.name == name))


def tag_rows() -> list[tuple[int, int]]:
    db.session.rollback()
    return sorted(db.session.execute(sa.select(review_tags.c.review_id, review_tags.c.tag_id))
                  .all())


# ---------- The list ----------

def test_list_shows_every_tag_with_kind_count_and_form(client, critic, shelf):
    page = text_of(client.get("/write/tags/"))
    for name in ("Noir", "Thriller", "Unused"):
        assert f'value="{name}"' in page
    # Noir: three reviews, one of them a draft; its public page exists.
    assert "3 reviews (2 published)" in page and 'href="/tags/noir"' in page
    assert "0 reviews" in page and "/tags/unused (not public until" in page
    assert f'action="/write/tags/{shelf["noir"]}"' in page
    assert f'href="/write/tags/{shelf["noir"]}/merge"' in page
    assert f'<label for="tag-{shelf["noir"]}-kind">Kind</label>' in page
    assert '<option value="genre" selected>Genre</option>' in page
    assert "Renaming a tag changes its address" in page


def test_list_paginates(app, client, critic, ctx):
    app.config["STUDIO_TAGS_PER_PAGE"] = 2
    for name in ("Alpha", "beta", "Gamma"):
        factories.tag(name)
    first = text_of(client.get("/write/tags/"))
    assert 'value="Alpha"' in first and 'value="beta"' in first and "Gamma" not in first
    assert 'value="Gamma"' in text_of(client.get("/write/tags/?page=2"))
    assert client.get("/write/tags/?page=3").status_code == 404


def test_empty_list(client, critic, ctx):
    assert "No tags yet" in text_of(client.get("/write/tags/"))


# ---------- Rename and kind ----------

def test_rename_reslugs_and_sets_the_kind(client, critic, shelf, submit, forgotten):
    response = submit("/write/tags/", f"/write/tags/{shelf['noir']}",
                      {"name": "  Film   Noir ", "kind": "theme"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/write/tags/#tag-{shelf['noir']}"
    tag = tag_named("Film Noir")
    assert (tag.id, tag.slug, tag.kind) == (shelf["noir"], "film-noir", TagKind.THEME)
    assert forgotten == [1]
    listing = text_of(client.get("/write/tags/"))
    assert ("Its page is now /tags/film-noir; the old address /tags/noir redirects there."
            in listing)
    old = client.get("/tags/noir")
    assert (old.status_code, old.headers["Location"]) == (301, "/tags/film-noir")
    assert client.get("/tags/noir.atom").headers["Location"] == "/tags/film-noir.atom"
    assert client.get("/tags/film-noir").status_code == 200


def test_changing_only_the_kind_keeps_the_address(client, critic, shelf, submit):
    response = submit(f"/write/tags/{shelf['noir']}", f"/write/tags/{shelf['noir']}",
                      {"name": "Noir", "kind": "theme"})
    assert response.status_code == 302
    tag = tag_named("Noir")
    assert (tag.slug, tag.kind) == ("noir", TagKind.THEME)
    assert "redirects there" not in text_of(client.get("/write/tags/"))


def test_changing_the_case_is_no_conflict(client, critic, shelf, submit):
    response = submit("/write/tags/", f"/write/tags/{shelf['noir']}",
                      {"name": "NOIR", "kind": "genre"})
    assert response.status_code == 302
    assert tag_named("NOIR").slug == "noir"


def test_edit_page_shows_the_tag(client, critic, shelf):
    page = text_of(client.get(f"/write/tags/{shelf['noir']}"))
    assert 'value="Noir"' in page and '<option selected value="genre">' in page
    assert "the old address redirects to the new one" in page


@pytest.mark.parametrize("data, message", [
    ({"name": ""}, "A tag needs a name."),
    ({"name": "   "}, "A tag needs a name."),
    ({"name": "x" * 61}, "Keep a tag&#39;s name to 60 characters."),
    ({"name": "Crime", "kind": "villain"}, "Choose one of the kinds in the list."),
], ids=["empty", "blank", "too-long", "bad-kind"])
def test_bad_input_is_422_with_the_text_kept(client, critic, shelf, submit, forgotten,
                                             data, message):
    response = submit("/write/tags/", f"/write/tags/{shelf['noir']}",
                      {"kind": "theme", **data})
    page = text_of(response)
    assert response.status_code == 422
    assert message in page and 'aria-invalid="true"' in page
    if data["name"].strip():
        assert f'value="{escape(data["name"])}"' in page
    tag = tag_named("Noir")
    assert (tag.slug, tag.kind) == ("noir", TagKind.GENRE)
    assert forgotten == []


@pytest.mark.parametrize("name, says", [
    ("thriller", "There is already a tag named “Thriller”"),
    ("ＴＨＲＩＬＬＥＲ", "There is already a tag named “Thriller”"),  # fullwidth: NFKC
])
def test_renaming_onto_another_tag_is_409_suggesting_a_merge(client, critic, shelf, submit,
                                                             name, says):
    response = submit("/write/tags/", f"/write/tags/{shelf['noir']}",
                      {"name": name, "kind": "theme"})
    page = text_of(response)
    assert response.status_code == 409
    assert says in page and f'value="{name}"' in page
    merge_link = f'/write/tags/{shelf["noir"]}/merge?into={shelf["thriller"]}'
    assert f'href="{merge_link}"' in page
    assert tag_named("Noir").slug == "noir"
    assert client.get(merge_link).status_code == 200


@pytest.mark.parametrize("name, slug", [
    ("Thriller!", "thriller-2"),     # not the same name: a free address beside it
    ("!!!", "tag-21-21-21"),         # no letters or digits: an address all the same
    ("🎬", "tag-1f3ac"),
])
def test_names_that_slugify_alike_get_their_own_address(client, critic, shelf, submit, name,
                                                        slug):
    response = submit("/write/tags/", f"/write/tags/{shelf['noir']}",
                      {"name": name, "kind": "theme"})
    assert response.status_code == 302
    assert tag_named(name).slug == slug and tag_named("Thriller").slug == "thriller"
    assert client.get(f"/tags/{slug}").status_code == 200  # the page works at that address


def test_unknown_tag_is_404(client, critic, shelf, submit):
    assert client.get("/write/tags/9999").status_code == 404
    assert client.get("/write/tags/9999/merge").status_code == 404
    token = text_of(client.get("/write/tags/")).split('name="csrf_token" value="', 1)[1]
    token = token.split('"', 1)[0]
    assert client.post("/write/tags/9999", data={"csrf_token": token, "name": "X",
                                                 "kind": "genre"}).status_code == 404
    assert client.post("/write/tags/9999/merge", data={
        "csrf_token": token, "into": str(shelf["noir"])}).status_code == 404


def test_post_without_csrf_token_is_400(client, critic, shelf):
    assert client.post(f"/write/tags/{shelf['noir']}",
                       data={"name": "Forged", "kind": "genre"}).status_code == 400
    assert client.post(f"/write/tags/{shelf['noir']}/merge",
                       data={"into": str(shelf["thriller"])}).status_code == 400
    assert tag_named("Noir") is not None and tag_named("Forged") is None


def test_admin_may_manage_tags_too(client, auth, users, shelf, submit):
    auth.login("boss")
    response = submit("/write/tags/", f"/write/tags/{shelf['noir']}",
                      {"name": "Neo-noir", "kind": "genre"})
    assert response.status_code == 302
    assert tag_named("Neo-noir").slug == "neo-noir"


# ---------- Merge ----------

def test_merge_page_offers_the_other_tags(client, critic, shelf):
    page = text_of(client.get(f"/write/tags/{shelf['noir']}/merge"))
    assert f'<option value="{shelf["thriller"]}">Thriller</option>' in page
    assert f'<option value="{shelf["noir"]}">' not in page  # not into itself
    assert "Nothing changes until you confirm." in page
    assert 'method="post"' not in page.split("</header>", 2)[-1].split("</main>")[0]


def test_merge_confirmation_says_what_will_happen(client, critic, shelf):
    page = text_of(client.get(f"/write/tags/{shelf['noir']}/merge?into={shelf['thriller']}"))
    assert "2 reviews move from “Noir” to “Thriller”." in page
    assert "1 review already has both tags" in page
    assert "its address /tags/noir redirects to /tags/thriller" in page
    assert f'action="/write/tags/{shelf["noir"]}/merge"' in page
    assert len(tag_rows()) == 5  # looking changed nothing


def test_merge_moves_reviews_without_duplicates_and_deletes_the_source(client, critic, shelf,
                                                                       submit, forgotten):
    noir, thriller = shelf["noir"], shelf["thriller"]
    response = submit(f"/write/tags/{noir}/merge?into={thriller}", f"/write/tags/{noir}/merge")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/write/tags/#tag-{thriller}"
    assert tag_named("Noir") is None
    assert tag_rows() == sorted((shelf[key], thriller) for key in (
        "both", "only_noir", "draft", "only_thriller"))
    assert forgotten == [1]
    cloud = {item.name: item.count for item in tag_service.cloud()}
    assert cloud == {"Thriller": 3}  # the draft is tagged, but not counted by the cloud
    flashed = text_of(client.get("/write/tags/"))
    assert "“Noir” is merged into “Thriller”: 2 reviews moved." in flashed
    assert "4 reviews (3 published)" in flashed
    assert client.get("/tags/noir").headers["Location"] == "/tags/thriller"
    thriller_page = text_of(client.get("/tags/thriller"))
    assert "Only noir" in thriller_page and "Both" in thriller_page


def test_merged_review_still_loads_its_tags(client, critic, shelf, submit):
    submit(f"/write/tags/{shelf['noir']}/merge?into={shelf['thriller']}",
           f"/write/tags/{shelf['noir']}/merge")
    db.session.rollback()
    review = db.session.get(Review, shelf["both"])
    assert [tag.name for tag in review.tags] == ["Thriller"]


@pytest.mark.parametrize("into, message", [
    ("", "Choose the tag to merge into."),
    ("9999", "Choose the tag to merge into."),
    ("not-a-number", "Choose the tag to merge into."),
    ("{noir}", "A tag cannot be merged into itself"),
], ids=["missing", "unknown", "garbage", "itself"])
def test_a_bad_merge_target_is_422_and_changes_nothing(client, critic, shelf, submit,
                                                       forgotten, into, message):
    noir = shelf["noir"]
    page_url = f"/write/tags/{noir}/merge?into={shelf['thriller']}"
    response = submit(page_url, f"/write/tags/{noir}/merge", {"into": into.format(**shelf)})
    assert response.status_code == 422
    assert message in text_of(response)
    assert tag_named("Noir") is not None and len(tag_rows()) == 5
    assert forgotten == []


@pytest.mark.parametrize("into", ["9999", "abc", "{noir}"])
def test_choosing_a_bad_target_on_the_merge_page_is_422(client, critic, shelf, into):
    response = client.get(f"/write/tags/{shelf['noir']}/merge?into={into.format(**shelf)}")
    assert response.status_code == 422
    assert "field__error" in text_of(response)


def test_choosing_nothing_on_the_merge_page_is_422(client, critic, shelf):
    response = client.get(f"/write/tags/{shelf['noir']}/merge?into=")
    assert response.status_code == 422
    assert "Choose the tag to merge into." in text_of(response)
