"""Moving in from WordPress: read a WXR export and bring its posts, comments and addresses here."""
from blog.wordpress.errors import WordPressFileError
from blog.wordpress.importer import DEFAULT_STATUSES, import_wordpress
from blog.wordpress.summary import ImportSummary

__all__ = ["DEFAULT_STATUSES", "ImportSummary", "WordPressFileError", "import_wordpress"]
