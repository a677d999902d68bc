"""The filter form of the audit log pages: a GET form (no CSRF), with Dutch messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from blueprints.audit.queries import AuditFilter

_TOO_LONG = "Hoogstens 80 tekens."


class DutchDateField(DateField):
    """A date input (type="date") whose parse error is in Dutch."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Vul een geldige datum in, bijvoorbeeld 2025-01-31.") from exc


class ChoiceField(SelectField):
    """A select whose empty value means "no filter" and whose refusal is in Dutch."""

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, ""):
            return
        if self.data not in {str(choice.value) for choice in self.choices or []}:
            raise ValidationError("Kies een waarde uit de lijst.")


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as the options of a select."""
    return [SelectChoice(value, label) for value, label in pairs]


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    date_from = DutchDateField("Van", validators=[Optional()])
    date_to = DutchDateField("Tot en met", validators=[Optional()])
    action = StringField(
        "Actie begint met",
        validators=[Optional(), Length(max=80, message=_TOO_LONG)],
        description="Bijvoorbeeld access. of membership.",
    )
    actor = ChoiceField("Door", choices=options([("", "Iedereen")]))
    gemeente = ChoiceField("Gemeente", choices=options([("", "Alle gemeenten")]))
    object_type = StringField(
        "Objecttype",
        validators=[Optional(), Length(max=80, message=_TOO_LONG)],
        description="Bijvoorbeeld GemeenteContact of User.",
    )
    object_id = StringField("Object-id", validators=[Optional(), Length(max=80, message=_TOO_LONG)])

    #: The names of the filter fields, in the order of the query string of links.
    FILTER_NAMES = ("date_from", "date_to", "action", "actor", "gemeente", "object_type", "object_id")

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("De einddatum ligt vóór de begindatum.")

    def to_filter(self, gemeente_id: int | None = None, region_level_only: bool = False) -> AuditFilter:
        actor = self.actor.data
        return AuditFilter(
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            action=(self.action.data or "").strip() or None,
            actor_id=int(actor) if actor else None,
            gemeente_id=gemeente_id,
            region_level_only=region_level_only,
            object_type=(self.object_type.data or "").strip() or None,
            object_id=(self.object_id.data or "").strip() or None,
        )

    def query_args(self) -> dict[str, str]:
        """The filters as they were given, for links that keep them (pagination, export)."""
        args: dict[str, str] = {}
        for name in self.FILTER_NAMES:
            field = self._fields.get(name)
            raw = field.raw_data[0] if field is not None and field.raw_data else ""
            if raw:
                args[name] = raw
        return args
