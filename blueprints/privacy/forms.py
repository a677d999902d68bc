"""Form pieces: the NoBsn validator other slices put on free-text fields, the emergency-access form."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from blueprints.privacy.bsn import contains_bsn
from blueprints.privacy.services import MIN_REASON_LENGTH

BSN_MESSAGE = (
    "Dit lijkt een burgerservicenummer (BSN). Laat het BSN weg: wij vragen het later, "
    "alleen als het nodig is."
)


class NoBsn:
    """Refuse a free-text value holding a valid BSN (the page also warns while typing)."""

    def __init__(self, message: str = BSN_MESSAGE) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if contains_bsn(field.data if isinstance(field.data, str) else None):
            raise ValidationError(self.message)


class EmergencyAccessForm(FlaskForm):
    reason = TextAreaField(
        "Reden voor noodtoegang",
        description=(
            f"Minstens {MIN_REASON_LENGTH} tekens. De privacyfunctionaris ziet deze reden, "
            "uw naam en het tijdstip."
        ),
        validators=[
            DataRequired("Geef een reden."),
            Length(min=MIN_REASON_LENGTH, max=2000,
                   message=f"Geef een reden van {MIN_REASON_LENGTH} tot 2000 tekens."),
            NoBsn("Noem geen burgerservicenummer (BSN) in de reden."),
        ],
    )
    next = HiddenField()
