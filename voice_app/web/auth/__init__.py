"""The web view's auth pages."""
