"""Error pages in Dutch for the UI, JSON errors for the API."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from regiotoezicht.web import json_error, wants_json

log = logging.getLogger(__name__)

TITLES = {
    400: ("Ongeldig verzoek", "Het formulier of verzoek klopt niet. Controleer de invoer."),
    401: ("Inloggen vereist", "Log in om verder te gaan."),
    403: ("Geen toegang", "U hebt geen toegang tot deze pagina of deze gemeente."),
    404: ("Niet gevonden", "Deze pagina bestaat niet of is niet (meer) beschikbaar."),
    405: ("Niet toegestaan", "Deze actie kan hier niet."),
    413: ("Te groot", "Het verzoek of bestand is te groot."),
    422: ("Ongeldige invoer", "Een of meer velden kloppen niet."),
    429: ("Te veel verzoeken", "Wacht even en probeer het opnieuw."),
    500: ("Er ging iets mis", "Er is een fout opgetreden. Probeer het later opnieuw."),
}


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    if wants_json():
        return json_error(error)
    code = error.code or 500
    title, description = TITLES.get(code, (error.name, error.description or ""))
    if code == 400 and error.description and "CSRF" in error.description:
        description = "Uw sessie is verlopen of het formulier is te oud. Laad de pagina opnieuw."
    return render_template("errors/error.html", code=code, title=title, description=description), code


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    log.exception("unhandled error")
    return handle_http(InternalServerError())


def init_app(app: Flask) -> None:
    # Registered after flask-smorest, which would otherwise answer every error in JSON.
    app.register_error_handler(HTTPException, handle_http)
    if not app.debug and not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
