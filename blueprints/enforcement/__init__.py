"""Enforcement (handhaving): advice, improvement plans, measures through the Awb steps."""
