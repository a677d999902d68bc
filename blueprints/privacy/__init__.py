"""Need-to-know for client data: emergency access, disclosures, the BSN check, privacy review."""
