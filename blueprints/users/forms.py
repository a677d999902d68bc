"""Forms of the users slice, with Dutch messages per field.

The forms catch what a person can mistype; the services check every rule again, so the API
and the forms cannot differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from blueprints.users.permissions import GEMEENTE_ROLE_ORDER, REGION_ROLE_ORDER
from blueprints.users.services import RoleGrant
from regiotoezicht.permissions import Role
from tenants.entitlements import today

CHOOSE = "Kies een van de mogelijkheden."


def _choices(roles: Sequence[Role], optgroup: str | None = None) -> list[SelectChoice]:
    return [SelectChoice(role.value, role.label, optgroup=optgroup) for role in roles]


def _gemeente_choices(gemeenten: Sequence[Any]) -> list[SelectChoice]:
    return [SelectChoice(str(g.id), g.name) for g in gemeenten]


def _int_or_none(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return int(value)


class DateInputField(DateField):
    """An HTML date input; an empty field is "no date" (validators decide), not a format error."""

    data: date | None

    def __init__(self, label: str, validators: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(
            label, list(validators), invalid_value_message="Vul een geldige datum in.", **kwargs
        )

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class PeriodForm(FlaskForm):
    valid_from = DateInputField(
        "Geldig vanaf", [InputRequired("Vul de begindatum in.")], default=today
    )
    valid_until = DateInputField(
        "Geldig tot en met", [Optional()], description="Leeg laten als de rol geen einddatum heeft."
    )

    role: SelectField  # each form declares its choices

    def grant(self, *, gemeente_id: int | None = None, region_id: int | None = None) -> RoleGrant:
        """The validated role and period, for the service (which checks them again)."""
        assert self.valid_from.data is not None
        return RoleGrant(
            role=Role(self.role.data),
            valid_from=self.valid_from.data,
            valid_until=self.valid_until.data,
            gemeente_id=gemeente_id,
            region_id=region_id,
        )

    def validate_valid_from(self, field: DateInputField) -> None:
        if field.data and field.data < today():
            raise ValidationError(
                "Een rol kan niet met terugwerkende kracht ingaan: kies vandaag of later."
            )

    def validate_valid_until(self, field: DateInputField) -> None:
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError("De einddatum ligt vóór de begindatum.")


class GemeenteInviteForm(PeriodForm):
    """Invite someone into this gemeente: only gemeente roles."""

    email = EmailField(
        "E-mailadres",
        [
            DataRequired("Vul een e-mailadres in."),
            Email("Vul een geldig e-mailadres in."),
            Length(max=254, message="Hoogstens 254 tekens."),
        ],
        render_kw={"autocomplete": "off"},
        description="Heeft deze persoon al een account, dan krijgt dat account de rol.",
    )
    display_name = StringField(
        "Naam",
        [DataRequired("Vul de naam in."), Length(max=200, message="Hoogstens 200 tekens.")],
        render_kw={"autocomplete": "off"},
    )
    role = SelectField("Rol", choices=_choices(GEMEENTE_ROLE_ORDER), invalid_choice_message=CHOOSE)


class RegionInviteForm(GemeenteInviteForm):
    """Invite someone with a region role, or a role in one of the region's gemeenten."""

    role = SelectField("Rol", invalid_choice_message=CHOOSE)
    gemeente_id = SelectField(
        "Gemeente",
        coerce=_int_or_none,
        invalid_choice_message=CHOOSE,
        invalid_value_message=CHOOSE,
        description="Alleen voor een rol in een gemeente. Een regiorol geldt in de hele regio.",
    )

    def setup(self, gemeenten: Sequence[Any], with_region_roles: bool) -> RegionInviteForm:
        region_roles = _choices(REGION_ROLE_ORDER, "Regiorollen") if with_region_roles else []
        self.role.choices = [
            *region_roles,
            *_choices(GEMEENTE_ROLE_ORDER, "Rollen in een gemeente"),
        ]
        self.gemeente_id.choices = [
            SelectChoice("", "Geen: regiorol"),
            *_gemeente_choices(gemeenten),
        ]
        return self

    def validate_gemeente_id(self, field: SelectField) -> None:
        if not self.role.data:
            return
        if Role(self.role.data).is_region_role and field.data is not None:
            raise ValidationError("Een regiorol geldt in de hele regio: kies hier geen gemeente.")
        if not Role(self.role.data).is_region_role and field.data is None:
            raise ValidationError("Kies de gemeente waarin deze rol geldt.")


class MembershipForm(PeriodForm):
    """Grant a role in a gemeente; the region page adds the choice of gemeente."""

    role = SelectField("Rol", choices=_choices(GEMEENTE_ROLE_ORDER), invalid_choice_message=CHOOSE)


class RegionMembershipForm(MembershipForm):
    gemeente_id = SelectField(
        "Gemeente",
        coerce=_int_or_none,
        invalid_choice_message="Kies een gemeente.",
        invalid_value_message="Kies een gemeente.",
    )

    def setup(self, gemeenten: Sequence[Any]) -> RegionMembershipForm:
        self.gemeente_id.choices = _gemeente_choices(gemeenten)
        return self


class RegionRoleForm(PeriodForm):
    role = SelectField(
        "Regiorol", choices=_choices(REGION_ROLE_ORDER), invalid_choice_message=CHOOSE
    )


class EndRoleForm(FlaskForm):
    valid_until = DateInputField(
        "Laatste dag van de rol",
        [InputRequired("Vul de laatste dag in.")],
        description=(
            "De rol geldt tot en met deze dag. Kies gisteren om de rol meteen te laten stoppen."
        ),
    )

    def default_for(self, valid_from: date) -> EndRoleForm:
        if self.valid_until.data is None and not self.is_submitted():
            self.valid_until.data = max(today() - timedelta(days=1), valid_from)
        return self


class SecurityForm(FlaskForm):
    require_totp = BooleanField("Tweestapsverificatie verplicht")
