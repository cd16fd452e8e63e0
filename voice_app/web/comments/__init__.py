"""Comments and their transcripts."""
