"""Start pages: per role, per gemeente and for the region."""
