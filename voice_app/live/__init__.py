"""Live meetings: the agenda, hands and the floor, the chair's actions, the minutes record."""
