"""The user's regions and gemeenten as JSON: which gemeenten a region serves, and where one may act."""
