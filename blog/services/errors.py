"""Every domain error the services raise, in one place, with one constructor:
``SomeError(message, field=None)``.

``message`` is for the user; ``field`` names the form field it belongs to (None for the form as
a whole); the class's ``status`` is the HTTP answer the view gives (see "Answers to bad input" in
docs/ARCHITECTURE.md). A service that raises one leaves the session clean (``rolls_back``), so a
view only turns the error into a page: it never rolls back itself.
"""
from __future__ import annotations

from functools import wraps

from blog.extensions import db


class DomainError(Exception):
    """A rule of the blog was broken; views turn these into form errors or HTTP errors."""

    status = 422

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.field = field


class Clash(DomainError):
    """A 409 naming the row it clashes with, ``other``, which the page offers instead."""

    status = 409

    def __init__(self, message: str = "", field: str | None = None, other=None):
        super().__init__(message, field)
        self.other = other


def rolls_back(service):
    """Decorate a write service so that a DomainError leaves the session as the last commit
    left it: nothing half-changed reaches a later commit or the re-rendered form."""

    @wraps(service)
    def guarded(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except DomainError:
            db.session.rollback()
            raise

    return guarded


# ---------- Accounts (identity, users, accounts) ----------

class AccountError(DomainError):
    """An account could not be created or changed as asked."""


class FieldError(AccountError):
    """A rule broken by one form field of an account form."""


class AccountConflict(FieldError):
    """The change clashes with what exists: a taken name or address, reviews still owned."""

    status = 409


class InvalidLink(AccountError):
    """A link from an email is tampered with, expired, already used or out of date."""


class ProfileError(DomainError):
    """A profile change that cannot be made."""


class NotAnAuthor(ProfileError):
    """Readers have no public profile to change."""

    status = 403


# ---------- Comments and moderation ----------

class CommentError(DomainError):
    """A comment could not be written, changed or reported as asked."""


class CommentForbidden(CommentError):
    """The reader may not do this to the comment (not theirs, or banned)."""

    status = 403


class CommentConflict(CommentError):
    """The comment's state forbids it now: closed, deleted, edit window over, reported."""

    status = 409


class ModerationError(DomainError):
    """A moderation action was refused."""


class ModerationForbidden(ModerationError):
    """The moderator may not act on this comment or user."""

    status = 403


class ModerationConflict(ModerationError):
    """The action clashes with the site's state (the last admin, say)."""

    status = 409


# ---------- The studio ----------

class WritingError(DomainError):
    """A review could not be saved as asked."""


class WritingConflict(WritingError):
    """The review clashes with another one (its address is taken)."""

    status = 409


class FilmLocked(WritingError):
    """The writer may review this film but not change its facts."""

    status = 403


class RevisionError(DomainError):
    """A revision cannot be used as asked (it belongs to another review)."""

    status = 404


class ImageRejected(DomainError):
    """An upload that is not a usable image, or too large to accept."""


class PageError(DomainError):
    """A page could not be saved as asked."""


class NotAllowed(PageError):
    """Only admins write the site's own pages."""

    status = 403


class TagError(DomainError):
    """A tag could not be changed as asked."""


class TagConflict(Clash, TagError):
    """The new name is taken by ``other`` (the same name once folded)."""


class PersonError(DomainError):
    """A person could not be saved as asked."""


class PersonConflict(Clash, PersonError):
    """The IMDb id already belongs to ``other``: the id is a person's identity."""


class RatingError(DomainError):
    """A reader's rating could not be saved (``field`` "halves": the choice of stars)."""


class RatingForbidden(RatingError):
    """This reader may not rate (not confirmed, or banned)."""

    status = 403


# ---------- Lists and the catalogue ----------

class ListError(DomainError):
    """A list or an entry could not be saved as asked; ``field`` names the form field."""


class ListConflict(ListError):
    """The list's address is taken, or the film is on the list already."""

    status = 409


class BadFilter(DomainError):
    """A filter value that cannot mean anything (a decade of "abc", a sort we do not have)."""

    status = 400
