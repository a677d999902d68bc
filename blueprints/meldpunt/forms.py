"""The two public forms with Dutch messages per field: providers (calamiteit/geweld) and signalen.

Every free-text field refuses a BSN (privacy.forms.NoBsn; the page also warns while typing).
Conditional questions (who used violence, the "in doubt" investigation) are checked here and
again by meldingen.services.register_melding, which enforces every rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import wtforms
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from blueprints.privacy.forms import NoBsn
from tenants.entitlements import today

_MAX = "Hoogstens {max} tekens."


def _length(maximum: int) -> Length:
    return Length(max=maximum, message=_MAX.format(max=maximum))


class DutchDateField(DateField):
    """A date input (type="date") whose parse error is in Dutch."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Vul een geldige datum in, bijvoorbeeld 31-01-2026.") from exc


class RadioField(wtforms.RadioField):
    """A radio group whose refusal of an unknown value is in Dutch.

    Named RadioField on purpose: the form macros render a field as radio buttons by that type name.
    """

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, "", "None"):
            return
        if self.data not in {choice.value for choice in self.choices or []}:
            raise ValidationError("Kies een van de mogelijkheden.")


class ServiceTypeField(SelectField):
    """The voorziening: an id from the reference list, or empty."""

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, ""):
            return
        if str(self.data) not in {str(choice.value) for choice in self.choices or []}:
            raise ValidationError("Kies een voorziening uit de lijst.")


