"""What an import did: counts per kind of thing, the reasons for skips, what was inferred."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

KINDS = ("posts", "pages", "comments", "threads", "tags", "people", "images", "redirects")
OUTCOMES = ("imported", "updated", "skipped")


@dataclass
class KindCount:
    """Imported, updated and skipped counts of one kind, with why things were skipped."""

    imported: int = 0
    updated: int = 0
    skipped: int = 0
    reasons: Counter = field(default_factory=Counter)


@dataclass
class Inference:
    """What was taken from one post's own words: the film's title and year, links, trailer, poster."""

    post: str  # the post's title as written in the export
    review_slug: str
    facts: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportSummary:
    """The outcome of one import (or dry run), for the command line and the studio page."""

    dry_run: bool = False
    counts: dict[str, KindCount] = field(
        default_factory=lambda: {kind: KindCount() for kind in KINDS})
    inferred: list[Inference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str, reason: str | None = None, n: int = 1) -> None:
        """Add ``n`` to one kind's outcome, remembering why when it was skipped."""
        entry = self.counts[kind]
        setattr(entry, outcome, getattr(entry, outcome) + n)
        if reason:
            entry.reasons[reason] += n

    def warn(self, message: str) -> None:
        """Note something the person importing should look at; the same message is kept once."""
        if message not in self.warnings:
            self.warnings.append(message)

    def rows(self) -> list[tuple[str, int, int, int, str]]:
        """Table rows: kind, imported, updated, skipped, and the reasons for the skips."""
        table = []
        for kind in KINDS:
            entry = self.counts[kind]
            why = "; ".join(f"{reason} ({n})" for reason, n in sorted(entry.reasons.items()))
            table.append((kind, entry.imported, entry.updated, entry.skipped, why))
        return table
