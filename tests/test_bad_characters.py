"""NUL, control characters and noncharacters: refused or stripped in every form and URL."""
import re

import feedparser
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.forms import BaseForm
from blog.models import Comment
from blog.text import has_unsafe_characters, strip_unsafe, xml_safe
from tests import factories
from tests.conftest import hidden_fields
from tests.test_write import new_review_data

BAD = {"NUL": "\x00", "C0": "\x01", "C1": "\x85", "U+FFFF": "\uffff"}


@pytest.fixture
def world(ctx, users):
    """A review with comments to edit and report, a person and a tag for the studio."""
    review = factories.review("Heat", author=users["author"], slug="heat")
    factories.comment(review, users["commenter"], "An earlier approved comment.")
    mine = factories.comment(review, users["commenter"], "Mine, still editable.")
    theirs = factories.comment(review, users["other_author"], "Someone else's.")
    factories.person("Carol Reed", slug="carol-reed")
    tag = factories.tag("Noir", "genre")
    return {"mine": mine.id, "theirs": theirs.id, "tag": tag.id, "review": review.id}


# (login as, page with the form, its action, the fields to fill in, fields to try bad input in)
FORMS = {
    "comment": ("reader1", "/reviews/heat", "/reviews/heat/comments#respond",
                {"body": "Good."}, ["body", "leave_blank", "started"]),
    "comment edit": ("reader1", "/comments/{mine}/edit", "/comments/{mine}/edit",
                     {"body": "Edited."}, ["body"]),
    "report": ("reader1", "/comments/{theirs}/report", "/comments/{theirs}/report",
               {"reason": "Rude."}, ["reason"]),
    "review": ("critic", "/write/reviews/new", "/write/reviews/new",
               {**new_review_data(), "save_draft": "y"},
               ["title", "slug", "dek", "body", "verdict", "tags", "poster_alt", "film_title",
                "original_title", "countries", "languages", "directors", "writers", "cast",
                "synopsis", "trailer_url", "imdb_id", "rotten_tomatoes_url", "letterboxd_url",
                "watch"]),
    "person": ("critic", "/write/people/carol-reed", "/write/people/carol-reed",
               {"name": "Carol Reed", "imdb_id": "", "bio": "Director."},
               ["name", "imdb_id", "bio"]),
    "tag": ("critic", "/write/tags/{tag}", "/write/tags/{tag}",
            {"name": "Noir", "kind": "genre"}, ["name"]),
    "display name": ("reader1", "/account", "/account/name",
                     {"name-display_name": "Ann"}, ["name-display_name"]),
    "email change": ("reader1", "/account", "/account/email",
                     {"email-email": "new@example.com",
                      "email-password": factories.PASSWORD}, ["email-email"]),
    "login": (None, "/auth/login", "/auth/login",
              {"login": "reader1", "password": factories.PASSWORD}, ["login", "next"]),
    "register": (None, "/auth/register", "/auth/register",
                 {"username": "newbie", "email": "newbie@example.com",
                  "password": "a long enough secret", "password_again": "a long enough secret",
                  "website": ""}, ["username", "email", "website"]),
    "reset": (None, "/auth/reset", "/auth/reset", {"email": "reader1@example.com"}, ["email"]),
}
CASES = [(form, field, bad) for form, spec in FORMS.items() for field in spec[4] for bad in BAD]


def stored_text_holding(bad: str) -> list[str]:
    """Every stored text value (any table, any column) that holds ``bad``."""
    db.session.rollback()
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns
                   if isinstance(column.type, (sa.String, sa.Text))]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            found += [f"{table.name}: {value!r}" for value in row
                      if isinstance(value, str) and bad in value]
    return found


@pytest.mark.parametrize("form,field,bad", CASES,
                         ids=[f"{form}-{field}-{bad}" for form, field, bad in CASES])
def test_every_text_field_refuses_or_strips_bad_characters(client, auth, submit, world, form,
                                                           field, bad):
    who, page, action, data, _ = FORMS[form]
    page, action = page.format(**world), action.format(**world)
    if who:
        auth.login(who)
    if field == "started":  # a signed token: the bad character goes inside the real one
        response = send_with_bad_token(client, page, action, data, BAD[bad])
    else:
        response = submit(page, action, {**data, field: f"a{BAD[bad]}b"})
    assert response.status_code in (200, 302, 303, 409, 422), response.status_code
    assert stored_text_holding(BAD[bad]) == []


