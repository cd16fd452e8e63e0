"""Attendance to money, by the group's policy: all amounts are whole pence, never floats.

policy     the group's rates and rules, their defaults, and audited changes
calculate  payments for one meeting from attendance, preparation and expenses
status     approving, paying and correcting, with who and when
summary    what a resident has been paid, and running totals beside the group's limits
tasks      the worker's `calculate_payments` job
"""
