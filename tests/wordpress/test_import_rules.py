"""The import's rules on small hand-made exports: films, posters, statuses, authors, guests
claimed on confirmation, orphans, duplicate slugs, old addresses, updates, interruptions."""
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from blog import tokens
from blog.extensions import db
from blog.models import Comment, CommentStatus, Review, ReviewStatus, Role, Tag, TagKind, User
from blog.wordpress import import_wordpress
from blog.wordpress.importer import ImportOptionError
from tests import factories
from tests.fixtures.page_cache import caching
from tests.wordpress.wxr import comment, export, item

FILM_POST = item(
    10, "Ballerina (2023) Review",
    "<p>See <a href='https://www.imdb.com/title/tt7181546/'>IMDb</a> and "
    "<a href='https://letterboxd.com/film/ballerina-2023/'>Letterboxd</a>.</p>\n\n"
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n<p>Verdict: fine.</p>",
    slug="ballerina-2023-review", terms=[("category", "horror", "Horror"),
                                          ("post_tag", "2020s", "2020s"),
                                          ("post_tag", "ana", "Ana de Armas")],
    meta={"_thumbnail_id": "11"},
    comments=[comment(1, "First!", author="Ann", email="Ann@Example.com"),
              comment(2, "Thanks, Ann.", parent=1, author="Pat", email="critic@old.example.com",
                      user_id=1),
              comment(3, "Spam <a href='http://x'>buy</a>", approved="spam"),
              comment(4, "Gone", approved="trash"),
              comment(5, "Orphan", parent=99),
              comment(6, "A pingback", kind="pingback"),
              comment(7, "Held <script>alert(1)</script>", approved="0")])
ATTACHMENT = item(11, "poster", "", post_type="attachment", status="inherit",
                  meta={"_wp_attached_file": "2023/05/ballerina.png"},
                  extra="<wp:attachment_url>https://old.example.com/wp-content/uploads/"
                        "2023/05/ballerina.png</wp:attachment_url>")


def one(model, *where):
    return db.session.scalar(sa.select(model).where(*where))


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2023" / "05"
    folder.mkdir(parents=True)
    Image.new("RGB", (300, 450), (200, 30, 30)).save(folder / "ballerina.png")
    return tmp_path / "uploads"


def test_the_film_is_taken_from_what_the_post_says(ctx, uploads):
    summary = import_wordpress(io.BytesIO(export(FILM_POST, ATTACHMENT)), uploads=uploads)
    review = one(Review)
    film = review.film
    assert (film.title, film.year, film.imdb_id) == ("Ballerina", 2023, "tt7181546")
    assert film.letterboxd_url == "https://letterboxd.com/film/ballerina-2023/"
    assert film.trailer_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert "youtube" not in review.body and "Verdict: fine." in review.body
    assert review.poster_path.startswith("posters/") and review.poster_width == 544
    (inference,) = summary.inferred
    assert inference.facts["film"] == "Ballerina (2023)"
    assert inference.facts["poster"] == "2023/05/ballerina.png"
    assert summary.counts["images"].imported == 1
    kinds = {tag.name: tag.kind for tag in review.tags}
    assert kinds == {"Horror": TagKind.GENRE, "2020s": TagKind.DECADE,
                     "Ana de Armas": TagKind.OTHER}


def test_a_poster_that_is_not_an_image_is_skipped_and_reported(ctx, uploads):
    (uploads / "2023" / "05" / "ballerina.png").write_bytes(b"<?php evil(); ?>")
    summary = import_wordpress(io.BytesIO(export(FILM_POST, ATTACHMENT)), uploads=uploads)
    assert one(Review).poster_path == ""
    assert summary.counts["images"].reasons["not a usable image"] == 1


def test_comments_states_threads_and_authors(ctx):
    summary = import_wordpress(io.BytesIO(export(FILM_POST)))
    review = one(Review)
    by_key = {c.wp_key.rsplit("#", 1)[1]: c for c in review.comments}
    assert set(by_key) == {"1", "2", "3", "5", "7"}
    assert by_key["1"].byline == "Ann" and by_key["1"].guest_email == "ann@example.com"
    assert by_key["2"].author_id == review.author_id and by_key["2"].parent_id == by_key["1"].id
    assert by_key["3"].status is CommentStatus.SPAM and 'rel="nofollow ugc noopener"' in \
        by_key["3"].body_html
    assert by_key["7"].status is CommentStatus.PENDING and "<script" not in by_key["7"].body_html
    assert by_key["5"].parent_id is None  # its parent is not in the export
    assert summary.counts["threads"].imported == 1
    assert summary.counts["threads"].reasons["its parent is not in the export"] == 1
    assert summary.counts["comments"].reasons == {"in the trash": 1, "pingbacks": 1}


