"""`python -m voice_app ...` runs the voice-app command."""

from voice_app.cli import main

if __name__ == "__main__":
    main()
