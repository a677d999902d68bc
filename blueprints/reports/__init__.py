"""Reports: concept from findings, second reading, hoor en wederhoor, definitive version, publication."""
