"""Import a WordPress export (WXR 1.0-1.2): the one entry point, used by the CLI and the studio.

The file is read twice, both times as a stream: the first pass checks that the whole file is
well-formed (so a broken one stops before anything is written) and notes the small things items
refer to (attachments, authors, declared terms); the second imports. Items are committed in
batches, each post with its film, tags, comments and old addresses inside one batch, so an
interrupted import leaves whole posts only and can simply be run again: everything is matched
by the export's GUIDs and ids, and what has not changed is left alone.
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Optional

from blog.wordpress.errors import ImportOptionError, WordPressFileError
from blog.wordpress.summary import ImportSummary
from blog.wordpress.survey import survey
from blog.wordpress.wxr import WxrReader

# WordPress statuses taken by default; "private" posts come in as drafts.
DEFAULT_STATUSES = frozenset({"publish", "future", "draft", "private"})
KNOWN_STATUSES = frozenset({"publish", "future", "draft", "pending", "private"})
BATCH_SIZE = 20

Progress = Callable[[int, Optional[int]], None]


@contextlib.contextmanager
def opened(source: str | Path | BinaryIO) -> Iterator[BinaryIO]:
    """The export as a binary stream that can be read twice (a pipe is copied to a temporary
    file first)."""
    if isinstance(source, (str, Path)):
        try:
            handle = open(source, "rb")
        except OSError as error:
            raise WordPressFileError(f"Cannot read {source}: {error.strerror}.") from None
        with handle:
            yield handle
        return
    if getattr(source, "seekable", lambda: False)():
        source.seek(0)
        yield source
        return
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(source, copy)
        copy.seek(0)
        yield copy


def check_statuses(statuses) -> frozenset[str]:
    """The chosen WordPress statuses, refusing ones WordPress does not have."""
    chosen = frozenset(status.strip().lower() for status in statuses if status.strip())
    unknown = chosen - KNOWN_STATUSES
    if unknown:
        raise ImportOptionError(
            f"Unknown status {', '.join(sorted(unknown))}: choose from "
            f"{', '.join(sorted(KNOWN_STATUSES))}.")
    return chosen


def import_wordpress(source: str | Path | BinaryIO, *, uploads: Path | None = None,
                     authors: dict[str, str] | None = None,
                     statuses: frozenset[str] = DEFAULT_STATUSES, dry_run: bool = False,
                     progress: Progress | None = None) -> ImportSummary:
    """Bring a WXR export's posts, pages, comments, tags, people, images and old addresses in.

    ``source`` is a path or a binary file; ``uploads`` a copy of ``wp-content/uploads``;
    ``authors`` maps WordPress logins to usernames here; ``progress(done, total)`` is called as
    items are read. Raises WordPressFileError, having written nothing, for a malformed file, and
    ImportOptionError for an option that cannot be used."""
    from blog.wordpress.items import Run

    statuses = check_statuses(statuses)
    summary = ImportSummary(dry_run=dry_run)
    with opened(source) as stream:
        found = survey(stream)
        if found.invalid_bytes:
            summary.warn(f"{found.invalid_bytes} byte sequence(s) were not valid UTF-8 and "
                         "were replaced by �.")
        if found.control_characters:
            summary.warn(f"{found.control_characters} control character(s) or "
                         "noncharacter(s) were removed.")
        run = Run(found, summary, uploads=uploads, authors=authors or {}, statuses=statuses,
                  dry_run=dry_run)
        run.check_author_map()
        stream.seek(0)
        reader = WxrReader(stream)
        if progress:
            progress(0, found.total)
        try:
            for done, item in enumerate(reader.items(), start=1):
                run.take(item)
                if done % BATCH_SIZE == 0:
                    run.end_batch()
                if progress:
                    progress(done, found.total)
            run.end_batch()
            run.finish()
            run.end_batch()
        except BaseException:
            # Ctrl-C or a failure: the open batch goes, committed batches stay whole.
            run.abandon_batch()
            raise
    return summary
