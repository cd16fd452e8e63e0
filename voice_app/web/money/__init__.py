"""The web view's money pages."""
