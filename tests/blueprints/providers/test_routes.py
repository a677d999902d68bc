"""The provider pages: a gemeente's list and detail, adding relations, the region's registry and merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import ChoiceLoader, DictLoader

from blueprints.providers import panels

from tests.blueprints.providers.conftest import B_SECRET, ProviderWorld, as_user, post
from tests.factories import World
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

Login = Callable[[Any], FlaskClient]


def _page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:300])
    return response.get_data(as_text=True)


def test_a_gemeente_sees_its_own_relations_and_never_anothers(
    world: World, providers: ProviderWorld, client_for: Login
) -> None:
    viewer = as_user(client_for, world.viewer_a)
    html = _page(viewer, f"/g/{world.a_slug}/aanbieders/")
    assert "Zorggroep Gedeeld" in html and "Contract (zorg in natura)" in html
    assert "Haagse Thuiszorg" not in html  # only B has a relation with it
    detail = _page(viewer, f"/g/{world.a_slug}/aanbieders/{providers.shared_id}")
    assert "A-CONTRACT-1" in detail and "Huishoudelijke hulp" in detail
    assert B_SECRET not in detail and "Pgb" not in detail
    # B's relation id under A's slug: not found, and the refusal is logged.
    admin = as_user(client_for, world.admin_a)
    _page(admin, f"/g/{world.a_slug}/aanbieders/relaties/{providers.relation_b_id}", 404)
    assert post(admin, f"/g/{world.a_slug}/aanbieders/relaties/{providers.relation_b_id}/verwijderen").status_code == 404
    assert inspect_rows("SELECT count(*) FROM provider_relations WHERE id = :i", i=providers.relation_b_id) == [(1,)]
    # A provider of another region's registry is not found either.
    _page(viewer, f"/g/{world.a_slug}/aanbieders/{providers.other_region_id}", 404)
    # B's own admin sees B's relations, and not A's.
    b_html = _page(as_user(client_for, world.admin_b), f"/g/{world.b_slug}/aanbieders/{providers.shared_id}")
    assert B_SECRET in b_html and "A-CONTRACT-1" not in b_html


def test_search_the_registry_and_record_a_relation(world: World, providers: ProviderWorld, client_for: Login) -> None:
    admin = as_user(client_for, world.admin_a)
    html = _page(admin, f"/g/{world.a_slug}/aanbieders/?q=haagse")
    assert "Haagse Thuiszorg" in html and "Relatie vastleggen" in html
    assert "Utrechtse" not in _page(admin, f"/g/{world.a_slug}/aanbieders/?q=zorg")
    path = f"/g/{world.a_slug}/aanbieders/{providers.only_b_id}/relaties/nieuw"
    refused = post(admin, path, {"financing_form": "subsidie", "starts_on": "2026-01-01", "ends_on": "2025-01-01"})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "De einddatum ligt vóór de ingangsdatum." in text and "Kies ten minste één voorziening." in text
    done = post(admin, path, {"financing_form": "subsidie", "reference": "SUB-A-9", "starts_on": "2026-01-01",
                              "service_types": ["begeleiding_groep", "vervoer"]})
    assert done.status_code == 302
    detail = _page(admin, done.headers["Location"])
    assert "SUB-A-9" in detail and "Begeleiding groep / dagbesteding" in detail and B_SECRET not in detail
    assert inspect_rows(
        "SELECT gemeente_id, financing_form FROM provider_relations WHERE reference = 'SUB-A-9'"
    ) == [(world.a_id, "subsidie")]


def test_a_viewer_cannot_record_relations(world: World, providers: ProviderWorld, client_for: Login) -> None:
    viewer = as_user(client_for, world.viewer_a)
    assert "Relatie vastleggen" not in _page(viewer, f"/g/{world.a_slug}/aanbieders/{providers.shared_id}")
    _page(viewer, f"/g/{world.a_slug}/aanbieders/{providers.shared_id}/relaties/nieuw", 403)


def test_a_new_provider_with_a_known_kvk_number_points_to_the_existing_one(
    world: World, providers: ProviderWorld, client_for: Login
) -> None:
    admin = as_user(client_for, world.admin_a)
    response = post(admin, f"/g/{world.a_slug}/aanbieders/nieuw", {"name": "Nieuwe Naam", "kvk_number": "8100 0002"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "KvK-nummer 81000002 staat al in het register: Haagse Thuiszorg" in text
    assert f"/aanbieders/{providers.only_b_id}/relaties/nieuw" in text
    bad = post(admin, f"/g/{world.a_slug}/aanbieders/nieuw", {"name": "Zorg BV", "kvk_number": "123", "postcode": "12"})
    assert bad.status_code == 400
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in bad.get_data(as_text=True)
    created = post(admin, f"/g/{world.a_slug}/aanbieders/nieuw", {
        "name": "Buurtzorg Tanthof", "kvk_number": "82000001", "location_name": "Tanthof",
        "postcode": "2625 ab", "city": "Delft",
    })
    assert created.status_code == 302 and "/relaties/nieuw" in created.headers["Location"]
    assert inspect_rows("SELECT name, kvk_number FROM providers WHERE kvk_number = '82000001'") == [
        ("Buurtzorg Tanthof", "82000001")
    ]
    assert inspect_rows("SELECT postcode FROM provider_locations WHERE name = 'Tanthof'") == [("2625 AB",)]


def test_registry_pages_show_relations_of_entitled_gemeenten_only(
    world: World, providers: ProviderWorld, client_for: Login
) -> None:
    coordinator = as_user(client_for, world.coordinator)
    html = _page(coordinator, "/regio/aanbieders/?q=zorggroep")
    assert "Zorggroep Gedeeld" in html and "Utrechtse" not in html
    detail = _page(coordinator, f"/regio/aanbieders/{providers.shared_id}")
    assert "A-CONTRACT-1" in detail and B_SECRET in detail  # the coordinator works for both
    inspector = as_user(client_for, world.inspector_a)
    inspector_detail = _page(inspector, f"/regio/aanbieders/{providers.shared_id}")
    assert "A-CONTRACT-1" in inspector_detail and B_SECRET not in inspector_detail
    _page(coordinator, f"/regio/aanbieders/{providers.other_region_id}", 404)
    # The privacy officer has no business in the registry.
    _page(as_user(client_for, world.privacy_officer), "/regio/aanbieders/", 403)


def test_merge_through_the_pages(world: World, providers: ProviderWorld, client_for: Login) -> None:
    coordinator = as_user(client_for, world.coordinator)
    created = post(coordinator, "/regio/aanbieders/nieuw", {"name": "Zorggroep  gedeeld B.V.", "is_informal_carer": "y"})
    assert created.status_code == 400  # near-identical name: confirm first
    assert "bijna gelijke naam" in created.get_data(as_text=True)
    created = post(coordinator, "/regio/aanbieders/nieuw", {
        "name": "Zorggroep  gedeeld B.V.", "is_informal_carer": "y", "confirm_similar_name": "y",
    })
    assert created.status_code == 302
    duplicate_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    dupes = _page(coordinator, "/regio/aanbieders/dubbel")
    assert f"/regio/aanbieders/{duplicate_id}/samenvoegen?met={providers.shared_id}" in dupes
    form = _page(coordinator, f"/regio/aanbieders/{duplicate_id}/samenvoegen?met={providers.shared_id}")
    assert f'value="{providers.shared_id}" checked' in form
    assert post(coordinator, f"/regio/aanbieders/{duplicate_id}/samenvoegen",
                {"survivor_id": str(providers.shared_id)}).status_code == 400  # no reason
    merged = post(coordinator, f"/regio/aanbieders/{duplicate_id}/samenvoegen",
                  {"survivor_id": str(providers.shared_id), "reason": "Dubbel ingevoerd"})
    assert merged.status_code == 302
    page = _page(coordinator, f"/regio/aanbieders/{duplicate_id}")
    assert "Deze aanbieder is samengevoegd met" in page and "Zorggroep Gedeeld" in page
    survivor = _page(coordinator, f"/regio/aanbieders/{providers.shared_id}")
    assert "Opgegaan in dit record" in survivor and "Dubbel ingevoerd" in survivor
    assert inspect_rows("SELECT merged_into_id FROM providers WHERE id = :i", i=duplicate_id) == [(providers.shared_id,)]
    assert inspect_rows("SELECT survivor_id, merged_id, reason FROM provider_merges") == [
        (providers.shared_id, duplicate_id, "Dubbel ingevoerd")
    ]
    # Undo through the page: the duplicate is a provider of its own again.
    merge_id = inspect_rows("SELECT id FROM provider_merges")[0][0]
    assert f"/regio/aanbieders/samenvoegingen/{merge_id}/ongedaan-maken" in survivor
    assert post(coordinator, f"/regio/aanbieders/samenvoegingen/{merge_id}/ongedaan-maken").status_code == 400
    undone = post(coordinator, f"/regio/aanbieders/samenvoegingen/{merge_id}/ongedaan-maken", {"reason": "Vergissing"})
    assert undone.status_code == 302
    assert inspect_rows("SELECT merged_into_id FROM providers WHERE id = :i", i=duplicate_id) == [(None,)]
    assert "ongedaan gemaakt op" in _page(coordinator, f"/regio/aanbieders/{duplicate_id}")
    # A gemeente admin (no registry permission) cannot merge.
    admin = as_user(client_for, world.admin_a)
    assert admin.get(f"/regio/aanbieders/{providers.only_b_id}/samenvoegen").status_code == 403


def test_panels_of_other_slices_show_on_the_gemeente_page(
    app: Flask, world: World, providers: ProviderWorld, client_for: Login
) -> None:


    seen: list[tuple[frozenset[int], int]] = []

    def loader(ids: frozenset[int], gemeente_id: int) -> dict[str, Any]:
        seen.append((ids, gemeente_id))
        return {"count": 3}

    panels.register_panel("test", "Meldingen over deze aanbieder", "providers/_test_panel.html", loader)


    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader({"providers/_test_panel.html": "<p>{{ ctx.count }} meldingen</p>"}), original])
    try:
        html = _page(as_user(client_for, world.viewer_a), f"/g/{world.a_slug}/aanbieders/{providers.shared_id}")
    finally:
        app.jinja_env.loader = original
        panels._panels.pop("test")
    assert "Meldingen over deze aanbieder" in html and "<p>3 meldingen</p>" in html
    assert seen == [(frozenset({providers.shared_id}), world.a_id)]
