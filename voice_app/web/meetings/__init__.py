"""Meetings, their papers, pictures, agenda and the live meeting."""
