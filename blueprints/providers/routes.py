"""Pages for providers: a gemeente's relations (/g/<slug>/aanbieders) and the registry (/regio/aanbieders)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("providers", __name__, template_folder="templates")
