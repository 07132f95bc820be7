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

from blog import cache_stamp
from blog.extensions import cache

# How long entries kept under a generation live at most (kept parts, review links, the tag
# cloud, the catalogue's and the archive's counts): a write moves their generation on, and a
# scheduled publication cuts them short, so this only lets entries of older generations go. A
# shorter life would work them out again with nothing changed, in every worker at once (counts
# take seconds at 100,000 reviews; every part of every page is rendered afresh).
KEPT_SECONDS = 24 * 3600
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
            token = move_on(self.key)[self.key]
            if self.key in (noted := g.get("generations", {})):
                noted[self.key] = token  # this request's own write: what it keeps is current


def move_on(*keys: str) -> dict[str, str]:
    """New tokens for the generations under these keys (random, not counted up, so that two
    writers moving one on at once can never land on a token a reader already kept entries
    under), told to the other processes on the machine when the cache is in-process
    (``blog.cache_stamp``)."""
    tokens = {key: secrets.token_hex(8) for key in keys}
    cache.set_many(tokens, timeout=0)
    cache_stamp.mark(current_app)
    return tokens


def catch_up(app, backend) -> None:
    """Before a request reads any generation: if another process on this machine moved one on
    in its own memory (``blog.cache_stamp``), move every family on in this process's, without
    telling anyone (that would wake the other process in turn)."""
    if cache_stamp.moved_elsewhere(app):
        backend.set_many({family.key: secrets.token_hex(8) for family in FAMILIES}, timeout=0)


# Moved on by every committed change to what public pages show, readers' activity aside
# (``pagecache.drop_changed_pages``): kept parts (``blog.fragments``) and the tag cloud follow it.
CONTENT = Generation("fragments/generation")


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
