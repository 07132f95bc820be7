"""The catalogue at /reviews/: filters against hand-computed answers, counts per option, the
advice when nothing matches, bad values, order, and a constant number of queries."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from blog.extensions import db
from blog.models import WatchOption, utcnow
from blog.services import catalogue
from tests import factories

CARD = re.compile(r'class="card__title"><a href="/reviews/([^"]+)"')
BASE = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)


def watch(film, service, region, checked=date(2026, 11, 1), kind="stream"):
    factories.save(WatchOption(film=film, service=service, region=region, kind=kind,
                               url="https://example.com/watch", checked_on=checked))


@pytest.fixture
def shelf(ctx, users):
    """Six visible reviews, a draft and a scheduled one, with every facet's data."""
    genres = {name: factories.tag(name) for name in ("Noir", "Thriller", "Western", "Drama",
                                                     "Action")}
    factories.tag("Rewatch", "other")
    hawks = factories.person("Howard Hawks", slug="howard-hawks")
    films = {}

    def add(slug, title, year, minutes, countries, languages, tags, rating, days, director):
        film = factories.film(title, year=year, runtime_minutes=minutes, countries=countries,
                              languages=languages)
        factories.credit(film, director, "director")
        films[slug] = film
        factories.review(title, author=users["author"], of_film=film, slug=slug,
                         tags=[genres[name] for name in tags], rating_halves=rating,
                         published_at=BASE - timedelta(days=days))
        return film

    third_man = add("the-third-man", "The Third Man", 1949, 104, ["United Kingdom"],
                    ["English", "German"], ["Noir", "Thriller"], 10, 1,
                    factories.person("Carol Reed", slug="carol-reed"))
    rio = add("rio-bravo", "Rio Bravo", 1959, 141, ["United States"], ["English"],
              ["Western"], 8, 2, hawks)
    sleep = add("the-big-sleep", "The Big Sleep", 1946, 114, ["United States"], ["English"],
                ["Noir"], 9, 3, hawks)
    tokyo = add("tokyo-story", "Tokyo Story", 1953, 136, ["Japan"], ["Japanese"], ["Drama"],
                10, 4, factories.person("Yasujiro Ozu", slug="yasujiro-ozu"))
    add("seven-samurai", "Seven Samurai", 1954, 207, ["Japan"], ["Japanese"],
        ["Drama", "Action"], 7, 5, factories.person("Akira Kurosawa", slug="akira-kurosawa"))
    add("un-chien-andalou", "Un Chien Andalou", 1929, 21, ["France"], [], [], None, 6,
        factories.person("Luis Bunuel", slug="luis-bunuel"))
    watch(third_man, "BFI Player", "GB", date(2026, 10, 1))
    watch(third_man, "Criterion Channel", "US")
    watch(rio, "Netflix", "US")
    watch(sleep, "BFI Player", "GB", date(2026, 11, 20))
    watch(tokyo, "BFI Player", "GB")
    hidden = factories.film("Hidden Noir", year=1955, runtime_minutes=95, countries=["Japan"])
    factories.review("Hidden Noir", author=users["author"], of_film=hidden, status="draft",
                     tags=[genres["Noir"]], slug="hidden-noir")
    factories.review("Later Noir", author=users["author"], slug="later-noir",
                     published_at=utcnow() + timedelta(days=3), tags=[genres["Noir"]],
                     of_film=factories.film("Later Noir", year=1950))
    watch(hidden, "BFI Player", "GB")
    return films


def listed(client, query: str) -> list[str]:
    """The review slugs a catalogue page shows, in order (every page of it)."""
    found, page = [], 1
    while True:
        response = client.get(f"/reviews/?{query}&page={page}" if query
                              else f"/reviews/?page={page}")
        if response.status_code == 404 and page > 1:
            return found
        assert response.status_code == 200, response.get_data(as_text=True)
        html = response.get_data(as_text=True)
        found += CARD.findall(html)
        if 'rel="next"' not in html:
            return found
        page += 1


