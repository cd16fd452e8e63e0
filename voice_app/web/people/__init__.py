"""The web view's people pages."""
