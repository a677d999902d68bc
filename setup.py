"""Where the packages live: the core under platform/, tenants/ and blueprints/ at the top, and the
Alembic folder migrations/ (kept at the top level) as the package `regiotoezicht_migrations`, so a
wheel carries every migration a slice adds, without a list to keep up to date."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(where="platform", include=["regiotoezicht", "regiotoezicht.*"]),
        *find_namespace_packages(where=".", include=["tenants", "tenants.*", "blueprints", "blueprints.*"]),
        "regiotoezicht_migrations",
    ],
    package_dir={"regiotoezicht": "platform/regiotoezicht", "regiotoezicht_migrations": "migrations"},
)
