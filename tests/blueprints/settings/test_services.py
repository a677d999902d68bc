"""effective_setting() and the settings services on PostgreSQL, with a second gemeente.

Values are dated: a change takes effect from its date, earlier dates keep the old value, and a
user cannot change the past. Every change is audited; nothing half-stored on bad input.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.enforcement.kinds import DEFAULT_LADDER, MeasureKind
from blueprints.settings import effective
from blueprints.settings.effective import EffectiveValue, effective_setting, resolve_setting
from blueprints.settings.models import GemeenteSetting
from blueprints.settings.registry import MEASURE_KINDS, SETTINGS, SettingType
from blueprints.settings.services import (
    SettingError,
    change_setting,
    restore_default,
    withdraw_planned_change,
)
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantContext, TenantViolation, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tests.factories import World

pytestmark = pytest.mark.postgres

KEY = "meldingen.triage_term_working_days"


def only(gemeente_id: int) -> TenantContext:
    return TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, reason="test")


@pytest.fixture()
def in_a(app: Flask, world: World) -> Iterator[int]:
    with app.app_context(), tenant_context(only(world.a_id)):
        yield world.a_id
        db.session.rollback()


def test_registry_has_the_contract_keys_with_their_defaults() -> None:
    expected = {
        "meldingen.triage_term_working_days": 3,
        "meldingen.acknowledgement_term_working_days": 3,
        "meldingen.provider_investigation_term_weeks": 8,
        "meldingen.local_categories": [],
        "meldingen.copy_kinds": ["calamiteit", "geweld"],
        "reports.response_term_weeks": 2,
        "reports.published_investigation_types": ["reactive", "proactive", "follow_up"],
        "reports.publication_delay_weeks": 2,
        "enforcement.improvement_plan_term_weeks": 6,
        "enforcement.zienswijze_term_weeks": 2,
    }
    for key, default in expected.items():
        assert SETTINGS[key].default == default, key
    ladder = SETTINGS["enforcement.measure_ladder"].default
    assert ladder == DEFAULT_LADDER  # the enforcement slice's kinds, in its order
    assert set(MEASURE_KINDS) == {k.value for k in MeasureKind}
    assert "aanwijzing" not in " ".join(MEASURE_KINDS) and "boete" not in " ".join(MEASURE_KINDS)
    for setting in SETTINGS.values():  # every default passes its own validation
        assert setting.clean(setting.default) == setting.default, setting.key
        assert setting.label and setting.help


def test_without_own_values_the_default_applies(in_a: int) -> None:
    assert effective_setting(in_a, KEY, date(2026, 5, 1)) == 3
    found = resolve_setting(in_a, KEY, date(2026, 5, 1))
    assert found == EffectiveValue(KEY, 3, "standaard")
    assert found.origin_label == "standaard"
    with pytest.raises(KeyError):
        effective_setting(in_a, "meldingen.bestaat_niet", date(2026, 5, 1))


def test_a_change_takes_effect_from_its_date_and_the_past_keeps_the_old_value(in_a: int) -> None:
    change_setting(in_a, KEY, 2, date(2026, 1, 1), allow_past=True)
    change_setting(in_a, KEY, 5, date(2026, 7, 1), allow_past=True)
    assert effective_setting(in_a, KEY, date(2025, 12, 31)) == 3
    assert effective_setting(in_a, KEY, date(2026, 1, 1)) == 2
    assert effective_setting(in_a, KEY, date(2026, 6, 30)) == 2
    assert effective_setting(in_a, KEY, date(2026, 7, 1)) == 5
    assert resolve_setting(in_a, KEY, date(2026, 3, 1)).origin_label == "gemeente sinds 1 januari 2026"


def test_the_second_gemeente_keeps_its_own_values(app: Flask, world: World) -> None:
    with app.app_context():
        with tenant_context(only(world.a_id)):
            change_setting(world.a_id, KEY, 2, date(2026, 1, 1), allow_past=True)
        with tenant_context(only(world.b_id)):
            change_setting(world.b_id, KEY, 7, date(2026, 2, 1), allow_past=True)
        both = TenantContext(allowed_ids=frozenset({world.a_id, world.b_id}), reason="test")
        with tenant_context(both):
            assert effective_setting(world.a_id, KEY, date(2026, 3, 1)) == 2
            assert effective_setting(world.b_id, KEY, date(2026, 3, 1)) == 7
            assert effective_setting(world.b_id, KEY, date(2026, 1, 15)) == 3
        db.session.commit()
        # Reading B's settings from A's context is refused, not answered with the default.
        with tenant_context(only(world.a_id)), pytest.raises(TenantViolation):
            effective_setting(world.b_id, KEY, date(2026, 3, 1))
        with pytest.raises(TenantViolation):
            effective_setting(world.a_id, KEY, date(2026, 3, 1))


def test_list_values_are_typed_copies(in_a: int) -> None:
    kinds = effective_setting(in_a, "meldingen.copy_kinds", date(2026, 5, 1))
    assert kinds == ["calamiteit", "geweld"]
    kinds.append("signaal")  # the caller's copy; the default stays as it was
    assert effective_setting(in_a, "meldingen.copy_kinds", date(2026, 5, 1)) == ["calamiteit", "geweld"]
    change_setting(in_a, "meldingen.copy_kinds", ["signaal", "calamiteit"], date(2026, 1, 1), allow_past=True)
    # A set of choices is kept in registry order; a ladder keeps the order given.
    assert effective_setting(in_a, "meldingen.copy_kinds", date(2026, 5, 1)) == ["calamiteit", "signaal"]
    change_setting(
        in_a, "enforcement.measure_ladder", ["last_onder_dwangsom", "contract_client_stop"], date(2026, 1, 1),
        allow_past=True,
    )
    assert effective_setting(in_a, "enforcement.measure_ladder", date(2026, 2, 1)) == [
        "last_onder_dwangsom", "contract_client_stop"
    ]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (KEY, 0, "Het getal moet minstens 1 zijn."),
        (KEY, 31, "Het getal mag hoogstens 30 zijn."),
        (KEY, "drie", "Vul een heel getal in."),
        (KEY, True, "Vul een heel getal in."),
        (KEY, 2.5, "Vul een heel getal in."),
        ("meldingen.copy_kinds", ["calamiteit", "onzin"], "Onbekende waarde(n): onzin."),
        ("meldingen.copy_kinds", "calamiteit", "Geef een lijst van teksten."),
        ("meldingen.local_categories", ["Wonen", "wonen"], "Elke waarde mag maar één keer voorkomen."),
        ("meldingen.local_categories", ["x" * 81], "Een waarde mag hoogstens 80 tekens hebben."),
        ("enforcement.measure_ladder", [], "Kies er minstens 1."),
        ("enforcement.measure_ladder", ["aanwijzing"], "Onbekende waarde(n): aanwijzing."),
    ],
)
def test_invalid_values_are_refused_with_dutch_messages_and_nothing_stored(
    in_a: int, key: str, value: Any, message: str
) -> None:
    with pytest.raises(SettingError) as exc:
        change_setting(in_a, key, value, today() + timedelta(days=1))
    assert exc.value.errors == {"value": message}
    stored = select(func.count()).select_from(GemeenteSetting).where(GemeenteSetting.key == key)
    assert db.session.execute(stored).scalar() == 0


def test_numbers_given_as_text_are_accepted(in_a: int) -> None:
    row = change_setting(in_a, KEY, " 4 ", today())
    assert row.value == 4


def test_a_user_cannot_change_the_past(in_a: int) -> None:
    with pytest.raises(SettingError) as exc:
        change_setting(in_a, KEY, 2, today() - timedelta(days=1))
    assert set(exc.value.errors) == {"valid_from"}
    with pytest.raises(SettingError) as exc:
        change_setting(in_a, KEY, 2, None)
    assert exc.value.errors["valid_from"] == "Kies de datum waarop de wijziging ingaat."
    with pytest.raises(SettingError) as exc:
        change_setting(in_a, "onbekend.sleutel", 2, today())
    assert exc.value.errors == {"key": "Onbekende instelling."}
    with pytest.raises(SettingError) as exc:
        change_setting(in_a, KEY, 2, today(), note="x" * 501)
    assert exc.value.errors == {"note": "Hoogstens 500 tekens."}


def test_setting_the_value_already_in_force_is_refused(in_a: int) -> None:
    with pytest.raises(SettingError) as exc:
        change_setting(in_a, KEY, 3, today())
    assert exc.value.errors["value"].startswith("Deze waarde geldt op ")


def test_a_planned_change_can_be_replaced_and_withdrawn_but_not_once_in_force(in_a: int) -> None:
    later = today() + timedelta(days=30)
    first = change_setting(in_a, KEY, 4, later)
    again = change_setting(in_a, KEY, 6, later, note="Toch 6")
    assert again.id == first.id and again.value == 6
    assert effective_setting(in_a, KEY, later) == 6
    assert effective_setting(in_a, KEY, today()) == 3
    withdraw_planned_change(again)
    assert effective_setting(in_a, KEY, later) == 3
    in_force = change_setting(in_a, KEY, 4, today())
    with pytest.raises(SettingError):
        withdraw_planned_change(in_force)


def test_restore_default_from_a_date_keeps_the_history(in_a: int) -> None:
    change_setting(in_a, KEY, 2, date(2026, 1, 1), allow_past=True)
    restore_default(in_a, KEY, date(2026, 6, 1), allow_past=True)
    assert effective_setting(in_a, KEY, date(2026, 5, 31)) == 2
    found = resolve_setting(in_a, KEY, date(2026, 6, 1))
    assert found.value == 3 and found.origin == "standaard"
    assert found.origin_label == "standaard (weer sinds 1 juni 2026)"
    with pytest.raises(SettingError) as exc:
        restore_default(in_a, KEY, date(2026, 7, 1), allow_past=True)
    assert exc.value.errors["value"].startswith("Op 1 juli 2026 geldt de standaardwaarde al")


def test_every_change_is_audited(in_a: int) -> None:
    later = today() + timedelta(days=3)
    row = change_setting(in_a, KEY, 4, later)
    change_setting(in_a, KEY, 5, later)
    withdraw_planned_change(row)
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.gemeente_id, AuditEvent.object_type, AuditEvent.detail)
        .where(AuditEvent.action.like("setting.%"))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.gemeente_id, e.object_type) for e in events] == [
        ("setting.changed", in_a, "GemeenteSetting"),
        ("setting.replaced", in_a, "GemeenteSetting"),
        ("setting.withdrawn", in_a, "GemeenteSetting"),
    ]
    assert events[0].detail == {"key": KEY, "valid_from": later.isoformat(), "value": 4, "default": False}


def test_a_registered_source_goes_ahead_of_the_gemeente_values(in_a: int) -> None:
    """How the policy-template issue plugs in adopted policies."""
    change_setting(in_a, KEY, 2, date(2026, 1, 1), allow_past=True)

    def policy(gemeente_id: int, setting: Any, on_date: date) -> EffectiveValue | None:
        if setting.key == KEY and on_date >= date(2026, 9, 1):
            return EffectiveValue(KEY, 1, "beleid", date(2026, 9, 1), "Beleidsregel Wmo-toezicht 2026")
        return None

    effective.register_source(policy)
    try:
        assert effective_setting(in_a, KEY, date(2026, 8, 31)) == 2
        assert effective_setting(in_a, KEY, date(2026, 9, 1)) == 1
        assert resolve_setting(in_a, KEY, date(2026, 9, 1)).reference == "Beleidsregel Wmo-toezicht 2026"
    finally:
        effective._sources.remove(policy)


def test_setting_types_cover_bool_and_choice() -> None:
    from blueprints.settings.registry import SettingDefinition, SettingValueError

    flag = SettingDefinition("x.flag", "Vlag", "Hulp", SettingType.BOOL, False)
    assert flag.clean(True) is True and flag.display(True) == "ja"
    with pytest.raises(SettingValueError):
        flag.clean("ja")
    choice = SettingDefinition("x.c", "Keuze", "Hulp", SettingType.CHOICE, "a", choices={"a": "A", "b": "B"})
    assert choice.clean("b") == "b" and choice.display("b") == "B"
    with pytest.raises(SettingValueError, match="Kies een van de mogelijke waarden: A, B."):
        choice.clean("c")


def test_the_embedded_sqlite_default_stores_and_reads_dated_values(sqlite_app: Flask, sqlite_world: World) -> None:
    with sqlite_app.app_context(), tenant_context(only(sqlite_world.a_id)):
        change_setting(sqlite_world.a_id, "meldingen.copy_kinds", ["signaal"], date(2026, 1, 1), allow_past=True)
        db.session.commit()
        effective.forget_cached_settings()
        assert effective_setting(sqlite_world.a_id, "meldingen.copy_kinds", date(2026, 2, 1)) == ["signaal"]
        assert effective_setting(sqlite_world.a_id, "meldingen.copy_kinds", date(2025, 2, 1)) == ["calamiteit", "geweld"]
        assert effective_setting(sqlite_world.a_id, "reports.publication_delay_weeks", date(2026, 2, 1)) == 4
