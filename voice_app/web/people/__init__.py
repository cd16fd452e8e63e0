"""People, their PINs, call-backs and privacy requests."""
