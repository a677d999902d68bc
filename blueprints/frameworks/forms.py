"""Forms of the toetsingskader pages, with Dutch messages per field."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from blueprints.frameworks import default
from blueprints.frameworks.models import LegalSourceKind

FINANCING_CHOICES = [
    SelectChoice("contract", "Contract (zorg in natura)"), SelectChoice("subsidie", "Subsidie"), SelectChoice("pgb", "Pgb"),
]


class CheckboxesField(SelectMultipleField):
    """Several choices as a group of checkboxes (rendered by frameworks/_fields.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FrameworkForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200, message="Hoogstens 200 tekens.")])
    description = TextAreaField("Omschrijving", validators=[Length(max=4000, message="Hoogstens 4000 tekens.")])
    valid_from = DateField("Geldig vanaf", validators=[DataRequired("Vul een geldige datum in.")])
    valid_until = DateField("Geldig tot en met", validators=[Optional()])

    def data_for_service(self) -> dict[str, Any]:
        return {
            "name": self.name.data or "", "description": self.description.data or "",
            "valid_from": self.valid_from.data, "valid_until": self.valid_until.data,
        }


class CodeTitleForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=20, message="Hoogstens 20 tekens.")])
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=200, message="Hoogstens 200 tekens.")])

    def data_for_service(self) -> dict[str, Any]:
        return {"code": (self.code.data or "").strip(), "title": (self.title.data or "").strip()}


class NormForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in."), Length(max=20, message="Hoogstens 20 tekens.")])
    text = TextAreaField("Norm", validators=[DataRequired("Vul de tekst van de norm in."), Length(max=4000, message="Hoogstens 4000 tekens.")])
    guidance = TextAreaField("Toelichting voor de toezichthouder", validators=[Length(max=4000, message="Hoogstens 4000 tekens.")])
    legal_source_kind = SelectField(
        "Soort rechtsbron", choices=[SelectChoice(k.value, k.label) for k in LegalSourceKind],
        validators=[DataRequired("Kies de soort rechtsbron.")],
    )
    legal_reference = StringField(
        "Vindplaats", description="Bijvoorbeeld: art. 3.5 Wmo 2015, of artikel 12 van de overeenkomst.",
        validators=[DataRequired("Vul de vindplaats in."), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    financing_forms = CheckboxesField(
        "Geldt bij", choices=FINANCING_CHOICES,
        validators=[DataRequired("Kies ten minste één financieringsvorm.")],
    )
    quality_aspects = CheckboxesField("Kwaliteitsaspecten (art. 3.1)", choices=[SelectChoice(k, v) for k, v in default.QUALITY_ASPECTS.items()])

    def data_for_service(self) -> dict[str, Any]:
        return {
            "code": (self.code.data or "").strip(), "text": self.text.data or "",
            "guidance": self.guidance.data or "", "legal_source_kind": self.legal_source_kind.data,
            "legal_reference": self.legal_reference.data or "",
            "financing_forms": list(self.financing_forms.data or []),
            "quality_aspects": list(self.quality_aspects.data or []),
        }


class NewVersionForm(FlaskForm):
    valid_from = DateField("De nieuwe versie geldt vanaf", validators=[DataRequired("Vul een geldige datum in.")])
