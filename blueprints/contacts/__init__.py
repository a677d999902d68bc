"""Contact persons of a gemeente: who receives copies of meldingen and notices."""
