"""The one exception type for business rules; views turn it into a message."""


class BusinessError(Exception):
    """A rule of the cooperative was violated. ``message`` is shown to the user as is.

    ``field`` optionally names the form field the error belongs to.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
