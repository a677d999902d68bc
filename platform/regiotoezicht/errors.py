"""Error pages in Dutch for the UI, JSON errors for the API.

web.py imports from here (never the other way round), and slices use `web.json_error`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

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

CSRF_PAGE = "Uw sessie is verlopen of het formulier is te oud. Laad de pagina opnieuw."
CSRF_API = (
    "Het CSRF-token ontbreekt of klopt niet: stuur de header X-CSRFToken mee, "
    "of gebruik een persoonlijk API-token."
)

#: The default field messages of marshmallow and webargs, which slices need not repeat.
FIELD_MESSAGES = {
    "Unknown field.": "Onbekend veld.",
    "Missing data for required field.": "Dit veld is verplicht.",
    "Field may not be null.": "Dit veld mag niet leeg (null) zijn.",
    "Invalid value.": "Ongeldige waarde.",
    "Invalid input.": "Ongeldige invoer.",
    "Invalid input type.": "Het verzoek moet een JSON-object zijn.",
    "Invalid type.": "Ongeldig type.",
    "Invalid JSON body.": "De inhoud van het verzoek is geen geldige JSON.",
    "Not a valid string.": "Geen geldige tekst.",
    "Not a valid integer.": "Geen geldig geheel getal.",
    "Not a valid number.": "Geen geldig getal.",
    "Not a valid boolean.": "Geen geldige waarde: gebruik true of false.",
    "Not a valid date.": "Geen geldige datum (JJJJ-MM-DD).",
    "Not a valid datetime.": "Geen geldig tijdstip (ISO 8601).",
    "Not a valid list.": "Geen geldige lijst.",
    "Not a valid mapping type.": "Geen geldig object.",
    "Not a valid email address.": "Geen geldig e-mailadres.",
    "Not a valid URL.": "Geen geldige URL.",
    "Not a valid UUID.": "Geen geldige UUID.",
}
_ONE_OF = re.compile(r"^Must be one of: (?P<choices>.*)\.$")


def wants_json() -> bool:
    """API requests get JSON errors; pages get HTML."""
    return request.path.startswith("/api/")


def _field_messages(messages: Any) -> Any:
    """The field-level messages with marshmallow's English defaults put into Dutch."""
    if isinstance(messages, dict):
        return {key: _field_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [_field_messages(value) for value in messages]
    if isinstance(messages, str):
        if messages in FIELD_MESSAGES:
            return FIELD_MESSAGES[messages]
        match = _ONE_OF.match(messages)
        if match:
            return f"Kies een van: {match.group('choices')}."
    return messages


def _api_message(error: HTTPException, code: int) -> str:
    """The error's own message, or the Dutch one where werkzeug's English default would show."""
    if code == 400 and error.description and "CSRF" in error.description:
        return CSRF_API
    if not error.description or error.description == type(error).description:
        return TITLES.get(code, (error.name, error.description or ""))[1]
    return error.description


def json_error(error: HTTPException) -> tuple[Response, int]:
    """An API error: code, HTTP status name, a Dutch message and field-level `errors`."""
    code = error.code or 500
    body: dict[str, Any] = {"code": code, "status": error.name, "message": _api_message(error, code)}
    data = getattr(error, "data", None)
    if isinstance(data, dict) and "messages" in data:
        body["errors"] = _field_messages(data["messages"])
    return jsonify(body), code


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    if wants_json():
        return json_error(error)
    code = error.code or 500
    title, description = TITLES.get(code, (error.name, error.description or ""))
    if code == 400 and error.description and "CSRF" in error.description:
        description = CSRF_PAGE
    return render_template("errors/error.html", code=code, title=title, description=description), code


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    log.exception("unhandled error")
    return handle_http(InternalServerError())


def init_app(app: Flask) -> None:
    # Registered after flask-smorest, which would otherwise answer every error in JSON.
    app.register_error_handler(HTTPException, handle_http)
    if not app.debug and not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
