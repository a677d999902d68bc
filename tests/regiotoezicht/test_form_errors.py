"""A service's refusal lands at the field it names, through an alias, or above the form; the
page's status follows."""

from __future__ import annotations

from flask import Flask
from flask_wtf import FlaskForm
from wtforms import StringField

from regiotoezicht.form_errors import show_error, show_errors, status_of


class _Form(FlaskForm):
    name = StringField("Naam")
    street = StringField("Straat")


def test_messages_go_to_their_field_an_alias_or_above_the_form(sqlite_app: Flask) -> None:
    with sqlite_app.test_request_context(method="POST"):
        form = _Form(meta={"csrf": False})
        assert status_of(form) == 200
        show_errors(
            form,
            {"name": "Vul een naam in.", "locations.0.street": ["Vul een straat in."],
             "_schema": "Dit kan niet.", "data": "Geen veld.", None: ["Ook niet."]},
            {"locations.0.street": "street"},
        )
        show_error(form, "onbekend", "Nergens anders.")
        assert form.name.errors == ["Vul een naam in."]
        assert form.street.errors == ["Vul een straat in."]
        assert form.form_errors == ["Dit kan niet.", "Geen veld.", "Ook niet.", "Nergens anders."]
        assert status_of(form) == 400


def test_a_form_level_message_alone_makes_the_status_400(sqlite_app: Flask) -> None:
    with sqlite_app.test_request_context(method="POST"):
        form = _Form(meta={"csrf": False})
        show_error(form, None, "De aanvraag is al verwerkt.")
        assert not form.name.errors and status_of(form) == 400
