"""Demo data so a new install has something to look at."""


def load_demo_data() -> str:
    return "Nothing to load yet."
