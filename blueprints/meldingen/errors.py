"""MeldingError: a change the rules refuse, with Dutch messages per field."""

from __future__ import annotations


class MeldingError(Exception):
    """Refused input or step. `errors` maps a field name ("_schema" for the whole) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str, field: str = "_schema") -> None:
        if isinstance(errors, str):
            errors = {field: [errors]}
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))
        self.errors = errors


class FieldErrors:
    """Collects messages per field while a service checks its input, then raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise MeldingError(self.errors)
