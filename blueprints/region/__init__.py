"""region slice."""
