"""Group settings, the audit log and what was sent."""
