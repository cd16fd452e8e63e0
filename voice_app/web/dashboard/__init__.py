"""The dashboard: the waiting work of every group a user can see."""