def options(*pairs: tuple[str, str]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def not_in_future(form: Any, field: Any) -> None:
    if isinstance(field.data, date) and field.data > today():
        raise ValidationError("Deze datum ligt in de toekomst.")


class _PublicForm(FlaskForm):
    """What both forms share: the anti-bot fields. The shared questions come from the functions
    below, called in each form's own page order (WTForms orders fields by creation, and the
    error summary should follow the page)."""

    #: The honeypot: hidden from people (and from screen readers), a bot fills it in.
    website = StringField("Laat dit veld leeg", validators=[Optional()])
    shown = HiddenField()


def _provider_name() -> StringField:
    return StringField(
        "Naam van de aanbieder", validators=[DataRequired("Vul de naam van de aanbieder in."), _length(200), NoBsn()]
    )


def _location_text() -> StringField:
    return StringField(
        "Locatie", description="De naam of het adres van de locatie, als de aanbieder er meer heeft.",
        validators=[Optional(), _length(300), NoBsn()],
    )


def _service_type_id() -> ServiceTypeField:
    return ServiceTypeField("Voorziening", choices=options(("", "Weet ik niet")), validate_choice=True)


def _summary() -> StringField:
    return StringField(
        "Samenvatting in één zin",
        description="Zonder namen, bijvoorbeeld: bewoner gevallen na medicatiefout.",
        validators=[DataRequired("Vat in één zin samen wat er gebeurde."), _length(300), NoBsn()],
    )


def _description() -> TextAreaField:
    return TextAreaField(
        "Wat is er gebeurd?",
        description="Wat, wanneer en waar. Geen burgerservicenummer (BSN).",
        validators=[DataRequired("Beschrijf wat er is gebeurd."), _length(5000), NoBsn()],
    )


def _attachments() -> MultipleFileField:
    return MultipleFileField(
        "Bijlagen",
        description="Bijvoorbeeld een incidentmelding of verslag: PDF, JPEG, PNG, Word, Excel, OpenDocument of tekst.",
    )


class ProviderForm(_PublicForm):
    """The provider's report under art. 3.4 Wmo 2015: a calamiteit or geweld."""

    kind = RadioField(
        "Wat meldt u?",
        choices=options(("calamiteit", "Een calamiteit"), ("geweld", "Geweld bij de verstrekking van een voorziening")),
        validators=[InputRequired("Kies of u een calamiteit of geweld meldt.")],
    )
    occurred_on = DutchDateField(
        "Datum van het voorval", validators=[InputRequired("Vul de datum van het voorval in."), not_in_future]
    )
    summary = _summary()
    description = _description()
    measures = TextAreaField(
        "Wat heeft u gedaan om de cliënt en anderen te beschermen?",
        validators=[DataRequired("Beschrijf welke maatregelen u nam."), _length(3000), NoBsn()],
    )
    perpetrator = RadioField(
        "Wie gebruikte het geweld?",
        choices=options(
            ("professional", "Een professional (medewerker of vrijwilliger van de aanbieder)"),
            ("medeclient", "Een medecliënt"),
            ("anders", "Iemand anders"),
        ),
        validators=[Optional()],
    )
    same_accommodation = RadioField(
        "Verblijft de medecliënt in dezelfde accommodatie?",
        choices=options(("ja", "Ja"), ("nee", "Nee")), validators=[Optional()],
    )
    doubt_investigated = RadioField(
        "Heeft u eerst onderzocht of dit een calamiteit is?",
        description="Alleen bij twijfel mag u dat eerst onderzoeken, hoogstens 6 weken.",
        choices=options(("nee", "Nee"), ("ja", "Ja, wij twijfelden en hebben dat eerst onderzocht")),
        default="nee", validators=[Optional()],
    )
    doubt_started_on = DutchDateField("Begonnen met dat onderzoek op", validators=[Optional(), not_in_future])
    doubt_concluded_on = DutchDateField("Conclusie getrokken op", validators=[Optional(), not_in_future])
    provider_name = _provider_name()
    location_text = _location_text()
    service_type_id = _service_type_id()
    client_reference = StringField(
        "Cliëntnummer bij uw organisatie",
        description="Geen BSN. De toezichthouder vraagt meer gegevens op als dat nodig is.",
        validators=[Optional(), _length(100), NoBsn()],
    )
    reporter_name = StringField("Uw naam", validators=[DataRequired("Vul uw naam in."), _length(200), NoBsn()])
    reporter_organisation = StringField(
        "Uw functie en organisatie", validators=[Optional(), _length(200), NoBsn()]
    )
    reporter_email = EmailField(
        "Uw e-mailadres",
        description="U krijgt een ontvangstbevestiging met het kenmerk, zonder de inhoud van de melding.",
        validators=[DataRequired("Vul uw e-mailadres in."), Email("Vul een geldig e-mailadres in."), _length(254)],
    )
    reporter_phone = TelField(
        "Uw telefoonnummer", validators=[DataRequired("Vul een telefoonnummer in waarop wij u kunnen bereiken."), _length(40)]
    )
    attachments = _attachments()

    def validate(self, extra_validators: Any = None) -> bool:
        """The field checks, then the questions that depend on other answers.

        Those run here, after every field: an empty optional field stops its own validators.
        """
        valid = super().validate(extra_validators)
        geweld, doubt = self.kind.data == "geweld", self.doubt_investigated.data == "ja"
        checks = [
            (self.perpetrator, geweld and not self.perpetrator.data,
             "Vul bij geweld in wie het geweld gebruikte."),
            (self.same_accommodation,
             geweld and self.perpetrator.data == "medeclient" and not self.same_accommodation.data,
             "Vul in of de medecliënt in dezelfde accommodatie verblijft."),
            (self.doubt_investigated, doubt and geweld,
             "Alleen bij twijfel over een calamiteit mag u eerst onderzoeken; geweld meldt u direct."),
            (self.doubt_started_on, doubt and not geweld and self.doubt_started_on.data is None
             and not self.doubt_started_on.errors, "Vul in wanneer u met dat onderzoek begon."),
            (self.doubt_concluded_on, doubt and not geweld and self.doubt_concluded_on.data is None
             and not self.doubt_concluded_on.errors, "Vul in wanneer u tot een conclusie kwam."),
            (self.doubt_concluded_on, doubt and bool(self.doubt_started_on.data and self.doubt_concluded_on.data)
             and self.doubt_concluded_on.data < self.doubt_started_on.data,  # type: ignore[operator]
             "De conclusie ligt vóór het begin van het onderzoek."),
        ]
        for field, failed, message in checks:
            if failed:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def doubt_weeks_exceeded(self) -> bool:
        """More than 6 weeks of doubt: still accepted (report anyway), the inspector sees it."""
        start, end = self.doubt_started_on.data, self.doubt_concluded_on.data
        return bool(self.doubt_investigated.data == "ja" and start and end and (end - start).days > 42)

    def data_for_melding(self) -> dict[str, Any]:
        description = self.description.data.strip()
        measures = (self.measures.data or "").strip()
        if measures:
            description = f"{description}\n\nGenomen maatregelen:\n{measures}"
        geweld = self.kind.data == "geweld"
        doubt = self.doubt_investigated.data == "ja" and not geweld
        return {
            "kind": self.kind.data,
            "reporter_kind": "aanbieder",
            "perpetrator": self.perpetrator.data if geweld else None,
            "same_accommodation": (self.same_accommodation.data == "ja")
            if geweld and self.perpetrator.data == "medeclient" and self.same_accommodation.data else None,
            "provider_name": self.provider_name.data.strip(),
            "location_text": (self.location_text.data or "").strip(),
            "service_type_id": int(self.service_type_id.data) if self.service_type_id.data else None,
            "occurred_on": self.occurred_on.data,
            "summary": self.summary.data.strip(),
            "description": description,
            "doubt_investigated": doubt,
            "doubt_started_on": self.doubt_started_on.data if doubt else None,
            "doubt_concluded_on": self.doubt_concluded_on.data if doubt else None,
            "client_reference": (self.client_reference.data or "").strip(),
            "reporter_name": self.reporter_name.data.strip(),
            "reporter_organisation": (self.reporter_organisation.data or "").strip(),
            "reporter_email": self.reporter_email.data.strip().lower(),
            "reporter_phone": self.reporter_phone.data.strip(),
        }


class SignalForm(_PublicForm):
    """A signaal about the quality of support, from a client, a naaste, a resident or a professional."""

    reporter_kind = RadioField(
        "Wie bent u?",
        choices=options(
            ("client", "Ik krijg zelf ondersteuning (cliënt)"),
            ("naaste", "Naaste of mantelzorger van een cliënt"),
            ("inwoner", "Inwoner"),
            ("professional", "Professional, bijvoorbeeld wijkcoach of huisarts"),
            ("gemeente", "Medewerker van de gemeente"),
            ("anders", "Anders"),
        ),
        validators=[InputRequired("Kies wie u bent.")],
    )
    provider_name = _provider_name()
    location_text = _location_text()
    service_type_id = _service_type_id()
    occurred_on = DutchDateField("Wanneer was dit?", validators=[Optional(), not_in_future])
    summary = _summary()
    description = _description()
    reporter_name = StringField("Uw naam", validators=[Optional(), _length(200), NoBsn()])
    reporter_email = EmailField(
        "Uw e-mailadres",
        description="Dan krijgt u een ontvangstbevestiging met het kenmerk, zonder de inhoud van uw signaal.",
        validators=[Optional(), Email("Vul een geldig e-mailadres in."), _length(254)],
    )
    reporter_phone = TelField("Uw telefoonnummer", validators=[Optional(), _length(40)])
    attachments = _attachments()

    def data_for_melding(self) -> dict[str, Any]:
        return {
            "kind": "signaal",
            "reporter_kind": self.reporter_kind.data,
            "provider_name": self.provider_name.data.strip(),
            "location_text": (self.location_text.data or "").strip(),
            "service_type_id": int(self.service_type_id.data) if self.service_type_id.data else None,
            "occurred_on": self.occurred_on.data,
            "summary": self.summary.data.strip(),
            "description": self.description.data.strip(),
            "reporter_name": (self.reporter_name.data or "").strip(),
            "reporter_email": (self.reporter_email.data or "").strip().lower(),
            "reporter_phone": (self.reporter_phone.data or "").strip(),
        }
