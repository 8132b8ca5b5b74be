"""A ladder of involvement: ordered rungs, lowest first."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rung:
    id: str
    name: str
    level: int  # 1-based, lowest rung is 1
    hint: str
    description: str
    fits: str | None = None  # when this rung is the right one for a piece of work


@dataclass(frozen=True)
class Ladder:
    id: str
    title: str
    source: str
    rungs: tuple[Rung, ...]

    def rung(self, rung_id: str) -> Rung:
        """The rung with this id; KeyError if the ladder has none."""
        for rung in self.rungs:
            if rung.id == rung_id:
                return rung
        raise KeyError(f"{rung_id!r} is not a rung of ladder {self.id}")

    def by_level(self, level: int) -> Rung:
        """The rung at this 1-based level; KeyError if out of range."""
        if not 1 <= level <= len(self.rungs):
            raise KeyError(f"ladder {self.id} has no level {level!r}")
        return self.rungs[level - 1]

    @property
    def top(self) -> Rung:
        return self.rungs[-1]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rung.id for rung in self.rungs)

    def __len__(self) -> int:
        return len(self.rungs)
