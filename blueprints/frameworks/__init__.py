"""Toetsingskaders: the region's versioned assessment frameworks, norms and judgement scale."""