@pytest.mark.parametrize("query, expected", [
    ("", {"the-third-man", "rio-bravo", "the-big-sleep", "tokyo-story", "seven-samurai",
          "un-chien-andalou"}),
    ("genre=noir", {"the-third-man", "the-big-sleep"}),
    ("genre=noir&genre=western", {"the-third-man", "the-big-sleep", "rio-bravo"}),
    ("genre=drama&genre=action", {"tokyo-story", "seven-samurai"}),
    ("genre=noir&decade=1940", {"the-third-man", "the-big-sleep"}),
    ("genre=noir&decade=1950", set()),
    ("decade=1950", {"rio-bravo", "tokyo-story", "seven-samurai"}),
    ("decade=1920&decade=1940", {"un-chien-andalou", "the-third-man", "the-big-sleep"}),
    ("person=howard-hawks", {"rio-bravo", "the-big-sleep"}),
    ("person=howard-hawks&genre=noir", {"the-big-sleep"}),
    ("country=Japan", {"tokyo-story", "seven-samurai"}),
    ("country=United+States&country=United+Kingdom",
     {"the-third-man", "rio-bravo", "the-big-sleep"}),
    ("language=German", {"the-third-man"}),
    ("language=English&country=United+States", {"rio-bravo", "the-big-sleep"}),
    ("rating=5", {"the-third-man", "tokyo-story"}),
    ("rating=4", {"the-third-man", "rio-bravo", "the-big-sleep", "tokyo-story"}),
    ("rating=4&decade=1950", {"rio-bravo", "tokyo-story"}),
    ("runtime=under-90", {"un-chien-andalou"}),
    ("runtime=90-120", {"the-third-man", "the-big-sleep"}),
    ("runtime=120-150&runtime=over-150", {"rio-bravo", "tokyo-story", "seven-samurai"}),
    ("service=BFI+Player", {"the-third-man", "the-big-sleep", "tokyo-story"}),
    ("region=US", {"the-third-man", "rio-bravo"}),
    ("service=BFI+Player&region=US", set()),  # on BFI Player, but not in the US
    ("service=Netflix&service=BFI+Player&region=US", {"rio-bravo"}),
    ("genre=no-such-genre", set()),
])
def test_filters_match_the_hand_computed_reviews(client, shelf, query, expected):
    assert set(listed(client, query)) == expected


@pytest.mark.parametrize("query, expected", [
    ("genre=noir", ["the-third-man", "the-big-sleep"]),
    ("genre=noir&genre=western&sort=rating", ["the-third-man", "the-big-sleep", "rio-bravo"]),
    ("genre=drama&genre=action&decade=1950&sort=year", ["seven-samurai", "tokyo-story"]),
    ("genre=noir&service=BFI+Player&region=GB&sort=title", ["the-big-sleep", "the-third-man"]),
])
def test_a_genre_with_many_reviews_is_checked_along_the_order_with_the_same_result(
        client, shelf, count_queries, monkeypatch, query, expected):
    monkeypatch.setattr(catalogue, "GENRE_PROBED_ABOVE", 0)  # every genre counts as broad
    with count_queries() as statements:
        assert listed(client, query) == expected
    page = next(statement for statement in statements if "ORDER BY" in statement
                and "FROM reviews JOIN films" in statement)
    assert "EXISTS (SELECT" in page and "review_tags.review_id = reviews.id" in page


@pytest.mark.parametrize("sort, expected", [
    ("newest", ["the-third-man", "rio-bravo", "the-big-sleep", "tokyo-story", "seven-samurai",
                "un-chien-andalou"]),
    ("rating", ["the-third-man", "tokyo-story", "the-big-sleep", "rio-bravo", "seven-samurai",
                "un-chien-andalou"]),
    ("year", ["rio-bravo", "seven-samurai", "tokyo-story", "the-third-man", "the-big-sleep",
              "un-chien-andalou"]),
    ("title", ["rio-bravo", "seven-samurai", "the-big-sleep", "the-third-man", "tokyo-story",
               "un-chien-andalou"]),
])
def test_every_order(client, shelf, sort, expected):
    assert listed(client, f"sort={sort}") == expected


def counts(query: str) -> dict[str, dict[str, int]]:
    selection = catalogue.parse(MultiDict(parse_qsl(query)))
    return {facet: {option.value: option.count for option in options}
            for facet, options in catalogue.facet_counts(selection).items()}


