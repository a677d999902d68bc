"""Attachments to tenant records: checked uploads, stored through regiotoezicht.storage, served safely."""
