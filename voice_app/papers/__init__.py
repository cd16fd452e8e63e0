"""Meeting papers read aloud: no Flask, no database, just text in and parts out.

    document = ingest_document(data, filename)        # ingest.py: sections, or IngestError
    parts = listening_parts(document, pronunciations)  # sections.py: normalise, then split
    render(part.text, path, rate=100)                  # voice_app.speech.tts

Normalise before splitting so each part is about a minute of what is actually said.
"""
