"""The WordPress export: a WXR 1.2 file WordPress's importer takes, written as a stream."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from lxml import etree

from blog.extensions import db
from blog.models import (Comment, Review, ReviewSlugRedirect, SitePage, Tag, TagKind,
                         TagSlugRedirect, User, utcnow)
from blog.wordpress.exporter import write_wxr
from blog.wordpress.writer import NAMESPACES
from tests import factories

WP = NAMESPACES["wp"]
NS = {prefix: uri for prefix, uri in NAMESPACES.items()}


def export(app, **options) -> bytes:
    """The blog's export as bytes, written the way the command writes it."""
    out = io.BytesIO()
    with app.test_request_context("/"):
        write_wxr(out, **options)
    return out.getvalue()


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def items(root, post_type: str) -> list:
    return [item for item in root.iterfind("channel/item", NS)
            if item.findtext("wp:post_type", namespaces=NS) == post_type]


def meta(item, key: str) -> list[str]:
    return [entry.findtext("wp:meta_value", namespaces=NS)
            for entry in item.iterfind("wp:postmeta", NS)
            if entry.findtext("wp:meta_key", namespaces=NS) == key]


@pytest.fixture
def demo(demo_loaded):
    with demo_loaded.app_context():
        yield demo_loaded
        db.session.remove()


def test_the_demo_exports_as_wxr_1_2_with_every_review_tag_and_comment(demo):
    root = parse(export(demo))
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap == NS
    channel = root.find("channel")
    assert channel.findtext("wp:wxr_version", namespaces=NS) == "1.2"
    assert channel.findtext("link") == "http://blog.test"
    posts = items(root, "post")
    reviews = db.session.scalars(sa.select(Review).order_by(Review.id)).all()
    assert [post.findtext("wp:post_name", namespaces=NS) for post in posts] == [
        review.slug for review in reviews]
    assert [post.findtext("content:encoded", namespaces=NS) for post in posts] == [
        review.body_html for review in reviews]
    assert [post.findtext("excerpt:encoded", namespaces=NS) for post in posts] == [
        review.dek for review in reviews]
    assert sum(len(post.findall("wp:comment", NS)) for post in posts) == db.session.scalar(
        sa.select(sa.func.count(Comment.id)))
    tags = db.session.scalars(sa.select(Tag)).all()
    categories = {c.findtext("wp:category_nicename", namespaces=NS)
                  for c in channel.iterfind("wp:category", NS)}
    plain_tags = {t.findtext("wp:tag_slug", namespaces=NS) for t in channel.iterfind("wp:tag", NS)}
    assert categories == {tag.slug for tag in tags if tag.kind is TagKind.GENRE}
    assert plain_tags == {tag.slug for tag in tags if tag.kind is not TagKind.GENRE}
    logins = [a.findtext("wp:author_login", namespaces=NS)
              for a in channel.iterfind("wp:author", NS)]
    assert logins == ["critic"]
    assert {post.findtext("dc:creator", namespaces=NS) for post in posts} == {"critic"}


def test_no_email_address_of_anyone_is_written(demo):
    data = export(demo).decode()
    emails = db.session.scalars(sa.select(User.email)).all()
    assert emails and not [email for email in emails if email in data]
    assert "@example.com" not in data


def test_threads_keep_their_parents_and_writers_public_names(demo):
    root = parse(export(demo))
    exported = {}
    for comment in root.iterfind("channel/item/wp:comment", NS):
        exported[int(comment.findtext("wp:comment_id", namespaces=NS))] = (
            int(comment.findtext("wp:comment_parent", namespaces=NS)),
            comment.findtext("wp:comment_author", namespaces=NS),
            comment.findtext("wp:comment_approved", namespaces=NS))
    stored = db.session.scalars(sa.select(Comment)).all()
    assert any(comment.parent_id for comment in stored)
    approval = {"approved": "1", "pending": "0", "spam": "spam", "deleted": "trash"}
    assert exported == {comment.id: (comment.parent_id or 0, comment.author.name,
                                     approval[comment.status.value]) for comment in stored}


def test_statuses_and_dates_follow_wordpress(app, ctx):
    author = factories.user("writer", role="author", display_name="Wri Ter")
    published = factories.review("Out", author=author, slug="out",
                                  published_at=utcnow() - timedelta(days=2))
    factories.review("Soon", author=author, slug="soon",
                     published_at=utcnow() + timedelta(days=2))
    factories.review("Draft", author=author, slug="draft", status="draft")
    root = parse(export(app))
    by_slug = {item.findtext("wp:post_name", namespaces=NS): item for item in items(root, "post")}
    assert {slug: item.findtext("wp:status", namespaces=NS)
            for slug, item in by_slug.items()} == {"out": "publish", "soon": "future",
                                                   "draft": "draft"}
    assert by_slug["draft"].findtext("wp:post_date_gmt", namespaces=NS) == "0000-00-00 00:00:00"
    # The site's zone is Europe/London in tests: the local date and GMT date are both there.
    gmt = published.published_at.strftime("%Y-%m-%d %H:%M:%S")
    assert by_slug["out"].findtext("wp:post_date_gmt", namespaces=NS) == gmt
    assert by_slug["out"].findtext("link") == "http://blog.test/reviews/out"


