"""Reference data shipped with the platform: the 342 gemeenten and the 25 GGD regions (CBS)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select

from regiotoezicht.extensions import db
from tenants.models import Gemeente, Region
from tenants.slugs import slugify


@dataclass(frozen=True)
class GemeenteRow:
    code: str
    name: str


def _rows(filename: str) -> Iterator[dict[str, str]]:
    with resources.files("tenants").joinpath("data", filename).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def gemeente_rows() -> list[GemeenteRow]:
    return [GemeenteRow(r["gemeentecode"], r["gemeentenaam"]) for r in _rows("gemeenten_2023.csv")]


def region_rows() -> list[tuple[str, str]]:
    return [(r["ggd_code"], r["ggd_naam"]) for r in _rows("ggd_regios.csv")]


def load_reference_data() -> tuple[int, int]:
    """Insert the gemeenten and regions that are missing; change nothing that exists.

    Returns how many gemeenten and regions were added (0, 0 on a second run).
    """
    known_gemeenten = set(db.session.execute(select(Gemeente.code)).scalars())
    added_g = 0
    for row in gemeente_rows():
        if row.code not in known_gemeenten:
            db.session.add(Gemeente(code=row.code, name=row.name, slug=slugify(row.name)))
            added_g += 1
    known_regions = set(db.session.execute(select(Region.code)).scalars())
    added_r = 0
    for code, name in region_rows():
        if code not in known_regions:
            db.session.add(Region(code=code, name=name))
            added_r += 1
    db.session.flush()
    return added_g, added_r
