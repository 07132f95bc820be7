"""A review's earlier versions: the list, the changes since one of them, and restoring it."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from blog.services import revisions
from blog.templating import format_date
from blog.web import me, page_arg, review_or_404, revision_or_404
from blog.write import bp


@bp.get("/reviews/<int:review_id>/revisions")
def list_revisions(review_id):
    """The review's earlier versions, newest first, each with a link to its changes."""
    review = review_or_404(review_id)
    pagination = revisions.revisions_page(review, page_arg())
    return render_template("write/revisions.html", review=review, pagination=pagination)


@bp.get("/reviews/<int:review_id>/revisions/<int:revision_id>")
def show_revision(review_id, revision_id):
    """What changed between an earlier version and the review as it is now."""
    review = review_or_404(review_id)
    revision = revision_or_404(review, revision_id)
    return render_template("write/revision.html", review=review, revision=revision,
                           comparison=revisions.compare(revision, review))


@bp.post("/reviews/<int:review_id>/revisions/<int:revision_id>/restore")
def restore_revision(review_id, revision_id):
    """Put an earlier version's text back; the version it replaces is kept, so it undoes."""
    review = review_or_404(review_id)
    revision = revision_or_404(review, revision_id)
    revisions.restore_revision(review, revision, me())
    flash(f"Restored the version saved {format_date(revision.saved_at, with_time=True)}. "
          "The text it replaced is kept as the newest revision, so you can undo this.",
          "success")
    return redirect(url_for("write.edit_review", review_id=review.id))
