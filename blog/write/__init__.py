"""The author's studio at /write/: one blueprint, its routes in the modules beside this one
(``views`` for reviews, ``people``, ``revisions``, ``tags``, ``pages``, ``imports``, ``lists``), which import ``bp``
from here; the factory imports them all before registering it."""
from flask import Blueprint

from blog.web import require_author

bp = Blueprint("write", __name__)
bp.closed_to_banned = True  # see blog.security.refuse_banned_accounts


@bp.before_request
def require_writer():
    """Send anonymous visitors to log in; refuse everyone but authors and admins."""
    return require_author("Your account is banned, so it cannot write reviews.",
                          "Only authors and admins write reviews.")
