"""Investigations (onderzoeken) of providers: shared by the participant gemeenten, with visits,
interviews, documents and findings per norm of a toetsingskader."""
