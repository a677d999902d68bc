"""Per-gemeente settings (terms, lists, switches) read through effective_setting()."""
