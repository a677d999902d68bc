"""The audit log, read per gemeente or across the reader's gemeenten; every read is logged."""
