"""Display names of uploads: no path, no control or markup characters, the extension of the real type."""

from __future__ import annotations

import re
import unicodedata

from blueprints.attachments.sniffing import EXTENSIONS, FileKind

_UNSAFE = re.compile(r"[^\w\-. ()]+", re.UNICODE)


def sanitise_filename(raw: str | None, kind: FileKind) -> str:
    """A display name without path, control or markup characters, ending in the kind's extension."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if EXTENSIONS.get(ext.lower()) is not kind:
        stem = name if EXTENSIONS.get(ext.lower()) is None else stem
        ext = kind.extension
    stem = (stem.strip(" ._") or "bijlage")[:120]
    return f"{stem}.{ext.lower()}"