def test_guest_comments_become_theirs_when_they_confirm_the_address(ctx, client):
    import_wordpress(io.BytesIO(export(FILM_POST)))
    ann = factories.user("ann_here", email="ann@example.com")
    ann.email_confirmed_at = None
    db.session.commit()
    token = tokens.make_token("confirm-email", {"user": ann.id, "email": ann.email})
    assert client.get(f"/auth/confirm/{token}").status_code == 302
    db.session.rollback()  # a fresh read of what the request committed
    claimed = one(Comment, Comment.body_source == "First!")
    assert claimed.author_id == ann.id and claimed.guest_email == "" and claimed.byline == "ann_here"


def test_a_guest_already_confirmed_here_gets_their_comment_at_once(ctx):
    ann = factories.user("ann_here", email="ann@example.com")
    import_wordpress(io.BytesIO(export(FILM_POST)))
    assert one(Comment, Comment.body_source == "First!").author_id == ann.id


def test_guest_names_show_on_the_review_page_and_emails_never(ctx, client):
    import_wordpress(io.BytesIO(export(FILM_POST)))
    page = client.get(f"/reviews/{one(Review).slug}").get_data(as_text=True)
    assert "Ann" in page and "ann@example.com" not in page.lower()


def test_unmapped_authors_get_an_account_without_a_usable_password(ctx):
    summary = import_wordpress(io.BytesIO(export(FILM_POST)))
    critic = one(User, User.username_key == "critic")
    assert critic.role is Role.AUTHOR and critic.display_name == "Pat Critic"
    assert critic.email == "critic@old.example.com"
    assert not critic.check_password("") and not critic.check_password("!imported-from-wordpress")
    assert summary.counts["people"].imported == 1


def test_mapped_authors_and_an_unknown_mapping(ctx, users):
    import_wordpress(io.BytesIO(export(FILM_POST)), authors={"critic": "rival"})
    assert one(Review).author_id == users["other_author"].id
    with pytest.raises(ImportOptionError, match="no author or admin called reader1"):
        import_wordpress(io.BytesIO(export(FILM_POST)), authors={"critic": "reader1"})


def test_malformed_creator_is_read_and_reported(ctx):
    summary = import_wordpress(io.BytesIO(export(item(1, "Post", creator="critic>"))))
    assert one(Review).author.username == "critic"
    assert any("Malformed author" in warning for warning in summary.warnings)


@pytest.mark.parametrize("statuses, expected", [
    (frozenset({"publish"}), {"publish"}),
    (frozenset({"publish", "draft", "private", "future"}), {"publish", "draft", "private"}),
])
def test_statuses_chosen(ctx, statuses, expected):
    posts = [item(n, f"Post {status}", status=status, slug=f"post-{status}")
             for n, status in enumerate(("publish", "draft", "private", "pending", "trash"), 1)]
    summary = import_wordpress(io.BytesIO(export(*posts)), statuses=statuses)
    titles = {review.title.split()[1] for review in db.session.scalars(sa.select(Review))}
    assert titles == expected
    assert summary.counts["posts"].skipped == 5 - len(expected)
    drafts = db.session.scalars(sa.select(Review).where(Review.title != "Post publish"))
    assert all(review.status is ReviewStatus.DRAFT for review in drafts)


def test_duplicate_slugs_get_free_addresses(ctx):
    summary = import_wordpress(io.BytesIO(export(item(1, "Alien (1979)", slug="alien"),
                                                 item(2, "Alien (1979) Review", slug="alien"))))
    assert sorted(db.session.scalars(sa.select(Review.slug))) == ["alien", "alien-1979"]
    import_wordpress(io.BytesIO(export(item(3, "Alien again", slug="alien"))))
    assert one(Review, Review.wp_guid.like("%p=3")).slug == "alien-2"
    assert any("was taken" in inf.facts.get("address", "") for inf in summary.inferred)


