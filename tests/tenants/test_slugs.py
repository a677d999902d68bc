"""Gemeente slugs: ASCII, lower case, apostrophes dropped, other characters become '-'."""

import pytest

from tenants.reference import gemeente_rows
from tenants.slugs import slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("'s-Gravenhage", "s-gravenhage"),
        ("Rijswijk (ZH.)", "rijswijk-zh"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("Bergen (NH.)", "bergen-nh"),
        ("Leidschendam-Voorburg", "leidschendam-voorburg"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_every_gemeente_has_a_unique_slug() -> None:
    rows = gemeente_rows()
    assert len(rows) == 342
    assert len({slugify(r.name) for r in rows}) == 342
