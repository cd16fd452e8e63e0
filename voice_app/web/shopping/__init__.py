"""The shopping list of what residents want to achieve."""
