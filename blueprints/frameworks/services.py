"""Writes of toetsingskaders: create, edit a concept, copy to a new version, fix (vaststellen).

Every rule is enforced here, whatever the caller (form, API, seed): a fixed version is never
changed (the model guard backs this up), norms name a legal source and at least one financing
form, codes are unique within a version, and only a complete version can be fixed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from blueprints.frameworks import default
from blueprints.frameworks.models import (
    Framework,
    FrameworkDomain,
    FrameworkPart,
    FrameworkStatus,
    JudgementValue,
    LegalSourceKind,
    Norm,
)
from regiotoezicht import audit
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db

FINANCING_FORMS = ("contract", "subsidie", "pgb")


class FrameworkError(Exception):
    """A change the rules refuse; `field` names the form or API field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _require_concept(framework: Framework) -> None:
    if framework.is_fixed:
        raise FrameworkError(
            "Deze versie is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie."
        )


def _text(data: dict[str, Any], key: str, label: str, max_length: int, *, required: bool = True) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise FrameworkError(f"Vul {label} in.", key)
    if len(value) > max_length:
        raise FrameworkError(f"Hoogstens {max_length} tekens.", key)
    return value


def _framework_fields(data: dict[str, Any], current: Framework | None = None) -> dict[str, Any]:
    name = _text(data, "name", "een naam", 200)
    valid_from = data.get("valid_from") or (current.valid_from if current else None)
    if not isinstance(valid_from, date):
        raise FrameworkError("Vul de datum in vanaf wanneer het kader geldt.", "valid_from")
    valid_until = data.get("valid_until")
    if valid_until is not None and valid_until < valid_from:
        raise FrameworkError("De einddatum ligt vóór de begindatum.", "valid_until")
    return {
        "name": name,
        "description": _text(data, "description", "een omschrijving", 4000, required=False),
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


def create_framework(region_id: int, data: dict[str, Any], *, with_scale: bool = True) -> Framework:
    """A new framework (version 1, concept) with the default judgement scale."""
    fields = _framework_fields(data)
    exists = db.session.scalar(
        select(func.count(Framework.id)).where(
            Framework.region_id == region_id, Framework.name == fields["name"]
        )
    )
    if exists:
        raise FrameworkError("Er is al een toetsingskader met deze naam: maak daarvan een nieuwe versie.", "name")
    framework = Framework(region_id=region_id, version=1, status=FrameworkStatus.CONCEPT.value, **fields)
    if with_scale:
        for position, spec in enumerate(default.SCALE):
            framework.judgement_values.append(
                JudgementValue(
                    position=position, code=spec.code, label=spec.label,
                    is_shortcoming=spec.is_shortcoming, is_assessed=spec.is_assessed,
                )
            )
    db.session.add(framework)
    db.session.flush()
    audit.record("framework.created", framework)
    return framework


def update_framework(framework: Framework, data: dict[str, Any]) -> Framework:
    _require_concept(framework)
    fields = _framework_fields({"name": framework.name, **data}, framework)
    changed = [k for k, v in fields.items() if getattr(framework, k) != v]
    if "name" in changed:
        raise FrameworkError("De naam blijft gelijk over de versies heen.", "name")
    for key in changed:
        setattr(framework, key, fields[key])
    db.session.flush()
    if changed:
        audit.record("framework.changed", framework, fields=changed)
    return framework


def _norm_fields(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("legal_source_kind")
    if kind not in {k.value for k in LegalSourceKind}:
        raise FrameworkError("Kies de soort rechtsbron van de norm.", "legal_source_kind")
    forms = [f for f in (data.get("financing_forms") or []) if f]
    if not forms:
        raise FrameworkError(
            "Kies voor welke financieringsvormen de norm geldt (contract, subsidie, pgb).", "financing_forms"
        )
    unknown = sorted(set(forms) - set(FINANCING_FORMS))
    if unknown:
        raise FrameworkError(f"Onbekende financieringsvorm: {', '.join(unknown)}.", "financing_forms")
    aspects = [a for a in (data.get("quality_aspects") or []) if a]
    unknown = sorted(set(aspects) - set(default.QUALITY_ASPECTS))
    if unknown:
        raise FrameworkError(f"Onbekend kwaliteitsaspect: {', '.join(unknown)}.", "quality_aspects")
    return {
        "code": _text(data, "code", "een code", 20),
        "text": _text(data, "text", "de tekst van de norm", 4000),
        "guidance": _text(data, "guidance", "een toelichting", 4000, required=False),
        "legal_source_kind": kind,
        "legal_reference": _text(data, "legal_reference", "de vindplaats (artikel, bepaling)", 200),
        "financing_forms": [f for f in FINANCING_FORMS if f in forms],
        "quality_aspects": [a for a in default.QUALITY_ASPECTS if a in aspects],
    }


def _unique_code(framework: Framework, model: Any, code: str, field: str = "code", exclude: Any = None) -> None:
    taken = {
        o.code
        for o in (
            framework.norms() if model is Norm else framework.domains if model is FrameworkDomain
            else [p for d in framework.domains for p in d.parts]
        )
        if o is not exclude
    }
    if code in taken:
        raise FrameworkError(f"De code {code} komt al voor in deze versie.", field)


def add_domain(framework: Framework, data: dict[str, Any]) -> FrameworkDomain:
    _require_concept(framework)
    code = _text(data, "code", "een code", 20)
    _unique_code(framework, FrameworkDomain, code)
    domain = FrameworkDomain(
        code=code, title=_text(data, "title", "een titel", 200), position=len(framework.domains)
    )
    framework.domains.append(domain)
    db.session.flush()
    audit.record("framework.domain_added", framework, detail={"domain": code})
    return domain


def add_part(domain: FrameworkDomain, data: dict[str, Any]) -> FrameworkPart:
    framework = domain.framework
    _require_concept(framework)
    code = _text(data, "code", "een code", 20)
    _unique_code(framework, FrameworkPart, code)
    part = FrameworkPart(code=code, title=_text(data, "title", "een titel", 200), position=len(domain.parts))
    domain.parts.append(part)
    db.session.flush()
    audit.record("framework.part_added", framework, detail={"part": code})
    return part


def add_norm(part: FrameworkPart, data: dict[str, Any]) -> Norm:
    framework = part.domain.framework
    _require_concept(framework)
    fields = _norm_fields(data)
    _unique_code(framework, Norm, fields["code"])
    norm = Norm(framework_id=framework.id, position=len(part.norms), **fields)
    part.norms.append(norm)
    db.session.flush()
    audit.record("framework.norm_added", framework, detail={"norm": norm.code})
    return norm


def update_norm(norm: Norm, data: dict[str, Any]) -> Norm:
    framework = norm.part.domain.framework
    _require_concept(framework)
    fields = _norm_fields(data)
    _unique_code(framework, Norm, fields["code"], exclude=norm)
    changed = [k for k, v in fields.items() if getattr(norm, k) != v]
    for key in changed:
        setattr(norm, key, fields[key])
    db.session.flush()
    if changed:
        audit.record("framework.norm_changed", framework, fields=changed, detail={"norm": norm.code})
    return norm


def remove_norm(norm: Norm) -> None:
    framework = norm.part.domain.framework
    _require_concept(framework)
    audit.record("framework.norm_removed", framework, detail={"norm": norm.code})
    norm.part.norms.remove(norm)
    db.session.flush()


def new_version(framework: Framework, valid_from: date | None = None) -> Framework:
    """A concept copy of a fixed version, numbered one higher (the fixed one stays as it is)."""
    if not framework.is_fixed:
        raise FrameworkError("Stel deze versie eerst vast, of werk de conceptversie bij.")
    latest = db.session.scalar(
        select(func.max(Framework.version)).where(
            Framework.region_id == framework.region_id, Framework.name == framework.name
        )
    )
    if latest != framework.version:
        raise FrameworkError(f"Er is al een nieuwere versie ({latest}) van dit toetsingskader.")
    copy = Framework(
        region_id=framework.region_id, name=framework.name, version=framework.version + 1,
        description=framework.description, valid_from=valid_from or framework.valid_from,
        status=FrameworkStatus.CONCEPT.value, derived_from_id=framework.id,
    )
    for value in framework.judgement_values:
        copy.judgement_values.append(
            JudgementValue(position=value.position, code=value.code, label=value.label,
                           is_shortcoming=value.is_shortcoming, is_assessed=value.is_assessed)
        )
    db.session.add(copy)
    db.session.flush()
    for domain in framework.domains:
        new_domain = FrameworkDomain(position=domain.position, code=domain.code, title=domain.title)
        copy.domains.append(new_domain)
        for part in domain.parts:
            new_part = FrameworkPart(position=part.position, code=part.code, title=part.title)
            new_domain.parts.append(new_part)
            for norm in part.norms:
                new_part.norms.append(
                    Norm(
                        framework_id=copy.id, position=norm.position, code=norm.code, text=norm.text,
                        guidance=norm.guidance, legal_source_kind=norm.legal_source_kind,
                        legal_reference=norm.legal_reference, financing_forms=list(norm.financing_forms),
                        quality_aspects=list(norm.quality_aspects),
                    )
                )
    db.session.flush()
    audit.record("framework.version_created", copy, detail={"from": framework.id, "version": copy.version})
    return copy


def fix_framework(framework: Framework, user_id: int | None) -> Framework:
    """Vaststellen: from now on this version is immutable and can be used for investigations."""
    _require_concept(framework)
    if not framework.norms():
        raise FrameworkError("Een toetsingskader zonder normen kan niet worden vastgesteld.")
    empty = [d.code for d in framework.domains if not any(p.norms for p in d.parts)]
    if empty:
        raise FrameworkError(f"Domein {', '.join(empty)} heeft nog geen normen.")
    if not any(v.is_assessed for v in framework.judgement_values):
        raise FrameworkError("De beoordelingsschaal heeft geen waarde waarmee een norm wordt beoordeeld.")
    framework.status = FrameworkStatus.FIXED.value
    framework.fixed_at = utcnow()
    framework.fixed_by_id = user_id
    db.session.flush()
    audit.record("framework.fixed", framework, detail={"version": framework.version})
    return framework


def install_default_framework(region_id: int, valid_from: date, *, fix: bool = True) -> Framework:
    """The default art. 3.1 toetsingskader for a region (version 1), fixed unless asked not to."""
    framework = create_framework(
        region_id, {"name": default.NAME, "description": default.DESCRIPTION, "valid_from": valid_from}
    )
    for domain_spec in default.DOMAINS:
        domain = add_domain(framework, {"code": domain_spec.code, "title": domain_spec.title})
        for part_spec in domain_spec.parts:
            part = add_part(domain, {"code": part_spec.code, "title": part_spec.title})
            for spec in part_spec.norms:
                add_norm(part, {
                    "code": spec.code, "text": spec.text, "guidance": spec.guidance,
                    "legal_source_kind": spec.source_kind, "legal_reference": spec.reference,
                    "financing_forms": list(spec.forms), "quality_aspects": list(spec.aspects),
                })
    if fix:
        fix_framework(framework, None)
    return framework
