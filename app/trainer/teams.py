"""Team names typed one a line when a trainer sets up a session."""

from __future__ import annotations

MAX_TEAMS = 30
MAX_TEAM_NAME = 100


class TeamNamesError(ValueError):
    pass


def parse_team_names(text: str) -> list[str]:
    """The team names in order, blank lines dropped; TeamNamesError says what is wrong."""
    names = [" ".join(line.split()) for line in text.splitlines()]
    names = [name for name in names if name]
    if len(names) > MAX_TEAMS:
        raise TeamNamesError(f"Enter {MAX_TEAMS} teams or fewer (you entered {len(names)})")
    too_long = next((name for name in names if len(name) > MAX_TEAM_NAME), None)
    if too_long:
        raise TeamNamesError(
            f"Each team name must be {MAX_TEAM_NAME} characters or fewer: "
            f"shorten \u201c{too_long[:30]}\u2026\u201d"
        )
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise TeamNamesError(f"Each team name must be different: \u201c{name}\u201d is twice")
        seen.add(name.casefold())
    return names


MAX_PROJECT_NAME = 190


def parse_project_names(text: str, teams: int) -> list[str]:
    """Project names one a line, in the teams' order; an empty line keeps a placeholder ('').

    `teams` is how many projects there are (1 for a session without teams).
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > teams:
        what = f"{teams} teams" if teams > 1 else "the whole room"
        raise TeamNamesError(
            f"Enter one project a line, {teams} at most: there are {what} "
            f"(you entered {len(lines)} lines)"
        )
    too_long = next((name for name in lines if len(name) > MAX_PROJECT_NAME), None)
    if too_long:
        raise TeamNamesError(
            f"Each project name must be {MAX_PROJECT_NAME} characters or fewer: "
            f"shorten \u201c{too_long[:30]}\u2026\u201d"
        )
    return lines + [""] * (teams - len(lines))
