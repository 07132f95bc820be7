"""Revisions: each save keeps the version before it; authors compare and restore them."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review, ReviewRevision, ReviewStatus, Tag
from blog.services import accounts, revisions
from blog.services.reviews import render_review_text
from tests import factories
from tests.conftest import PASSWORD, csrf_token_from, sign_in

BODY = "A *fine* film.\n\nIt runs long, and the ending drags.\n\nThe score is superb."


@pytest.fixture
def heat(ctx, users):
    """A published review by the critic, tagged, with a known body."""
    return factories.review("Heat", author=users["author"], slug="heat", body=BODY,
                            dek="Cops and robbers", verdict="A classic.",
                            tags=[factories.tag("Crime"), factories.tag("Noir", "theme")])


def keep(review, editor):
    """Record the review's current version, as the form's save does, and commit."""
    revision = revisions.record_revision(review, editor)
    db.session.commit()
    return revision


def edit(review, **values):
    """Change a review and commit, as a save would after keeping its previous version."""
    for name, value in values.items():
        setattr(review, name, value)
    render_review_text(review)
    db.session.commit()


def rebuilt(segments, side):
    """The text on one side of a diff: "before" keeps deletions, "after" keeps insertions."""
    dropped = "insert" if side == "before" else "delete"
    return "".join(text for kind, text in segments if kind != dropped)


def reloaded(review_id: int) -> Review:
    """The review as stored now (a new snapshot: SQLite reads see their transaction's data)."""
    db.session.rollback()
    return db.session.get(Review, review_id)


def count_revisions(review) -> int:
    return db.session.scalar(sa.select(sa.func.count(ReviewRevision.id))
                             .where(ReviewRevision.review_id == review.id))


# ---------- Keeping versions ----------

def test_record_keeps_the_stored_version_once(heat, users):
    first = keep(heat, users["author"])
    assert first is not None
    assert (first.title, first.slug, first.body, first.rating_halves) == (
        "Heat", "heat", BODY, 7)
    assert first.tags == ["Crime", "Noir"]
    assert first.status is ReviewStatus.PUBLISHED and first.published_at == heat.published_at
    assert first.saved_at == heat.updated_at and first.editor == users["author"]

    assert keep(heat, users["author"]) is None  # nothing changed since
    edit(heat, title="Heat (1995)")
    second = keep(heat, users["admin"])
    assert second.title == "Heat (1995)" and second.editor == users["admin"]
    assert revisions.revisions_of(heat) == [second, first]
    assert count_revisions(heat) == 2


def test_record_skips_a_review_never_saved(ctx, users):
    assert revisions.record_revision(Review(title="Unsaved"), users["author"]) is None


def test_record_keeps_what_is_stored_not_values_set_but_not_yet_flushed(heat, users):
    heat.title = "Typed but not saved"
    revision = revisions.record_revision(heat, users["author"])
    assert revision.title == "Heat" and revision.tags == ["Crime", "Noir"]


# ---------- Comparing ----------

def test_compare_lists_changed_fields_and_the_body_word_by_word(heat, users):
    revision = keep(heat, users["author"])
    new_body = ("A *fine* film.\n\nIt runs long, but the ending soars.\n\n"
                "A new paragraph.\n")
    edit(heat, title="Heat, revisited", rating_halves=9, body=new_body,
         tags=[db.session.scalar(sa.select(Tag).where(Tag.name == "Crime"))])
    comparison = revisions.compare(revision, heat)

    changes = {change.name: (change.before, change.after) for change in comparison.fields}
    assert changes == {"title": ("Heat", "Heat, revisited"), "rating": (7, 9),
                       "tags": (["Crime", "Noir"], ["Crime"])}
    assert ("delete", "drags") in comparison.body and ("insert", "soars") in comparison.body
    assert comparison.body[0] == ("equal", "A *fine* film.\n\nIt runs long, ")
    assert any(kind == "delete" and "superb" in text for kind, text in comparison.body)
    assert any(kind == "insert" and "A new paragraph." in text for kind, text in comparison.body)
    assert rebuilt(comparison.body, "before") == BODY
    assert rebuilt(comparison.body, "after") == new_body
    assert comparison.words("insert") >= 4 and comparison.words("delete") >= 5


def test_compare_two_revisions_and_an_unchanged_one(heat, users):
    older = keep(heat, users["author"])
    assert not revisions.compare(older, heat).changed
    edit(heat, status=ReviewStatus.DRAFT, published_at=None, verdict="Overlong.")
    newer = keep(heat, users["author"])
    changes = {change.name: change.after for change in revisions.compare(older, newer).fields}
    assert changes == {"verdict": "Overlong.", "publication": ("draft", None)}


@pytest.mark.parametrize("before, after", [
    ("", "Brand new.\n"),
    ("Gone.\n", ""),
    ("One line, no newline", "One line, changed, no newline"),
    ("Same\nsame\n", "Same\nsame\n"),
    ("Completely different words here.\n", "Nothing alike at all now!\n"),
    ("a\nb\nc\n", "a\nc\nd\n"),
    ("Para one.\n\n\nPara two.\n", "Para one.\n\nPara two, longer.\n"),
    # Many repeated lines: quadratic matching here would hold a worker for minutes.
    ("x\n\n" * 5000, "x\n\n" * 2500 + "y\n\n" + "x\n\n" * 2500),
    ("the film " * 3000, "the film " * 1500 + "the cut " + "the film " * 1500),
], ids=["new", "emptied", "no-newline", "same", "rewritten", "lines", "blank-lines",
        "repetitive-lines", "long-repetitive-line"])
def test_body_diff_rebuilds_both_texts(before, after):
    segments = revisions.diff_text(before, after)
    assert rebuilt(segments, "before") == before
    assert rebuilt(segments, "after") == after
    assert all(kind in ("equal", "insert", "delete") and text for kind, text in segments)


# ---------- Restoring ----------

def test_restore_copies_the_text_back_keeps_slug_and_state_and_can_be_undone(heat, users):
    old = keep(heat, users["author"])
    published_at = heat.published_at
    edit(heat, title="Heat: a second look", dek="", body="Rewritten entirely.",
         rating_halves=4, verdict="Lesser than I remembered.", slug="heat-second-look",
         tags=[], comments_open=False)

    replaced = revisions.restore_revision(heat, old, users["admin"])

    review = reloaded(heat.id)
    assert (review.title, review.dek, review.body, review.rating_halves, review.verdict) == (
        "Heat", "Cops and robbers", BODY, 7, "A classic.")
    assert [tag.name for tag in review.tags] == ["Crime", "Noir"]
    assert review.slug == "heat-second-look"  # the current address stays
    assert review.status is ReviewStatus.PUBLISHED and review.published_at == published_at
    assert review.comments_open is False
    assert "<em>fine</em>" in review.body_html and "superb" in review.excerpt
    assert review.updated_at > published_at

    # The restore kept the version it replaced, so restoring that one undoes it.
    assert replaced.title == "Heat: a second look" and replaced.editor == users["admin"]
    assert revisions.revisions_of(review)[0] == replaced
    revisions.restore_revision(review, replaced, users["author"])
    review = reloaded(heat.id)
    assert (review.title, review.body, review.tags) == (
        "Heat: a second look", "Rewritten entirely.", [])


def test_restoring_never_publishes_a_draft(ctx, users):
    draft = factories.review("Thief", author=users["author"], status="draft")
    old = keep(draft, users["author"])
    edit(draft, title="Thief (1981)")
    revisions.restore_revision(draft, old, users["author"])
    assert draft.title == "Thief" and draft.status is ReviewStatus.DRAFT
    assert draft.published_at is None and not draft.is_visible


def test_restore_recreates_tags_deleted_since(heat, users):
    old = keep(heat, users["author"])
    noir = db.session.scalar(sa.select(Tag).where(Tag.slug == "noir"))
    db.session.delete(noir)
    db.session.commit()
    revisions.restore_revision(heat, old, users["author"])
    assert [(tag.name, tag.slug) for tag in heat.tags] == [("Crime", "crime"), ("Noir", "noir")]


def test_restored_body_is_rendered_and_sanitized_again(heat, users):
    edit(heat, body="**Bold** words.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>")
    hostile = keep(heat, users["author"])
    edit(heat, body="Plain now.")
    revisions.restore_revision(heat, hostile, users["author"])
    assert "<strong>Bold</strong>" in heat.body_html
    assert "<script" not in heat.body_html and "onerror" not in heat.body_html


def test_restore_refuses_another_reviews_revision(heat, users):
    other = factories.review("Collateral", author=users["author"])
    theirs = keep(other, users["author"])
    with pytest.raises(revisions.RevisionError):
        revisions.restore_revision(heat, theirs, users["author"])


def test_deleting_a_review_deletes_its_revisions(heat, users):
    keep(heat, users["author"])
    db.session.delete(heat)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(ReviewRevision.id))) == 0


