"""The web view's groups pages."""
