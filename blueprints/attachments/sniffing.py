"""What a file really is, read from its bytes: the client's Content-Type and name are not trusted.

Only the kinds a melding or an investigation needs are recognised: PDF, JPEG, PNG, Word (docx),
Excel (xlsx), OpenDocument text (odt) and plain UTF-8 text. Office files are ZIP archives: only
their directory and the small `mimetype` member are read, never the whole archive (no zip bomb).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extension: str
    label: str


PDF = FileKind("pdf", "application/pdf", "pdf", "PDF")
JPEG = FileKind("jpeg", "image/jpeg", "jpg", "JPEG-afbeelding")
PNG = FileKind("png", "image/png", "png", "PNG-afbeelding")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word (docx)"
)
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel (xlsx)")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "odt", "OpenDocument-tekst (odt)")
TEXT = FileKind("txt", "text/plain; charset=utf-8", "txt", "platte tekst (txt)")

KINDS = (PDF, JPEG, PNG, DOCX, XLSX, ODT, TEXT)
BY_KEY = {kind.key: kind for kind in KINDS}
#: Extensions people give these kinds, mapped to the kind (an upload keeps its name when it fits).
EXTENSIONS = {
    "pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "png": PNG, "docx": DOCX, "xlsx": XLSX, "odt": ODT,
    "txt": TEXT,
}
ALLOWED_LABEL = "PDF, JPEG, PNG, Word (docx), Excel (xlsx), OpenDocument-tekst (odt) of platte tekst (txt)"

_ZIP_MAX_MEMBERS = 10_000


def _zip_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _ZIP_MAX_MEMBERS:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names:
                member = archive.getinfo("mimetype")
                if member.file_size <= 100:
                    mimetype = archive.read(member).decode("ascii", "replace").strip()
                    return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Control characters other than tab, newline, carriage return and form feed: not a text file.
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


def sniff(data: bytes) -> FileKind | None:
    """The kind of file these bytes are, or None when it is none of the allowed kinds."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data and _is_text(data):
        return TEXT
    return None
