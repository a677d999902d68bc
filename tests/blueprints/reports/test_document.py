"""The report document and its PDF: what a version snapshots, rendered without the app."""

from __future__ import annotations

from datetime import date

from blueprints.reports.content import FindingRow, ReportSource, ReportTexts, RoundRecord, fingerprint, render_body
from blueprints.reports.pdf import document_html, render_pdf


def source(**overrides: object) -> ReportSource:
    values: dict[str, object] = dict(
        investigation_id=1, region_id=1, region_name="GGD Haaglanden", reference="O-2026-0007",
        title="Thuisbegeleiding De Linde", type_code="proactive", type_label="Proactief onderzoek",
        subtype_label="cyclisch", gemeente_ids=(1, 2), gemeente_names=("Delft", "Rijswijk (ZH.)"),
        provider_ids=(5,), provider_names=("Zorg <De Linde> B.V.",), started_on=date(2026, 3, 2),
        ended_on=date(2026, 4, 10), lead_inspector_id=7, lead_inspector_name="Ilse Inspecteur",
        second_inspector_id=8, second_inspector_name="Ivo Inspecteur",
        description="Cyclisch onderzoek.\n\nTweede alinea.", method="Bezoek en interviews.",
        findings=(
            FindingRow("Veiligheid", "V.1", "Meldcode", "art. 3.1 Wmo 2015", "De Linde", "voldoet", "Bekend."),
            FindingRow("Veiligheid", "V.2", "Risico's", "", "De Linde", "voldoet niet", "Geen inventarisatie."),
            FindingRow("Medewerkers", "M.1", "VOG", "art. 3.5 Wmo 2015", "De Linde", "voldoet", "Alle VOG's."),
        ),
    )
    values.update(overrides)
    return ReportSource(**values)  # type: ignore[arg-type]


def test_the_body_holds_header_findings_per_norm_judgement_and_advice() -> None:
    html = render_body(
        source(), ReportTexts(summary="Kort.", judgement="Grotendeels op orde.", advice="Vraag een plan."),
        kind_label="Concept", version_number=2, dated_on=date(2026, 5, 4),
    )
    assert "Toezichthouder Wmo van GGD Haaglanden" in html
    assert "de gemeenten Delft, Rijswijk (ZH.)" in html
    assert "Zorg &lt;De Linde&gt; B.V." in html  # escaped, never markup
    assert "Proactief onderzoek (cyclisch)" in html and "4 mei 2026" in html and "versie 2" in html
    assert html.index("V.1 Meldcode") < html.index("V.2 Risico") < html.index("M.1 VOG")
    assert html.count("<h3>Veiligheid</h3>") == 1
    assert "Oordeel: voldoet niet." in html
    assert "Grotendeels op orde." in html and "Vraag een plan." in html
    assert "niet voor verspreiding" in html  # a concept says so
    assert "Hoor en wederhoor" not in html


def test_the_definitive_body_states_how_each_point_was_handled() -> None:
    rounds = (
        RoundRecord(
            provider_name="De Linde", sent_on=date(2026, 5, 4), due_on=date(2026, 5, 18),
            received_on=date(2026, 5, 15), status_label="Reactie ontvangen",
            publication_view_label="Bezwaar tegen openbaarmaking",
            points=(("Datum klopt niet", "Overgenomen", ""), ("Oordeel te streng", "Niet overgenomen", "Zie norm V.2")),
            reaction="Wij herkennen ons in het beeld.",
        ),
    )
    html = render_body(source(), ReportTexts(), kind_label="Definitief", version_number=3,
                       dated_on=date(2026, 5, 25), rounds=rounds)
    assert "6. Hoor en wederhoor" in html
    assert "Niet overgenomen</strong>: Zie norm V.2" in html
    assert "Wij herkennen ons in het beeld." in html
    assert "niet voor verspreiding" not in html


def test_fingerprint_changes_with_every_character() -> None:
    assert fingerprint("<p>a</p>") != fingerprint("<p>b</p>")
    assert len(fingerprint("x")) == 64


def test_the_pdf_is_a_real_pdf_with_the_text_in_it() -> None:
    body = render_body(source(), ReportTexts(advice="Vraag een verbeterplan."), kind_label="Definitief",
                       version_number=1, dated_on=date(2026, 5, 25))
    pdf = render_pdf(body, title="Rapport O-2026-0007", footer="Definitief, versie 1", compress=False)
    assert pdf.startswith(b"%PDF-")
    assert b"DejaVu" in pdf  # the font that make installs, embedded
    assert b"/Lang (nl)" in pdf and b"/StructTreeRoot" in pdf  # tagged, Dutch: PDF/UA
    document = document_html(body, title="Rapport O-2026-0007", footer="Definitief, versie 1")
    assert '<html lang="nl">' in document and "@page" in document
