"""Numbers read from addresses and query strings, kept within what the database can hold.

Every id column is a PostgreSQL ``integer``: a larger number in an address is no id at all, so
it is a 404 before it reaches a query (where PostgreSQL, or SQLite's driver, would refuse it).
"""
from __future__ import annotations

from flask import request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1
# Far past any real list, and small enough that no page's offset can overflow.
MAX_PAGE = 1_000_000


def parse_number(text, largest: int = MAX_ID) -> int | None:
    """The positive whole number ``text`` spells in ASCII digits, up to ``largest``; else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= largest else None


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when it is missing or cannot be an id."""
    return parse_number(request.args.get(name))


class IdConverter(IntegerConverter):
    """``<int:…>`` in this app's routes: ASCII digits that fit an id column (else a 404)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
