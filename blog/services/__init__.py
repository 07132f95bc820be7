"""Plain functions the views call: queries with their eager loading, and the writes."""


class DomainError(Exception):
    """A rule of the blog was broken; views turn these into form errors or HTTP errors.

    ``status`` is the HTTP answer the view gives, and ``field`` the form field the message
    belongs to (None for the form as a whole).
    """

    status = 422

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.field = field