def test_deleting_the_editors_account_keeps_the_revision(heat, users):
    editor = factories.user("second_boss", role="admin")
    revision = keep(heat, editor)
    accounts.delete_account(editor, PASSWORD)
    db.session.rollback()
    revision = db.session.get(ReviewRevision, revision.id)
    assert revision is not None and revision.editor_id is None


# ---------- The pages ----------

@pytest.fixture
def history(heat, users):
    """The critic's review with one earlier version: the one before a rewrite."""
    revision = keep(heat, users["author"])
    edit(heat, title="Heat, revisited",
         body=BODY.replace("drags", "soars") + "\n\n<script>alert('x')</script>\n")
    return {"review": heat.id, "revision": revision.id}


@pytest.mark.parametrize("page", ["/write/reviews/{review}/revisions",
                                  "/write/reviews/{review}/revisions/{revision}"])
@pytest.mark.parametrize("role, status", [
    ("author", 200), ("admin", 200), ("other_author", 403), ("commenter", 403),
    ("banned", 403), (None, 302),
])
def test_who_may_see_the_revisions(client, users, history, page, role, status):
    if role:
        sign_in(client, users[role])
    response = client.get(page.format(**history))
    assert response.status_code == status
    if role is None:
        assert response.headers["Location"].startswith("/auth/login?next=")


