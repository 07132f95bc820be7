"""Search: what it finds and how it ranks, who may see it, keeping the index current, and any
text a reader can type (run on SQLite and on PostgreSQL alike)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog import create_app
from blog.extensions import db
from blog.models import Film, Review, SearchDocument, Tag, utcnow
from blog.services import revisions, search, studio_people, studio_tags, writing
from blog.services.films import FilmFacts, describe, save_film
from tests import factories
from tests.conftest import base_config

SPOILER_BODY = ("The sledge matters.\n\n::: spoiler\nRosebud is the sledge.\n:::\n\n"
                "Welles directs.")


def reviewed(title: str, film_title: str | None = None, people=(), **fields) -> Review:
    """A review of a new film whose credits (names in ``people``) exist before it is indexed."""
    film = factories.film(film_title or title, original_title=fields.pop("original_title", ""))
    for position, name in enumerate(people):
        factories.credit(film, factories.person(name), "director" if position == 0 else "cast",
                         position=position)
    return factories.review(title, of_film=film, **fields)


def found(text: str, page: int = 1) -> list[str]:
    """The titles of the reviews a search finds, in order."""
    return [result.review.title for result in search.search(text, page).results]


def results_html(client, text: str, page: int | None = None):
    query = {"q": text} if page is None else {"q": text, "page": page}
    response = client.get("/search", query_string=query)
    return response.status_code, response.get_data(as_text=True)


def result_titles(html: str) -> list[str]:
    titles = re.findall(r'<h2 class="search-result__title"><a [^>]*>(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


# ---------- What it finds, and in which order ----------

@pytest.mark.parametrize("text", ["Chinatown", "bigfilmtitle", "Originaltitel", "Polanski",
                                  "Dunaway", "unforgettable", "grimy", "neo-noir"])
def test_finds_a_review_by_each_of_its_fields(ctx, text):
    reviewed("Chinatown", "Bigfilmtitle", original_title="Originaltitel",
             people=["Roman Polanski", "Faye Dunaway"], verdict="Unforgettable.",
             body="A grimy and sunlit mystery.", tags=[factories.tag("Neo-noir", "genre")])
    reviewed("Something else", body="Nothing in common.")
    assert found(text) == ["Chinatown"]


def test_every_word_must_match_and_words_match_as_prefixes(ctx):
    reviewed("The Third Man", body="Zither music and sewers.")
    reviewed("The Fourth Man", body="Nothing like it.")
    assert found("third zither") == ["The Third Man"]
    assert found("zith") == ["The Third Man"]
    assert found("third nothing") == []


def test_a_title_match_ranks_above_a_match_in_the_body(ctx):
    reviewed("A quiet film", body="The word vertigo appears here once, in passing.")
    reviewed("Vertigo", body="Scottie follows Madeleine.")
    assert found("vertigo") == ["Vertigo", "A quiet film"]


def test_sqlite_ranks_the_newest_matches_and_the_newest_title_matches(ctx, monkeypatch):
    monkeypatch.setattr(search, "RANKED_POOL", 2)
    oldest = reviewed("Vertigo", body="Scottie follows Madeleine.")  # the oldest review
    in_body = [reviewed(f"Quiet film {n}", body="The word vertigo, once.") for n in range(3)]
    assert oldest.id < in_body[0].id
    first, *rest = found("vertigo")
    assert first == "Vertigo"
    if db.engine.dialect.name == "postgresql":  # every match ranked (see search.pg_hits)
        assert sorted(rest) == [review.title for review in in_body]
        return
    # The title match is found though three newer reviews match in their bodies; of those,
    # the newest two (the pool) are ranked, and the oldest is not.
    assert sorted(rest) == [in_body[1].title, in_body[2].title]
    # Two newer title matches fill both pools: the older matches are no longer ranked.
    newer_titles = [reviewed(f"Vertigo {n}", body="Again.") for n in range(2)]
    assert sorted(found("vertigo")) == sorted(review.title for review in newer_titles)


def test_diacritics_are_folded_both_ways(ctx):
    reviewed("Portrait of a Lady on Fire", people=["Héloïse Dubois"], body="Héloïse paints.")
    reviewed("Amelie", body="Plain ascii.")
    assert found("heloise") == ["Portrait of a Lady on Fire"]
    assert found("HÉLOÏSE") == ["Portrait of a Lady on Fire"]
    assert found("amélie") == ["Amelie"]


def test_a_cjk_original_title_is_found_by_any_part(ctx):
    reviewed("Spirited Away", original_title="千と千尋の神隠し")
    reviewed("Seven Samurai", original_title="七人の侍")
    assert found("千と千尋の神隠し") == ["Spirited Away"]
    assert found("千尋") == ["Spirited Away"]
    assert found("神隠し") == ["Spirited Away"]
    assert found("侍") == ["Seven Samurai"]


def test_spoilers_are_not_searched_and_not_shown(ctx, client):
    reviewed("Citizen Kane", body=SPOILER_BODY)
    assert found("rosebud") == []
    assert found("sledge") == ["Citizen Kane"]
    status, html = results_html(client, "sledge welles")
    assert status == 200 and "Citizen Kane" in html
    assert "Rosebud" not in html


def test_matches_are_highlighted_after_escaping(ctx, client):
    reviewed("<b>Bold</b> & Rosebud", body="Say `<i>` rosebud twice.",
             verdict="Rosebud!")
    status, html = results_html(client, "rosebud")
    assert status == 200
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; <mark>Rosebud</mark>" in html
    assert "Say &lt;i&gt; <mark>rosebud</mark> twice." in html
    assert "<mark>Rosebud</mark>!" in html


def test_highlight_marks_whole_words_the_terms_begin_and_keeps_diacritics():
    assert search.highlight("Héloïse and Helo", ["helo"]) == (
        "<mark>Héloïse</mark> and <mark>Helo</mark>")
    assert search.highlight("Othello", ["hell"]) == "Othello"
    assert search.highlight("千と千尋の神隠し", ["千尋"]) == "千と<mark>千尋</mark>の神隠し"
    assert search.highlight("a < b", ["b"]) == "a &lt; <mark>b</mark>"


def test_a_long_body_gives_a_snippet_around_the_match():
    body = " ".join(["filler"] * 200 + ["needle"] + ["after"] * 200)
    snippet = str(search.snippet(body, ["needle"]))
    assert "<mark>needle</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < search.SNIPPET_CHARS + 40


# ---------- Who may see what: decided when searching ----------

def test_drafts_are_never_found(ctx):
    reviewed("Draft noir", status="draft")
    assert found("noir") == []


def test_a_scheduled_review_is_found_from_its_time_with_nothing_reindexed(ctx, monkeypatch):
    when = utcnow() + timedelta(hours=2)
    reviewed("Scheduled noir", published_at=when)
    assert found("noir") == []
    import blog.models
    monkeypatch.setattr(blog.models, "utcnow", lambda: when + timedelta(seconds=1))
    assert found("noir") == ["Scheduled noir"]


def test_an_unpublished_review_leaves_the_results(ctx, users):
    review = reviewed("Gone noir")
    assert found("noir") == ["Gone noir"]
    writing.unpublish(review, users["author"])
    assert found("noir") == []


def test_a_deleted_review_takes_its_document_with_it(ctx):
    review = reviewed("Deleted noir")
    review_id = review.id
    writing.delete_review(review)
    assert found("noir") == []
    assert db.session.get(SearchDocument, review_id) is None


# ---------- Every write path keeps the index current ----------

def save_as_typed(review, author, draft):
    """Save the review form with ``draft`` and the film's fields sent back as shown."""
    writing.save_review(review, author, writing.ReviewSubmission(
        draft, film_fields=describe(review.film)))


