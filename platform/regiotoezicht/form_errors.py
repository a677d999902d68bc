"""A service's refusal shown on the page's form, and the status that goes with it.

Services refuse with field-level messages (the same ones the API returns as JSON); a page shows
each at the field it names, or above the form when the form has no such field, and answers 400
so that the browser, tests and monitoring see a refused submission for what it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Keys that name the whole submission rather than a field.
FORM_LEVEL = frozenset({"", "_schema"})


def show_errors(
    form: Any,
    errors: Mapping[Any, str | Iterable[str]],
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Add each message to the field it names (through `aliases` when the service's name differs
    from the form's), or to the form's own errors."""
    for name, messages in errors.items():
        texts = [messages] if isinstance(messages, str) else list(messages)
        field = None
        if name and name not in FORM_LEVEL:
            field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None and hasattr(field, "errors") and hasattr(field, "validate"):
            field.errors = [*field.errors, *texts]
        else:
            form.form_errors.extend(texts)


def show_error(form: Any, field: str | None, message: str) -> None:
    """One message, at `field` or above the form."""
    show_errors(form, {field: message})


def status_of(form: Any) -> int:
    """400 when the form shows an error (at a field or above it), else 200."""
    return 400 if form.errors or getattr(form, "form_errors", None) else 200
