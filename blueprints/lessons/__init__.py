"""Lessons learned after calamiteiten, shared region-wide without personal data or gemeente."""
