"""The errors an import raises: a file it cannot read, an option it cannot use."""
from __future__ import annotations


class WordPressFileError(Exception):
    """The export is not a readable WXR file; nothing was written.

    ``line`` and ``column`` point at the fault when the parser knows where it is (1-based line,
    0-based column, as expat counts), else they are None."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"{self.message} (line {self.line}, column {self.column})"


class ImportOptionError(ValueError):
    """An option of the import cannot be used (an unknown account in --author, a bad status)."""
