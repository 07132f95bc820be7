"""The WordPress Theme Unit Test export, imported with exact counts; threads checked against the
file; a second import changes nothing."""
from collections import Counter

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import (Comment, CommentStatus, LegacyPath, Review, ReviewStatus, SitePage,
                         Tag, User, utcnow)
from blog.wordpress import import_wordpress
from blog.wordpress.wxr import WxrReader

THEME = "/work/shared/data/wordpress/themeunittestdata.wordpress.xml"


def count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.fixture
def imported(ctx):
    return import_wordpress(THEME)


def test_exact_counts(imported):
    rows = {kind: (imp, upd, skip) for kind, imp, upd, skip, _ in imported.rows()}
    assert rows["posts"] == (58, 0, 0)  # 56 published, 1 draft, 1 scheduled
    assert rows["pages"] == (1, 0, 20)  # "About The Tests" is the about page
    # 33 comments: 5 on pages, 2 pingbacks and 2 trackbacks skipped
    assert rows["comments"] == (24, 0, 9)
    assert rows["threads"] == (9, 0, 0)  # the 10th reply is on a page
    assert rows["people"] == (2, 0, 0)
    assert rows["redirects"][0] > 0
    assert count(Review) == 58 and count(Comment) == 24
    assert count(User) == 2
    assert imported.counts["comments"].reasons == Counter({
        "on a page that was not imported": 5, "pingbacks": 2, "trackbacks": 2})


def test_statuses_dates_and_the_password_protected_post(imported):
    statuses = Counter(review.status for review in db.session.scalars(sa.select(Review)))
    assert statuses == {ReviewStatus.PUBLISHED: 56, ReviewStatus.DRAFT: 2}  # draft + password
    visible = count(Review, Review.is_visible)
    assert visible == 55  # the scheduled post is published but not yet due
    scheduled = db.session.scalar(sa.select(Review).where(Review.published_at > utcnow()))
    assert scheduled.title == "Scheduled"
    protected = db.session.scalar(sa.select(Review).where(Review.title.like("%Password%")))
    assert protected.status is ReviewStatus.DRAFT
    assert any("password-protected" in warning for warning in imported.warnings)


def test_titles_are_text_never_markup(imported, client):
    review = db.session.scalar(sa.select(Review).where(Review.title.like("Markup: Title%")))
    assert review.title == "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>"
    page = client.get(f"/reviews/{review.slug}").get_data(as_text=True)
    assert "Title &lt;em&gt;With&lt;/em&gt;" in page and "Title <em>With</em>" not in page
    assert count(Review, Review.title == "") == 0


def test_threads_follow_the_file_folded_at_the_depth_limit(imported, app):
    with open(THEME, "rb") as handle:
        items = [item for item in WxrReader(handle).items() if item.post_type == "post"]
    parents = {}
    for item in items:
        for comment in item.comments:
            if comment.type in ("", "comment") and comment.approved not in ("trash",):
                parents[f"{item.guid}#{comment.id}"] = (
                    None if comment.parent == "0" else f"{item.guid}#{comment.parent}")
    stored = {c.wp_key: c for c in db.session.scalars(sa.select(Comment))}
    assert set(stored) == set(parents)
    limit = app.config["COMMENT_MAX_DEPTH"]
    for key, parent_key in parents.items():
        comment = stored[key]
        assert comment.depth < limit
        if parent_key is None:
            assert comment.parent_id is None
            continue
        # the parent as in the file, or (past the limit) its nearest ancestor at the last level
        ancestor = stored[parent_key]
        while ancestor.depth + 1 >= limit:
            ancestor = ancestor.parent
        assert comment.parent_id == ancestor.id
    chain = [c for c in stored.values() if c.review.title == "Template: Comments"]
    assert max(c.depth for c in chain) == limit - 1


def test_comment_states_and_guests(imported):
    states = Counter(c.status for c in db.session.scalars(sa.select(Comment)))
    assert states == {CommentStatus.APPROVED: 23, CommentStatus.PENDING: 1}
    guest = db.session.scalar(sa.select(Comment).where(Comment.guest_name == "Anonymous User"))
    assert guest.author_id is None and guest.guest_email == "fake@example.com"
    assert guest.byline == "Anonymous User"
    # The post's author's own comments (by their address) are author replies.
    by_author = db.session.scalars(sa.select(Comment).where(Comment.author_id.is_not(None))).all()
    assert {c.wp_key.rsplit("#", 1)[1] for c in by_author} >= {"903", "910", "915"}
    assert all(c.author_id == c.review.author_id for c in by_author)


def test_tags_declared_but_unused_are_not_created(imported, client):
    assert imported.counts["tags"].reasons["declared but used by no post"] == 51
    many = db.session.scalar(sa.select(Review).where(Review.title == "Edge Case: Many Tags"))
    assert len(many.tags) == 46  # 45 tags and its category
    assert count(Tag) == imported.counts["tags"].imported
    assert client.get("/tags/").status_code == 200


def test_the_about_page(imported):
    page = db.session.get(SitePage, "about")
    assert page is not None and page.body_html


def test_a_second_import_changes_nothing(imported):
    before = {table: count(model) for table, model in (
        ("reviews", Review), ("comments", Comment), ("tags", Tag), ("users", User),
        ("paths", LegacyPath))}
    updated = [r.updated_at for r in db.session.scalars(sa.select(Review).order_by(Review.id))]
    again = import_wordpress(THEME)
    for kind, imp, upd, _skip, _why in again.rows():
        assert (kind, imp, upd) == (kind, 0, 0)
    db.session.expire_all()
    assert before == {table: count(model) for table, model in (
        ("reviews", Review), ("comments", Comment), ("tags", Tag), ("users", User),
        ("paths", LegacyPath))}
    assert updated == [r.updated_at for r in
                       db.session.scalars(sa.select(Review).order_by(Review.id))]


def test_a_dry_run_writes_nothing_and_reports_the_same(ctx):
    dry = import_wordpress(THEME, dry_run=True)
    assert count(Review) == 0 and count(User) == 0 and count(Tag) == 0
    real = import_wordpress(THEME)
    assert dry.rows() == real.rows()
