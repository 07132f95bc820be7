"""Plain functions the views call: queries with their eager loading, and the writes."""


class DomainError(Exception):
    """A rule of the blog was broken; views turn these into form errors or HTTP errors."""
