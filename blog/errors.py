"""Error pages in the site's layout for every HTTP error, including a broken database."""
from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from blog import resend
from blog.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood. If you were sending a form, "
                         "please go back and send it again."),
    403: ("Not allowed", "You are signed in, but this page is not open to your account."),
    404: ("Page not found", "There is nothing here. The review may have moved, or the "
                            "address may be mistyped."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Slow down", "Too many requests in a short time. Please wait a moment and try "
                       "again."),
    500: ("Something went wrong", "The error is ours, not yours, and it has been logged. "
                                  "Please try again in a little while."),
    503: ("Try again shortly", "The site cannot answer just now (it is busy, or its database "
                               "is). Nothing you sent was kept; please try again in a few "
                               "seconds."),
}


def render_error(error: HTTPException, message: str | None = None):
    """Render the layout's error page for an HTTP error, keeping its headers."""
    code = error.code or 500
    title, default_message = MESSAGES.get(code, (error.name, error.description))
    message = message or default_message
    response = render_template("errors/error.html", code=code, title=title, message=message)
    return response, code, dict(error.get_headers() if code in (405, 429, 503) else {})


def init_app(app):
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def handle_http_error(error):
        return render_error(error)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error):
        try:
            return resend.form_again() or render_error(error)
        except HTTPException as refusal:  # a 403 or 404 raised here is not handled for us
            if refusal.response is not None:
                return refusal.response
            return render_error(refusal)

    @app.errorhandler(InternalServerError)
    def handle_server_error(error):
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 — the page must render even if the database is gone
            app.logger.exception("rollback failed while rendering a 500 page")
        return render_error(InternalServerError())

    @app.errorhandler(413)
    def handle_too_large(error):
        limit_mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return render_error(error, f"What you sent is larger than this site accepts: the "
                                   f"limit is {limit_mb} MB per request.")
