"""The web view's dashboard pages."""
