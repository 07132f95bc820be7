"""Default settings; ``instance/config.py`` and ``BLOG_*`` environment variables override them."""
from datetime import timedelta

# Refused at start outside debug and testing: a real install gets its own key.
SECRET_KEY = "dev-only-insecure-key"

# Left empty here: create_app points it at instance/blog.sqlite3 unless DATABASE_URL is set.
SQLALCHEMY_DATABASE_URI = None
# No pool pre-ping: on PostgreSQL a pooled connection is checked without a round trip
# (blog.database.still_open); a SQLite file does not drop connections.
SQLALCHEMY_ENGINE_OPTIONS: dict = {}
# On SQLite, run `PRAGMA optimize` (fresh planner statistics) as a connection is handed back, at
# most this often per process; 0 turns it off. Migrations run ANALYZE themselves.
SQLITE_OPTIMIZE_SECONDS = 3600

# Where the blog lives on the web; absolute links (feeds, emails, canonical) come from here.
SITE_URL = "http://127.0.0.1:5000"
# Host names answered besides SITE_URL's (another name that redirects, or the address a load
# balancer's health check uses); a request for any other name is a 400.
EXTRA_HOSTS: list[str] = []
SITE_NAME = "The Projectionist"
SITE_TAGLINE = "Film reviews, written slowly"
TIMEZONE = "UTC"

REVIEWS_PER_PAGE = 10
LISTS_PER_PAGE = 12  # lists on each page of /lists/
# Addresses per sitemap file (the protocol's limit); past it /sitemap.xml becomes an index.
SITEMAP_MAX_URLS = 50_000
RECENT_COMMENTS = 5
COMMENT_MAX_DEPTH = 5
WORDS_PER_MINUTE = 230

UPLOAD_FOLDER = None  # default: instance/uploads
MAX_CONTENT_LENGTH = 16 * 1024 * 1024

# Long writing sessions must never lose a form to an expired token.
WTF_CSRF_TIME_LIMIT = None

# How many reverse proxies (TLS terminator, load balancer) stand in front of the app. Their
# X-Forwarded-For and -Proto are believed for that many hops, so rate limits count each reader,
# not the proxy. 0 (the default) believes none of them: right when clients connect directly.
TRUSTED_PROXIES = 0

# Said explicitly: the limiter is one object for every app in a process, and without a value
# of its own an app would inherit "off" from an app built before it with limits turned off.
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True
CACHE_TYPE = "SimpleCache"
CACHE_DEFAULT_TIMEOUT = 300
CACHE_THRESHOLD = 1000            # entries the in-process cache keeps before pruning
# Whole pages for anonymous readers (blog/pagecache.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = 300
# Parts of pages every reader sees alike, kept between writes for everyone (blog/fragments.py);
# False renders every part on every request (what the first request after a write pays).
FRAGMENT_CACHE = True
# Cache-Control on public pages for anonymous readers (a CDN or proxy may keep them this many
# seconds, then serve the stale copy this much longer while it fetches a fresh one). Signed-in
# pages are always "private, no-store".
PUBLIC_CACHE_MAX_AGE = 60
PUBLIC_CACHE_STALE_WHILE_REVALIDATE = 600

# Responses are compressed with brotli where the client asks for it, else gzip (Flask-Compress).
COMPRESS_ALGORITHM = ["br", "gzip"]
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                      "application/json", "application/atom+xml", "application/rss+xml",
                      "application/xml", "image/svg+xml", "text/plain", "text/xml"]
COMPRESS_MIN_SIZE = 500

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False  # switched on automatically when SITE_URL is https
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_DURATION = timedelta(days=30)  # also how long a remembered login lasts
# A login without "remember me" ends when the browser closes, and on the server after this.
LOGIN_MAX_AGE = timedelta(days=7)

# Email: with no MAIL_SERVER, messages are written to instance/outbox/ instead of sent.
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_FROM = "editor@projectionist.example"
# Mail is written to the outbox table inside the request's transaction and sent afterwards:
# "thread" by a worker thread in each app process, woken after each commit that queued mail;
# "sync" at the commit itself (tests: deterministic); "external" only by `flask send-mail`
# (cron or a separate worker process). Every mode is safe with several processes at once.
MAIL_DELIVERY = "thread"
MAIL_MAX_ATTEMPTS = 5             # tries before a message is marked failed and kept for a look
MAIL_RETRY_SECONDS = 60           # wait before the first retry; doubled after each failure
MAIL_CLAIM_TIMEOUT = 600          # a message claimed this long ago by a crashed worker is retried

# Accounts
EMAIL_CONFIRM_MAX_AGE = 7 * 24 * 3600
PASSWORD_RESET_MAX_AGE = 2 * 3600
# zxcvbn's score (0-4) a new password needs: 2 refuses the most common passwords and ones made
# of the username or email address (under a million guesses), and keeps 8 characters enough.
PASSWORD_MIN_SCORE = 2

# Comments
COMMENTS_PER_PAGE = 20            # top-level comments per page; replies come with their parent
COMMENT_MAX_LENGTH = 5000
COMMENT_EDIT_WINDOW = 15 * 60     # seconds a writer may edit their comment
COMMENT_MIN_SECONDS = 3           # a faster submit is taken for a bot
# The comment form's time token: older than this (seconds) and the form is sent again (its text
# kept); each token is accepted once, remembered in the cache for this long.
COMMENT_FORM_MAX_AGE = 12 * 3600
COMMENT_MAX_LINKS = 2             # more links than this and a comment is held for moderation
COMMENT_HOLD_UNTIL_APPROVED = True  # hold a user's comments until one has been approved
NOTIFY_AUTHOR_OF_COMMENTS = True

# Rate limits (Flask-Limiter notation)
RATELIMIT_LOGIN = "10 per minute"
RATELIMIT_REGISTER = "5 per hour"
RATELIMIT_RESET = "5 per hour"
RATELIMIT_COMMENT = "10 per minute"
RATELIMIT_REPORT = "20 per hour"
# Per account: forms on /account that check the password or send email, and "send the link again"
RATELIMIT_ACCOUNT = "10 per hour"

# Moderation
MODERATION_PER_PAGE = 25          # comments per queue page, and users per page of the user list

# Uploads: the per-file cap sits well below MAX_CONTENT_LENGTH, so a too-big poster is a form
# error with the text kept rather than a bare 413; the pixel cap refuses decompression bombs.
UPLOAD_MAX_BYTES = 8 * 1024 * 1024
UPLOAD_MAX_PIXELS = 40_000_000

# Page sizes not set above (REVIEWS_PER_PAGE, COMMENTS_PER_PAGE, MODERATION_PER_PAGE): every
# list's length is set here, nowhere else.
REVISIONS_PER_PAGE = 20           # a review's earlier versions in the studio
STUDIO_PER_PAGE = 50              # people in the studio's list
STUDIO_TAGS_PER_PAGE = 100        # tags in the studio's list
FEED_SIZE = 20                    # reviews in each review feed (Atom and RSS)
COMMENTS_IN_FEED = 50             # comments in the site's and each review's comment feed
LOOKUP_RESULTS = 12               # suggestions the review form's film, people and tag lists get

# Readers' ratings: the review page shows the readers' average and histogram once this many
# readers (not counting banned accounts) have rated it.
READER_RATINGS_MIN_SHOWN = 3
# Ratings given or changed, per account (Flask-Limiter notation)
RATELIMIT_RATING = "10 per minute"
# The year in review: how many entries each "most reviewed" and "highest rated" list shows.
YEAR_IN_REVIEW_TOP = 5
