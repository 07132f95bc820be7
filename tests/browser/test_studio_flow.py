"""The author's studio in Chromium: write a review with a poster and tags, preview it, publish
it, and find it as a reader would; and the browser's kept copy of an unsaved body."""
from __future__ import annotations

import pytest

from tests import images
from tests.browser.content import DEMO_AUTHOR
from tests.fixtures.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

BODY = ("## Plot\n\nA projectionist dreams he is a detective, and walks into the film he is "
        "showing.\n\n## Our opinion\n\nNinety minutes of pure invention.\n\n"
        "::: spoiler\nHe wakes up.\n:::\n")


def log_in(tab):
    tab.goto("/auth/login")
    tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
    tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    tab.page.get_by_role("button", name="Log in").click()
    tab.page.wait_for_load_state("load")


def test_write_preview_publish_and_read(make_tab, tmp_path):
    author = make_tab()
    log_in(author)
    author.goto("/write/")
    author.page.get_by_role("link", name="Write a review").click()
    page = author.page
    page.get_by_label("Title").first.fill("Sherlock Jr.")
    page.get_by_label("Review (Markdown)").fill(BODY)
    page.get_by_label("Rating").select_option("10")
    page.get_by_label("Verdict in one line").fill("Keaton's dream of cinema.")
    page.get_by_label("Tags, separated by commas").fill("Comedy, Silent era")
    page.get_by_label("Film title").fill("Sherlock Jr.")
    page.get_by_label("Year").fill("1924")
    page.get_by_label("Directed by, one per line").fill("Buster Keaton | new")
    page.get_by_label("Cast, one per line: Name | Character").fill(
        "Kathryn McGuire | The Girl")
    poster = tmp_path / "poster.png"
    poster.write_bytes(images.png())
    page.get_by_label("Poster image").set_input_files(str(poster))

    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    preview = page.locator(".review-preview")
    assert "Ninety minutes of pure invention." in preview.inner_text()
    assert page.get_by_label("Review (Markdown)").input_value() == BODY  # kept for editing

    assert page.get_by_text("The poster you chose is kept").is_visible()  # no second upload
    page.get_by_role("button", name="Publish now").click()
    page.wait_for_load_state("load")
    assert "Saved and published." in page.inner_text(".flashes")

    reader = make_tab()
    reader.goto("/")
    card = reader.page.locator(".card", has_text="Sherlock Jr.").first
    assert "5 out of 5" in card.inner_text()
    card.get_by_role("link", name="Sherlock Jr. (1924)").click()
    reader.page.wait_for_load_state("load")
    assert reader.page.get_by_role("img", name="Poster for Sherlock Jr.").is_visible()
    assert not reader.page.get_by_text("He wakes up.").is_visible()  # the spoiler is folded
    reader.page.locator(".tag-list").get_by_role("link", name="Silent era").click()
    assert "Sherlock Jr." in reader.page.inner_text("main")
    reader.goto("/reviews/sherlock-jr")
    reader.page.locator(".film-panel").get_by_role("link", name="Buster Keaton").click()
    assert "Sherlock Jr." in reader.page.inner_text("main")
    reader.goto("/reviews/sherlock-jr")
    reader.page.locator(".film-panel").get_by_role("link", name="Kathryn McGuire").click()
    assert "Sherlock Jr." in reader.page.inner_text("main")
    for tab in (author, reader):
        tab.assert_clean()


def test_an_unsaved_body_is_offered_back(make_tab):
    tab = make_tab()
    log_in(tab)
    tab.goto("/write/reviews/new")
    tab.page.get_by_label("Review (Markdown)").fill("An evening of writing, never saved.")
    tab.page.wait_for_timeout(800)  # the copy is written half a second after typing stops
    tab.goto("/write/reviews/new")  # as after a crash or an expired session
    tab.page.get_by_role("button", name="Put the kept copy back").click()
    assert tab.page.get_by_label("Review (Markdown)").input_value() == (
        "An evening of writing, never saved.")
    tab.assert_clean()
