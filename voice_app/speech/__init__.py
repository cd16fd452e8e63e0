"""Speech: audio formats, offline recognition engines and their models."""
