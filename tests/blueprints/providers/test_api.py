"""The providers API: a gemeente's providers and relations, the registry, field-level errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.blueprints.providers.conftest import B_SECRET, ProviderWorld, api, as_user
from tests.factories import World
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

Login = Callable[[Any], FlaskClient]


def test_a_gemeente_lists_its_providers_with_only_its_relations(
    world: World, providers: ProviderWorld, client_for: Login
) -> None:
    viewer = as_user(client_for, world.viewer_a)
    items = viewer.get(f"/api/v1/g/{world.a_slug}/providers").get_json()
    assert [(p["name"], [r["reference"] for r in p["relations"]]) for p in items] == [
        ("Wereldzorg", ["Relatie Delft A-76"]), ("Zorggroep Gedeeld", ["A-CONTRACT-1"])
    ]
    relation = items[1]["relations"][0]
    assert relation == {
        "id": providers.relation_a_id, "gemeente_id": world.a_id, "provider_id": providers.shared_id,
        "recorded_provider_id": providers.shared_id, "financing_form": "contract", "reference": "A-CONTRACT-1",
        "starts_on": "2020-01-01", "ends_on": None, "notes": "", "service_types": ["huishoudelijke_hulp"],
        "location_ids": [],
    }
    assert viewer.get(f"/api/v1/g/{world.a_slug}/providers?on_date=2019-12-31").get_json() == []
    detail = viewer.get(f"/api/v1/g/{world.a_slug}/providers/{providers.shared_id}").get_json()
    assert B_SECRET not in str(detail) and detail["kvk_number"] == "81000001"
    assert viewer.get(f"/api/v1/g/{world.a_slug}/providers/relations/{providers.relation_b_id}").status_code == 404
    assert viewer.get(f"/api/v1/g/{world.a_slug}/providers/{providers.other_region_id}").status_code == 404


def test_relations_crud_with_field_errors(world: World, providers: ProviderWorld, client_for: Login) -> None:
    admin = as_user(client_for, world.admin_a)
    base = f"/api/v1/g/{world.a_slug}/providers/relations"
    bad = api(admin, "POST", base, {"provider_id": providers.only_b_id, "financing_form": "lening",
                                    "starts_on": "2026-13-01", "service_types": [], "colour": "rood"})
    assert bad.status_code == 422
    errors = bad.get_json()["errors"]["json"]
    assert errors["financing_form"] == ["Kies een van: contract, subsidie, pgb."]
    assert errors["starts_on"] == ["Geen geldige datum: gebruik JJJJ-MM-DD."]
    assert errors["colour"] == ["Onbekend veld."]
    refused = api(admin, "POST", base, {"provider_id": providers.only_b_id, "financing_form": "pgb",
                                        "starts_on": "2026-02-01", "ends_on": "2026-01-01", "service_types": ["vervoer"]})
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["json"] == {"ends_on": ["De einddatum ligt vóór de ingangsdatum."]}
    created = api(admin, "POST", base, {"provider_id": providers.only_b_id, "financing_form": "pgb",
                                        "starts_on": "2026-02-01", "service_types": ["vervoer", "hulpmiddelen"]})
    assert created.status_code == 201, created.get_json()
    relation = created.get_json()
    assert relation["gemeente_id"] == world.a_id and relation["service_types"] == ["hulpmiddelen", "vervoer"]
    patched = api(admin, "PATCH", f"{base}/{relation['id']}", {"ends_on": "2026-12-31", "reference": "PGB-A"})
    assert patched.status_code == 200 and patched.get_json()["ends_on"] == "2026-12-31"
    # Gemeente B's relation cannot be patched or deleted under A's slug.
    assert api(admin, "PATCH", f"{base}/{providers.relation_b_id}", {"reference": "x"}).status_code == 404
    assert api(admin, "DELETE", f"{base}/{providers.relation_b_id}").status_code == 404
    assert api(admin, "DELETE", f"{base}/{relation['id']}").status_code == 204
    assert inspect_rows("SELECT reference FROM provider_relations WHERE gemeente_id = :b ORDER BY id", b=world.b_id) == [
        ("Relatie Den Haag B-77",), (B_SECRET,), (B_SECRET + "-S",)
    ]


def test_registry_search_and_create(world: World, providers: ProviderWorld, client_for: Login) -> None:
    coordinator = as_user(client_for, world.coordinator)
    found = coordinator.get("/api/v1/regio/providers?q=81000002").get_json()
    assert [p["name"] for p in found] == ["Haagse Thuiszorg"]
    assert "relations" not in found[0]
    duplicate = api(coordinator, "POST", "/api/v1/regio/providers", {"name": "Iets Anders", "kvk_number": "81000002"})
    assert duplicate.status_code == 422
    assert duplicate.get_json()["errors"]["json"]["kvk_number"] == [
        "KvK-nummer 81000002 staat al in het register: Haagse Thuiszorg. Gebruik die aanbieder (of voeg de twee samen)."
        f" (aanbieder {providers.only_b_id})"
    ]
    created = api(coordinator, "POST", "/api/v1/regio/providers", {
        "name": "Dagbesteding De Tuin", "kvk_number": "8300 0001",
        "locations": [{"name": "De Tuin", "postcode": "261 AB", "city": "Delft"}],
    })
    assert created.status_code == 422
    assert created.get_json()["errors"]["json"] == {"locations.0.postcode": ["Vul een postcode in als 1234 AB."]}
    created = api(coordinator, "POST", "/api/v1/regio/providers", {
        "name": "Dagbesteding De Tuin", "kvk_number": "8300 0001",
        "locations": [{"name": "De Tuin", "postcode": "2612ab", "city": "Delft"}],
    })
    assert created.status_code == 201
    body = created.get_json()
    assert (body["kvk_number"], body["locations"][0]["postcode"]) == ("83000001", "2612 AB")
    types = coordinator.get("/api/v1/regio/providers/service-types").get_json()
    assert {"code": "beschermd_wonen", "label": "Beschermd wonen"} in types
    # A gemeente admin may search the registry but not add to it through the region API.
    admin = as_user(client_for, world.admin_a)
    assert admin.get("/api/v1/regio/providers?q=tuin").status_code == 200
    assert api(admin, "POST", "/api/v1/regio/providers", {"name": "X", "kvk_number": "83000002"}).status_code == 403


def test_merge_locations_and_undo_through_the_api(world: World, providers: ProviderWorld, client_for: Login) -> None:
    coordinator = as_user(client_for, world.coordinator)
    created = api(coordinator, "POST", "/api/v1/regio/providers", {
        "name": "Haagse Thuiszorg (dubbel)", "is_informal_carer": True, "confirm_similar_name": True,
    })
    assert created.status_code == 201
    duplicate_id = created.get_json()["id"]
    location = api(coordinator, "POST", f"/api/v1/regio/providers/{duplicate_id}/locations",
                   {"name": "Dubbel", "postcode": "2500aa", "city": "Den Haag"})
    assert location.status_code == 201 and location.get_json()["postcode"] == "2500 AA"
    patched = api(coordinator, "PATCH", f"/api/v1/regio/providers/locations/{location.get_json()['id']}",
                  {"postcode": "25000"})
    assert patched.status_code == 422
    assert patched.get_json()["errors"]["json"] == {"postcode": ["Vul een postcode in als 1234 AB."]}
    no_reason = api(coordinator, "POST", f"/api/v1/regio/providers/{duplicate_id}/merge",
                    {"survivor_id": providers.only_b_id, "reason": " "})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]["json"]
    merged = api(coordinator, "POST", f"/api/v1/regio/providers/{duplicate_id}/merge",
                 {"survivor_id": providers.only_b_id, "reason": "Dubbel ingevoerd"})
    assert merged.status_code == 201, merged.get_json()
    merge = merged.get_json()
    assert (merge["survivor_id"], merge["merged_id"], merge["undone_at"]) == (providers.only_b_id, duplicate_id, None)
    assert coordinator.get(f"/api/v1/regio/providers/{duplicate_id}").get_json()["merged_into_id"] == providers.only_b_id
    undone = api(coordinator, "POST", f"/api/v1/regio/providers/merges/{merge['id']}/undo", {"reason": "Vergissing"})
    assert undone.status_code == 200 and undone.get_json()["undo_reason"] == "Vergissing"
    assert coordinator.get(f"/api/v1/regio/providers/{duplicate_id}").get_json()["merged_into_id"] is None
    # A gemeente admin cannot merge or undo.
    admin = as_user(client_for, world.admin_a)
    assert api(admin, "POST", f"/api/v1/regio/providers/merges/{merge['id']}/undo", {"reason": "x"}).status_code == 403
