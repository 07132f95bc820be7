"""Ordering a list in the studio: "Move up" works without a script; dragging an entry by its
handle (the optional enhancement) sends the whole new order with the page's form."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import FilmList
from tests.browser.content import DEMO_AUTHOR, LIST_SLUG
from tests.fixtures.demo import DEMO_PASSWORD
from tests.browser.tabs import open_tab

pytestmark = pytest.mark.browser
# Tall enough that no entry needs scrolling to: a drag does not survive the page scrolling.
TALL = {"width": 1280, "height": 3200}


def shown_order(tab) -> list[str]:
    return [text.strip() for text in
            tab.page.locator(".list-editor__film strong").all_inner_texts()]


@pytest.mark.parametrize("javascript", [False, True])
def test_entries_move_with_buttons_and_by_dragging(browser, live_server, javascript):
    context, tab = open_tab(browser, live_server.url, viewport=TALL,
                            java_script_enabled=javascript)
    try:
        tab.goto("/auth/login")
        tab.page.get_by_label("Username or email").fill(DEMO_AUTHOR)
        tab.page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        tab.page.get_by_role("button", name="Log in").click()
        tab.page.wait_for_load_state("load")
        with live_server.app.app_context():
            list_id = db.session.scalar(sa.select(FilmList.id)
                                        .where(FilmList.slug == LIST_SLUG))
            db.session.remove()
        tab.goto(f"/write/lists/{list_id}/edit")
        before = shown_order(tab)
        assert len(before) >= 3
        if not javascript:
            assert tab.page.locator(".list-editor__handle").count() == 0
            tab.page.get_by_role("button", name=f"Move up {before[1]}").click()
            tab.page.wait_for_load_state("load")
            assert shown_order(tab) == [before[1], before[0], *before[2:]]
        else:
            handle = tab.page.locator(".list-editor__handle").nth(2)
            handle.drag_to(tab.page.locator(".list-editor__entry").nth(0),
                           target_position={"x": 20, "y": 5})
            tab.page.wait_for_url("**/edit#entries")
            tab.page.wait_for_load_state("load")
            assert shown_order(tab) == [before[2], before[0], before[1], *before[3:]]
        tab.assert_clean()
    finally:
        context.close()
