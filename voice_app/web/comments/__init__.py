"""The web view's comments pages."""
