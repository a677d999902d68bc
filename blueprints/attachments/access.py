"""Who may read a record's attachments is for the slice that owns the record to say.

A slice registers `register_reader("melding", can_read)` at import; `can_read(subject_id)` runs
inside the request's tenant scope (need-to-know: the case team, emergency access). A subject
type nobody registered is readable by nobody: fail closed.
"""

from __future__ import annotations

from collections.abc import Callable

_readers: dict[str, Callable[[int], bool]] = {}


def register_reader(subject_type: str, can_read: Callable[[int], bool]) -> None:
    _readers[subject_type] = can_read


def may_read(subject_type: str, subject_id: int) -> bool:
    check = _readers.get(subject_type)
    return bool(check and check(subject_id))
