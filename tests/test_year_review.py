"""The year in review: figures against a year worked out by hand, its charts and tables, the
links between years, 404s, the page cache and a constant number of queries."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from blog import charts
from blog.extensions import db
from blog.services import ratings, year_review
from tests import factories


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def year(ctx, users):
    """2025 by hand (the tests' zone is Europe/London), with 2024 and 2023 beside it.

    film A (1954) twice, B (1958), C (1999), D (2003); a review at 23:30 UTC on 30 June is
    1 July in London; a draft and the neighbouring years' reviews must not count.
    """
    critic = users["author"]
    noir, drama = factories.tag("Noir", "genre"), factories.tag("Drama", "genre")
    fifties, hitch = factories.tag("1950s", "decade"), factories.tag("Hitchcock", "person")
    films = {name: factories.film(f"Film {name}", year=year_)
             for name, year_ in (("A", 1954), ("B", 1958), ("C", 1999), ("D", 2003))}
    made = {}
    for key, film, when, halves, tags in (
            ("r1", "A", at(2025, 1, 10, 12), 10, [noir, fifties, hitch]),
            ("r2", "B", at(2025, 1, 20, 12), 6, [noir, fifties]),
            ("r3", "A", at(2025, 3, 5, 12), 8, [drama]),
            ("r4", "C", at(2025, 6, 30, 23, 30), 2, [drama]),
            ("r5", "D", at(2025, 10, 1, 12), None, [])):
        made[key] = factories.review(f"Review {key}", author=critic, of_film=films[film],
                                     slug=key, published_at=when, rating_halves=halves,
                                     tags=tags)
    factories.review("Last of 2024", author=critic, slug="r6", published_at=at(2024, 12, 31, 23, 30),
                     rating_halves=9, tags=[noir])
    factories.review("Older", author=critic, slug="r7", published_at=at(2023, 5, 5, 12))
    factories.review("Draft", author=critic, slug="r8", status="draft", published_at=None)
    raters = [factories.user(f"rater{n}") for n in range(5)]
    for rater, halves in zip(raters, (10, 10, 8)):
        ratings.rate(made["r1"], rater, halves)
    for rater in raters[2:5]:
        ratings.rate(made["r2"], rater, 4)
    for rater in raters[:2]:
        ratings.rate(made["r3"], rater, 10)  # two readers: fewer than the three that show
    for n in range(3):
        factories.comment(made["r2"], users["commenter"], f"Comment {n}")
    factories.comment(made["r2"], users["commenter"], "Held", status="pending")
    factories.comment(made["r1"], users["commenter"], "One")
    return made


def test_the_figures_match_the_year_worked_out_by_hand(app, year):
    with app.test_request_context():
        found = year_review.build(2025)
    assert (found.reviews, found.films, found.comments) == (5, 4, 4)
    assert found.average == pytest.approx((10 + 6 + 8 + 2) / 4 / 2)
    assert found.per_month == [(2, 2), (0, 0), (1, 1), (0, 0), (0, 0), (0, 0), (1, 1), (0, 0),
                               (0, 0), (1, 1), (0, 0), (0, 0)]
    assert found.ratings == [0, 1, 0, 0, 0, 1, 0, 1, 0, 1]
    assert found.decades == [(1950, 2), (1990, 1), (2000, 1)]
    names = {kind.value: [(tag.name, count) for tag, count in ranked]
             for kind, ranked in found.tags.items()}
    assert names == {"genre": [("Drama", 2), ("Noir", 2)], "decade": [("1950s", 2)],
                     "person": [("Hitchcock", 1)]}
    assert [(r.review.slug, r.figure) for r in found.highest] == [("r1", 10), ("r3", 8)]
    assert [(r.review.slug, r.figure) for r in found.lowest] == [("r4", 2), ("r2", 6)]
    assert [(r.review.slug, round(r.figure, 3), r.count) for r in found.favourites] == [
        ("r1", round(28 / 3, 3), 3), ("r2", 4.0, 3)]
    assert [(r.review.slug, r.figure) for r in found.discussed] == [("r2", 3), ("r1", 1)]
    assert (found.earlier, found.later) == (2024, None)


def test_a_ban_takes_a_readers_votes_out_of_the_favourites(app, ctx, users, year):
    from blog.models import User
    from blog.services import moderation

    rater = db.session.scalar(db.select(User).where(User.username == "rater4"))
    moderation.ban(rater, users["admin"])
    with app.test_request_context():
        found = year_review.build(2025)
    assert [r.review.slug for r in found.favourites] == ["r1"]  # r2 is down to two readers


def table_rows(html: str, table_id: str) -> dict[str, str]:
    table = html[html.index(f'id="{table_id}"'):]
    table = table[:table.index("</table>")]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table))


def test_the_page_shows_each_chart_with_its_table(client, year):
    response = client.get("/year/2025")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1" in html and "2025 in review" in html
    months = table_rows(html, "chart-reviews-table")
    assert months["January"] == "2" and months["July"] == "1" and months["June"] == "0"
    assert len(months) == 12
    assert table_rows(html, "chart-films-table")["March"] == "1"
    stars = table_rows(html, "chart-ratings-table")
    assert (stars["5 stars"], stars["4 stars"], stars["3 stars"], stars["1 star"],
            stars["0.5 stars"]) == ("1", "1", "1", "1", "0")
    assert table_rows(html, "chart-decades-table") == {"1950s": "2", "1990s": "1", "2000s": "1"}
    assert table_rows(html, "chart-tags-genre-table") == {"Drama": "2", "Noir": "2"}
    assert table_rows(html, "chart-tags-person-table") == {"Hitchcock": "1"}
    # Every drawing is hidden from screen readers, which read the table instead.
    assert html.count('<svg class="chart') == html.count('aria-hidden="true" focusable="false"')
    assert html.count("<figure") == 7
    # The lists link to the reviews.
    for slug in ("r1", "r2", "r3", "r4"):
        assert f'href="/reviews/{slug}"' in html
    assert "4.7 out of 5 from 3 readers" in html and "3 comments" in html


def test_years_link_to_each_other_and_to_the_archive(client, year):
    html = client.get("/year/2025").get_data(as_text=True)
    assert 'href="/year/2024"' in html and 'href="/archive/2025/"' in html
    assert 'rel="next"' not in html.split("year-review__years", 1)[1].split("</nav>", 1)[0]
    older = client.get("/year/2024").get_data(as_text=True)
    assert 'href="/year/2025"' in older and 'href="/year/2023"' in older
    archive = client.get("/archive/2025/").get_data(as_text=True)
    assert 'href="/year/2025"' in archive


@pytest.mark.parametrize("path", ["/year/2022", "/year/2026", "/year/1800", "/year/99999",
                                  "/year/0"])
def test_years_without_published_reviews_are_404(client, year, path):
    assert client.get(path).status_code == 404


def test_a_year_of_only_drafts_is_404(client, ctx, users):
    factories.review("Draft", author=users["author"], slug="draft", status="draft",
                     published_at=at(2021, 5, 5))
    assert client.get("/year/2021").status_code == 404


def add_reviews(users, tag, count: int, offset: int = 0) -> None:
    """Reviews across 2025, each tagged, commented on and rated by three readers."""
    for n in range(offset, offset + count):
        review = factories.review(f"More {n}", author=users["author"],
                                  published_at=at(2025, 1 + n % 12, 3 + n // 12),
                                  rating_halves=1 + n % 10,
                                  tags=[tag, factories.tag(f"Person {n}", "person")])
        factories.comment(review, users["commenter"])
        for rater in (users["commenter"], users["other_author"], users["admin"]):
            ratings.rate(review, rater, 1 + (n + 3) % 10)


def test_year_page_queries_do_not_grow_with_the_year(client, ctx, users, count_queries):
    tag = factories.tag("Noir", "genre")
    add_reviews(users, tag, 2)
    with count_queries() as statements:
        assert client.get("/year/2025").status_code == 200
    few = len(statements)
    add_reviews(users, tag, 22, offset=2)
    with count_queries() as statements:
        assert client.get("/year/2025").status_code == 200
    assert len(statements) == few, f"{few} queries for 2 reviews, {len(statements)} for 24"
    assert few <= 16


# ---------- The chart renderer ----------

def test_a_column_chart_draws_a_bar_per_nonzero_value_and_keeps_its_rows():
    chart = charts.column_chart([("January", 3), ("February", 0), ("March", 6)],
                                title="Per month", label_heading="Month", value_heading="Reviews",
                                short_labels=["Jan", "Feb", "Mar"])
    svg = str(chart.svg)
    assert svg.count("<rect") == 2
    assert chart.rows == (("January", 3), ("February", 0), ("March", 6))
    heights = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', svg)]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.2)  # March is twice January
    assert ">Jan<" in svg and ">6<" in svg and ">0<" in svg


def test_chart_text_is_escaped():
    chart = charts.bar_chart([('<script>alert("x")</script> & co', 2)], title="T",
                             label_heading="Tag", value_heading="Reviews", width=900,
                             label_width=400)
    svg = str(chart.svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; co" in svg


def test_a_chart_of_zeros_draws_no_bars():
    chart = charts.ratings_chart([0] * 10, title="None yet", value_heading="Readers")
    assert "<rect" not in str(chart.svg)
    assert [label for label, _ in chart.rows][:2] == ["5 stars", "4.5 stars"]
    assert chart.rows[-1] == ("0.5 stars", 0)


def test_charts_take_their_colours_from_the_stylesheet():
    svg = str(charts.bar_chart([("A", 1)], title="T", label_heading="L",
                               value_heading="V").svg)
    assert "fill=" not in svg and "style=" not in svg and 'class="chart__bar"' in svg


def test_long_labels_are_clipped_in_the_drawing_and_whole_in_the_table():
    name = "A very long tag name that would not fit beside its bar"
    chart = charts.bar_chart([(name, 1)], title="T", label_heading="Tag", value_heading="N")
    assert name not in str(chart.svg) and "…" in str(chart.svg)
    assert chart.rows == ((name, 1),)


def test_the_year_page_answers_304_to_its_etag(client, year):
    first = client.get("/year/2025")
    assert first.headers["ETag"] and "Last-Modified" not in first.headers
    again = client.get("/year/2025", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