def test_film_facts_rating_poster_old_slugs_and_kinds_travel_as_meta(app, ctx):
    film = factories.film("Ballerina", year=2023, imdb_id="tt7181546",
                          letterboxd_url="https://letterboxd.com/film/ballerina-2023/")
    director = factories.person("Chung Jong-seo")
    factories.credit(film, director, role="director")
    genre, decade = factories.tag("Action", "genre"), factories.tag("2020s", "decade")
    review = factories.review("Ballerina", of_film=film, slug="ballerina", rating_halves=7,
                              verdict="Sharp.", tags=[genre, decade], poster_path="ab/cd.webp",
                              poster_alt="Poster for Ballerina")
    factories.save(ReviewSlugRedirect(old_slug="ballerina-2023", review_id=review.id))
    factories.save(TagSlugRedirect(old_slug="fighting", tag_id=genre.id))
    root = parse(export(app))
    [post] = items(root, "post")
    assert meta(post, "film_title") == ["Ballerina"] and meta(post, "film_year") == ["2023"]
    assert meta(post, "rating") == ["3.5"] and meta(post, "verdict") == ["Sharp."]
    assert meta(post, "film_director") == ["Chung Jong-seo"]
    assert meta(post, "film_imdb_url") == ["https://www.imdb.com/title/tt7181546/"]
    assert meta(post, "_wp_old_slug") == ["ballerina-2023"]
    assert meta(post, "_blog_markdown") == [review.body]
    record = json.loads(meta(post, "_blog_review")[0])
    assert record["film"]["credits"][0]["role"] == "director"
    assert record["review"]["rating_halves"] == 7
    assert {(c.get("domain"), c.get("nicename")) for c in post.iterfind("category")} == {
        ("category", "action"), ("post_tag", "2020s")}
    [poster] = items(root, "attachment")
    assert meta(post, "_thumbnail_id") == [poster.findtext("wp:post_id", namespaces=NS)]
    assert poster.findtext("wp:post_parent", namespaces=NS) == str(review.id)
    assert poster.findtext("wp:attachment_url", namespaces=NS) == (
        "http://blog.test/media/ab/cd.webp")
    assert meta(poster, "_wp_attachment_image_alt") == ["Poster for Ballerina"]
    [category] = root.iterfind("channel/wp:category", NS)
    term_meta = [(entry.findtext("wp:meta_key", namespaces=NS),
                  entry.findtext("wp:meta_value", namespaces=NS))
                 for entry in category.iterfind("wp:termmeta", NS)]
    assert term_meta == [("_blog_tag_kind", "genre"), ("_blog_old_slug", "fighting")]


def test_text_is_made_xml_safe_and_markup_in_it_stays_text(app, ctx):
    author = factories.user("writer", role="author", display_name="Ann \x0bOdd ]]> <b>")
    review = factories.review("Nasty \x01title ]]> & <script>", author=author, slug="nasty",
                              body="Text with \x0c a form feed and ]]> and <script>x</script>")
    factories.comment(review, author, text="A <b>bold</b> ]]> reply")
    root = parse(export(app))
    [post] = items(root, "post")
    assert post.findtext("title") == "Nasty title ]]> & <script>"
    assert "<script>" not in post.findtext("content:encoded", namespaces=NS)
    author_name = root.findtext("channel/wp:author/wp:author_display_name", namespaces=NS)
    assert author_name == "Ann Odd ]]> <b>"
    assert "<b>bold</b>" in post.findtext("wp:comment/wp:comment_content", namespaces=NS)


def test_the_about_page_is_a_page_once_written(app, ctx):
    assert not items(parse(export(app)), "page")
    admin = factories.user("boss", role="admin")
    factories.save(SitePage(name="about", body="We *watch* films.",
                            body_html="<p>We <em>watch</em> films.</p>", updated_by_id=admin.id))
    [page] = items(parse(export(app)), "page")
    assert page.findtext("wp:post_name", namespaces=NS) == "about"
    assert page.findtext("content:encoded", namespaces=NS) == "<p>We <em>watch</em> films.</p>"
    assert page.findtext("dc:creator", namespaces=NS) == "boss"


def test_small_batches_write_the_same_file(demo):
    whole = export(demo)
    in_twos = export(demo, batch_size=2)
    strip_date = lambda data: data.split(b"<pubDate>", 1)[0] + data.split(b"</pubDate>", 1)[1]
    assert strip_date(whole) == strip_date(in_twos)


def test_ids_never_collide(demo):
    root = parse(export(demo))
    ids = [item.findtext("wp:post_id", namespaces=NS) for item in root.iterfind("channel/item")]
    assert len(ids) == len(set(ids))


def test_the_command_writes_to_a_file_or_standard_output(runner, app, ctx, tmp_path):
    factories.review("Solo", slug="solo")
    target = tmp_path / "site.xml"
    result = runner.invoke(args=["export-wordpress", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "1 posts" in result.output
    [post] = items(parse(target.read_bytes()), "post")
    assert post.findtext("wp:post_name", namespaces=NS) == "solo"
    result = runner.invoke(args=["export-wordpress"])
    assert result.exit_code == 0
    assert b"<wp:post_name>solo</wp:post_name>" in result.stdout_bytes


def test_a_guest_keeps_the_name_they_gave_and_never_their_email(app, ctx):
    review = factories.review("Guests", slug="guests")
    factories.save(Comment(review=review, guest_name="Ann Guest",
                           guest_email="ann.guest@example.invalid", body_source="Hello.",
                           body_html="<p>Hello.</p>", created_at=utcnow()))
    data = export(app)
    assert b"ann.guest@example.invalid" not in data
    [post] = items(parse(data), "post")
    assert post.findtext("wp:comment/wp:comment_author", namespaces=NS) == "Ann Guest"
