"""Dutch labels for audit actions, so a reader sees "Toegang geweigerd" and not only a code."""

from __future__ import annotations

#: Actions that services and the core record by name (see the `audit.record` call sites).
ACTION_LABELS: dict[str, str] = {
    "access.refused": "Toegang geweigerd",
    "access.not_found": "Niet gevonden (mogelijk een andere gemeente)",
    "audit.viewed": "Auditlog ingezien",
    "auth.login": "Ingelogd",
    "auth.login_failed": "Inloggen mislukt",
    "auth.login_refused": "Inloggen geweigerd (account tijdelijk geblokkeerd)",
    "auth.logout": "Uitgelogd",
    "auth.second_factor_ok": "Tweede factor gecontroleerd",
    "auth.second_factor_failed": "Tweede factor onjuist",
    "auth.password_set": "Wachtwoord ingesteld",
    "auth.link_issued.invite": "Uitnodiging verstuurd",
    "auth.link_issued.reset": "Link voor nieuw wachtwoord verstuurd",
    "auth.link_used.invite": "Uitnodiging geaccepteerd",
    "auth.link_used.reset": "Wachtwoord opnieuw ingesteld via link",
    "auth.api_token_created": "API-token aangemaakt",
    "auth.api_token_revoked": "API-token ingetrokken",
    "auth.totp_setup_started": "Tweestapsverificatie: instellen gestart",
    "auth.totp_enabled": "Tweestapsverificatie aangezet",
    "auth.totp_disabled": "Tweestapsverificatie uitgezet",
    "cli.tenant_context": "Beheeropdracht over meerdere gemeenten",
    "contact.added": "Contactpersoon toegevoegd",
    "contact.changed": "Contactpersoon gewijzigd",
    "contact.removed": "Contactpersoon verwijderd",
    "mail.queued": "E-mail klaargezet",
    "mail.viewed": "Uitgaande e-mail ingezien",
    "membership.granted": "Rol in gemeente toegekend",
    "membership.ended": "Rol in gemeente beëindigd",
    "region_role.granted": "Regiorol toegekend",
    "region_role.ended": "Regiorol beëindigd",
}

#: The safety-net rows of the flush hook are named "<table>.<kind>".
_KIND_LABELS = {"create": "Gegevens aangemaakt", "update": "Gegevens gewijzigd", "delete": "Gegevens verwijderd"}


def action_label(action: str) -> str:
    """The Dutch label of an action; the code itself when we know no label for it."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    table, _, kind = action.rpartition(".")
    if table and kind in _KIND_LABELS:
        return f"{_KIND_LABELS[kind]} ({table})"
    return action
