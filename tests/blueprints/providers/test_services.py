"""The provider services enforce every rule themselves: KvK numbers, duplicates, periods, merges."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select, text

from blueprints.providers import queries, services
from blueprints.providers.models import FinancingForm, Provider, ProviderMerge, ProviderRelation
from blueprints.providers.services import ProviderError
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantViolation
from regiotoezicht.extensions import db
from tests.blueprints.providers.conftest import in_gemeente, in_region
from tests.factories import World, gemeente, link, make_provider, make_relation, region
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

DAY = date(2026, 6, 1)


def _relation_data(**overrides: object) -> dict[str, object]:
    return {
        "financing_form": "contract", "reference": "C-2026-01", "starts_on": date(2026, 1, 1),
        "ends_on": None, "service_types": ["huishoudelijke_hulp"], **overrides,
    }


def test_kvk_number_is_eight_digits_spaces_stripped(app: Flask, world: World) -> None:
    with in_gemeente(app, world.a_id):
        provider = services.register_provider(
            {"name": "Thuiszorg De Linde", "kvk_number": " 1234 5678 "}, region_id=world.region_id
        )
        assert provider.kvk_number == "12345678"
        for wrong in ("1234567", "123456789", "1234567a", "KvK 12345678"):
            with pytest.raises(ProviderError) as error:
                services.register_provider({"name": f"Ander {wrong}", "kvk_number": wrong}, region_id=world.region_id)
            assert error.value.errors == {"kvk_number": "Een KvK-nummer bestaat uit precies 8 cijfers."}


def test_only_an_informal_pgb_carer_may_lack_a_kvk_number(app: Flask, world: World) -> None:
    with in_gemeente(app, world.a_id):
        with pytest.raises(ProviderError) as error:
            services.register_provider({"name": "Zorgbureau Zonder"}, region_id=world.region_id)
        assert "informele pgb-zorgverlener" in error.value.errors["kvk_number"]
        carer = services.register_provider(
            {"name": "J. Jansen (mantelzorger)", "is_informal_carer": True}, region_id=world.region_id
        )
        assert carer.kvk_number is None


def test_a_duplicate_kvk_number_is_refused_with_a_pointer_to_the_existing_record(
    app: Flask, world: World
) -> None:
    with in_gemeente(app, world.a_id):
        first = services.register_provider({"name": "Zorggroep Oost", "kvk_number": "11112222"}, region_id=world.region_id)
        with pytest.raises(ProviderError) as error:
            services.register_provider({"name": "Heel Andere Naam", "kvk_number": "1111 2222"}, region_id=world.region_id)
        assert error.value.existing is not None and error.value.existing.id == first.id
        assert "Zorggroep Oost" in error.value.errors["kvk_number"]
        # Correcting another record to that number is refused the same way.
        other = services.register_provider({"name": "Welzijn West", "kvk_number": "33334444"}, region_id=world.region_id)
        with pytest.raises(ProviderError):
            services.update_provider(other, {"kvk_number": "11112222"})


def test_the_same_kvk_number_may_exist_in_another_region(app: Flask, world: World) -> None:
    with app.app_context():
        utrecht = region("GG3406")
        link(utrecht, gemeente("GM0344"))
        utrecht_gemeente = gemeente("GM0344").id
        db.session.commit()
    with in_gemeente(app, world.a_id):
        services.register_provider({"name": "Landelijke Zorg", "kvk_number": "55556666"}, region_id=world.region_id)
        db.session.commit()
    with in_gemeente(app, utrecht_gemeente):
        other = services.register_provider(
            {"name": "Landelijke Zorg", "kvk_number": "55556666"}, region_id=region("GG3406").id
        )
        assert other.id
        # ... but not into a region this context does not reach.
        with pytest.raises(ProviderError) as error:
            services.register_provider({"name": "Elders", "kvk_number": "77778888"}, region_id=world.region_id)
        assert "region_id" in error.value.errors


def test_near_identical_names_warn_until_confirmed(app: Flask, world: World) -> None:
    with in_gemeente(app, world.a_id):
        services.register_provider({"name": "Stichting Zorg & Welzijn", "kvk_number": "10000001"}, region_id=world.region_id)
        with pytest.raises(ProviderError) as error:
            services.register_provider({"name": "Zorg en Welzijn B.V.", "kvk_number": "10000002"}, region_id=world.region_id)
        assert [p.name for p in error.value.similar] == ["Stichting Zorg & Welzijn"]
        provider = services.register_provider(
            {"name": "Zorg en Welzijn B.V.", "kvk_number": "10000002"}, region_id=world.region_id,
            confirm_similar_name=True,
        )
        assert provider.id


def test_locations_need_a_name_and_a_dutch_postcode(app: Flask, world: World) -> None:
    with in_gemeente(app, world.a_id):
        provider = services.register_provider(
            {"name": "Dagbesteding Het Erf", "kvk_number": "20000001",
             "locations": [{"name": "Het Erf", "street": "Erfweg", "house_number": "1", "postcode": "2611ab", "city": "Delft"}]},
            region_id=world.region_id,
        )
        assert [(loc.postcode, loc.address) for loc in provider.locations] == [("2611 AB", "Erfweg 1, 2611 AB Delft")]
        with pytest.raises(ProviderError) as error:
            services.add_location(provider, {"name": "", "postcode": "0123 AB"})
        assert error.value.errors == {
            "name": "De naam van de locatie is verplicht.", "postcode": "Vul een postcode in als 1234 AB.",
        }


def test_a_relation_belongs_to_the_active_gemeente_and_checks_its_rules(app: Flask, world: World) -> None:
    with app.app_context():
        provider_id = make_provider(region(), "Thuishulp Noord", "30000001").id
        carer_id = make_provider(region(), "Buurvrouw", is_informal_carer=True).id
        db.session.commit()
    with in_gemeente(app, world.a_id):
        provider = db.session.get(Provider, provider_id)
        relation = services.add_relation(provider, _relation_data(service_types=["huishoudelijke_hulp", "begeleiding_individueel"]))
        assert relation.gemeente_id == world.a_id
        assert [s.code for s in relation.service_types] == ["huishoudelijke_hulp", "begeleiding_individueel"]
        cases = [
            (_relation_data(financing_form="lening"), "financing_form"),
            (_relation_data(starts_on=None), "starts_on"),
            (_relation_data(ends_on=date(2025, 1, 1)), "ends_on"),
            (_relation_data(service_types=[]), "service_types"),
            (_relation_data(service_types=["ruimtevaart"]), "service_types"),
            (_relation_data(location_ids=[999999]), "location_ids"),
            # The same contract again for an overlapping period.
            (_relation_data(starts_on=date(2026, 3, 1)), "starts_on"),
        ]
        for data, field in cases:
            with pytest.raises(ProviderError) as error:
                services.add_relation(provider, data)
            assert field in error.value.errors, (data, error.value.errors)
        # A second contract with another reference is fine; pgb only for the informal carer.
        services.add_relation(provider, _relation_data(reference="C-2026-02"))
        carer = db.session.get(Provider, carer_id)
        with pytest.raises(ProviderError) as error:
            services.add_relation(carer, _relation_data())
        assert "pgb" in error.value.errors["financing_form"]
        assert services.add_relation(carer, _relation_data(financing_form="pgb")).financing_form is FinancingForm.PGB


def test_a_relation_cannot_be_written_for_another_gemeente(app: Flask, world: World) -> None:
    with app.app_context():
        provider = make_provider(region(), "Thuishulp Zuid", "30000002")
        relation_b = make_relation(gemeente("GM0518"), provider, reference="B-geheim")
        provider_id, relation_b_id = provider.id, relation_b.id
        db.session.commit()
    with in_gemeente(app, world.a_id):
        # Not found through the ORM ...
        assert db.session.get(ProviderRelation, relation_b_id) is None
        assert queries.relations_of_provider(provider_id) == []
        # ... and a row naming gemeente B is refused before it reaches the database.
        db.session.add(ProviderRelation(gemeente_id=world.b_id, provider_id=provider_id,
                                        financing_form=FinancingForm.PGB, starts_on=DAY))
        with pytest.raises(TenantViolation):
            db.session.flush()
        db.session.rollback()
        # Row-level security hides B's rows from raw SQL as well.
        with in_gemeente(app, world.a_id):
            count = db.session.execute(
                text("SELECT count(*) FROM provider_relations WHERE provider_id = :p"), {"p": provider_id}
            ).scalar_one()
            links = db.session.execute(
                text("SELECT count(*) FROM provider_relation_service_types WHERE relation_id = :r"), {"r": relation_b_id}
            ).scalar_one()
            assert (count, links) == (0, 0)
    assert inspect_rows(
        "SELECT count(*) FROM provider_relations WHERE gemeente_id = :b AND provider_id = :p", b=world.b_id, p=provider_id
    ) == [(1,)]


def test_relation_update_and_removal_are_audited(app: Flask, world: World) -> None:
    with app.app_context():
        provider_id = make_provider(region(), "Hulp aan Huis", "30000003").id
        db.session.commit()
    with in_gemeente(app, world.a_id):
        relation = services.add_relation(db.session.get(Provider, provider_id), _relation_data())
        services.update_relation(relation, {"ends_on": date(2026, 12, 31), "service_types": ["vervoer", "huishoudelijke_hulp"]})
        assert relation.ends_on == date(2026, 12, 31)
        assert {s.code for s in relation.service_types} == {"vervoer", "huishoudelijke_hulp"}
        with pytest.raises(ProviderError):
            services.update_relation(relation, {"ends_on": date(2025, 12, 31)})
        services.remove_relation(relation)
        actions = list(db.session.execute(
            select(AuditEvent.action, AuditEvent.gemeente_id).where(AuditEvent.action.like("provider_relation.%")).order_by(AuditEvent.id)
        ))
        assert actions == [("provider_relation.added", world.a_id), ("provider_relation.changed", world.a_id),
                           ("provider_relation.removed", world.a_id)]


def test_merging_moves_history_of_every_gemeente_without_writing_their_rows(app: Flask, world: World) -> None:
    with app.app_context():
        r = region()
        survivor = make_provider(r, "Zorgcentrum De Haven", "40000001", locations=(("Haven", "Delft"),))
        merged = make_provider(r, "Zorgcentrum de Haven BV", None, is_informal_carer=True,
                               locations=(("Kade", "Den Haag"),))
        earlier = make_provider(r, "Haven Zorg (oud)", None, is_informal_carer=True)
        earlier.merged_into_id = merged.id
        rel_b = make_relation(gemeente("GM0518"), merged, FinancingForm.PGB, reference="B-pgb")
        ids = (survivor.id, merged.id, earlier.id, rel_b.id)
        db.session.commit()
    survivor_id, merged_id, earlier_id, rel_b_id = ids
    before = inspect_rows("SELECT provider_id, updated_at FROM provider_relations WHERE id = :i", i=rel_b_id)
    with in_region(app, world.a_id):  # a region user who acts in Delft only
        survivor, merged = db.session.get(Provider, survivor_id), db.session.get(Provider, merged_id)
        with pytest.raises(ProviderError) as error:
            services.merge_providers(survivor, merged, reason="", actor_id=None)
        assert "reason" in error.value.errors
        row = services.merge_providers(survivor, merged, reason="Dubbel ingevoerd", actor_id=world.user_ids["coordinator"])
        assert isinstance(row, ProviderMerge)
        assert db.session.get(Provider, earlier_id).merged_into_id == survivor_id  # flattened
        assert queries.canonical_provider_id(earlier_id) == survivor_id
        assert queries.merged_provider_ids(merged_id) == {survivor_id, merged_id, earlier_id}
        assert {loc.name for loc in queries.locations_of(survivor_id)} == {"Haven", "Kade"}
        assert [p.id for p in queries.search_registry("haven")] == [survivor_id]
        assert db.session.execute(
            select(AuditEvent.detail).where(AuditEvent.action == "provider.merged")
        ).scalar_one() == {"survivor_id": survivor_id, "merged_id": merged_id, "merge_id": row.id, "kvk_taken_over": False}
        # Merging again, or into a merged record, is refused.
        with pytest.raises(ProviderError):
            services.merge_providers(merged, survivor, reason="nogmaals", actor_id=None)
        db.session.commit()
    # Gemeente B's relation row was not written, and B sees it under the survivor.
    assert inspect_rows("SELECT provider_id, updated_at FROM provider_relations WHERE id = :i", i=rel_b_id) == before
    with in_gemeente(app, world.b_id):
        listed = [p.id for p in queries.providers_of_gemeente(world.b_id, DAY)]
        assert survivor_id in listed and merged_id not in listed
        assert queries.financing_forms_for(merged_id, [world.b_id], DAY) == {FinancingForm.PGB}
        assert queries.financing_forms_for(survivor_id, [world.b_id], DAY) == {FinancingForm.PGB}
        overview = {o.provider.id: o for o in queries.overview_of_gemeente(world.b_id)}
        assert merged_id not in overview and [r.id for r in overview[survivor_id].relations] == [rel_b_id]


def test_merge_takes_over_a_kvk_number_and_refuses_two_different_ones(app: Flask, world: World) -> None:
    with app.app_context():
        r = region()
        no_kvk = make_provider(r, "Zorg Zonder", None, is_informal_carer=True).id
        with_kvk = make_provider(r, "Zorg Met", "50000001").id
        other = make_provider(r, "Zorg Anders", "50000002").id
        region_id = r.id
        db.session.commit()
    with in_region(app, world.a_id, world.b_id):
        get = lambda i: db.session.get(Provider, i)  # noqa: E731
        with pytest.raises(ProviderError) as error:
            services.merge_providers(get(with_kvk), get(other), reason="x", actor_id=None)
        assert "verschillende KvK-nummers" in error.value.errors["survivor_id"]
        services.merge_providers(get(no_kvk), get(with_kvk), reason="Zelfde onderneming", actor_id=None)
        assert (get(no_kvk).kvk_number, get(no_kvk).is_informal_carer) == ("50000001", False)
        assert queries.find_by_kvk("50000001", region_id).id == no_kvk


def test_financing_forms_follow_dates_and_the_scope(app: Flask, world: World) -> None:
    with app.app_context():
        a, b = gemeente("GM0503"), gemeente("GM0518")
        provider = make_provider(region(), "Breed Aanbod", "60000001")
        make_relation(a, provider, FinancingForm.CONTRACT, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
        make_relation(a, provider, FinancingForm.SUBSIDY, starts_on=date(2026, 1, 1))
        make_relation(b, provider, FinancingForm.PGB, starts_on=date(2020, 1, 1))
        provider_id = provider.id
        db.session.commit()
    with in_region(app, world.a_id, world.b_id):
        forms = queries.financing_forms_for
        assert forms(provider_id, [world.a_id], date(2025, 6, 1)) == {FinancingForm.CONTRACT}
        assert forms(provider_id, [world.a_id], DAY) == {FinancingForm.SUBSIDY}
        assert forms(provider_id, [world.a_id, world.b_id], DAY) == {FinancingForm.SUBSIDY, FinancingForm.PGB}
        assert forms(provider_id, [world.a_id], date(2019, 1, 1)) == set()
        assert [p.id for p in queries.providers_of_gemeente(world.a_id, date(2025, 6, 1))] == [provider_id, world.provider_id]
        assert queries.providers_of_gemeente(world.a_id, date(2019, 1, 1)) == []
    with in_gemeente(app, world.a_id):
        # Gemeente B named, but outside the context: its pgb relation does not count.
        assert queries.financing_forms_for(provider_id, [world.b_id], DAY) == set()
        assert queries.providers_of_gemeente(world.b_id) == []


def test_search_finds_by_name_kvk_and_place_within_reach(app: Flask, world: World) -> None:
    with app.app_context():
        r = region()
        make_provider(r, "Thuiszorg Het Anker", "70000001", locations=(("Anker Noord", "Zoetermeer"),))
        make_provider(r, "Dagbesteding De Boog", "70000002")
        utrecht = region("GG3406")
        make_provider(utrecht, "Anker Utrecht", "70000003")
        db.session.commit()
    with in_gemeente(app, world.a_id):
        names = lambda q: [p.name for p in queries.search_registry(q)]  # noqa: E731
        assert names("anker") == ["Thuiszorg Het Anker"]
        assert names("7000.0002") == ["Dagbesteding De Boog"]
        assert names("zoetermeer") == ["Thuiszorg Het Anker"]
        assert names("thuiszorg anker") == ["Thuiszorg Het Anker"]
        assert names("") == ["Dagbesteding De Boog", "Thuiszorg Het Anker", "Wereldzorg"]
        assert queries.search_registry("anker", region("GG3406").id) == []


def test_gemeenten_with_a_relation_are_those_of_the_scope(app: Flask, world: World) -> None:
    with app.app_context():
        provider = make_provider(region(), "Gedeelde Zorg", "61000001")
        make_relation(gemeente("GM0503"), provider, starts_on=date(2026, 1, 1))
        make_relation(gemeente("GM0518"), provider, FinancingForm.PGB, starts_on=date(2020, 1, 1),
                      ends_on=date(2025, 12, 31))
        provider_id = provider.id
        db.session.commit()
    with in_region(app, world.a_id, world.b_id):
        assert queries.gemeente_ids_with_relation(provider_id) == {world.a_id, world.b_id}
        assert queries.gemeente_ids_with_relation(provider_id, DAY) == {world.a_id}
        assert queries.gemeente_ids_with_relation(provider_id, date(2025, 6, 1)) == {world.b_id}
    with in_gemeente(app, world.a_id):
        assert queries.gemeente_ids_with_relation(provider_id) == {world.a_id}


def test_a_merge_can_be_undone_and_restores_what_it_changed(app: Flask, world: World) -> None:
    with app.app_context():
        r = region()
        survivor = make_provider(r, "Zorg Samen", None, is_informal_carer=True)
        merged = make_provider(r, "Zorg Samen BV", "62000001")
        earlier = make_provider(r, "Zorg Samen (oud)", None, is_informal_carer=True)
        earlier.merged_into_id = merged.id
        ids = (survivor.id, merged.id, earlier.id)
        db.session.commit()
    survivor_id, merged_id, earlier_id = ids
    with in_region(app, world.a_id, world.b_id):
        get = lambda i: db.session.get(Provider, i)  # noqa: E731
        merge = services.merge_providers(get(survivor_id), get(merged_id), reason="Dubbel", actor_id=None)
        assert (merge.kvk_taken_over, merge.repointed_ids) == ("62000001", [earlier_id])
        with pytest.raises(ProviderError) as error:
            services.undo_merge(merge, reason="", actor_id=None)
        assert "reason" in error.value.errors
        services.undo_merge(merge, reason="Toch twee aanbieders", actor_id=world.user_ids["coordinator"])
        assert get(merged_id).merged_into_id is None and get(earlier_id).merged_into_id == merged_id
        assert (get(survivor_id).kvk_number, get(survivor_id).is_informal_carer) == (None, True)
        assert queries.find_by_kvk("62000001", get(merged_id).region_id).id == merged_id
        assert merge.is_undone and merge.undo_reason == "Toch twee aanbieders"
        with pytest.raises(ProviderError) as error:
            services.undo_merge(merge, reason="nog eens", actor_id=None)
        assert "al ongedaan" in error.value.errors["_schema"]
        # A merge whose survivor was merged later waits until that one is undone.
        second = services.merge_providers(get(survivor_id), get(merged_id), reason="Toch dubbel", actor_id=None)
        third_target = make_provider(get(survivor_id).region, "Zorg Samen Holding", None, is_informal_carer=True)
        services.merge_providers(third_target, get(survivor_id), reason="Overkoepelend", actor_id=None)
        with pytest.raises(ProviderError) as error:
            services.undo_merge(second, reason="x", actor_id=None)
        assert "maak dat eerst ongedaan" in error.value.errors["_schema"]
        assert db.session.execute(
            select(AuditEvent.action).where(AuditEvent.action == "provider.merge_undone")
        ).scalars().all() == ["provider.merge_undone"]
