"""The mail outbox, read by region-level holders: in the embedded demo it is the delivery."""