def test_editing_a_title_reindexes(ctx, users):
    review = reviewed("Old title", "A film", body="Body words.")
    draft = writing.ReviewDraft(title="Brand new title", body=review.body, slug=review.slug)
    save_as_typed(review, users["author"], draft)
    assert found("brand") == ["Brand new title"]
    assert found("old") == []


def test_editing_a_film_reindexes_every_review_of_it(ctx, users):
    first = reviewed("First look", "Shared film")
    second = factories.review("Second look", of_film=first.film)
    save_film(first.film, FilmFacts(title="Renamed film", original_title="Film renommé",
                                directors="Ann Director"), users["admin"])
    draft = writing.ReviewDraft(title=first.title, body=first.body, slug=first.slug)
    save_as_typed(first, users["author"], draft)
    assert sorted(found("renamed")) == ["First look", "Second look"]
    assert sorted(found("renomme director")) == ["First look", "Second look"]
    assert found("shared") == []
    assert second.id  # still there


def test_restoring_a_revision_reindexes(ctx, users):
    review = reviewed("Original wording", "A film")
    draft = writing.ReviewDraft(title="Rewritten wording", body=review.body, slug=review.slug)
    save_as_typed(review, users["author"], draft)
    assert found("original") == []
    revisions.restore_revision(review, revisions.revisions_of(review)[0], users["author"])
    assert found("original") == ["Original wording"]
    assert found("rewritten") == []


