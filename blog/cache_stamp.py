"""A file that tells the other processes on this machine their in-process cache is out of date.

Without Redis the cache lives in each process's memory: kept pages, parts, counts, and the
generations that say which of them are current. A write made by another process (``flask
import-wordpress`` or ``flask demo`` while the site is serving, or a second worker started
without Redis) moves the generations in that process's memory only, and the serving process
would go on answering from what it kept. So, with the in-process cache, every process that
moves a generation on also replaces a small file in the instance folder, and a process that
finds the file replaced by another empties what it kept, by moving every generation on in its
own memory (``generations.catch_up``): a superset of what changed, for writes that
are rare outside the serving process. Spent form tokens and rate limits are not touched.

Checking costs one ``stat`` per request. A replaced file has a new inode, so two processes
stamping within the same clock tick are still told apart. With Redis the generations are
shared by every process, and with no cache nothing is kept, so there is no file.
"""
from __future__ import annotations

import os
import secrets
import tempfile

FILE_NAME = "cache-stamp"


class Stamp:
    """The stamp file of one instance folder, and the last stamp this process knows of."""

    def __init__(self, folder: str):
        self.path = os.path.join(folder, FILE_NAME)
        self.seen = self.read()

    def read(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_mtime_ns

    def mark(self) -> None:
        """Say that this process moved a generation on (a new file, taken as already seen)."""
        folder = os.path.dirname(self.path)
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{FILE_NAME}-", dir=folder)
            try:
                os.write(handle, secrets.token_hex(8).encode())
                status = os.fstat(handle)  # the renamed file keeps its inode and time
            finally:
                os.close(handle)
            os.replace(temporary, self.path)
        except OSError:
            return  # a read-only instance folder: nothing to tell, and nobody else to tell it
        self.seen = status.st_ino, status.st_mtime_ns

    def moved_elsewhere(self) -> bool:
        """Whether another process stamped the file since this one last looked (and now it
        has looked)."""
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
