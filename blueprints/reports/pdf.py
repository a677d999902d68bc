"""Report HTML → PDF through WeasyPrint, with the print stylesheet of this slice.

WeasyPrint is imported when the first PDF is made, not when the app starts: it loads Pango and
HarfBuzz (Debian packages that `make` installs through scripts/system-deps.sh), and a web
process that never renders a PDF should neither pay for that nor fail without them.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

from blueprints.reports.content import DOCUMENTS

PRINT_CSS = Path(__file__).with_name("static") / "report-print.css"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing on this machine."""


@cache
def _weasyprint() -> Any:
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:  # OSError: Pango/HarfBuzz not installed
        raise PdfUnavailable(
            "PDF maken kan hier niet: WeasyPrint of de systeembibliotheken (Pango) ontbreken."
        ) from exc


def print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def document_html(body_html: str, *, title: str, footer: str) -> str:
    """The full print document around a report's snapshot: title, stylesheet, running footer."""
    return DOCUMENTS.get_template("print.html").render(
        body_html=body_html, title=title, footer=footer, css=print_css()
    )


def render_pdf(body_html: str, *, title: str, footer: str, compress: bool = True) -> bytes:
    """A PDF of the snapshot. Nothing is fetched: the document holds its CSS and no images.

    PDF/UA-1: tagged, with the document language and title, for screen-reader users.
    """
    weasyprint = _weasyprint()
    html = weasyprint.HTML(string=document_html(body_html, title=title, footer=footer), base_url=None)
    return bytes(html.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=not compress))
