"""gunicorn settings for `make run` and for production; environment variables override them.

`make run` serves through this file: threads in one worker by default, because the rate limits
and caches live in the worker's memory unless REDIS_URL is set (several workers would each keep
their own counts). With REDIS_URL they are shared, and more workers are safe.
"""
import gc
import multiprocessing
import os

wsgi_app = "blog:create_app()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
workers = int(os.environ.get("WEB_CONCURRENCY")
              or (multiprocessing.cpu_count() * 2 + 1 if os.environ.get("REDIS_URL") else 1))
# A worker that stops answering for this long is replaced; a request never takes that long.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Idle keep-alive connections are closed by the gthread worker, so slow or half-open clients
# cannot pile up the way they did on the development server.
worker_connections = 200
# Recycling guards against slow leaks; a worker answers thousands of cached pages a second, and
# one recycled every few seconds drops its cache and stalls for its boot (measured under wrk).
max_requests = 200_000
max_requests_jitter = 20_000
accesslog = "-"
errorlog = "-"


def post_worker_init(worker):
    """Keep what the worker has loaded (the app, its templates and forms, the password checker's
    word lists: about 150,000 objects that live as long as it does) out of the garbage
    collector's full passes, which walked them all every few seconds: an 80 ms pause each time
    on a 2-core machine, and the p99 of pages built from kept parts (133 -> 6 ms, bench.http)."""
    gc.freeze()