def send_with_bad_token(client, page, action, data, bad):
    """Send the form with a bad character in the middle of its signed time token."""
    fields = hidden_fields(client.get(page).get_data(as_text=True), action)
    fields["started"] = fields["started"][:5] + bad + fields["started"][5:]
    return client.post(action, data={**fields, **data})


def test_a_stripped_comment_is_stored_without_the_characters(client, auth, submit, world):
    auth.login("reader1")
    response = submit("/reviews/heat", "/reviews/heat/comments#respond",
                      {"body": "Tab\tand\r\nnew line stay;\x00 NUL\x01, \x85 and \uffff go."})
    assert response.status_code == 302
    db.session.rollback()
    stored = db.session.scalar(sa.select(Comment.body_source).where(
        Comment.body_source.like("Tab%")))
    assert stored == "Tab\tand\r\nnew line stay; NUL,  and  go."


def test_every_form_is_a_base_form():
    """Forms added later get the filter too: each one derives from BaseForm."""
    import blog.account.forms, blog.auth.forms, blog.comments.forms  # noqa: E401,F401
    import blog.moderation.forms, blog.notifications.forms  # noqa: E401,F401
    import blog.write.forms, blog.write.forms_people  # noqa: E401,F401
    from flask_wtf import FlaskForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("blog.")]
    assert len(ours) > 20
    assert [cls.__qualname__ for cls in ours if not issubclass(cls, BaseForm)] == []


@pytest.mark.parametrize("path", ["/reviews/a%00b", "/tags/a%00b", "/people/a%00b",
                                  "/authors/a%00b", "/reviews/a%00b/comments.atom",
                                  "/reviews/a%01b", "/tags/a%C2%85b", "/people/a%EF%BF%BFb"])
def test_url_parts_with_bad_characters_are_404(client, ctx, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query, page", [("page=1%00", "/"), ("q=a%00b", "/search"),
                                         ("q=%EF%BF%BEnoir", "/search"),
                                         ("next=%2Fabout%00", "/auth/login")])
def test_query_values_lose_their_bad_characters(client, ctx, query, page):
    response = client.get(f"{page}?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "\x00" not in html and "\uffff" not in html and "\ufffe" not in html


def test_login_with_nul_is_a_clean_failure(client, users, submit):
    response = submit("/auth/login", "/auth/login",
                      {"login": "reader\x001", "password": "wrong password"})
    assert response.status_code in (401, 422)


@pytest.mark.parametrize("text,expected", [
    ("a\x00b\x7f\x9f\ufffe\U0001fffe\ufdd0\ud800c", "abc"),
    ("tab\tand\r\nlines\n stay", "tab\tand\r\nlines\n stay"),
    ("é ü 北京 🎬", "é ü 北京 🎬"),
])
def test_strip_unsafe(text, expected):
    assert strip_unsafe(text) == expected


@pytest.mark.parametrize("text,unsafe", [
    ("a\x00b", True), ("a\x85b", True), ("a\uffffb", True), ("one\nline", True),
    ("tab\tis fine", False), ("é ü 北京 🎬", False)])
def test_one_line_values_with_unsafe_characters(text, unsafe):
    assert has_unsafe_characters(text) is unsafe


def test_a_one_line_field_is_refused_with_the_text_kept(client, auth, submit, world):
    auth.login("critic")
    response = submit("/write/reviews/new", "/write/reviews/new",
                      {**new_review_data(title="Bad\x01 title"), "save_draft": "y"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please use only visible characters." in html and "Bad\x01 title" in html


def test_xml_safe_keeps_what_xml_allows():
    assert xml_safe("a\x00\x1b\ufffe\uffffb\t\n\x85é") == "ab\t\n\x85é"


# ---------- Values stored before the filter existed still render ----------

def test_feed_and_pages_render_stored_bad_characters(client, ctx, users):
    review = factories.review("Bad\x01 title\x1f", author=users["author"], slug="bad")
    users["commenter"].display_name = "Name\uffff\ufffe"
    db.session.commit()
    factories.comment(review, users["commenter"], "Text \uffff with \x0b controls \x1b.")
    response = client.get("/reviews/bad/comments.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]
    assert entry.author == "Name" and "Bad title" in feed.feed.title
    assert entry.content[0].value.startswith("<p>Text  with ")
    assert client.get("/reviews/bad").status_code == 200
    assert re.search(r"Bad.? title", client.get("/").get_data(as_text=True))
