"""Feature slices: one folder per feature (models, services, routes, API, templates)."""
