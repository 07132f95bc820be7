"""A stamp that tells the other processes on this machine their in-process cache is out of date.

Without Redis the cache lives in each process's memory: kept pages, parts, counts, and the
generations that say which of them are current. A write made by another process (``flask
import-wordpress`` or ``flask demo`` while the site is serving, or a second worker started
without Redis) moves the generations in that process's memory only, and the serving process
would go on answering from what it kept. So, with the in-process cache, every process that
moves a generation on also replaces a stamp in the instance folder, and a process that finds
the stamp replaced by another empties what it kept, by moving every generation on in its
own memory (``generations.catch_up``): a superset of what changed, for writes that
are rare outside the serving process. Spent form tokens and rate limits are not touched.

The stamp is a random token, kept as the target of a symbolic link: a request reads it with
one ``readlink`` (as cheap as a ``stat``), a new stamp replaces the link atomically, and no two
stamps are alike however fast they come (a file's inode and time could repeat within one tick
of the clock). With Redis the generations are shared by every process, and with no cache
nothing is kept, so there is no stamp.
"""
from __future__ import annotations

import os
import secrets

FILE_NAME = "cache-stamp"


class Stamp:
    """The stamp of one instance folder, and the last stamp this process knows of."""

    def __init__(self, folder: str):
        self.path = os.path.join(folder, FILE_NAME)
        self.seen = self.read()

    def read(self) -> str | None:
        try:
            return os.readlink(self.path)
        except OSError:  # none yet
            return None

    def mark(self) -> None:
        """Say that this process moved a generation on (a new stamp, taken as already seen)."""
        token = secrets.token_hex(8)
        # Known as this process's own before it shows, so that another thread of this process
        # looking in between does not take it for someone else's.
        self.seen = token
        temporary = f"{self.path}.{token}"
        try:
            os.symlink(token, temporary)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only instance folder: nothing to tell, and nobody else to tell it

    def moved_elsewhere(self) -> bool:
        """Whether another process stamped since this one last looked (and now it has)."""
        current = self.read()
        if current == self.seen:
            return False
        self.seen = current
        return True


def init_app(app) -> None:
    app.extensions["cache_stamp"] = Stamp(app.instance_path)


def in_use(app) -> Stamp | None:
    """The app's stamp, when its cache is the in-process one."""
    return app.extensions["cache_stamp"] if app.config["CACHE_TYPE"] == "SimpleCache" else None


def mark(app) -> None:
    """After this process moved a generation on."""
    if (stamp := in_use(app)) is not None:
        stamp.mark()


def moved_elsewhere(app) -> bool:
    """Whether another process moved a generation on since this one last asked."""
    return (stamp := in_use(app)) is not None and stamp.moved_elsewhere()
