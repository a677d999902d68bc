"""The type of an upload comes from its bytes, and its name is made safe and made to fit."""

from __future__ import annotations

import pytest

from blueprints.attachments import sniffing
from blueprints.attachments.filenames import sanitise_filename
from tests.blueprints.attachments import files


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (files.PDF, sniffing.PDF), (files.PNG, sniffing.PNG), (files.JPEG, sniffing.JPEG),
        (files.DOCX, sniffing.DOCX), (files.XLSX, sniffing.XLSX), (files.ODT, sniffing.ODT),
        (files.TEXT, sniffing.TEXT), (b"<script>alert(1)</script>", sniffing.TEXT),
    ],
)
def test_allowed_kinds_are_recognised(data: bytes, kind: sniffing.FileKind) -> None:
    assert sniffing.sniff(data) is kind


@pytest.mark.parametrize(
    "data", [files.EXE, files.PLAIN_ZIP, b"PK\x03\x04kapot", b"", "tekst\x00met nul".encode(), b"\xff\xfe\x00d"]
)
def test_other_bytes_are_refused(data: bytes) -> None:
    assert sniffing.sniff(data) is None


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("rapport.PDF", sniffing.PDF, "rapport.pdf"),
        ("foto.png", sniffing.JPEG, "foto.jpg"),  # a JPEG named .png gets the extension it is
        ("../../etc/passwd", sniffing.TEXT, "passwd.txt"),
        ("C:\\Users\\x\\verslag één.docx", sniffing.DOCX, "verslag één.docx"),
        ("<script>alert(1)</script>.html", sniffing.TEXT, "script_.html.txt"),  # "/" ends a path
        ("<b onmouseover=x>.txt", sniffing.TEXT, "b onmouseover_x.txt"),
        ("", sniffing.PDF, "bijlage.pdf"),
        ("...", sniffing.PDF, "bijlage.pdf"),
        ("naam\u202egpj.exe", sniffing.PDF, "naamgpj.exe.pdf"),  # right-to-left override removed
    ],
)
def test_filenames_are_sanitised(raw: str, kind: sniffing.FileKind, expected: str) -> None:
    assert sanitise_filename(raw, kind) == expected
