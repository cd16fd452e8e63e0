"""Payments, expenses and the finance exports."""
