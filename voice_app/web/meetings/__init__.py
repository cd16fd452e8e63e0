"""The web view's meetings pages."""
