"""Generations: a family of cached entries dropped all at once by moving one key on.

Entries are stored under the current generation's token, so moving the generation on makes
every older entry unreachable (the cache expires them in time). Writes drop kept review links
or catalogue counts this way without listing what they touched. Without a cache (NullCache)
there is no generation and nothing is kept.

A request reads every family's generation at once, before its first SQL statement
(``note_all``, from ``fragments.note_generation``), and uses those all through: on SQLite a
request reads one snapshot of the database, taken at its first statement, and a generation
read later could have been moved on by a write that snapshot does not hold, so entries worked
out from the older data would be kept as current.
"""
from __future__ import annotations

import secrets

from flask import current_app, g

from blog.extensions import cache

# How long counts kept under a generation live at most (the catalogue's, the archive's): a
# write moves their generation on, and a scheduled publication cuts them short, so this only
# lets entries of older generations go; a shorter life would count them again, seconds of
# work at 100,000 reviews, in every worker at once.
COUNTS_SECONDS = 24 * 3600
FAMILIES: list[Generation] = []  # every family, so that a request can read them all at once


class Generation:
    """The generation of one family of entries, kept in the cache under ``key``."""

    def __init__(self, key: str):
        self.key = key
        FAMILIES.append(self)

    def current(self) -> str | None:
        """The token entries are kept under (as this request first read it, when it did); made
        on first use. None without a cache."""
        if self.key in (noted := g.get("generations", {})):
            return noted[self.key]
        return current_tokens(self.key)[0]

    def move_on(self) -> None:
        """A new token: every entry kept under an older one is worked out afresh."""
        if current_app.config["CACHE_TYPE"] != "NullCache":
            token = secrets.token_hex(8)
            cache.set(self.key, token, timeout=0)
            if self.key in (noted := g.get("generations", {})):
                noted[self.key] = token  # this request's own write: what it keeps is current


def note_all(*keys: str) -> dict[str, str | None]:
    """Read every family's generation, and these keys, together, for the rest of the request."""
    every = [family.key for family in FAMILIES] + list(keys)
    g.generations = dict(zip(every, current_tokens(*every)))
    return g.generations


def current_tokens(*keys: str) -> list[str | None]:
    """The generations under these keys, read together; one is made for a key that has none
    yet (or was evicted: an in-process cache over its size drops entries, these too), so a
    missing key never matches what was kept before. None each without a cache."""
    if current_app.config["CACHE_TYPE"] == "NullCache":
        return [None] * len(keys)
    found = list(cache.get_many(*keys))
    for index, value in enumerate(found):
        if value is None:
            made = secrets.token_hex(8)
            found[index] = made if cache.add(keys[index], made, timeout=0) else cache.get(
                keys[index])
    return found