def test_renaming_a_tag_reindexes_its_reviews(ctx):
    tag = factories.tag("Noirish", "genre")
    reviewed("Tagged one", tags=[tag], body="A moonlit harbour.")
    studio_tags.update_tag(tag, "Sunshine", "genre")
    assert found("sunshine") == ["Tagged one"]
    assert found("noirish") == []
    assert found("moonlit") == ["Tagged one"]  # the body text kept, not rendered again


def test_merging_tags_reindexes_the_moved_reviews(ctx):
    source, target = factories.tag("Policier", "genre"), factories.tag("Crime", "genre")
    reviewed("Moved one", tags=[source])
    studio_tags.merge(db.session.get(Tag, source.id), db.session.get(Tag, target.id))
    assert found("crime") == ["Moved one"]
    assert found("policier") == []


def test_renaming_a_person_reindexes_the_reviews_of_their_films(ctx):
    reviewed("Credited one", people=["Jon Smyth"])
    reviewed("Credited two", people=["Jon Smyth"])  # a namesake: another person
    person = db.session.scalars(sa.select(Film).where(Film.title == "Credited one")).one() \
        .credits[0].person
    studio_people.update_person(person, "Maria Kowalski", None, "")
    assert found("kowalski") == ["Credited one"]
    assert found("jon smyth") == ["Credited two"]


def test_the_migration_indexes_existing_reviews(ctx):
    reviewed("Indexed later", people=["Agnès Varda"], tags=[factories.tag("Nouvelle vague")])
    db.session.execute(sa.delete(SearchDocument))
    db.session.commit()
    assert found("varda") == []
    search.reindex(db.session.scalars(sa.select(Review.id)))
    db.session.commit()
    assert found("agnes nouvelle") == ["Indexed later"]


# ---------- Whatever the reader types, a page ----------

HOSTILE = ["", " ", '"', '""', "'", "\\", "AND", "OR", "NOT", "a AND b", "a OR", "NOT a",
           "NEAR(a b)", "NEAR/2", "*", "a*", "*a", "^", "^noir", "title:noir", "noir:",
           "{title film}:noir", "(", ")", "((noir)", "-", "-noir", "noir -x", "+noir", "%",
           "_", "%_%", "a\x00b", "\x00", "x" * 10_000, "noir " * 2_000, "🎬", "ŉ", "ʼn",
           "\u0301", "e\u0301", "\u202e", "\ufeff", "ﷺ", "<script>alert(1)</script>",
           "'; DROP TABLE reviews; --", "a:*", "a & b | !c", "<->", "noir:* & !x",
           "\u3000", "١٢٣", "ǅ", "İstanbul", "straße", "\ud7a3", "ǰ"]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:20]))
def test_any_text_gives_a_page(ctx, client, text):
    reviewed("Near noir", body="A title that a NEAR operator could match.")
    status, html = results_html(client, text)
    assert status == 200
    assert "<script>alert" not in html and "\x00" not in html
    assert 'id="search-page-q"' in html


@pytest.mark.parametrize("text", ["NEAR", '"near', "near*", "-near", "NEAR(near", "near:",
                                  "^near", "(near)", "near AND", "NOT near"])
def test_operators_are_read_as_words(ctx, text):
    reviewed("Near Dark")
    reviewed("Far away")
    expected = ["Near Dark"]
    if "AND" in text or "NOT" in text:
        expected = []  # "and" and "not" are words to find too, and neither film has them
    assert found(text) == expected


def test_an_empty_query_invites_a_search(client):
    status, html = results_html(client, "")
    assert status == 200 and "Type a film" in html and "search-result" not in html


