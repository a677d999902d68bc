"""The JSON API plumbing: personal bearer tokens, CSRF for session clients, Dutch JSON errors,
the OpenAPI document, and JSON versus HTML errors."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from regiotoezicht.auth.services import create_api_token
from regiotoezicht.auth.tokens import token_hash
from regiotoezicht.errors import TITLES
from tests.conftest import CSRF_RE, csrf_from
from tests.factories import World
from tests.regiotoezicht.conftest import SqlRunner

pytestmark = pytest.mark.postgres

TOKEN_RE = re.compile(r'<code class="rt-secret" id="nieuw-token">([^<]+)</code>')
NEW_CONTACT = {"name": "Nieuwe Contactpersoon", "email": "nieuw@delft.test", "function": "Beleid"}


def contacts_url(slug: str) -> str:
    return f"/api/v1/g/{slug}/contactpersonen/"


def create_token(client: FlaskClient, name: str = "koppeling", valid_days: int | str = 30) -> str:
    """Create a token through the account form and read it from the page it is shown on once."""
    response = client.post(
        "/account/tokens",
        data={"name": name, "valid_days": str(valid_days), "csrf_token": csrf_from(client, "/account")},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    match = TOKEN_RE.search(page)
    assert match, "the new token is shown on the account page"
    return match.group(1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def admin_a(app: Flask, world: World, client_for) -> FlaskClient:
    return client_for(SimpleNamespace(email=world.admin_a))


def test_token_is_shown_once_and_stored_hashed(
    app: Flask, world: World, admin_a: FlaskClient, owner_sql: SqlRunner
) -> None:
    plain = create_token(admin_a, "zaaksysteem")
    assert plain.startswith("rtk_") and len(plain) > 40
    assert plain not in admin_a.get("/account").get_data(as_text=True)  # shown once only
    with admin_a.session_transaction() as session:
        assert "new_api_token" not in session

    rows = owner_sql("SELECT * FROM api_tokens")
    assert len(rows) == 1
    row = rows[0]
    assert row["token_hash"] == token_hash(plain)
    assert row["prefix"] == plain[:10]
    assert row["user_id"] == world.user_ids["admin_a"]
    assert row["name"] == "zaaksysteem" and row["expires_at"] is not None
    # The plain value is nowhere in the database: not in the token row, not in the audit log.
    for table in ("api_tokens", "audit_events"):
        dump = " ".join(str(v) for r in owner_sql(f"SELECT * FROM {table}") for v in r.values())
        assert plain not in dump and plain[10:] not in dump, table


def test_bad_token_form_is_refused_in_dutch(admin_a: FlaskClient) -> None:
    response = admin_a.post(
        "/account/tokens", data={"name": "", "valid_days": "999", "csrf_token": csrf_from(admin_a, "/account")}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Geef het token een naam." in html and "Kies tussen 1 en 365 dagen." in html


def test_a_token_always_expires(admin_a: FlaskClient, owner_sql: SqlRunner) -> None:
    """An empty validity is refused (it used to mean "never expires"); the service refuses too."""
    response = admin_a.post(
        "/account/tokens", data={"name": "koppeling", "valid_days": "", "csrf_token": csrf_from(admin_a, "/account")}
    )
    assert response.status_code == 400
    assert "Kies hoeveel dagen het token geldig is" in response.get_data(as_text=True)
    assert owner_sql("SELECT count(*) AS n FROM api_tokens")[0]["n"] == 0
    with pytest.raises(ValueError):
        create_api_token(SimpleNamespace(id=1), "koppeling", None)  # type: ignore[arg-type]


def test_bearer_writes_without_csrf_and_acts_as_the_user(
    app: Flask, world: World, admin_a: FlaskClient, owner_sql: SqlRunner
) -> None:
    plain = create_token(admin_a)
    api = app.test_client()  # no session cookie at all
    created = api.post(contacts_url(world.a_slug), json=NEW_CONTACT, headers=bearer(plain))
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.json["gemeente_id"] == world.a_id and created.json["name"] == NEW_CONTACT["name"]
    assert "Set-Cookie" not in created.headers  # a token client gets no session

    listed = api.get(contacts_url(world.a_slug), headers=bearer(plain))
    assert {c["email"] for c in listed.json} == {"contact@delft.test", NEW_CONTACT["email"]}

    # The token carries the user's own entitlements: admin of A, nothing in B.
    foreign = api.post(contacts_url(world.b_slug), json=NEW_CONTACT, headers=bearer(plain))
    assert foreign.status_code == 403 and foreign.is_json
    assert foreign.json["message"] == TITLES[403][1]
    assert api.get(contacts_url(world.b_slug), headers=bearer(plain)).status_code == 403
    assert owner_sql("SELECT count(*) AS n FROM gemeente_contacts WHERE gemeente_id = :b", b=world.b_id)[0]["n"] == 1

    used = owner_sql("SELECT last_used_at FROM api_tokens")[0]
    assert used["last_used_at"] is not None


def test_token_of_a_viewer_cannot_write(app: Flask, world: World, client_for) -> None:
    viewer = client_for(SimpleNamespace(email=world.viewer_a))
    plain = create_token(viewer)
    api = app.test_client()
    assert api.get(contacts_url(world.a_slug), headers=bearer(plain)).status_code == 200
    refused = api.post(contacts_url(world.a_slug), json=NEW_CONTACT, headers=bearer(plain))
    assert refused.status_code == 403 and refused.is_json


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown", "disabled_user", "malformed"])
def test_unusable_tokens_get_401_json(
    app: Flask, world: World, admin_a: FlaskClient, owner_sql: SqlRunner, how: str
) -> None:
    plain = create_token(admin_a)
    headers = bearer(plain)
    if how == "revoked":
        token_id = owner_sql("SELECT id FROM api_tokens")[0]["id"]
        revoke = admin_a.post(
            f"/account/tokens/{token_id}/intrekken", data={"csrf_token": csrf_from(admin_a, "/account")}
        )
        assert revoke.status_code == 302
        assert owner_sql("SELECT revoked_at FROM api_tokens")[0]["revoked_at"] is not None
    elif how == "expired":
        owner_sql("UPDATE api_tokens SET expires_at = now() - interval '1 minute'")
    elif how == "unknown":
        headers = bearer(plain[:-4] + "abcd")
    elif how == "disabled_user":
        owner_sql("UPDATE users SET is_enabled = false WHERE email = :e", e=world.admin_a)
    else:
        headers = {"Authorization": f"Token {plain}"}
    api = app.test_client()
    for response in (
        api.get(contacts_url(world.a_slug), headers=headers),
        api.post(contacts_url(world.a_slug), json=NEW_CONTACT, headers=headers),
    ):
        assert response.status_code == 401, response.get_data(as_text=True)
        assert response.is_json and response.json["code"] == 401
        assert "Inloggen vereist" in response.json["message"]


def test_another_users_token_cannot_be_revoked(app: Flask, world: World, admin_a: FlaskClient, client_for, owner_sql: SqlRunner) -> None:
    create_token(admin_a)
    token_id = owner_sql("SELECT id FROM api_tokens")[0]["id"]
    other = client_for(SimpleNamespace(email=world.admin_b))
    response = other.post(f"/account/tokens/{token_id}/intrekken", data={"csrf_token": csrf_from(other, "/account")})
    assert response.status_code == 404
    assert owner_sql("SELECT revoked_at FROM api_tokens")[0]["revoked_at"] is None


def test_session_api_writes_need_the_csrf_header(app: Flask, world: World, admin_a: FlaskClient) -> None:
    refused = admin_a.post(contacts_url(world.a_slug), json=NEW_CONTACT)
    assert refused.status_code == 400 and refused.is_json
    assert "X-CSRFToken" in refused.json["message"]
    token = csrf_from(admin_a, "/account")
    created = admin_a.post(contacts_url(world.a_slug), json=NEW_CONTACT, headers={"X-CSRFToken": token})
    assert created.status_code == 201
    assert admin_a.get(contacts_url(world.a_slug)).status_code == 200  # reads need no token


def test_validation_errors_are_dutch_and_field_level(app: Flask, world: World, admin_a: FlaskClient) -> None:
    headers = {"X-CSRFToken": csrf_from(admin_a, "/account")}
    missing = admin_a.post(contacts_url(world.a_slug), json={"email": "geen-adres"}, headers=headers)
    assert missing.status_code == 422
    assert missing.json["message"] == TITLES[422][1]
    assert missing.json["errors"]["json"] == {
        "name": ["Dit veld is verplicht."],
        "email": ["Geen geldig e-mailadres."],
    }

    unknown = admin_a.post(
        contacts_url(world.a_slug), json={**NEW_CONTACT, "gemeente_id": 999, "receives_reports": "ja"},
        headers=headers,
    )
    assert unknown.status_code == 422
    assert unknown.json["errors"]["json"] == {
        "gemeente_id": ["Onbekend veld."],
        "receives_reports": ["Geen geldige waarde: gebruik true of false."],
    }

    broken = admin_a.post(
        contacts_url(world.a_slug), data="{geen json", content_type="application/json", headers=headers
    )
    assert broken.status_code == 400 and broken.is_json
    assert broken.json["errors"]["json"] == ["De inhoud van het verzoek is geen geldige JSON."]
    assert admin_a.get(contacts_url(world.a_slug)).json[0]["email"] == "contact@delft.test"  # nothing written


@pytest.mark.parametrize(
    ("who", "path", "code"),
    [
        (None, "/api/v1/g/{a}/contactpersonen/", 401),
        ("admin_a", "/api/v1/g/{b}/contactpersonen/", 403),
        ("admin_a", "/api/v1/g/bestaat-niet/contactpersonen/", 404),
        ("admin_a", "/api/v1/g/{a}/contactpersonen/{cb}", 404),  # a contact of B, asked for in A
        ("admin_a", "/api/v1/bestaat-niet", 404),
    ],
)
def test_api_errors_are_json_in_dutch(
    app: Flask, world: World, client_for, who: str | None, path: str, code: int
) -> None:
    client = client_for(SimpleNamespace(email=getattr(world, who))) if who else app.test_client()
    url = path.format(a=world.a_slug, b=world.b_slug, cb=world.contact_b_id)
    response = client.get(url)
    assert response.status_code == code
    assert response.is_json
    body = response.json
    assert body["code"] == code
    assert _looks_dutch(body["message"]), body
    if code != 401:
        assert body["message"] == TITLES[code][1]


def test_method_not_allowed_is_json_in_dutch(world: World, admin_a: FlaskClient) -> None:
    response = admin_a.put(
        contacts_url(world.a_slug), json={}, headers={"X-CSRFToken": csrf_from(admin_a, "/account")}
    )
    assert response.status_code == 405 and response.json["message"] == TITLES[405][1]


@pytest.mark.parametrize(
    ("who", "path", "code", "title"),
    [
        ("admin_a", "/g/{b}/", 403, "Geen toegang"),
        ("admin_a", "/g/bestaat-niet/", 404, "Niet gevonden"),
        ("admin_a", "/bestaat-niet", 404, "Niet gevonden"),
        (None, "/bestaat-niet", 404, "Niet gevonden"),
    ],
)
def test_page_errors_are_html_in_dutch(
    app: Flask, world: World, client_for, who: str | None, path: str, code: int, title: str
) -> None:
    client = client_for(SimpleNamespace(email=getattr(world, who))) if who else app.test_client()
    response = client.get(path.format(b=world.b_slug))
    assert response.status_code == code
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="nl"' in html and f"<h1 class=\"utrecht-heading-1\">{title}</h1>" in html


def test_pages_send_anonymous_users_to_login(app: Flask, world: World) -> None:
    response = app.test_client().get(f"/g/{world.a_slug}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_openapi_document(app: Flask, world: World) -> None:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "Persoonlijk API-token",
    }
    assert {"bearerAuth": []} in spec["security"]

    paths = spec["paths"]
    assert set(paths["/api/v1/g/{slug}/contactpersonen/"]) >= {"get", "post"}
    assert set(paths["/api/v1/g/{slug}/contactpersonen/{contact_id}"]) >= {"get", "patch", "delete"}
    assert paths["/api/v1/g/{slug}/contactpersonen/"]["post"]["requestBody"]["content"]["application/json"]
    _check_openapi(spec)


def _check_openapi(spec: dict[str, Any]) -> None:
    """The structural rules of OpenAPI 3.0 that a client generator trips over."""
    for path, item in spec["paths"].items():
        assert path.startswith("/api/v1/"), path
        templated = set(re.findall(r"{([^}]+)}", path))
        methods = {k: v for k, v in item.items() if k in {"get", "put", "post", "delete", "patch"}}
        assert methods, path
        for method, operation in methods.items():
            declared = {
                p["name"] for p in [*item.get("parameters", []), *operation.get("parameters", [])]
                if p["in"] == "path"
            }
            assert declared == templated, (path, method)
            assert operation["responses"], (path, method)
            for status in operation["responses"]:
                assert status == "default" or re.fullmatch(r"[1-5]\d\d", status), (path, status)
        for param in item.get("parameters", []):
            assert param["in"] != "path" or param["required"] is True
    refs = re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(spec))
    assert refs
    for ref in refs:
        node: Any = spec
        for part in ref.split("/"):
            assert part in node, f"unresolved $ref #/{ref}"
            node = node[part]


def _looks_dutch(message: str) -> bool:
    english = ("the ", "you ", "requested", "permission", "server", "not found", "unauthorized")
    return not any(word in message.lower() for word in english)


def test_a_bearer_token_does_not_open_the_account_pages(
    app: Flask, world: World, admin_a: FlaskClient, owner_sql: SqlRunner
) -> None:
    """A token is for the API: with it, no page opens, so it can neither mint new tokens nor
    switch the second factor off (both would outlive its revocation)."""
    plain = create_token(admin_a)
    thief = app.test_client()
    for path in ("/account", "/account/tweede-factor", f"/g/{world.a_slug}/", "/"):
        response = thief.get(path, headers=bearer(plain))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    # Were the page open, its CSRF token (bound to the cookie it sets) would let the token through.
    match = CSRF_RE.search(thief.get("/account", headers=bearer(plain)).get_data(as_text=True))
    minted = thief.post(
        "/account/tokens", data={"name": "achterdeur", "valid_days": "365", "csrf_token": match.group(1) if match else ""},
        headers=bearer(plain),
    )
    assert minted.status_code in (302, 400)
    assert [r["name"] for r in owner_sql("SELECT name FROM api_tokens")] == ["koppeling"]
