"""Report forms, with Dutch messages per field. The rules themselves live in services.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from blueprints.reports.states import HANDLING_LABELS, PublicationView, RemedyKind, RemedyStatus
from blueprints.reports.wordcount import MAX_REACTION_WORDS
from tenants.entitlements import today


class DateInput(DateField):
    """An HTML date input; empty is "no date" (validators decide), not a format error."""

    def __init__(self, label: str, validators: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(label, list(validators), invalid_value_message="Vul een geldige datum in.", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TextsForm(FlaskForm):
    summary = TextAreaField("Samenvatting", render_kw={"rows": 5})
    judgement = TextAreaField("Oordeel", render_kw={"rows": 6}, description="Het oordeel over de kwaliteit, op grond van de bevindingen.")
    advice = TextAreaField("Advies aan het college", render_kw={"rows": 6})


class ReasonForm(FlaskForm):
    reason = TextAreaField("Wat moet er aan het concept veranderen?", render_kw={"rows": 4})


def start_response_form(providers: Sequence[tuple[int, str, str]], data: Any = None) -> FlaskForm:
    """A form with the send date and one e-mail field per provider assessed (id, name, default)."""

    class StartResponseForm(FlaskForm):
        sent_on = DateInput("Verzonden op", [InputRequired("Vul de verzenddatum in.")], default=today)

    for provider_id, name, email in providers:
        setattr(
            StartResponseForm, f"contact_{provider_id}",
            EmailField(f"E-mailadres van {name}", [DataRequired("Vul een e-mailadres in.")], default=email),
        )
    return StartResponseForm(formdata=data) if data is not None else StartResponseForm()


class ResponseForm(FlaskForm):
    received_on = DateInput("Ontvangen op", [InputRequired("Vul de ontvangstdatum in.")], default=today)
    points = TextAreaField(
        "Punten van de aanbieder", render_kw={"rows": 6},
        description="Eén punt per regel: feitelijke correcties en opmerkingen over het concept.",
    )
    reaction = TextAreaField(
        "Korte reactie van de aanbieder", render_kw={"rows": 6},
        description=f"Hoogstens {MAX_REACTION_WORDS} woorden.",
    )
    attach_reaction = BooleanField("De aanbieder wil de reactie bij het definitieve rapport gevoegd zien")
    publication_view = RadioField(
        "Zienswijze op openbaarmaking",
        choices=[SelectChoice(v.value, v.label) for v in PublicationView],
        default=PublicationView.NONE.value,
    )
    publication_view_text = TextAreaField("Toelichting op de zienswijze", render_kw={"rows": 3})


class PointForm(FlaskForm):
    text = TextAreaField("Nieuw punt van de aanbieder", [DataRequired("Beschrijf het punt.")], render_kw={"rows": 2})


class HandleForm(FlaskForm):
    handling = SelectField("Verwerking", choices=[SelectChoice(h.value, label) for h, label in HANDLING_LABELS.items()])
    note = TextAreaField("Reden of toelichting", render_kw={"rows": 2}, description="Verplicht bij niet overnemen en bij toelichten.")


class DefinitiveForm(FlaskForm):
    note = TextAreaField(
        "Wat verandert deze versie?", render_kw={"rows": 3},
        description="Alleen nodig bij een gecorrigeerde versie van een definitief rapport.",
    )


class RedactForm(FlaskForm):
    passages = TextAreaField(
        "Weg te lakken passages en persoonsgegevens", [DataRequired("Geef ten minste één passage.")],
        render_kw={"rows": 6},
        description="Eén passage per regel, precies zoals in het rapport (namen, geboortedata, adressen, ...).",
    )


class DecisionForm(FlaskForm):
    publish = RadioField(
        "Besluit", choices=[SelectChoice("ja", "Het rapport wordt openbaar gemaakt"), SelectChoice("nee", "Het rapport wordt niet openbaar gemaakt")],
        validators=[InputRequired("Kies het besluit.")],
    )
    decided_on = DateInput("Datum van het besluit", [InputRequired("Vul de besluitdatum in.")], default=today)
    woo_basis = StringField(
        "Grondslag", [DataRequired("Noem de grondslag."), Length(max=300, message="Hoogstens 300 tekens.")],
        default="art. 3.1 Woo (actieve openbaarmaking)",
    )
    decision_reference = StringField(
        "Kenmerk van het besluit", [DataRequired("Vul het kenmerk in."), Length(max=100, message="Hoogstens 100 tekens.")]
    )


class RemedyForm(FlaskForm):
    kind = SelectField("Soort", choices=[SelectChoice(k.value, k.label) for k in RemedyKind])
    lodged_on = DateInput("Ingediend op", [InputRequired("Vul de datum van indienen in.")], default=today)
    note = TextAreaField("Toelichting", [Optional()], render_kw={"rows": 2})


class ResolveForm(FlaskForm):
    status = SelectField(
        "Uitkomst", choices=[SelectChoice(s.value, s.label) for s in RemedyStatus if s is not RemedyStatus.PENDING]
    )
    decided_on = DateInput("Beslist op", [InputRequired("Vul de datum in.")], default=today)
    note = TextAreaField("Toelichting", [Optional()], render_kw={"rows": 2})


class ReactieForm(FlaskForm):
    bestuurlijke_reactie = TextAreaField("Bestuurlijke reactie van het college", [DataRequired("Vul de reactie in.")], render_kw={"rows": 6})
    bestuurlijke_reactie_on = DateInput("Datum", [InputRequired("Vul de datum in.")], default=today)
