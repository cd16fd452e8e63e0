"""Errors the app explains to people: the CLI prints them, the web shows them beside a field."""


class InputError(ValueError):
    """Input we cannot accept, with a message a person can act on."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
