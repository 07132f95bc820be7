"""SQL statements per page stay constant however many reviews, comments and tags exist."""
import pytest

from tests import factories


def build_site(users, reviews: int, tags_per_review: int, batch: str = "a"):
    tags = [factories.tag(f"Tag {batch}{n}", "theme") for n in range(tags_per_review)]
    made = []
    for n in range(reviews):
        film = factories.film(f"Film {batch}{n}")
        for position in range(3):
            factories.credit(film, factories.person(f"Person {batch}{n} {position}"),
                             "cast" if position else "director", position=position)
        factories.watch_option(film)
        review = factories.review(f"Film {n}", author=users["author"], of_film=film, tags=tags)
        factories.comment(review, users["commenter"], "First!")
        made.append(review)
    return made


def build_thread(review, users, size: int):
    """A conversation of ``size`` comments, nested up to five deep."""
    parents = [None]
    for n in range(size):
        parent = parents[n % len(parents)] if n % 3 else None
        comment = factories.comment(review, users["commenter" if n % 2 else "author"],
                                    f"Comment {n}", parent=parent)
        if comment.depth < 4:
            parents.append(comment)


def count_for(client, count_queries, path):
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/", "/tags/tag-a0", "/tags/", "/archive/{year}/", "/reviews/",
                                  "/reviews/?region=GB&sort=rating", "/lists/"])
def test_list_pages_run_a_constant_number_of_queries(client, ctx, users, count_queries, path):
    small = build_site(users, reviews=2, tags_per_review=1)
    path = path.format(year=small[0].published_at.year)
    few = count_for(client, count_queries, path)
    build_site(users, reviews=8, tags_per_review=6, batch="b")
    many = count_for(client, count_queries, path)
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many <= 12


def test_review_page_queries_do_not_grow_with_200_comments(client, ctx, users, count_queries):
    review, other = build_site(users, reviews=2, tags_per_review=3)
    build_thread(other, users, size=3)
    few = count_for(client, count_queries, f"/reviews/{other.slug}")
    build_thread(review, users, size=200)
    many = count_for(client, count_queries, f"/reviews/{review.slug}")
    assert few == many, f"{few} queries with 4 comments, {many} with 201"
    assert many <= 22  # with one for the commenters' own ratings, one for the lists the film is on


def test_person_page_queries_are_constant(client, ctx, users, count_queries):
    reviews = build_site(users, reviews=6, tags_per_review=2)
    person = reviews[0].film.credits[0].person
    assert count_for(client, count_queries, f"/people/{person.slug}") <= 10


def test_review_page_for_a_signed_in_commenter_is_constant(client, auth, ctx, users,
                                                           count_queries):
    auth.login("reader1")  # first: a login is a write, which would outdate ctx's open read
    review, other = build_site(users, reviews=2, tags_per_review=3)
    build_thread(other, users, size=3)
    few = count_for(client, count_queries, f"/reviews/{other.slug}")
    build_thread(review, users, size=200)
    many = count_for(client, count_queries, f"/reviews/{review.slug}?page=2")
    assert few == many, f"{few} queries with 4 comments, {many} with 201"


@pytest.mark.parametrize("path", ["/feed.atom", "/feed.rss", "/tags/tag-a0.atom",
                                  "/authors/critic.atom", "/people/{person}.atom",
                                  "/comments.atom", "/sitemap.xml", "/authors/critic"])
def test_feeds_and_sitemap_run_a_constant_number_of_queries(client, ctx, users, count_queries,
                                                            path):
    small = build_site(users, reviews=2, tags_per_review=1)
    path = path.format(person=small[0].film.credits[0].person.slug)
    few = count_for(client, count_queries, path)
    more = build_site(users, reviews=8, tags_per_review=6, batch="b")
    for review in more:
        factories.credit(review.film, small[0].film.credits[0].person, "writer", position=9)
    many = count_for(client, count_queries, path)
    assert few == many, f"{path}: {few} queries with few rows, {many} with many"
    assert many <= 8