def test_no_result_says_so_and_offers_tags_whose_names_match(ctx, client):
    reviewed("Scream", tags=[factories.tag("Horror", "genre")])
    reviewed("Hidden", status="draft", tags=[factories.tag("Terror", "theme")])
    status, html = results_html(client, "orro")
    assert status == 200
    assert "No reviews match “orro”" in html
    assert 'href="/tags/horror"' in html
    assert "/tags/terror" not in html  # only on a draft: its page is not public


# ---------- Pages ----------

@pytest.mark.parametrize("matching, pages", [(5, 1), (6, 2), (10, 2), (11, 3)])
def test_pages_hold_the_site_page_size_and_end_where_the_results_do(ctx, client, matching,
                                                                    pages):
    for n in range(matching):
        reviewed(f"Noir {n}", published_at=utcnow() - timedelta(days=n + 1))
    reviewed("Unrelated")
    seen = []
    for page in range(1, pages + 1):
        status, html = results_html(client, "noir", page)
        assert status == 200
        titles = result_titles(html)
        assert 1 <= len(titles) <= 5
        seen += titles
        assert ('rel="next"' in html) == (page < pages)
        assert ('rel="prev"' in html) == (page > 1)
    assert seen == [f"Noir {n}" for n in range(matching)]
    assert results_html(client, "noir", pages + 1)[0] == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999", "9" * 40])
def test_a_page_number_out_of_range_is_a_404(client, page):
    assert results_html(client, "noir", page)[0] == 404


def test_the_search_page_runs_a_constant_number_of_queries(ctx, client, count_queries, users):
    def count():
        with count_queries() as statements:
            assert client.get("/search?q=noir").status_code == 200
        return len(statements)

    reviewed("Noir 0", people=["A B"], tags=[factories.tag("Noir tag")])
    few = count()
    tags = [factories.tag(f"T{n}") for n in range(4)]
    for n in range(1, 9):
        reviewed(f"Noir {n}", people=[f"P{n} Q", f"R{n} S"], tags=tags)
    many = count()
    assert few == many
    assert many <= 6


# ---------- The search box ----------

@pytest.mark.parametrize("path", ["/", "/tags/", "/about", "/auth/login", "/search?q=x"])
def test_every_page_has_the_search_box_in_its_header(client, path):
    html = client.get(path).get_data(as_text=True)
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert 'action="/search"' in header and 'method="get"' in header
    assert '<label class="visually-hidden" for="site-search-q">' in header
    assert 'id="site-search-q"' in header and 'name="q"' in header


def test_the_404_page_offers_a_search_even_with_the_database_down(tmp_path):
    url = "sqlite:///" + str(tmp_path / "missing-folder" / "db.sqlite3")
    app = create_app(base_config(url), instance_path=tmp_path / "instance")
    response = app.test_client().get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'for="not-found-search-q"' in html and 'for="site-search-q"' in html


def test_matches_are_ranked_as_ids_and_only_the_page_is_loaded(ctx, client, count_queries):
    for n in range(7):
        reviewed(f"Noir {n}", published_at=utcnow() - timedelta(days=n + 1))
    with count_queries() as statements:
        status, html = results_html(client, "noir", 1)
    assert status == 200 and result_titles(html) == [f"Noir {n}" for n in range(5)]
    # The statement that ranks every match carries no review or document text.
    ranking = [statement for statement in statements if "search_hits" in statement]
    assert ranking and not any(column in statement for statement in ranking
                               for column in ("reviews.body", "search_documents.body"))


def test_hidden_reviews_among_the_best_matches_are_ranked_past(ctx, client, count_queries):
    # Titles rank first; the body-only matches follow, newest first among equals.
    body = "A noir, and a fine one."
    shown = [reviewed(f"Film {n}", body=body, published_at=utcnow() - timedelta(days=n + 1))
             for n in range(6)]

    def ranking_statements(page):
        with count_queries() as statements:
            status, html = results_html(client, "noir", page)
        assert status == 200
        return result_titles(html), [s for s in statements if "search_hits" in s]

    titles, ranking = ranking_statements(1)
    assert titles == [review.title for review in shown[:5]] and len(ranking) == 1
    for n in range(5):  # better matches than any shown one, but not for readers yet
        reviewed(f"Noir {n}", status="draft")
    reviewed("Noir soon", published_at=utcnow() + timedelta(days=1))
    titles, ranking = ranking_statements(1)
    assert titles == [review.title for review in shown[:5]] and len(ranking) == 2
    titles, _ = ranking_statements(2)
    assert titles == [shown[5].title]
