"""The web view's shopping pages."""
