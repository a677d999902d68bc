"""Forms of the providers slice, with Dutch messages per field.

The forms catch what a person can mistype; the services check every rule again (KvK numbers,
duplicates, periods), so pages and API cannot differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from blueprints.providers.models import FinancingForm, ProviderLocation, ServiceType

MAX = "Hoogstens {n} tekens."


def _length(n: int) -> Length:
    return Length(max=n, message=MAX.format(n=n))


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


class CheckboxesField(SelectMultipleField):
    """Several choices, rendered as a group of check boxes (templates: providers/_checkboxes.html)."""

    def pre_validate(self, form: Any) -> None:
        # Unknown values are the service's to refuse, with its own message.
        return None


class ProviderForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired("Vul de naam in."), _length(200)])
    kvk_number = StringField(
        "KvK-nummer", validators=[Optional(), _length(20)],
        description="8 cijfers. Leeg alleen bij een informele pgb-zorgverlener.",
    )
    is_informal_carer = BooleanField("Informele pgb-zorgverlener (geen onderneming, geen KvK-nummer)")
    website = StringField("Website", validators=[Optional(), _length(200)])
    notes = TextAreaField("Toelichting", validators=[Optional(), _length(5000)])
    confirm_similar_name = BooleanField("Ik heb gecontroleerd dat dit een andere aanbieder is dan die met een bijna gelijke naam")

    def data_for_service(self) -> dict[str, object]:
        return {
            "name": self.name.data or "",
            "kvk_number": self.kvk_number.data or None,
            "is_informal_carer": bool(self.is_informal_carer.data),
            "website": self.website.data or "",
            "notes": self.notes.data or "",
        }


class NewProviderForm(ProviderForm):
    """A new registry record, with its first location (optional)."""

    location_name = StringField("Naam van de locatie", validators=[Optional(), _length(200)])
    street = StringField("Straat", validators=[Optional(), _length(200)])
    house_number = StringField("Huisnummer", validators=[Optional(), _length(20)])
    postcode = StringField("Postcode", validators=[Optional(), _length(10)], description="Bijvoorbeeld 2611 AB.")
    city = StringField("Plaats", validators=[Optional(), _length(120)])

    def data_for_service(self) -> dict[str, object]:
        data = super().data_for_service()
        location = {
            "name": self.location_name.data or "", "street": self.street.data or "",
            "house_number": self.house_number.data or "", "postcode": self.postcode.data or "",
            "city": self.city.data or "",
        }
        if any(location.values()):
            data["locations"] = [location]
        return data


class LocationForm(FlaskForm):
    name = StringField("Naam van de locatie", validators=[DataRequired("Vul de naam van de locatie in."), _length(200)])
    street = StringField("Straat", validators=[Optional(), _length(200)])
    house_number = StringField("Huisnummer", validators=[Optional(), _length(20)])
    postcode = StringField("Postcode", validators=[Optional(), _length(10)], description="Bijvoorbeeld 2611 AB.")
    city = StringField("Plaats", validators=[Optional(), _length(120)])
    is_active = BooleanField("Locatie is in gebruik", default=True)

    def data_for_service(self) -> dict[str, object]:
        return {
            "name": self.name.data or "", "street": self.street.data or "",
            "house_number": self.house_number.data or "", "postcode": self.postcode.data or "",
            "city": self.city.data or "", "is_active": bool(self.is_active.data),
        }


class RelationForm(FlaskForm):
    financing_form = RadioField(
        "Financieringsvorm",
        choices=[SelectChoice(f.value, f.label) for f in FinancingForm],
        validators=[InputRequired("Kies de financieringsvorm.")],
    )
    reference = StringField(
        "Kenmerk", validators=[Optional(), _length(100)],
        description="Contractnummer, kenmerk van de subsidiebeschikking of pgb-kenmerk.",
    )
    starts_on = DateInputField("Ingangsdatum", [InputRequired("Vul de ingangsdatum in.")])
    ends_on = DateInputField("Einddatum", [Optional()], description="Leeg laten als de relatie doorloopt.")
    service_types = CheckboxesField("Voorzieningen", coerce=str)
    location_ids = CheckboxesField("Locaties", coerce=int)
    notes = TextAreaField("Toelichting", validators=[Optional(), _length(5000)])

    def set_choices(self, types: Iterable[ServiceType], locations: Iterable[ProviderLocation]) -> None:
        self.service_types.choices = [SelectChoice(t.code, t.label) for t in types]
        self.location_ids.choices = [
            SelectChoice(loc.id, f"{loc.name} — {loc.address}" if loc.address else loc.name) for loc in locations
        ]

    def data_for_service(self) -> dict[str, object]:
        return {
            "financing_form": self.financing_form.data,
            "reference": self.reference.data or "",
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "service_types": list(self.service_types.data or []),
            "location_ids": list(self.location_ids.data or []),
            "notes": self.notes.data or "",
        }


class MergeForm(FlaskForm):
    survivor_id = RadioField("Samenvoegen met", coerce=int, validate_choice=False,
                             validators=[InputRequired("Kies de aanbieder die blijft.")])
    reason = TextAreaField("Reden", validators=[DataRequired("Geef een reden voor het samenvoegen."), _length(2000)])


class UndoMergeForm(FlaskForm):
    reason = TextAreaField(
        "Reden", validators=[DataRequired("Geef een reden om de samenvoeging ongedaan te maken."), _length(2000)]
    )
