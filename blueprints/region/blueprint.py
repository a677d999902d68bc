"""TEMPORARY: replaced by the region slice."""
from flask import Blueprint
bp = Blueprint("region", __name__)