def test_list_shows_each_version_with_its_editor_and_a_link(client, users, history):
    sign_in(client, users["author"])
    page = client.get(f"/write/reviews/{history['review']}/revisions").get_data(as_text=True)
    assert "Earlier versions" in page and "Compare with current" in page
    assert f"/write/reviews/{history['review']}/revisions/{history['revision']}" in page
    assert "by critic" in page and "<td>Heat</td>" in page


def test_diff_page_marks_changes_and_escapes_the_text(client, users, history):
    sign_in(client, users["admin"])
    page = client.get("/write/reviews/{review}/revisions/{revision}".format(**history))
    html = page.get_data(as_text=True)
    assert "[removed: </span>drags<" in html and "[added: </span>soars<" in html
    assert '<ins class="diff__ins"><span class="diff__mark" aria-hidden="true">+</span>' in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "Heat, revisited" in html and "/reviews/heat</code>" in html
    assert "<th scope=\"row\">Title</th>" in html
    assert 'action="/write/reviews/{review}/revisions/{revision}/restore"'.format(
        **history) in html


def test_diff_page_words_the_values(client, users, heat):
    revision = keep(heat, users["author"])
    edit(heat, rating_halves=9, status=ReviewStatus.DRAFT, published_at=None, dek="",
         tags=[])
    sign_in(client, users["author"])
    html = client.get(f"/write/reviews/{heat.id}/revisions/{revision.id}").get_data(
        as_text=True)
    assert "3.5 out of 5</del>" in html and "4.5 out of 5</ins>" in html
    assert "Crime, Noir</del>" in html and "(none)</ins>" in html
    assert "Published " in html and "Draft</ins>" in html


def test_a_revision_of_another_review_is_404(client, ctx, users, history):
    other = factories.review("Collateral", author=users["author"])
    theirs = keep(other, users["author"])
    sign_in(client, users["author"])
    base = f"/write/reviews/{history['review']}/revisions/"
    assert client.get(f"{base}{theirs.id}").status_code == 404
    assert client.get(f"{base}{theirs.id + 1000}").status_code == 404
    token = csrf_token_from(client.get(f"{base}{history['revision']}").get_data(as_text=True))
    assert client.post(f"{base}{theirs.id}/restore",
                       data={"csrf_token": token}).status_code == 404
    assert client.get("/write/reviews/999999/revisions").status_code == 404


def test_restore_needs_a_csrf_token(client, users, history):
    sign_in(client, users["author"])
    response = client.post(
        "/write/reviews/{review}/revisions/{revision}/restore".format(**history))
    assert response.status_code == 400
    assert reloaded(history["review"]).title == "Heat, revisited"


def test_restore_through_the_page_goes_back_to_the_form(client, users, history, submit):
    sign_in(client, users["author"])
    page = "/write/reviews/{review}/revisions/{revision}".format(**history)
    response = submit(page, page + "/restore")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/write/reviews/{history['review']}/edit"
    review = reloaded(history["review"])
    assert review.title == "Heat" and review.body == BODY and review.slug == "heat"
    assert count_revisions(review) == 2
    listing = client.get(f"/write/reviews/{history['review']}/revisions")
    assert "Restored the version saved" in listing.get_data(as_text=True)
