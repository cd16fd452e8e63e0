"""How many examples each fuzz test tries: modest in every run, three times as many with
HYPOTHESIS_PROFILE=thorough (before a release, or after changing what a fuzz test covers)."""

import os

SCALE = 3 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1


def examples(count: int) -> int:
    """The max_examples for a fuzz test whose everyday budget is `count`."""
    return count * SCALE
