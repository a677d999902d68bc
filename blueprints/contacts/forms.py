"""The contact form, with Dutch messages per field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Email, Length


class ContactForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=200, message="Hoogstens 200 tekens.")])
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired("Vul een e-mailadres in."), Email("Vul een geldig e-mailadres in.")],
    )
    function = StringField("Functie", validators=[Length(max=200, message="Hoogstens 200 tekens.")])
    receives_calamity_copies = BooleanField("Ontvangt een kopie van elke calamiteitenmelding")
    receives_reports = BooleanField("Ontvangt definitieve rapporten")

    def data_for_service(self) -> dict[str, object]:
        return {
            "name": self.name.data.strip(),
            "email": self.email.data.strip().lower(),
            "function": (self.function.data or "").strip(),
            "receives_calamity_copies": bool(self.receives_calamity_copies.data),
            "receives_reports": bool(self.receives_reports.data),
        }
