"""The public meldpunt end to end: choosing the gemeente, both forms, bad input of every kind
(missing fields, oversized and wrong-type uploads, script injection, BSN, bots) with clear
errors and nothing stored half-way, and a receipt that echoes nothing but the reference."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from tests.blueprints.attachments import files
from tests.blueprints.meldpunt.conftest import counts, hidden_fields, post_form
from tests.factories import World
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

DESCRIPTION = "Bewoner viel 's nachts uit bed; de alarmering werkte niet en hulp kwam pas na een uur."
REPORTER = "Petra Jansen-Uniek"


def provider_data(**changes: Any) -> dict[str, Any]:
    data = {
        "kind": "calamiteit",
        "occurred_on": (date.today() - timedelta(days=2)).isoformat(),
        "summary": "Bewoner gevallen, alarmering defect",
        "description": DESCRIPTION,
        "measures": "Alarmering vervangen, extra nachtronde ingesteld.",
        "doubt_investigated": "nee",
        "provider_name": "Zorggroep De Linde",
        "location_text": "Locatie Lindehof",
        "client_reference": "CL-4411",
        "reporter_name": REPORTER,
        "reporter_organisation": "Kwaliteitsfunctionaris",
        "reporter_email": "melder@delinde.nl",
        "reporter_phone": "015-2123456",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def signal_data(**changes: Any) -> dict[str, Any]:
    data = {
        "reporter_kind": "naaste",
        "provider_name": "Thuiszorg Aan Huis",
        "summary": "Hulp komt vaak niet opdagen",
        "description": "Mijn moeder krijgt al weken geen hulp op de afgesproken dagen.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def errors_in(html: str) -> str:
    """The error summary of a refused form, for assertion messages."""
    start = html.find('id="foutoverzicht"')
    return html[start:start + 1500] if start >= 0 else html[:500]


def upload(data: bytes, name: str) -> tuple[io.BytesIO, str]:
    return (io.BytesIO(data), name)


def test_the_index_offers_the_regions_gemeenten(meldpunt_app: Flask, world: World) -> None:
    client = meldpunt_app.test_client()
    html = client.get("/meldpunt/").get_data(as_text=True)
    assert "Delft" in html and "Gravenhage" in html and "Amsterdam" not in html
    chosen = client.get(f"/meldpunt/?gemeente={world.b_slug}")
    assert chosen.status_code == 302 and chosen.headers["Location"] == f"/meldpunt/{world.b_slug}"
    wrong = client.get("/meldpunt/?gemeente=amsterdam")
    assert wrong.status_code == 400 and "Kies een gemeente uit de lijst" in wrong.get_data(as_text=True)
    assert client.get("/meldpunt/amsterdam").status_code == 404  # not served by a region
    assert client.get("/meldpunt/amsterdam/aanbieder").status_code == 404
    page = client.get(f"/meldpunt/{world.a_slug}/aanbieder").get_data(as_text=True)
    assert "artikel 3.4 Wmo 2015" in page and "dezelfde accommodatie" in page and "6 weken" in page
    assert client.get("/meldpunt/privacy").status_code == 200


def test_a_provider_report_with_an_attachment_is_registered_in_the_chosen_gemeente(
    meldpunt_app: Flask, world: World
) -> None:
    client = meldpunt_app.test_client()
    url = f"/meldpunt/{world.a_slug}/aanbieder"
    response = post_form(client, url, provider_data(), files=[upload(files.PDF, "verslag.pdf")])
    assert response.status_code == 303, errors_in(response.get_data(as_text=True))
    receipt = client.get(response.headers["Location"])
    html = receipt.get_data(as_text=True)
    (reference,) = inspect_rows("SELECT reference FROM meldingen")[0]
    assert reference in html
    for echoed in (DESCRIPTION, REPORTER, "melder@delinde.nl", "De Linde", "CL-4411"):
        assert echoed not in html
    assert client.get(response.headers["Location"]).status_code == 302  # shown once

    assert inspect_rows("SELECT gemeente_id, kind, channel FROM meldingen") == [
        (world.a_id, "calamiteit", "meldpunt_aanbieder")
    ]
    ((gemeente_id, name, content_type, key),) = inspect_rows(
        "SELECT gemeente_id, filename, content_type, storage_key FROM attachments WHERE subject_type = 'melding'")
    assert (gemeente_id, name, content_type) == (world.a_id, "verslag.pdf", "application/pdf")
    assert key.startswith(f"g{world.a_id}/attachments/")
    assert inspect_rows("SELECT gemeente_id FROM stored_objects WHERE key = :k", k=key) == [(world.a_id,)]
    ((recipient, subject, body),) = inspect_rows("SELECT recipient, subject, body FROM outbox_messages")
    assert recipient == "melder@delinde.nl" and reference in subject
    assert DESCRIPTION not in body and "De Linde" not in body
    actors = inspect_rows(
        "SELECT DISTINCT actor_user_id FROM audit_events WHERE action IN ('melding.registered', 'meldpunt.received', 'attachment.added')")
    assert actors == [(None,)]
    # Nor the reporter's address: the audit log of a public submission keeps no IP.
    assert inspect_rows("SELECT count(*) FROM audit_events WHERE ip_address IS NOT NULL") == [(0,)]


def test_an_anonymous_signal_sends_no_mail(meldpunt_app: Flask, world: World) -> None:
    client = meldpunt_app.test_client()
    response = post_form(client, f"/meldpunt/{world.b_slug}/signaal", signal_data())
    assert response.status_code == 303
    assert inspect_rows("SELECT gemeente_id, kind, channel FROM meldingen") == [
        (world.b_id, "signaal", "meldpunt_publiek")]
    assert counts()["outbox_messages"] == 0
    assert "ontvangen" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        ({"kind": None, "summary": "", "description": None, "reporter_email": None},
         ["Kies of u een calamiteit of geweld meldt.", "Vat in één zin samen wat er gebeurde.",
          "Beschrijf wat er is gebeurd.", "Vul uw e-mailadres in."]),
        ({"kind": "geweld"}, ["Vul bij geweld in wie het geweld gebruikte."]),
        ({"kind": "geweld", "perpetrator": "medeclient"},
         ["Vul in of de medecliënt in dezelfde accommodatie verblijft."]),
        ({"doubt_investigated": "ja"},
         ["Vul in wanneer u met dat onderzoek begon.", "Vul in wanneer u tot een conclusie kwam."]),
        ({"kind": "nonsens", "occurred_on": "gisteren"},
         ["Kies een van de mogelijkheden.", "Vul een geldige datum in"]),
        ({"occurred_on": (date.today() + timedelta(days=3)).isoformat()}, ["Deze datum ligt in de toekomst."]),
        ({"reporter_email": "geen-adres"}, ["Vul een geldig e-mailadres in."]),
        ({"description": "Cliënt met BSN 123.456.782 viel uit bed."}, ["burgerservicenummer (BSN)"]),
        ({"summary": "x" * 301}, ["Hoogstens 300 tekens."]),
        ({"service_type_id": "999999"}, ["Kies een voorziening uit de lijst."]),
    ],
)
def test_bad_provider_input_is_refused_with_messages_and_stores_nothing(
    meldpunt_app: Flask, world: World, changes: dict[str, Any], messages: list[str]
) -> None:
    client = meldpunt_app.test_client()
    before = counts()
    response = post_form(client, f"/meldpunt/{world.a_slug}/aanbieder", provider_data(**changes),
                         files=[upload(files.PDF, "verslag.pdf")])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er ging iets mis" in html and 'aria-invalid="true"' in html
    for message in messages:
        assert message in html
    assert "voeg de bijlagen opnieuw toe" in html.lower()
    assert counts() == before


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        ([upload(files.EXE, "factuur.pdf")], "bestandstype dat niet is toegestaan"),
        ([upload(files.PLAIN_ZIP, "map.docx")], "bestandstype dat niet is toegestaan"),
        ([upload(b"%PDF-" + b"0" * 2048, "groot.pdf")], "is te groot"),
        ([upload(b"", "leeg.txt")], "is leeg"),
        ([upload(files.PDF, f"{i}.pdf") for i in range(6)], "hoogstens 5 bestanden"),
        ([upload(files.PDF, "goed.pdf"), upload(files.EXE, "slecht.png")], "slecht.png"),
    ],
)
def test_bad_uploads_refuse_the_whole_report(
    meldpunt_app: Flask, world: World, uploads: list[tuple[io.BytesIO, str]], message: str
) -> None:
    meldpunt_app.config["ATTACHMENT_MAX_BYTES"] = 1024
    client = meldpunt_app.test_client()
    before = counts()
    response = post_form(client, f"/meldpunt/{world.a_slug}/aanbieder", provider_data(), files=uploads)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert 'href="#attachments"' in html
    assert counts() == before


def test_script_injection_is_shown_as_text_and_stored_as_text(meldpunt_app: Flask, world: World) -> None:
    client = meldpunt_app.test_client()
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    url = f"/meldpunt/{world.a_slug}/signaal"
    refused = post_form(client, url, signal_data(description=script, summary=""))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "<script>alert('x')" not in html and "&lt;script&gt;alert(" in html
    assert "<img src=x" not in html
    accepted = post_form(client, url, signal_data(summary=script, description=script),
                         files=[upload(script.encode(), "<svg onload=alert(1)>.html")])
    assert accepted.status_code == 303
    receipt = client.get(accepted.headers["Location"]).get_data(as_text=True)
    assert "alert(" not in receipt and "onerror" not in receipt
    assert inspect_rows("SELECT summary FROM meldingen") == [(script,)]
    assert inspect_rows("SELECT filename, content_type FROM attachments WHERE subject_type = 'melding'") == [
        ("svg onload_alert(1)_.html.txt", "text/plain; charset=utf-8")]


def test_a_filled_honeypot_is_refused_and_logged(meldpunt_app: Flask, world: World) -> None:
    client = meldpunt_app.test_client()
    before = counts()
    response = post_form(client, f"/meldpunt/{world.a_slug}/signaal", signal_data(), website="http://spam.example")
    assert response.status_code == 400
    assert counts() == before
    assert inspect_rows("SELECT gemeente_id, actor_user_id FROM audit_events WHERE action = 'meldpunt.bot_refused'") == [
        (world.a_id, None)]


@pytest.mark.parametrize(("shown", "message"), [
    (None, "erg snel verstuurd"),  # the real token, but the minimum fill time is raised below
    ("vervalst.token", "onvolledig aangekomen"),
    ("", "onvolledig aangekomen"),
])
def test_too_fast_or_forged_timing_is_refused(meldpunt_app: Flask, world: World, shown: str | None, message: str) -> None:
    meldpunt_app.config["MELDPUNT_MIN_FILL_SECONDS"] = 60
    client = meldpunt_app.test_client()
    before = counts()
    overrides = {} if shown is None else {"shown": shown}
    response = post_form(client, f"/meldpunt/{world.a_slug}/signaal", signal_data(), **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html, errors_in(html)
    assert counts() == before


def test_a_token_of_the_other_form_is_refused(meldpunt_app: Flask, world: World) -> None:
    client = meldpunt_app.test_client()
    provider_token = hidden_fields(client, f"/meldpunt/{world.a_slug}/aanbieder")["shown"]
    response = post_form(client, f"/meldpunt/{world.a_slug}/signaal", signal_data(), shown=provider_token)
    assert response.status_code == 400 and "onvolledig aangekomen" in response.get_data(as_text=True)


def test_csrf_stays_on(meldpunt_app: Flask, world: World) -> None:
    client = meldpunt_app.test_client()
    response = post_form(client, f"/meldpunt/{world.a_slug}/signaal", signal_data(), csrf_token="fout")
    assert response.status_code == 400
    assert counts()["meldingen"] == 0


def test_the_rate_limit_per_address(meldpunt_app: Flask, world: World) -> None:
    meldpunt_app.config["MELDPUNT_RATE_LIMIT"] = 2
    client = meldpunt_app.test_client()
    url = f"/meldpunt/{world.a_slug}/signaal"
    assert post_form(client, url, signal_data()).status_code == 303
    assert post_form(client, url, signal_data()).status_code == 303
    third = post_form(client, url, signal_data())
    assert third.status_code == 429 and "Te veel verzoeken" in third.get_data(as_text=True)
    assert counts()["meldingen"] == 2
    elsewhere = meldpunt_app.test_client().post(url, data={}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 400  # another address is not limited (the form is just empty)


def test_the_rate_limit_works_without_redis(meldpunt_app: Flask, world: World) -> None:
    meldpunt_app.config.update(MELDPUNT_RATE_LIMIT=1)
    saved = meldpunt_app.config["REDIS_URL"]
    conn = meldpunt_app.extensions.pop("regiotoezicht.redis", None)
    meldpunt_app.config["REDIS_URL"] = ""
    try:
        client = meldpunt_app.test_client()
        url = f"/meldpunt/{world.a_slug}/signaal"
        assert post_form(client, url, signal_data()).status_code == 303
        assert post_form(client, url, signal_data()).status_code == 429
    finally:
        meldpunt_app.config["REDIS_URL"] = saved
        if conn is not None:
            meldpunt_app.extensions["regiotoezicht.redis"] = conn
