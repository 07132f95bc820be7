"""``flask import-wordpress``: the import from a terminal, with a progress bar and a summary."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from blog.database import writing
from blog.wordpress.errors import ImportOptionError, WordPressFileError
from blog.wordpress.importer import DEFAULT_STATUSES, import_wordpress
from blog.wordpress.summary import ImportSummary

HEADERS = ("", "imported", "updated", "skipped", "why skipped")
INFERENCES_SHOWN = 30  # a 10,000-post export would otherwise bury the table


def parse_authors(pairs: tuple[str, ...]) -> dict[str, str]:
    """--author LOGIN=USERNAME options as a mapping."""
    mapping = {}
    for pair in pairs:
        login, sep, username = pair.partition("=")
        if not sep or not login.strip() or not username.strip():
            raise click.BadParameter(f"“{pair}”: write LOGIN=USERNAME.", param_hint="--author")
        mapping[login.strip()] = username.strip()
    return mapping


def parse_statuses(text: str) -> frozenset[str]:
    """--status publish,future,draft,private (private posts come in as drafts)."""
    return frozenset(part.strip().lower().removesuffix("-as-draft")
                     for part in text.split(",") if part.strip())


def summary_table(summary: ImportSummary) -> list[str]:
    """The summary as lines of a plain-text table."""
    rows = [HEADERS] + [(kind, str(imp), str(upd), str(skip), why)
                        for kind, imp, upd, skip, why in summary.rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in (1, 2, 3)]
        lines.append("  ".join(cells + [row[4]]).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths) + "  " + "-" * 11)
    return lines


class Progress:
    """A click progress bar on a terminal; a plain line every so often otherwise."""

    def __init__(self):
        self.bar = None
        self.terminal = sys.stdout.isatty()
        self.last = 0

    def __call__(self, done: int, total: int | None) -> None:
        if self.terminal:
            if self.bar is None:
                self.bar = click.progressbar(length=total or 0, label="Importing")
                self.bar.__enter__()
            self.bar.update(done - self.last)
        elif done == total or done - self.last >= 100 or done == 0:
            click.echo(f"{done} of {total} items read")
        else:
            return
        self.last = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("import-wordpress")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--uploads", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A copy of the old site's wp-content/uploads (posters and pictures).")
@click.option("--author", "authors", multiple=True, metavar="LOGIN=USERNAME",
              help="Give a WordPress author's posts to an account here (repeatable).")
@click.option("--status", "statuses", default="publish,future,draft,private-as-draft",
              show_default=True, help="Which WordPress post statuses to import.")
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
def import_wordpress_command(export, uploads, authors, statuses, dry_run):
    """Import a WordPress export (Tools → Export): posts, comments, tags and old addresses."""
    progress = Progress()
    try:
        with writing():
            summary = import_wordpress(export, uploads=uploads, authors=parse_authors(authors),
                                       statuses=parse_statuses(statuses) or DEFAULT_STATUSES,
                                       dry_run=dry_run, progress=progress)
    except (WordPressFileError, ImportOptionError) as error:
        progress.close()
        raise click.ClickException(f"{error} Nothing was imported.") from None
    except KeyboardInterrupt:
        progress.close()
        click.echo("\nInterrupted: the posts imported so far are whole; run the same command "
                   "again to finish.", err=True)
        sys.exit(130)
    progress.close()
    click.echo("Dry run: nothing was written." if dry_run else "Import finished.")
    for line in summary_table(summary):
        click.echo(line)
    if summary.inferred:
        click.echo("Taken from the posts (editable in the studio):")
    for inference in summary.inferred[:INFERENCES_SHOWN]:
        facts = "; ".join(f"{name}: {value}" for name, value in inference.facts.items())
        click.echo(f"  /reviews/{inference.review_slug} ← {facts}")
    if len(summary.inferred) > INFERENCES_SHOWN:
        click.echo(f"  … and {len(summary.inferred) - INFERENCES_SHOWN} more reviews.")
    for warning in summary.warnings:
        click.echo(f"Warning: {warning}")