def test_counts_per_option_with_nothing_chosen(shelf):
    found = counts("")
    assert found["genre"] == {"noir": 2, "thriller": 1, "western": 1, "drama": 2, "action": 1}
    assert found["decade"] == {"1920": 1, "1940": 2, "1950": 3}
    assert found["person"] == {"howard-hawks": 2, "carol-reed": 1, "yasujiro-ozu": 1,
                               "akira-kurosawa": 1, "luis-bunuel": 1}
    assert found["country"] == {"Japan": 2, "United States": 2, "United Kingdom": 1,
                                "France": 1}
    assert found["language"] == {"English": 3, "Japanese": 2, "German": 1}
    assert found["rating"] == {"5": 2, "4": 4, "3": 5, "2": 5, "1": 5}
    assert found["runtime"] == {"under-90": 1, "90-120": 2, "120-150": 2, "over-150": 1}
    assert found["service"] == {"BFI Player": 3, "Criterion Channel": 1, "Netflix": 1}
    assert found["region"] == {"GB": 3, "US": 2}


def test_counts_follow_the_other_facets(shelf):
    found = counts("genre=noir")
    # A facet's own options keep their counts (ticking Western too would add one review)...
    assert found["genre"] == {"noir": 2, "thriller": 1, "western": 1, "drama": 2, "action": 1}
    # ...the others count within the noir reviews.
    assert found["decade"] == {"1940": 2}
    assert found["person"] == {"howard-hawks": 1, "carol-reed": 1}
    assert found["service"] == {"BFI Player": 2, "Criterion Channel": 1}
    assert found["region"] == {"GB": 2, "US": 1}
    assert found["rating"] == {"5": 1, "4": 2, "3": 2, "2": 2, "1": 2}
    # A service counts within the chosen region, and a region within the chosen service.
    assert counts("region=US")["service"] == {"Criterion Channel": 1, "Netflix": 1}
    assert counts("service=BFI+Player")["region"] == {"GB": 3}


def test_chosen_genres_are_looked_up_once_and_queried_by_tag_id(shelf):
    selection = catalogue.parse(MultiDict([("genre", "noir"), ("genre", "made-up"),
                                           ("decade", "1940")]))
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = catalogue.reviews_page(selection, 1)
        found = catalogue.count_options(selection)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert [review.slug for review in page.items] == ["the-third-man", "the-big-sleep"]
    assert {option.value: option.count for option in found["decade"]} == {"1940": 2}
    lookups = [statement for statement in statements if "tags.slug IN" in statement
               and "review_tags" not in statement]
    assert len(lookups) == 1  # then the reviews are found by the tag's id, by every query
    assert catalogue.genre_ids(selection) == [db.session.scalar(
        db.select(catalogue.Tag.id).where(catalogue.Tag.slug == "noir"))]


def test_where_to_watch_shows_when_it_was_checked(client, shelf):
    options = catalogue.facet_counts(catalogue.parse(MultiDict()))
    bfi = next(option for option in options["service"] if option.value == "BFI Player")
    assert bfi.checked_on == date(2026, 11, 20)  # the newest check of its films
    html = client.get("/reviews/?service=BFI+Player").get_data(as_text=True)
    assert "checked 20 November 2026" in html
    assert "BFI Player</a> (GB), checked 1 October 2026" in html  # on the card itself


def test_the_page_shows_counts_and_the_chosen_filters_with_ways_to_remove_them(client, shelf):
    html = client.get("/reviews/?genre=noir&decade=1940").get_data(as_text=True)
    assert re.search(r'value="thriller">\s*<label for="f-genre-\d+">Thriller <span '
                     r'class="filters__count">\(1<', html)
    assert 'value="western"' not in html  # no western from the 1940s here: not offered
    assert re.search(r'value="noir" checked>\s*<label for="f-genre-\d+">Noir <span '
                     r'class="filters__count">\(2<', html)
    assert 'href="/reviews/?decade=1940">Genre: Noir' in html
    assert 'href="/reviews/?genre=noir">Decade: 1940s' in html


def test_an_empty_result_says_which_filter_to_loosen(client, shelf):
    html = client.get("/reviews/?service=BFI+Player&region=US").get_data(as_text=True)
    assert "No review matches all of these filters." in html
    assert ('<a href="/reviews/?region=US">Remove the where to watch filter (BFI Player)</a> '
            "to see 2 reviews.") in html
    assert ('<a href="/reviews/?service=BFI+Player">Remove the region filter (US)</a> '
            "to see 3 reviews.") in html


