"""The one exception type for business rules; views turn it into a message."""


class BusinessError(Exception):
    """A rule of the cooperative was violated. ``message`` is shown to the user as is.

    ``field`` optionally names the form field the error belongs to; ``errors`` maps several fields
    to their messages (e.g. everything missing before an order can be submitted).
    """

    def __init__(self, message: str, *, field: str | None = None, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or {}

    def __str__(self) -> str:
        return str(self.message)
