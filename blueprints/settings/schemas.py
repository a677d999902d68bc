"""Settings schemas for the API: a change in (unknown fields rejected), a setting with its origin out."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

_REQUIRED = {"required": "Dit veld is verplicht."}


class SettingChangeIn(Schema):
    """PUT body: the value from a date on, or `use_default` to follow the standard value again.

    `value` is checked by the setting's own definition (type, bounds, allowed values) in the
    service, so the API and the pages refuse the same things with the same messages.
    """

    value = fields.Raw(allow_none=True, load_default=None)
    valid_from = fields.Date(required=True, error_messages={**_REQUIRED, "invalid": "Geen geldige datum (JJJJ-MM-DD)."})
    use_default = fields.Boolean(load_default=False)
    note = fields.String(load_default="", validate=validate.Length(max=500, error="Hoogstens 500 tekens."))


class SettingRowOut(Schema):
    id = fields.Integer()
    valid_from = fields.Date()
    value = fields.Raw(allow_none=True)
    is_default = fields.Boolean()
    note = fields.String()


class SettingOut(Schema):
    key = fields.String()
    label = fields.String()
    help = fields.String()
    type = fields.String()
    unit = fields.String()
    default = fields.Raw()
    minimum = fields.Integer(allow_none=True)
    maximum = fields.Integer(allow_none=True)
    choices = fields.Dict(keys=fields.String(), values=fields.String())
    ordered = fields.Boolean()
    value = fields.Raw(metadata={"description": "De waarde die op `on_date` geldt."})
    origin = fields.String(metadata={"description": "standaard of gemeente (later ook: beleid)"})
    origin_label = fields.String()
    valid_from = fields.Date(allow_none=True)
    on_date = fields.Date()
    planned = fields.List(fields.Nested(SettingRowOut))
    history = fields.List(fields.Nested(SettingRowOut))


def setting_out(item: Any, on_date: Any) -> dict[str, Any]:
    """The dict SettingOut dumps, from a queries.SettingOverview."""
    d = item.definition
    return {
        "key": d.key, "label": d.label, "help": d.help, "type": d.type.value, "unit": d.unit,
        "default": d.default, "minimum": d.minimum, "maximum": d.maximum, "choices": dict(d.choices),
        "ordered": d.ordered, "value": item.current.value, "origin": item.current.origin,
        "origin_label": item.current.origin_label, "valid_from": item.current.valid_from,
        "on_date": on_date, "planned": item.planned, "history": item.history,
    }
