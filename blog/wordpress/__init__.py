"""Moving in from WordPress: read a WXR export and bring its posts, comments and addresses here."""
from blog.wordpress.errors import WordPressFileError
from blog.wordpress.importer import DEFAULT_STATUSES, ImportOptionError, import_wordpress
from blog.wordpress.summary import ImportSummary

__all__ = ["DEFAULT_STATUSES", "ImportOptionError", "ImportSummary", "WordPressFileError",
           "import_wordpress"]
