"""The form to change one setting: its value (by type), the start date and a note.

The form only parses; the service validates (type, bounds, allowed values, dates) and its Dutch
messages are put on the fields here, so the browser and the API refuse the same things.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from blueprints.settings.registry import SettingDefinition, SettingType


class SettingForm(FlaskForm):
    valid_from = DateField(
        "Geldt vanaf",
        validators=[InputRequired("Kies de datum waarop de wijziging ingaat.")],
        description="Vandaag of later. Werk van eerdere data houdt de waarde die toen gold.",
    )
    use_default = BooleanField("Vanaf deze datum de standaardwaarde gebruiken")
    note = TextAreaField(
        "Toelichting",
        validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")],
        description="Bijvoorbeeld het besluit of de afspraak waarop de wijziging berust.",
    )


def form_for(setting: SettingDefinition, formdata: MultiDict[str, Any] | None = None, **kwargs: Any) -> SettingForm:
    """A SettingForm with a `value` field that fits the setting's type."""

    class Form(SettingForm):
        pass

    label = "Nieuwe waarde" + (f" (in {setting.unit})" if setting.unit else "")
    if setting.type is SettingType.INT:
        Form.value = StringField(label, render_kw={"inputmode": "numeric"})  # type: ignore[attr-defined]
    elif setting.type is SettingType.BOOL:
        Form.value = RadioField(label, choices=[("ja", "Ja"), ("nee", "Nee")], validate_choice=False)  # type: ignore[attr-defined]
    elif setting.type is SettingType.CHOICE:
        Form.value = RadioField(label, choices=list(setting.choices.items()), validate_choice=False)  # type: ignore[attr-defined]
    elif not setting.choices:
        Form.value = TextAreaField(label, description="Eén waarde per regel.")  # type: ignore[attr-defined]
    # A list of choices is a group of checkboxes (with a step number for a ladder): the template
    # renders those and `value_from_request` reads them.
    return Form(formdata=formdata, **kwargs) if formdata is not None else Form(**kwargs)


def value_from_request(setting: SettingDefinition, form: SettingForm, data: MultiDict[str, Any]) -> Any:
    """The value the user gave, in the shape the service expects (the service validates it)."""
    if setting.type is SettingType.INT:
        return (form.value.data or "").strip()  # type: ignore[attr-defined]
    if setting.type is SettingType.BOOL:
        raw = form.value.data  # type: ignore[attr-defined]
        return {"ja": True, "nee": False}.get(raw, raw)
    if setting.type is SettingType.CHOICE:
        return form.value.data  # type: ignore[attr-defined]
    if not setting.choices:
        return [line for line in (form.value.data or "").splitlines()]  # type: ignore[attr-defined]
    chosen = data.getlist("items")
    if not setting.ordered:
        return chosen

    def step(code: str) -> tuple[int, int]:
        raw = (data.get(f"stap-{code}") or "").strip()
        position = list(setting.choices).index(code) if code in setting.choices else 0
        return (int(raw) if raw.isdigit() else 10_000, position)

    return sorted(chosen, key=step)
