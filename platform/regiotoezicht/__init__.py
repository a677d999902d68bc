"""Regiotoezicht core: app factory, config, extensions, auth, jobs, audit and CLI.

`create_app` is exported lazily: importing a core module (say `regiotoezicht.db` from a slice's
models) must not pull in the app, which imports every slice.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from regiotoezicht.app import create_app

        return create_app
    raise AttributeError(f"module 'regiotoezicht' has no attribute {name!r}")
