"""Serving an app over real HTTP on 127.0.0.1, in a thread, for browser and load tests."""
from __future__ import annotations

import contextlib
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from blog.extensions import db

LOCAL_HOST = "127.0.0.1"


class QuietRequestHandler(WSGIRequestHandler):
    """Serves like werkzeug's handler without an access-log line per request."""

    def log_request(self, code="-", size="-") -> None:
        pass


def buffered(app):
    """Wrap a WSGI app so each response is read, and its file closed, before it is sent.

    Werkzeug's server skips closing the response when the browser drops the connection while
    the server drains the request (a cancelled icon or image request): an unclosed file, which
    the suite's warnings-as-errors turns into a failure that has nothing to do with the blog.
    """

    def app_with_whole_responses(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return app_with_whole_responses


@contextlib.contextmanager
def serve(app):
    """Serve ``app`` over HTTP on 127.0.0.1 in a thread; yield its base URL."""
    # Port 0: the system picks a free port; absolute links must then point at it.
    server = make_server(LOCAL_HOST, 0, buffered(app), threaded=True,
                         request_handler=QuietRequestHandler)
    url = f"http://{LOCAL_HOST}:{server.server_port}"
    app.config["SITE_URL"] = url
    app.config["SERVER_NAME"] = url.removeprefix("http://")
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()
