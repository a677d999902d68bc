"""Forms of the enforcement pages, with Dutch messages per field.

The forms catch what a person can mistype; the services check every rule again, so the pages
and the API cannot differ. `data_for_service()` gives the dict the service takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from blueprints.enforcement.steps import CaseOutcome, Judgement, ObjectionOutcome
from tenants.entitlements import today

CHOOSE = "Kies een van de mogelijkheden."


def choices(pairs: Sequence[tuple[Any, str]]) -> list[SelectChoice]:
    """(value, label) pairs as the SelectChoice objects WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


class DateInputField(DateField):
    """An HTML date input; an empty field is "no date" (validators decide), not a format error."""

    data: date | None

    def __init__(self, label: str, validators: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(label, list(validators), invalid_value_message="Vul een geldige datum in.", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def _date(label: str, message: str, **kwargs: Any) -> DateInputField:
    return DateInputField(label, [InputRequired(message)], default=today, **kwargs)


def _reasoning(label: str, message: str) -> TextAreaField:
    return TextAreaField(label, [DataRequired(message), Length(max=10000, message="Hoogstens 10.000 tekens.")])


def _optional_id(value: Any) -> int | None:
    return None if value in (None, "", "None") else int(value)


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def _findings(label: str, description: str) -> SelectMultipleField:
    return SelectMultipleField(
        label, coerce=int, choices=[], validate_choice=True, description=description,
        invalid_choice_message="Kies bevindingen uit de lijst.",
    )


class AdviceForm(FlaskForm):
    provider_id = SelectField("Aanbieder", coerce=int, invalid_choice_message=CHOOSE)
    advised_on = _date("Datum van het advies", "Vul de datum van het advies in.")
    finding_ids = _findings(
        "Bevindingen waarop het advies steunt",
        "De tekortkomingen (voldoet niet, voldoet deels) van de aanbieder in dit onderzoek.",
    )
    recommends_improvement_plan = BooleanField("Eerst een verbeterplan vragen (geen sanctie)", default=True)
    recommended_kinds = SelectMultipleField("Geadviseerde maatregelen", choices=[], validate_choice=True)
    reasoning = _reasoning("Onderbouwing", "Onderbouw het advies.")

    def data_for_service(self, investigation_id: int) -> dict[str, Any]:
        return {
            "investigation_id": investigation_id, "provider_id": self.provider_id.data,
            "advised_on": self.advised_on.data,
            "recommends_improvement_plan": bool(self.recommends_improvement_plan.data),
            "recommended_kinds": list(self.recommended_kinds.data or []),
            "finding_ids": list(self.finding_ids.data or []) if "finding_ids" in self else [],
            "reasoning": self.reasoning.data,
        }


class RegionAdviceForm(AdviceForm):
    """The inspector's advice from the investigation, to the college of each chosen gemeente."""

    gemeente_ids = SelectMultipleField(
        "Advies aan het college van", coerce=int, choices=[], validate_choice=True,
        invalid_choice_message="Kies gemeenten uit de lijst.",
        description="Elke gekozen gemeente krijgt dit advies en een eigen handhavingszaak.",
    )

    def data_for_service(self, investigation_id: int) -> dict[str, Any]:
        return {**super().data_for_service(investigation_id), "gemeente_ids": list(self.gemeente_ids.data or [])}


class CaseForm(FlaskForm):
    provider_id = SelectField("Aanbieder", coerce=int, invalid_choice_message=CHOOSE)
    investigation_id = SelectField("Onderzoek", coerce=_optional_id, invalid_choice_message=CHOOSE)
    opened_on = _date("Geopend op", "Vul de datum in.")

    def data_for_service(self) -> dict[str, Any]:
        return {
            "provider_id": self.provider_id.data, "investigation_id": self.investigation_id.data,
            "opened_on": self.opened_on.data,
        }


class PlanRequestForm(FlaskForm):
    requested_on = _date("Gevraagd op", "Vul de datum van het verzoek in.")

    def data_for_service(self) -> dict[str, Any]:
        return {"requested_on": self.requested_on.data}


class PlanReceiveForm(FlaskForm):
    received_on = _date("Ontvangen op", "Vul de datum van ontvangst in.")

    def data_for_service(self) -> dict[str, Any]:
        return {"received_on": self.received_on.data}


class PlanNotReceivedForm(FlaskForm):
    recorded_on = _date("Vastgesteld op", "Vul de datum in.")

    def data_for_service(self) -> dict[str, Any]:
        return {"recorded_on": self.recorded_on.data}


JUDGEMENTS = choices([(j.value, j.label) for j in Judgement])


class PlanAssessForm(FlaskForm):
    assessed_on = _date("Beoordeeld op", "Vul de datum van de beoordeling in.")
    assessment = RadioField("Oordeel", choices=JUDGEMENTS, validators=[InputRequired(CHOOSE)], invalid_choice_message=CHOOSE)
    assessment_reasoning = _reasoning("Onderbouwing", "Onderbouw de beoordeling.")

    def data_for_service(self) -> dict[str, Any]:
        return {
            "assessed_on": self.assessed_on.data, "assessment": self.assessment.data,
            "assessment_reasoning": self.assessment_reasoning.data,
        }


class PlanRecheckForm(FlaskForm):
    recheck_on = _date("Hercontrole op", "Vul de datum van de hercontrole in.")
    recheck_outcome = RadioField("Uitkomst", choices=JUDGEMENTS, validators=[InputRequired(CHOOSE)], invalid_choice_message=CHOOSE)
    recheck_reasoning = _reasoning("Toelichting", "Beschrijf de uitkomst van de hercontrole.")
    recheck_investigation_id = SelectField("Vervolgonderzoek", coerce=_optional_id, invalid_choice_message=CHOOSE)

    def data_for_service(self) -> dict[str, Any]:
        return {
            "recheck_on": self.recheck_on.data, "recheck_outcome": self.recheck_outcome.data,
            "recheck_reasoning": self.recheck_reasoning.data,
            "recheck_investigation_id": self.recheck_investigation_id.data,
        }


class MeasureForm(FlaskForm):
    kind = SelectField("Soort maatregel", invalid_choice_message="Kies een maatregel van de handhavingsladder.")
    finding_ids = _findings(
        "Bevindingen waarop de maatregel steunt",
        "Nodig bij elke maatregel behalve de last onder dwangsom wegens weigering van medewerking.",
    )
    description = _reasoning("Wat de maatregel van de aanbieder vraagt", "Beschrijf wat de maatregel van de aanbieder vraagt.")
    legal_basis = StringField(
        "Juridische grondslag", [Optional(), Length(max=300, message="Hoogstens 300 tekens.")],
        description="Leeg laten: de gebruikelijke grondslag van deze soort maatregel.",
    )
    intended_on = _date("Datum van het voornemen", "Vul de datum van het voornemen in.")

    def data_for_service(self) -> dict[str, Any]:
        return {
            "kind": self.kind.data, "description": self.description.data,
            "legal_basis": (self.legal_basis.data or "").strip(), "intended_on": self.intended_on.data,
            "finding_ids": list(self.finding_ids.data or []) if "finding_ids" in self else [],
        }


YES_NO = choices([("ja", "Ja"), ("nee", "Nee")])


class ViewForm(FlaskForm):
    recorded_on = _date("Vastgelegd op", "Vul de datum in.")
    received = RadioField("Zienswijze ontvangen?", choices=YES_NO, validators=[InputRequired(CHOOSE)], invalid_choice_message=CHOOSE)
    received_on = DateInputField("Ontvangen op", [Optional()])
    summary = TextAreaField("Samenvatting van de zienswijze", [Length(max=10000, message="Hoogstens 10.000 tekens.")])

    def data_for_service(self) -> dict[str, Any]:
        return {
            "recorded_on": self.recorded_on.data, "received": self.received.data == "ja",
            "received_on": self.received_on.data, "summary": self.summary.data,
        }


class WithdrawForm(FlaskForm):
    withdrawn_on = _date("Ingetrokken op", "Vul de datum in.")
    reason = _reasoning("Reden", "Geef de reden van de intrekking.")

    def data_for_service(self) -> dict[str, Any]:
        return {"withdrawn_on": self.withdrawn_on.data, "reason": self.reason.data}


class DecisionForm(FlaskForm):
    decided_on = _date("Besluitdatum", "Vul de datum van het besluit in.")
    sent_on = _date("Verzonden (bekendgemaakt) op", "Vul de verzenddatum in.")
    imposed = RadioField(
        "Besluit", choices=choices([("ja", "Maatregel opgelegd"), ("nee", "Afgezien van de maatregel")]),
        validators=[InputRequired(CHOOSE)], invalid_choice_message=CHOOSE,
    )
    legal_basis = StringField("Juridische grondslag", [DataRequired("Noem de juridische grondslag van het besluit."), Length(max=300, message="Hoogstens 300 tekens.")])
    decided_by = StringField("Genomen door", [DataRequired("Noem wie het besluit nam."), Length(max=200, message="Hoogstens 200 tekens.")],
                             description="Het college, of de functionaris die het besluit in mandaat nam.")
    mandate = StringField("Mandaat of collegebesluit", [DataRequired("Noem het mandaat of collegebesluit."), Length(max=300, message="Hoogstens 300 tekens.")],
                          description="Bijvoorbeeld: Mandaatbesluit sociaal domein 2025, art. 4, of collegebesluit van 3 maart 2026.")
    summary = _reasoning("Samenvatting van het besluit", "Vat het besluit samen.")
    recovery_term_weeks = IntegerField(
        "Begunstigingstermijn (weken)", [Optional(), NumberRange(min=1, max=104, message="Tussen 1 en 104 weken.")],
        description="Nodig bij een herstelsanctie (artikel 5:32a Awb).",
    )
    penalty_amount = DecimalField("Dwangsom: bedrag in euro", [Optional(), NumberRange(min=Decimal("0.01"), message="Een bedrag groter dan nul.")], places=2)
    penalty_unit = StringField("Dwangsom: per", [Optional(), Length(max=40, message="Hoogstens 40 tekens.")], description="Bijvoorbeeld: per dag, per overtreding.")
    penalty_cap = DecimalField("Dwangsom: maximum in euro", [Optional(), NumberRange(min=Decimal("0.01"), message="Een bedrag groter dan nul.")], places=2)

    def data_for_service(self) -> dict[str, Any]:
        return {
            "decided_on": self.decided_on.data, "sent_on": self.sent_on.data,
            "imposed": self.imposed.data == "ja", "legal_basis": self.legal_basis.data,
            "decided_by": self.decided_by.data, "mandate": self.mandate.data, "summary": self.summary.data,
            "recovery_term_weeks": self.recovery_term_weeks.data,
            "penalty_amount_cents": _cents(self.penalty_amount.data),
            "penalty_unit": self.penalty_unit.data, "penalty_cap_cents": _cents(self.penalty_cap.data),
        }


class ObjectionForm(FlaskForm):
    lodged_on = _date("Bezwaar ingediend op", "Vul de datum van het bezwaarschrift in.")
    committee = BooleanField("Advies van de bezwaarcommissie (beslistermijn 12 weken)")

    def data_for_service(self) -> dict[str, Any]:
        return {"lodged_on": self.lodged_on.data, "committee": bool(self.committee.data)}


OUTCOMES = choices([(o.value, o.label) for o in ObjectionOutcome])


class RulingForm(FlaskForm):
    decided_on = _date("Datum", "Vul de datum in.")
    outcome = SelectField("Uitkomst", choices=OUTCOMES, invalid_choice_message=CHOOSE)

    def data_for_service(self) -> dict[str, Any]:
        return {"decided_on": self.decided_on.data, "outcome": self.outcome.data}


class AppealForm(FlaskForm):
    lodged_on = _date("Beroep ingesteld op", "Vul de datum in.")

    def data_for_service(self) -> dict[str, Any]:
        return {"lodged_on": self.lodged_on.data}


class CloseForm(FlaskForm):
    closed_on = _date("Afgesloten op", "Vul de datum in.")
    outcome = SelectField("Uitkomst", choices=choices([(o.value, o.label) for o in CaseOutcome]), invalid_choice_message=CHOOSE)
    outcome_reasoning = _reasoning("Onderbouwing", "Onderbouw de afsluiting.")
    follow_up_investigation_id = SelectField("Vervolgonderzoek", coerce=_optional_id, invalid_choice_message=CHOOSE)

    def data_for_service(self) -> dict[str, Any]:
        return {
            "closed_on": self.closed_on.data, "outcome": self.outcome.data,
            "outcome_reasoning": self.outcome_reasoning.data,
            "follow_up_investigation_id": self.follow_up_investigation_id.data,
        }