def test_when_no_single_filter_helps_the_page_says_start_again(client, shelf):
    html = client.get("/reviews/?genre=no-such-genre&decade=1890").get_data(as_text=True)
    assert "No review matches" in html and "start again with every review" in html


@pytest.mark.parametrize("query, word", [
    ("decade=abc", "decade"), ("decade=1955", "decade"), ("sort=popular", "order"),
    ("rating=9", "rating"), ("rating=4&rating=5", "Choose one"), ("runtime=long", "running"),
    ("genre=Not+A+Slug", "genre"), ("region=U", "region"),
    ("genre=" + "&genre=".join(f"g{n}" for n in range(21)), "at most"),
])
def test_values_no_facet_can_hold_are_a_400_that_says_why(client, shelf, query, word):
    response = client.get(f"/reviews/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert word in html and "Loosen or remove that filter" in html
    assert 'class="site-header"' in html


def test_bad_page_numbers_are_404s(client, shelf):
    assert client.get("/reviews/?page=abc").status_code == 404
    assert client.get("/reviews/?genre=noir&page=9").status_code == 404


def test_empty_values_and_unknown_arguments_are_ignored(client, shelf):
    assert set(listed(client, "genre=&rating=&utm_source=x")) == set(listed(client, ""))


def test_the_header_and_the_homepage_link_to_the_catalogue(client, shelf):
    html = client.get("/").get_data(as_text=True)
    assert html.count('href="/reviews/"') >= 2 and 'href="/lists/"' in html


def build_more(users, batch: str, count: int):
    genre = factories.tag(f"Genre {batch}")
    noir = db.session.scalar(db.select(factories.Tag).where(factories.Tag.slug == "noir"))
    for n in range(count):
        film = factories.film(f"Film {batch}{n}", year=1940 + n, runtime_minutes=100,
                              countries=["United Kingdom", f"Country {n}"],
                              languages=["English"])
        factories.credit(film, factories.person(f"Director {batch}{n}"), "director")
        watch(film, "BFI Player", "GB")
        watch(film, f"Service {n}", "US")
        factories.review(f"Film {batch}{n}", author=users["author"], of_film=film,
                         tags=[genre, noir], rating_halves=9)


@pytest.mark.parametrize("query", ["", "genre=noir&decade=1940&sort=rating",
                                   "service=BFI+Player&region=GB&runtime=90-120&sort=year",
                                   "country=United+Kingdom&language=English&rating=4"
                                   "&person=carol-reed&sort=title",
                                   "service=BFI+Player&region=US"])
def test_the_catalogue_runs_a_constant_number_of_queries(client, shelf, users, count_queries,
                                                         query):
    with count_queries() as few:
        assert client.get(f"/reviews/?{query}").status_code == 200
    build_more(users, "b", 12)
    with count_queries() as many:
        assert client.get(f"/reviews/?{query}").status_code == 200
    assert len(few) == len(many) <= 10, (len(few), len(many))


def test_the_readers_rating_filters_where_the_review_page_shows_an_average(client, shelf):
    """Readers' averages count once READER_RATINGS_MIN_SHOWN readers rated, as on the page."""
    from blog.models import ReaderRatingSummary, Review

    def summary(slug, count, total_halves):
        review = db.session.scalar(db.select(Review).where(Review.slug == slug))
        factories.save(ReaderRatingSummary(review_id=review.id, count=count,
                                           total_halves=total_halves, histogram=[0] * 10))

    summary("the-third-man", 3, 27)  # 4.5 stars
    summary("rio-bravo", 4, 24)      # 3 stars
    summary("tokyo-story", 2, 20)    # 5 stars from two readers: not shown, so not counted
    assert set(listed(client, "readers=4")) == {"the-third-man"}
    assert set(listed(client, "readers=3")) == {"the-third-man", "rio-bravo"}
    assert listed(client, "readers=5") == []
    assert set(listed(client, "readers=3&genre=western")) == {"rio-bravo"}
    assert counts("")["readers"] == {"4": 1, "3": 2, "2": 2, "1": 2}
    assert counts("genre=noir")["readers"] == {"4": 1, "3": 1, "2": 1, "1": 1}
    page = client.get("/reviews/?readers=4").get_data(as_text=True)
    assert 'name="readers" value="4" checked' in page and "Readers&#39; rating" in page
    assert client.get("/reviews/?readers=6").status_code == 400
