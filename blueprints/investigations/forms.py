"""Forms of the investigation pages, with Dutch messages per field.

The findings form is built per domain of the investigation's framework version: one judgement,
explanation and evidence field per (provider, norm), so the usual field macro shows each error
next to its norm.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from blueprints.frameworks.forms import CheckboxesField
from blueprints.frameworks.models import FrameworkDomain, JudgementValue
from blueprints.investigations.models import InvestigationKind, ProactiveKind
from blueprints.providers.models import Provider

MAX = "Hoogstens {} tekens."


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class InvestigationForm(FlaskForm):
    kind = RadioField(
        "Soort onderzoek", choices=[SelectChoice(k.value, k.label) for k in InvestigationKind],
        validators=[DataRequired("Kies het soort onderzoek.")],
    )
    proactive_kind = SelectField(
        "Soort proactief onderzoek",
        choices=[SelectChoice("", "— niet van toepassing —")] + [SelectChoice(k.value, k.label) for k in ProactiveKind],
        validators=[Optional()],
    )
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=200, message=MAX.format(200))])
    gemeente_ids = CheckboxesField("Deelnemende gemeenten", coerce=int, validators=[DataRequired("Kies ten minste één gemeente.")])
    provider_ids = CheckboxesField("Aanbieder(s)", coerce=int, validators=[DataRequired("Kies de aanbieder.")])
    framework_id = SelectField("Toetsingskader", coerce=_int_or_none, validators=[DataRequired("Kies het toetsingskader.")])
    lead_inspector_id = SelectField("Eerste toezichthouder", coerce=_int_or_none, validators=[DataRequired("Kies de eerste toezichthouder.")])
    second_inspector_id = SelectField("Tweede toezichthouder", coerce=_int_or_none, validators=[Optional()])
    planned_on = DateField("Geplande datum", validators=[Optional()])
    announced = BooleanField("Aangekondigd bezoek", default=True)
    follows_up_investigation_id = SelectField("Vervolg op onderzoek", coerce=_int_or_none, validators=[Optional()])
    #: Set when the investigation is opened from a melding (melding_links.prefill); linked on creation.
    melding_id = HiddenField(filters=[_int_or_none])

    def data_for_service(self) -> dict[str, Any]:
        return {
            "kind": self.kind.data, "proactive_kind": self.proactive_kind.data or None,
            "title": self.title.data or "", "gemeente_ids": list(self.gemeente_ids.data or []),
            "provider_ids": list(self.provider_ids.data or []), "framework_id": self.framework_id.data,
            "lead_inspector_id": self.lead_inspector_id.data,
            "second_inspector_id": self.second_inspector_id.data, "planned_on": self.planned_on.data,
            "announced": bool(self.announced.data),
            "follows_up_investigation_id": self.follows_up_investigation_id.data,
        }


class EditForm(FlaskForm):
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=200, message=MAX.format(200))])
    lead_inspector_id = SelectField("Eerste toezichthouder", coerce=_int_or_none, validators=[DataRequired("Kies de eerste toezichthouder.")])
    second_inspector_id = SelectField("Tweede toezichthouder", coerce=_int_or_none, validators=[Optional()])
    planned_on = DateField("Geplande datum", validators=[Optional()])
    announced = BooleanField("Aangekondigd bezoek")


class VisitForm(FlaskForm):
    visited_on = DateField("Datum van het bezoek", validators=[DataRequired("Vul een geldige datum in.")])
    location = StringField("Locatie", validators=[Length(max=200, message=MAX.format(200))])
    announced = BooleanField("Aangekondigd", default=True)
    attendees = TextAreaField(
        "Aanwezigen", description="Functies, geen namen van cliënten.",
        validators=[Length(max=2000, message=MAX.format(2000))],
    )
    notes = TextAreaField("Aantekeningen", validators=[Length(max=10000, message=MAX.format(10000))])


class InterviewForm(FlaskForm):
    held_on = DateField("Datum van het gesprek", validators=[DataRequired("Vul een geldige datum in.")])
    interviewee_role = StringField(
        "Rol of functie van de gesprekspartner", description="Bijvoorbeeld: teamleider, begeleider, cliënt. Geen namen.",
        validators=[DataRequired("Vul de rol of functie in."), Length(max=200, message=MAX.format(200))],
    )
    summary = TextAreaField("Samenvatting", validators=[Length(max=10000, message=MAX.format(10000))])


class DocumentRequestForm(FlaskForm):
    description = StringField(
        "Gevraagd document", validators=[DataRequired("Vul in welk document is gevraagd."), Length(max=300, message=MAX.format(300))]
    )
    requested_on = DateField("Gevraagd op", validators=[DataRequired("Vul een geldige datum in.")])
    due_on = DateField("Uiterlijk", validators=[Optional()])
    note = TextAreaField("Toelichting", validators=[Length(max=2000, message=MAX.format(2000))])


class ReceiveForm(FlaskForm):
    received_on = DateField("Ontvangen op", validators=[DataRequired("Vul een geldige datum in.")])


class StatusForm(FlaskForm):
    to_status = SelectField("Nieuwe fase", validators=[DataRequired("Kies de nieuwe fase.")])
    note = TextAreaField("Toelichting", validators=[Length(max=2000, message=MAX.format(2000))])


def choices(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as the SelectChoice objects WTForms 3.4 will require."""
    return [SelectChoice(value, label) for value, label in pairs]


def field_name(kind: str, provider_id: int, norm_id: int) -> str:
    return f"{kind}_{provider_id}_{norm_id}"


def findings_form(
    domain: FrameworkDomain, providers: list[Provider], values: list[JudgementValue], existing: dict[Any, Any]
) -> FlaskForm:
    """A form with a judgement, explanation and evidence per (provider, norm) of one domain."""
    choices = [SelectChoice("", "— nog geen oordeel —")] + [SelectChoice(str(v.id), v.label) for v in values]

    class FindingsForm(FlaskForm):
        pass

    for provider in providers:
        for part in domain.parts:
            for norm in part.norms:
                found = existing.get((provider.id, norm.id))
                suffix = f" ({provider.name})" if len(providers) > 1 else ""
                setattr(FindingsForm, field_name("judgement", provider.id, norm.id), SelectField(
                    f"Oordeel {norm.code}{suffix}", choices=choices,
                    default=str(found.judgement_value_id) if found else "",
                ))
                setattr(FindingsForm, field_name("explanation", provider.id, norm.id), TextAreaField(
                    f"Toelichting {norm.code}{suffix}", default=found.explanation if found else "",
                    validators=[Length(max=10000, message=MAX.format(10000))],
                ))
                setattr(FindingsForm, field_name("evidence", provider.id, norm.id), TextAreaField(
                    f"Onderbouwing (bronnen) {norm.code}{suffix}", default=found.evidence if found else "",
                    validators=[Length(max=10000, message=MAX.format(10000))],
                ))
    return FindingsForm()
