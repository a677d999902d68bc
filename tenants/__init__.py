"""Tenancy: regions, gemeenten, memberships, who may act where, and tenant isolation.

Public API: `init_app`, `current_gemeente()`, the TenantScoped mixin and the models.
"""

from tenants.resolution import current_gemeente, init_app
from tenants.scoping import TenantScoped

__all__ = ["TenantScoped", "current_gemeente", "init_app"]
