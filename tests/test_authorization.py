"""Who may do what: every role × every route and method → the expected answer.

A route added to the app without a row here (or a place in PUBLIC_GET) fails
``test_every_route_is_in_the_table``, so nothing ships without a decision about who may use it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from blog import tokens
from blog.extensions import db
from blog.services import notifications, revisions, studio_lists
from tests import factories
from tests.conftest import PASSWORD, csrf_token_from, sign_in

ROLES = ("anonymous", "unconfirmed", "commenter", "author", "other_author", "admin", "banned")
SIGNED_IN = ROLES[1:]
LOGIN = "login"  # a 302 to the login page, with a way back

# Reader pages with no form, open to everyone: their answers are tested page by page in
# test_reading.py, test_tags.py, test_search.py and test_errors.py (and the review page also has
# a row below).
PUBLIC_GET = {
    "/", "/about", "/privacy", "/healthz", "/auth/register/sent", "/search",
    "/people/<slug>", "/authors/<username>", "/year/<int:year>",
    "/archive/<int:year>/", "/archive/<int:year>/<int:month>/",
    "/tags/", "/tags/<slug>",
    "/media/<path:path>", "/static/<path:filename>",
    # Feeds, the sitemap and robots.txt (test_site_feeds.py, test_sitemap.py), and the near
    # misses that answer 301 to a page above (test_addresses.py).
    "/feed.atom", "/feed.rss", "/tags/<slug>.atom", "/people/<slug>.atom",
    "/authors/<username>.atom", "/comments.atom", "/sitemap.xml", "/sitemap-<int:number>.xml",
    "/robots.txt", "/reviews/<slug>/", "/tags/<slug>/", "/people/<slug>/",
    "/authors/<username>/", "/about/", "/privacy/", "/feed", "/feed/", "/atom.xml", "/feed.xml",
    "/rss", "/rss.xml",
    # The catalogue and the lists (test_catalogue.py, test_lists.py).
    "/reviews/", "/lists/", "/lists/<slug>", "/lists.atom", "/lists/<slug>.atom",
}


def answers(default, **by_role) -> dict[str, int | str]:
    """The expected answer for each role: ``default`` unless the role is named."""
    return {role: by_role.get(role, default) for role in ROLES}


def signed_in(default, **by_role) -> dict[str, int | str]:
    """Anonymous visitors go to log in; signed-in roles get ``default`` unless named."""
    return answers(default, **{"anonymous": LOGIN, **by_role})


def moderators(default_allowed, **by_role) -> dict[str, int | str]:
    """Authors and admins get ``default_allowed``; other signed-in users a 403."""
    allowed = {"author": default_allowed, "other_author": default_allowed,
               "admin": default_allowed}
    return signed_in(403, **{**allowed, **by_role})


def admins(allowed) -> dict[str, int | str]:
    return signed_in(403, admin=allowed)


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # {placeholders} are filled from the ``world`` fixture
    expected: dict
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


NEW_PASSWORD = "a brand new passphrase"
ROWS = [
    # ---- Reading and writing in the conversation ----
    Row("GET", "/reviews/{review}", answers(200)),
    Row("POST", "/reviews/{review}/comments", signed_in(302, banned=403),
        {"body": "A new comment.", "started": "{started}", "leave_blank": ""}),
    Row("GET", "/comments/{mine}", answers(302)),
    Row("GET", "/comments/{mine}/edit", signed_in(403, commenter=200)),
    Row("POST", "/comments/{mine}/edit", signed_in(403, commenter=302), {"body": "Edited."}),
    Row("GET", "/comments/{mine}/delete", signed_in(403, commenter=200)),
    Row("POST", "/comments/{mine}/delete", signed_in(403, commenter=302)),
    Row("GET", "/comments/{theirs}/report", signed_in(200, banned=403)),
    Row("POST", "/comments/{theirs}/report", signed_in(302, banned=403), {"reason": "Rude"}),
    Row("GET", "/reviews/{review}/comments.atom", answers(200)),
    # ---- Readers' ratings: confirmed readers, not on their own review (the critic's) ----
    Row("POST", "/reviews/{review}/rating", signed_in(302, unconfirmed=403, author=403,
                                                      banned=403), {"halves": "7"}),
    Row("POST", "/reviews/{review}/rating/remove", signed_in(302, banned=403)),
    # ---- Moderation: authors on their own reviews, admins on all ----
    Row("GET", "/moderation/", moderators(200)),
    Row("GET", "/moderation/reported", moderators(200)),
    Row("POST", "/moderation/comments/{held}/approve", moderators(302, other_author=403)),
    Row("POST", "/moderation/comments/{held}/spam", moderators(302, other_author=403)),
    Row("POST", "/moderation/comments/{held}/delete", moderators(302, other_author=403)),
    Row("GET", "/moderation/users", admins(200)),
    Row("POST", "/moderation/users/{reader}/role", admins(302), {"role": "author"}),
    Row("POST", "/moderation/users/{reader}/ban", admins(302)),
    Row("POST", "/moderation/users/{spammer}/unban", admins(302)),
    # ---- Links from emails: the signed token is the permission ----
    Row("GET", "/notifications/unsubscribe/{unsubscribe}", answers(200)),
    Row("POST", "/notifications/unsubscribe/{unsubscribe}", answers(302)),
    Row("POST", "/notifications/unsubscribe/{unsubscribe}/one-click", answers(200)),
    Row("GET", "/auth/confirm/{bad_token}", answers(400)),
    Row("GET", "/account/email/confirm/{bad_token}", answers(400)),
    Row("GET", "/auth/reset/{bad_token}", answers(400)),
    Row("POST", "/auth/reset/{bad_token}", answers(400),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}),
    # ---- Signing in and out ----
    Row("GET", "/auth/login", answers(302, anonymous=200)),
    Row("POST", "/auth/login", answers(422), {"login": "reader1", "password": "wrong one"}),
    Row("POST", "/auth/logout", answers(302)),
    Row("GET", "/auth/register", answers(302, anonymous=200)),
    Row("POST", "/auth/register", answers(302),
        {"username": "brand_new", "email": "brand.new@example.com", "password": NEW_PASSWORD,
         "password_again": NEW_PASSWORD, "website": ""}),
    Row("GET", "/auth/confirm/resend", signed_in(302, unconfirmed=200)),
    Row("POST", "/auth/confirm/resend", signed_in(302)),
    Row("GET", "/auth/reset", answers(200)),
    Row("POST", "/auth/reset", answers(302), {"email": "reader1@example.com"}),
    Row("GET", "/auth/reset/sent", answers(200)),
    # ---- One's own account (banned users may still read, export and delete) ----
    Row("GET", "/account", signed_in(200)),
    Row("POST", "/account/name", signed_in(302, banned=403), {"name-display_name": "Renamed"}),
    Row("POST", "/account/email", signed_in(302),
        {"email-email": "moved@example.com", "email-password": PASSWORD}),
    Row("POST", "/account/password", signed_in(302),
        {"password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD,
         "password-new_password_again": NEW_PASSWORD}),
    Row("POST", "/account/notifications", signed_in(302), {"notify-notify_replies": "y"}),
    Row("POST", "/account/sessions/end", signed_in(302)),
    Row("POST", "/account/bio", moderators(302), {"bio-bio": "I write about films."}),
    Row("GET", "/account/export", signed_in(200)),
    Row("GET", "/account/delete", signed_in(200)),
    # The critic still owns a review, and the admin is the only one: both must wait (409).
    Row("POST", "/account/delete", signed_in(302, author=409, admin=409),
        {"password": PASSWORD}),
    # ---- The studio: any author writes; a review is edited by its author and admins ----
    Row("GET", "/write/", moderators(200)),
    Row("GET", "/write/reviews/new", moderators(200)),
    Row("GET", "/write/lookup/films?q=a", moderators(200)),
    Row("GET", "/write/about", admins(200)),
    Row("POST", "/write/about", admins(302), {"body": "## Who we are"}),
    # The WordPress import: an admin sending no file, or no waiting upload, gets the form again.
    Row("GET", "/write/import", admins(200)),
    Row("POST", "/write/import", admins(422)),
    Row("POST", "/write/import/confirm", admins(422), {"upload": "not-a-token"}),
    Row("POST", "/write/reviews/new", moderators(422), {"title": ""}),  # reaches validation
    Row("GET", "/write/reviews/{review_id}/edit", moderators(200, other_author=403)),
    Row("POST", "/write/reviews/{review_id}/edit", moderators(422, other_author=403),
        {"title": ""}),
    Row("POST", "/write/reviews/{review_id}/unpublish", moderators(302, other_author=403)),
    Row("GET", "/write/reviews/{review_id}/delete", moderators(200, other_author=403)),
    Row("POST", "/write/reviews/{review_id}/delete", moderators(302, other_author=403)),
    # ---- Earlier versions of a review: its author and admins ----
    Row("GET", "/write/reviews/{review_id}/revisions", moderators(200, other_author=403)),
    Row("GET", "/write/reviews/{review_id}/revisions/{revision}",
        moderators(200, other_author=403)),
    Row("POST", "/write/reviews/{review_id}/revisions/{revision}/restore",
        moderators(302, other_author=403)),
    # ---- The studio's shared people and tags: any author, and admins ----
    Row("GET", "/write/people/", moderators(200)),
    Row("GET", "/write/people/{person}", moderators(200)),
    Row("POST", "/write/people/{person}", moderators(302),
        {"name": "Carol Reed", "imdb_id": "nm0715346", "bio": "Director."}),
    Row("GET", "/write/tags/", moderators(200)),
    Row("GET", "/write/tags/{tag}", moderators(200)),
    Row("POST", "/write/tags/{tag}", moderators(302), {"name": "Film noir", "kind": "genre"}),
    Row("GET", "/write/tags/{tag}/merge", moderators(200)),
    Row("POST", "/write/tags/{tag}/merge", moderators(302), {"into": "{other_tag}"}),
    # ---- Lists: any author makes them; a list is edited by its author and admins ----
    Row("GET", "/write/lists/", moderators(200)),
    Row("GET", "/write/lists/new", moderators(200)),
    Row("POST", "/write/lists/new", moderators(422), {"title": ""}),  # reaches validation
    Row("GET", "/write/lists/{list_id}/edit", moderators(200, other_author=403)),
    Row("POST", "/write/lists/{list_id}/edit", moderators(422, other_author=403),
        {"title": ""}),
    Row("POST", "/write/lists/{list_id}/entries", moderators(302, other_author=403),
        {"film": "Heat"}),
    Row("POST", "/write/lists/{list_id}/entries/{entry_id}",
        moderators(302, other_author=403), {"action": "down", "note": ""}),
    Row("POST", "/write/lists/{list_id}/order", moderators(302, other_author=403),
        {"order": "{entry_id}"}),
    Row("POST", "/write/lists/{list_id}/unpublish", moderators(302, other_author=403)),
    Row("GET", "/write/lists/{list_id}/delete", moderators(200, other_author=403)),
    Row("POST", "/write/lists/{list_id}/delete", moderators(302, other_author=403)),
]
# Cells where the app does not yet answer as the table says; strict, so a fix must remove them.
KNOWN_GAPS: dict = {}  # (role, row id) -> why the app does not answer as the table says yet
# Each AccountForm prefixes its CSRF field like its other fields.
CSRF_PREFIXES = ("", "name-", "email-", "password-", "notify-")


@pytest.fixture
def world(ctx, users):
    """A review by the critic with comments in every state the rows act on."""
    newcomer = factories.user("newcomer")
    newcomer.email_confirmed_at = None
    db.session.commit()
    review = factories.review("Heat", author=users["author"], slug="heat")
    stranger = factories.user("stranger")
    mine = factories.comment(review, users["commenter"], "The reader's own comment.")
    theirs = factories.comment(review, stranger, "Someone else's comment.")
    held = factories.comment(review, stranger, "Waiting for a moderator.", status="pending")
    person = factories.person("Carol Reed", slug="carol-reed")
    tag, other_tag = factories.tag("Noir"), factories.tag("Thriller")
    revision = revisions.record_revision(review, users["author"])
    db.session.commit()
    film_list = studio_lists.save_list(None, users["author"], studio_lists.ListDraft(
        "Best of Mann", "best-of-mann", "", True), publish=True)
    entry = studio_lists.add_entry(film_list, factories.film("Thief", year=1981), "")
    return {
        "users": {**users, "unconfirmed": newcomer},
        "review": review.slug, "review_id": review.id, "revision": revision.id,
        "mine": mine.id, "theirs": theirs.id, "held": held.id,
        "reader": users["commenter"].id, "spammer": users["banned"].id,
        "unsubscribe": notifications.unsubscribe_token(users["commenter"]),
        "bad_token": "not-a-real-token",
        "person": person.slug, "tag": tag.id, "other_tag": other_tag.id,
        "list_id": film_list.id, "entry_id": entry.id,
    }


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_the_expected_answer(request, client, world, role, row):
    if (role, row.id) in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[role, row.id]))
    user = world["users"][role] if role != "anonymous" else None
    if user is not None:
        sign_in(client, user)  # a new login: the user's id now carries its token
    # The comment form's time token is bound to its reader (and their login).
    world = {**world, "started": tokens.make_token("comment-form", {
        "review": world["review_id"], "reader": user.get_id() if user else None})}
    path = row.path.format(**world)
    kwargs = {}
    if row.method == "POST":
        token = csrf_token_from(client.get("/auth/reset").get_data(as_text=True))
        data = {key: value.format(**world) for key, value in row.data.items()}
        kwargs["data"] = {**{f"{prefix}csrf_token": token for prefix in CSRF_PREFIXES},
                          **data}
    response = client.open(path, method=row.method, **kwargs)
    expected = row.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} {row.id}: HTTP {response.status_code}"
        assert response.headers["Location"].startswith("/auth/login?next="), (
            response.headers["Location"])
    else:
        assert response.status_code == expected, (
            f"{role} {row.id}: expected {expected}, got {response.status_code}")
    if expected == 403:  # said in the site's layout: an error page, or the form saying why
        assert 'class="site-header"' in response.get_data(as_text=True)


def test_every_route_is_in_the_table(app):
    adapter = app.url_map.bind("blog.test")
    placeholders = defaultdict(lambda: "1")
    covered = set()
    for row in ROWS:
        rule, _ = adapter.match(row.path.format_map(placeholders), method=row.method,
                                return_rule=True)
        covered.add((rule.rule, row.method))
    routes = {(rule.rule, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    public = {(path, "GET") for path in PUBLIC_GET}
    assert routes - covered - public == set(), "routes without an authorization row"
    assert public <= routes, "PUBLIC_GET names routes that no longer exist"
    for row in ROWS:
        assert set(row.expected) == set(ROLES), row.id
