"""Providers (aanbieders): the region's registry and each gemeente's relations with them."""
