"""outbox slice."""
