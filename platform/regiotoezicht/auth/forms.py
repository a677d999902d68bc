"""Login and account forms, with Dutch messages per field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from regiotoezicht.auth.passwords import password_problems
from regiotoezicht.auth.services import MAX_TOKEN_DAYS


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired("Vul uw e-mailadres in."), Email("Vul een geldig e-mailadres in.")],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[DataRequired("Vul uw wachtwoord in.")],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(FlaskForm):
    code = StringField(
        "Code uit uw authenticator-app",
        validators=[DataRequired("Vul de code van 6 cijfers in."), Length(6, 7, "De code heeft 6 cijfers.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
        description="De app toont elke 30 seconden een nieuwe code van 6 cijfers.",
    )


class StrongPassword:
    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        email = getattr(form, "_email", "") or ""
        problems = password_problems(field.data or "", email=email)
        if problems:
            raise ValidationError(" ".join(problems))


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired("Kies een wachtwoord."), StrongPassword()],
        render_kw={"autocomplete": "new-password"},
        description="Minstens 12 tekens. Een zin van een paar woorden werkt goed.",
    )
    repeat = PasswordField(
        "Herhaal het nieuwe wachtwoord",
        validators=[
            DataRequired("Herhaal het wachtwoord."),
            EqualTo("password", "De wachtwoorden zijn niet gelijk."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Huidig wachtwoord",
        validators=[DataRequired("Vul uw huidige wachtwoord in.")],
        render_kw={"autocomplete": "current-password"},
    )


class ApiTokenForm(FlaskForm):
    name = StringField(
        "Naam van het token",
        validators=[DataRequired("Geef het token een naam."), Length(max=100, message="Hoogstens 100 tekens.")],
        description="Bijvoorbeeld de naam van het systeem dat het token gebruikt.",
    )
    valid_days = IntegerField(
        "Geldig (dagen)",
        default=90,
        validators=[
            InputRequired("Kies hoeveel dagen het token geldig is (1 tot en met 365)."),
            NumberRange(1, MAX_TOKEN_DAYS, "Kies tussen 1 en 365 dagen."),
        ],
    )


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change something."""
