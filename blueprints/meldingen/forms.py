"""Forms of the meldingen pages, with Dutch messages per field. The services check every rule
again; these forms parse and give early, field-level feedback."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from blueprints.meldingen.models import (
    CHANNEL_LABELS,
    MANUAL_CHANNELS,
    REPORTER_LABELS,
    IgjLead,
    MeldingKind,
    Perpetrator,
    ReviewOutcome,
)
from blueprints.attachments.sniffing import ALLOWED_LABEL
from blueprints.lessons.themes import THEMES
from blueprints.privacy.forms import NoBsn
from blueprints.privacy.models import RECIPIENT_LABELS

def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Options as wtforms wants them declared (tuples are deprecated)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


YES_NO = choices([("ja", "Ja"), ("nee", "Nee")])
DATE_MSG = "Vul een geldige datum in (dag-maand-jaar)."
CHOOSE = "Kies een van de mogelijkheden."


def _tri(value: str | None) -> bool | None:
    return {"ja": True, "nee": False}.get(value or "")


def _opt_int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


class MeldingForm(FlaskForm):
    """A melding received by phone, e-mail or letter, registered by the secretariaat or an inspector."""

    kind = RadioField("Soort melding", choices=choices((k.value, k.label) for k in MeldingKind), invalid_choice_message=CHOOSE,
                      validators=[InputRequired("Kies calamiteit, geweld of signaal.")])
    local_category = SelectField("Eigen categorie van de gemeente", choices=[], validate_choice=False, default="")
    channel = SelectField("Binnengekomen via", choices=choices((c.value, CHANNEL_LABELS[c]) for c in MANUAL_CHANNELS), invalid_choice_message=CHOOSE)
    received_on = DateField("Datum van ontvangst", validators=[InputRequired(DATE_MSG)],
                            description="Mag in het verleden liggen, niet in de toekomst.")
    reporter_kind = SelectField("Wie meldt", choices=choices((k.value, v) for k, v in REPORTER_LABELS.items()), invalid_choice_message=CHOOSE)
    provider_id = SelectField("Aanbieder uit het register", choices=[], validate_choice=False, default="")
    provider_name = StringField("Of: naam van de aanbieder zoals gemeld", validators=[Length(max=200), NoBsn()])
    service_type_id = SelectField("Voorziening", choices=[], validate_choice=False, default="")
    location_text = StringField("Locatie", validators=[Length(max=300), NoBsn()])
    occurred_on = DateField("Datum van het voorval", validators=[Optional()])
    summary = StringField("Korte samenvatting zonder namen",
                          validators=[DataRequired("Vat in één zin samen wat er gebeurde."), Length(max=300), NoBsn()],
                          description="De gemeente ziet alleen deze samenvatting.")
    description = TextAreaField("Wat is er gebeurd", validators=[NoBsn()])
    perpetrator = SelectField("Bij geweld: wie gebruikte het", validate_choice=False, default="",
                              choices=choices([("", "—")] + [(p.value, p.label) for p in Perpetrator]))
    same_accommodation = RadioField("Verblijft de medecliënt in dezelfde accommodatie?", choices=YES_NO,
                                    validators=[Optional()], validate_choice=False)
    doubt_investigated = BooleanField("De aanbieder twijfelde of het een calamiteit was en onderzocht dat eerst (hoogstens 6 weken)")
    doubt_started_on = DateField("Begin van dat onderzoek", validators=[Optional()])
    doubt_concluded_on = DateField("Conclusie van dat onderzoek", validators=[Optional()])
    reporter_name = StringField("Naam melder", validators=[Length(max=200), NoBsn()],
                                description="Wordt nooit aan de aanbieder getoond.")
    reporter_organisation = StringField("Organisatie melder", validators=[Length(max=200), NoBsn()])
    reporter_email = EmailField("E-mailadres melder", validators=[Optional(), Length(max=254)],
                                description="Voor de ontvangstbevestiging.")
    reporter_phone = StringField("Telefoon melder", validators=[Length(max=40)])
    client_name = StringField("Naam cliënt", validators=[Length(max=200), NoBsn()])
    client_birth_date = DateField("Geboortedatum cliënt", validators=[Optional()])
    client_reference = StringField("Cliëntnummer bij de aanbieder", validators=[Length(max=100), NoBsn()])
    client_notes = TextAreaField("Over de cliënt", validators=[NoBsn()])

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self[name].data for name in (
            "kind", "local_category", "reporter_kind", "provider_name", "location_text", "occurred_on",
            "summary", "description", "perpetrator", "doubt_investigated", "doubt_started_on",
            "doubt_concluded_on", "reporter_name", "reporter_organisation", "reporter_email",
            "reporter_phone", "client_name", "client_birth_date", "client_reference", "client_notes",
        )}
        data["provider_id"] = _opt_int(self.provider_id.data)
        data["service_type_id"] = _opt_int(self.service_type_id.data)
        data["same_accommodation"] = _tri(self.same_accommodation.data)
        data["perpetrator"] = data["perpetrator"] or None
        data["local_category"] = data["local_category"] or None
        data["reporter_email"] = data["reporter_email"] or ""
        return data


class TriageForm(FlaskForm):
    client_safe = RadioField("Is de cliënt nu veilig?", choices=YES_NO, invalid_choice_message=CHOOSE, validators=[InputRequired("Vul in of de cliënt nu veilig is.")])
    other_support_needed = BooleanField("Er is nu andere hulp nodig")
    safety_notes = TextAreaField("Welke hulp is nodig en wat is geregeld", validators=[NoBsn()])
    police_involved = BooleanField("De politie is betrokken")
    veilig_thuis_involved = BooleanField("Veilig Thuis is betrokken")
    igj_involved = BooleanField("De IGJ is betrokken")
    criteria_met = RadioField("Voldoet de melding aan de wettelijke criteria (art. 3.4 Wmo 2015)?", choices=YES_NO,
                              validators=[Optional()], validate_choice=False,
                              description="Calamiteit: onbedoeld of onverwacht, ernstige schade of de dood, met de kwaliteit van de ondersteuning als oorzaak. Geweld: door een professional of een medecliënt in dezelfde accommodatie.")
    criteria_reason = TextAreaField("Toelichting op de criteria", validators=[NoBsn()],
                                    description="Verplicht als de melding niet voldoet: zij gaat dan verder als signaal.")
    igj_care = BooleanField("Er is (ook) zorg onder toezicht van de IGJ: doorverwezen naar de IGJ")
    igj_lead = SelectField("Wie heeft de leiding", validate_choice=False, default="", choices=choices([("", "—")] + [(lead.value, lead.label) for lead in IgjLead]))
    igj_reference = StringField("Kenmerk bij de IGJ", validators=[Length(max=100), NoBsn()])
    igj_involvement = TextAreaField("Hoe blijft de ander betrokken", validators=[NoBsn()])
    administrative_angle = BooleanField("Er is een bestuurlijke kant: de wethouder is geïnformeerd")
    wethouder_informed_on = DateField("Wethouder geïnformeerd op", validators=[Optional()])
    public_order_angle = BooleanField("Mogelijke maatschappelijke onrust: de burgemeester is geïnformeerd")
    burgemeester_informed_on = DateField("Burgemeester geïnformeerd op", validators=[Optional()])
    gemeente_informed = BooleanField("De gemeente is (ook) op een andere manier geïnformeerd")
    fraud_signal = BooleanField("Signaal over rechtmatigheid of fraude: overgedragen aan het team van de gemeente")
    fraud_team = StringField("Aan welk team", validators=[Length(max=200), NoBsn()])
    fraud_handoff = TextAreaField("Wat is overgedragen", validators=[NoBsn()])

    def data_for_service(self) -> dict[str, Any]:
        names = [f.name for f in self if f.name not in ("csrf_token", "client_safe", "criteria_met", "igj_lead")]
        data = {name: self[name].data for name in names}
        data["client_safe"] = _tri(self.client_safe.data)
        data["criteria_met"] = _tri(self.criteria_met.data)
        data["igj_lead"] = self.igj_lead.data or None
        return data


class ProviderRequestForm(FlaskForm):
    requested_on = DateField("Datum van het verzoek", validators=[Optional()], description="Leeg: vandaag.")
    request_notes = TextAreaField("Toelichting bij het verzoek", validators=[NoBsn()])


class ReportReceivedForm(FlaskForm):
    report_received_on = DateField("Rapport ontvangen op", validators=[InputRequired(DATE_MSG)])


class AssessmentForm(FlaskForm):
    has_independent_chair = RadioField("Onafhankelijke voorzitter", choices=YES_NO, invalid_choice_message=CHOOSE, validators=[InputRequired("Vul ja of nee in.")])
    has_facts = RadioField("De feiten", choices=YES_NO, invalid_choice_message=CHOOSE, validators=[InputRequired("Vul ja of nee in.")])
    has_root_causes = RadioField("Achterliggende oorzaken", choices=YES_NO, invalid_choice_message=CHOOSE, validators=[InputRequired("Vul ja of nee in.")])
    has_measures = RadioField("Verbetermaatregelen", choices=YES_NO, invalid_choice_message=CHOOSE, validators=[InputRequired("Vul ja of nee in.")])
    client_involved = RadioField("Hoe de cliënt of naasten zijn betrokken", choices=YES_NO, invalid_choice_message=CHOOSE, validators=[InputRequired("Vul ja of nee in.")])
    outcome = RadioField("Uitkomst", choices=choices((o.value, o.label) for o in ReviewOutcome), invalid_choice_message=CHOOSE, validators=[InputRequired("Kies de uitkomst.")])
    assessment = TextAreaField("Toelichting", validators=[NoBsn()])
    term_weeks = IntegerField("Termijn voor de aanvulling (weken)", validators=[Optional()])

    def data_for_service(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: _tri(self[name].data) for name in (
            "has_independent_chair", "has_facts", "has_root_causes", "has_measures", "client_involved")}
        data.update(outcome=self.outcome.data, assessment=self.assessment.data, term_weeks=self.term_weeks.data)
        return data


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reden", validators=[DataRequired("Geef een reden."), NoBsn()])


class CloseForm(FlaskForm):
    closure_reason = TextAreaField("Reden of conclusie", validators=[DataRequired("Geef de reden of de conclusie."), NoBsn()])
    lesson_theme = SelectField("Thema van de lessen", validate_choice=False, default="",
                               choices=choices([("", "—")] + list(THEMES.items())),
                               description="De lijst van de regio: zo vindt iedere toezichthouder de les terug.")
    lesson_text = TextAreaField("Geleerde lessen", validators=[NoBsn()],
                                description="Verplicht na elke calamiteit.")
    lesson_shareable = BooleanField("Deel de lessen met de regio (zonder persoonsgegevens en zonder gemeente)")
    lesson_shared_text = TextAreaField("Versie voor de regio", validators=[NoBsn()],
                                       description="Geen namen, geen gemeente, geen herleidbare details.")


class DocumentForm(FlaskForm):
    file = FileField(
        "Document", validators=[FileRequired("Kies een bestand.")],
        description=f"{ALLOWED_LABEL}; het type wordt uit het bestand zelf gelezen.",
    )


class TransferForm(FlaskForm):
    gemeente_id = SelectField("Naar gemeente", choices=[], coerce=_opt_int, validate_choice=False)
    reason = TextAreaField("Reden van de overdracht", validators=[DataRequired("Geef de reden."), NoBsn()])


class AssignForm(FlaskForm):
    user_id = SelectField("Toezichthouder", choices=[], coerce=_opt_int, validate_choice=False)


class DisclosureForm(FlaskForm):
    recipient_kind = SelectField("Aan", choices=choices((k.value, v) for k, v in RECIPIENT_LABELS.items()), invalid_choice_message=CHOOSE)
    recipient = StringField("Ontvanger", validators=[DataRequired("Vul de ontvanger in."), Length(max=200)])
    basis = StringField("Grondslag", validators=[DataRequired("Vul de grondslag in."), Length(max=300)])
    content = TextAreaField("Welke gegevens", validators=[DataRequired("Vat samen welke gegevens zijn verstrekt."), NoBsn()])
    disclosed_on = DateField("Verstrekt op", validators=[Optional()])
