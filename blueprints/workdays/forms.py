"""The form to add a decreed day, with Dutch messages per field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import InputRequired


class DecreedDayForm(FlaskForm):
    day = DateField("Datum", validators=[InputRequired("Kies een datum.")])
    description = StringField(
        "Omschrijving", description="Bijvoorbeeld: vrijdag na Hemelvaartsdag.",
        validators=[InputRequired("Geef een omschrijving.")],
    )
    decree_reference = StringField(
        "Besluit", description="Titel of Staatscourant-nummer van het koninklijk besluit.",
        validators=[InputRequired("Noem het besluit.")],
    )
