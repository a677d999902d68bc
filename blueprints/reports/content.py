"""What a report says: the investigation's facts and findings, gathered once and rendered to HTML.

`ReportSource` is the report's view of an investigation (sources.py builds it from the
investigations slice). `render_body` turns it, the inspector's texts and the hoor en wederhoor
record into the HTML fragment that each version snapshots: a version never changes when the
findings change later.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from blueprints.reports.dates import report_date

#: The report's own templates, outside the app's template search path: a snapshot depends on
#: them alone (no app override, no request context), and tests can render them without an app.
DOCUMENTS = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("documents")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=False,
)
DOCUMENTS.filters["report_date"] = report_date


@dataclass(frozen=True)
class FindingRow:
    domain: str
    norm_code: str
    norm_title: str
    legal_source: str
    provider_name: str
    judgement: str
    text: str


@dataclass(frozen=True)
class ReportSource:
    investigation_id: int
    region_id: int
    region_name: str
    reference: str
    title: str
    type_code: str
    type_label: str
    subtype_label: str
    gemeente_ids: tuple[int, ...]
    gemeente_names: tuple[str, ...]
    provider_ids: tuple[int, ...]
    provider_names: tuple[str, ...]
    started_on: date | None
    ended_on: date | None
    lead_inspector_id: int | None
    lead_inspector_name: str
    second_inspector_id: int | None
    second_inspector_name: str
    description: str = ""
    method: str = ""
    investigation_status: str = ""
    findings: tuple[FindingRow, ...] = field(default_factory=tuple)

    def findings_by_norm(self) -> list[tuple[str, list[tuple[tuple[str, str, str], list[FindingRow]]]]]:
        """domain → [(norm code, title, legal source) → findings], in the framework's order."""
        domains: OrderedDict[str, OrderedDict[tuple[str, str, str], list[FindingRow]]] = OrderedDict()
        for row in self.findings:
            norms = domains.setdefault(row.domain, OrderedDict())
            norms.setdefault((row.norm_code, row.norm_title, row.legal_source), []).append(row)
        return [(d, list(n.items())) for d, n in domains.items()]


@dataclass(frozen=True)
class RoundRecord:
    """Hoor en wederhoor with one provider, as the definitive report states it."""

    provider_name: str
    sent_on: date
    due_on: date
    received_on: date | None
    status_label: str
    publication_view_label: str
    points: tuple[tuple[str, str, str], ...]  # (point, handling label, note)
    reaction: str | None  # attached only when the provider asked for it


@dataclass(frozen=True)
class ReportTexts:
    """What the inspector writes on top of the findings."""

    summary: str = ""
    judgement: str = ""
    advice: str = ""


def render_body(
    source: ReportSource,
    texts: ReportTexts,
    *,
    kind_label: str,
    version_number: int,
    dated_on: date,
    rounds: tuple[RoundRecord, ...] = (),
) -> str:
    """The HTML fragment of one version (no page chrome; pdf.py adds the print document)."""
    return DOCUMENTS.get_template("document.html").render(
        source=source,
        texts=texts,
        kind_label=kind_label,
        version_number=version_number,
        dated_on=dated_on,
        rounds=rounds,
    )


def fingerprint(html: str) -> str:
    """SHA-256 of a snapshot: shows on the page and in the PDF that a copy is the same version."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()
