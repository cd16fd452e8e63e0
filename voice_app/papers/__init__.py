"""Meeting papers: ingest documents, normalise text for listening, sections, reading positions."""