def test_old_addresses_answer_301(ctx, client):
    import_wordpress(io.BytesIO(export(FILM_POST)))
    slug = one(Review).slug
    for old in ("/2023/05/12/ballerina-2023-review/", "/2023/05/12/ballerina-2023-review",
                "/?p=10"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response.headers["Location"] == f"/reviews/{slug}"
    horror = one(Tag, Tag.name == "Horror")
    for old in ("/category/horror/", "/tag/2020s/"):
        response = client.get(old)
        assert response.status_code == 301 and response.headers["Location"].startswith("/tags/")
    assert client.get("/category/horror/").headers["Location"] == f"/tags/{horror.slug}"
    assert client.get("/feed/").headers["Location"] == "/feed.atom"
    assert client.get("/no/such/page/").status_code == 404
    assert client.get("/?p=999").status_code == 200  # the home page, as before


def test_without_imports_a_404_is_a_404(ctx, client):
    assert client.get("/2023/05/12/anything/").status_code == 404
    assert client.get("/?p=10").status_code == 200


def test_a_newer_export_adds_and_updates(ctx):
    import_wordpress(io.BytesIO(export(FILM_POST)))
    changed = FILM_POST.replace("Verdict: fine.", "Verdict: better on a second look.")
    newer = comment(8, "A later comment", author="Bo", email="bo@example.com")
    changed = changed.replace("</item>", newer + "</item>")
    summary = import_wordpress(io.BytesIO(export(changed, item(20, "Another (2001)"))))
    assert summary.counts["posts"].updated == 1 and summary.counts["posts"].imported == 1
    assert summary.counts["comments"].imported == 1
    assert "second look" in one(Review, Review.wp_guid.like("%p=10")).body
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 2


def test_an_interrupted_import_leaves_whole_posts_and_runs_again(ctx, monkeypatch):
    from blog.wordpress import items as import_items

    posts = [item(n, f"Film {n} (2000)", comments=[comment(n * 10, "Hi")]) for n in range(1, 46)]
    original = import_items.Run.take_post
    calls = {"n": 0}

    def interrupted(self, post):
        calls["n"] += 1
        if calls["n"] == 30:
            raise KeyboardInterrupt
        return original(self, post)

    monkeypatch.setattr(import_items.Run, "take_post", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_wordpress(io.BytesIO(export(*posts)))
    db.session.expire_all()
    done = db.session.scalars(sa.select(Review)).all()
    assert len(done) == 20  # the first batch committed, the second rolled back whole
    assert all(len(review.comments) == 1 for review in done)
    monkeypatch.setattr(import_items.Run, "take_post", original)
    summary = import_wordpress(io.BytesIO(export(*posts)))
    assert summary.counts["posts"].imported == 25 and summary.counts["posts"].skipped == 20
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 45


def test_a_post_too_long_for_the_renderer_is_skipped_and_reported(ctx):
    summary = import_wordpress(io.BytesIO(export(item(1, "Huge", "<p>" + "word " * 30000 + "</p>"),
                                                 item(2, "Small"))))
    assert [r.title for r in db.session.scalars(sa.select(Review))] == ["Small"]
    assert summary.counts["posts"].reasons["could not be imported"] == 1


def test_pictures_in_the_body_are_re_encoded_from_the_uploads(ctx, uploads, app):
    body = ('[caption id="a1" width="300"]<img src="https://old.example.com/wp-content/uploads/'
            '2023/05/ballerina.png" alt="Ana" onerror="x()"> On set[/caption]\n\n'
            '<img src="https://old.example.com/wp-content/uploads/2023/05/missing.jpg" alt="Gone">')
    summary = import_wordpress(io.BytesIO(export(item(1, "Stills", body))), uploads=uploads)
    review = one(Review)
    assert '<img src="/media/inline/ballerina-' in review.body_html and 'alt="Ana"' in review.body_html
    assert "onerror" not in review.body_html and "On set" in review.body_html
    assert '<a href="https://old.example.com/wp-content/uploads/2023/05/missing.jpg">Gone</a>' \
        in review.body_html
    assert summary.counts["images"].imported == 1
    assert summary.counts["images"].reasons["not found in --uploads"] == 1
    stored = review.body_html.split('src="/media/')[1].split('"')[0]
    with Image.open(f"{app.config['UPLOAD_FOLDER']}/{stored}") as picture:
        assert picture.format == "WEBP" and picture.size == (300, 450)


def test_uploads_cannot_be_left_through_the_path(ctx, tmp_path):
    (tmp_path / "secret.png").write_bytes(b"not for you")
    (tmp_path / "uploads").mkdir()
    body = '<img src="https://old.example.com/wp-content/uploads/../secret.png" alt="x">'
    summary = import_wordpress(io.BytesIO(export(item(1, "Sneaky", body))),
                               uploads=tmp_path / "uploads")
    assert summary.counts["images"].imported == 0


def test_a_film_already_here_is_reused_and_its_people_name_tags(ctx):
    film = factories.film("Ballerina", year=2023, imdb_id="tt7181546",
                          trailer_url="https://vimeo.com/111111")
    factories.credit(film, factories.person("Ana de Armas"), "cast", "Eve")
    import_wordpress(io.BytesIO(export(FILM_POST)))
    review = one(Review)
    assert review.film_id == film.id
    assert review.film.trailer_url == "https://vimeo.com/111111"  # stored facts are kept
    assert {tag.name: tag.kind for tag in review.tags}["Ana de Armas"] is TagKind.PERSON


@pytest.fixture
def cached_app(app):
    """``app`` with an in-process page cache, as in production without Redis."""
    with caching(app, CACHE_TYPE="SimpleCache"):
        yield app


def test_an_old_post_id_is_not_answered_with_the_stored_home_page(cached_app, ctx):
    import_wordpress(io.BytesIO(export(FILM_POST)))
    client = cached_app.test_client()
    client.get("/")
    assert client.get("/").headers.get("X-Page-Cache") == "hit"
    response = client.get("/?p=10")
    assert response.status_code == 301 and response.headers["Location"].startswith("/reviews/")
