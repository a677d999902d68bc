"""Regiotoezicht core: app factory, config, extensions, auth, jobs, audit and CLI."""

from regiotoezicht.app import create_app

__all__ = ["create_app"]
