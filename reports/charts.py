"""Plotly figure builders: the same charts on screen (plotly.js) and in PDFs (SVG).

Every builder takes plain values (rung names, counts, levels) and returns a Chart:
the figure as a JSON-ready dict, a one-sentence summary (alt text / aria-label) and
the table of the figures behind it, which is the accessible alternative on screen
and the "figures behind every chart" in print.

Charts never rely on colour alone: rung names are written on the axes and bars,
the project's rung has a heavy black outline and a text marker, groups differ by
pattern as well as shade, and every shade reads apart in greyscale. No rung is
drawn as a fail (no red).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from app.domain.wording import plural

FONT = "Liberation Sans, Arial, sans-serif"
TEXT = "#212b32"  # NHS black
BLUE = "#005eb8"  # NHS blue: the project's own rung / the main series
PALE = "#d8dde0"  # NHS pale grey: other rungs
PATTERNS = ("", "/", ".", "x", "\\")
EXPORT_WIDTH = 720  # px; the PDF scales the SVG to the text width
# Charts with long names beside their bars are left undrawn on screens narrower than
# this (phones): the table after each chart shows the same figures more clearly.
NAMED_BARS_MIN_WIDTH = 480


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    id: str  # stable, e.g. "profile": element ids and the export cache use it
    title: str
    summary: str  # one sentence saying what the chart shows, for alt text and aria-label
    figure: dict  # plotly figure (data + layout) as plain JSON-ready values
    table: Table
    height: int = 320  # px at EXPORT_WIDTH


def rung_label(rung_names: Sequence[str], level: int) -> str:
    return f"{level}. {rung_names[level - 1]}"


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _shorten(text: str, limit: int) -> str:
    """Cut long text at a word boundary, for axis labels (tables keep the full text)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "\u2026"


def _layout(height: int, **extra) -> dict:
    """A plain layout: no template (keeps the JSON small), system fonts, no legend."""
    layout = {
        "template": go.layout.Template(),
        "font": {"family": FONT, "size": 14, "color": TEXT},
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 10, "b": 10, "autoexpand": True},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "bargap": 0.25,
    }
    layout.update(extra)
    return layout


def _figure(data: list, layout: dict) -> dict:
    # go.Figure validates every property, so a typo fails in tests, not in a browser.
    return go.Figure(data=data, layout=layout).to_plotly_json()


# Rung names on bars that run along the rung axis: inside the bar (white on a dark box)
# when they fit, otherwise just past its end, so the axis needs no room past the top rung.
_LEVEL_TEXT = {
    "textposition": "auto",
    "insidetextanchor": "end",
    "insidetextfont": {"color": "#ffffff"},
    "outsidetextfont": {"color": TEXT},
    "cliponaxis": False,
}


def _rung_axis(
    rung_names: Sequence[str], title: str = "", room: float = 0.3, stacked: bool = False
) -> dict:
    """An axis of rungs 1..n labelled with their names; `room` leaves space past the top,
    `stacked` puts each name under its number so a horizontal axis needs no slanting."""
    levels = list(range(1, len(rung_names) + 1))
    joiner = "<br>" if stacked else ". "
    # Stacked names also break after a hyphen ("Co-<br>production"), so neighbours never touch.
    names = [name.replace("-", "-<br>") if stacked else name for name in rung_names]
    return {
        "range": [0, len(rung_names) + room],
        "tickvals": levels,
        "ticktext": [f"{level}{joiner}{names[level - 1]}" for level in levels],
        "tickangle": 0,
        "showgrid": True,
        "gridcolor": PALE,
        "zeroline": False,
        "title": {"text": title},
        "fixedrange": True,
        "automargin": True,
    }


def _count_axis(title: str, top: int) -> dict:
    return {
        "title": {"text": title},
        "range": [0, max(top, 1) * 1.15],
        "dtick": max(1, round(max(top, 1) / 5)),
        "rangemode": "tozero",
        "gridcolor": PALE,
        "zeroline": True,
        "zerolinecolor": TEXT,
        "fixedrange": True,
        "automargin": True,
    }


def _category_axis(title: str = "", **extra) -> dict:
    return {
        "title": {"text": title},
        "type": "category",
        "fixedrange": True,
        "automargin": True,
        **extra,
    }


# --- Self-assessment charts -----------------------------------------------------------


def ladder_chart(
    rung_names: Sequence[str], level: int | None, marker: str = "your project is here"
) -> Chart:
    """The ladder picture: the rungs as steps, the project's rung outlined and labelled."""
    levels = list(range(1, len(rung_names) + 1))
    labels = [rung_label(rung_names, rung) for rung in levels]
    current = [rung == level for rung in levels]
    text = [
        f"<b>{label}: {marker}</b>" if here else label
        for label, here in zip(labels, current, strict=True)
    ]
    bar = go.Bar(
        orientation="h",
        x=levels,  # each step a little longer than the one below: a ladder going up
        y=labels,
        text=text,
        textposition="inside",
        insidetextanchor="start",
        textfont={"color": [("#ffffff" if here else TEXT) for here in current], "size": 15},
        marker={
            "color": [(BLUE if here else PALE) for here in current],
            "line": {"color": TEXT, "width": [(5 if here else 1) for here in current]},
        },
        hoverinfo="skip",
    )
    layout = _layout(
        300,
        bargap=0.15,
        xaxis={"visible": False, "range": [0, len(levels) + 0.05], "fixedrange": True},
        yaxis=_category_axis(showticklabels=False),
    )
    if level is None:
        summary = "The ladder of involvement. The project has not been placed yet."
    else:
        summary = (
            f"The ladder of involvement with {len(levels)} rungs. The project is on rung "
            f"{level} of {len(levels)}, {rung_names[level - 1]}."
        )
    rows = tuple(
        (str(rung), rung_names[rung - 1], "Yes" if here else "")
        for rung, here in zip(reversed(levels), reversed(current), strict=True)
    )
    return Chart(
        id="ladder",
        title="Where the project sits on the ladder",
        summary=summary,
        figure=_figure([bar], layout),
        table=Table("The rungs of the ladder", ("Rung", "Name", "The project is here"), rows),
        height=300,
    )


def profile_chart(
    rung_names: Sequence[str],
    dimensions: Sequence[tuple[str, int | None]],
    placement: int | None = None,
) -> Chart:
    """One bar per dimension, as long as the rung the team's answers reach."""
    names = [name for name, _ in dimensions]
    reached = [level or 0 for _, level in dimensions]
    text = [
        rung_names[level - 1] if level else "Too few answers"
        for level in (lv for _, lv in dimensions)
    ]
    bar = go.Bar(
        orientation="h",
        x=reached,
        y=names,
        text=text,
        **_LEVEL_TEXT,
        marker={"color": BLUE, "line": {"color": TEXT, "width": 1}},
        hovertemplate="%{y}: %{text}<extra></extra>",
        showlegend=False,
    )
    data = [bar]
    if placement:
        # The project's rung as a dashed line from the first bar to the last, with a legend
        # entry under the chart saying what it is (on screen and in the PDF alike).
        data.append(
            go.Scatter(
                x=[placement, placement],
                y=[names[0], names[-1]],
                mode="lines",
                line={"color": TEXT, "width": 2, "dash": "dash"},
                name=f"Dashed line: the project's rung, {rung_names[placement - 1]}",
                showlegend=True,
                hoverinfo="skip",
            )
        )
    height = 90 + 38 * len(dimensions) + (40 if placement else 0)
    layout = _layout(
        height,
        meta={"min_screen_width": NAMED_BARS_MIN_WIDTH},
        # Room past the top rung, so its label ("5 Co-production") is not cut off.
        xaxis={**_rung_axis(rung_names, room=0.6, stacked=True), "side": "top"},
        yaxis=_category_axis(autorange="reversed"),
        showlegend=bool(placement),
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top"},
    )
    answered = [(name, level) for name, level in dimensions if level]
    if answered:
        lowest = min(level for _, level in answered)
        highest = max(level for _, level in answered)
        summary = (
            f"How far each of {len(dimensions)} questions reaches on the ladder: from "
            f"{rung_names[lowest - 1]} to {rung_names[highest - 1]}."
        )
    else:
        summary = "No question has enough answers to show yet."
    if placement:
        summary += f" The dashed line marks the project's rung, {rung_names[placement - 1]}."
    rows = tuple(
        (name, f"{level}. {rung_names[level - 1]}" if level else "Too few answers")
        for name, level in dimensions
    )
    return Chart(
        id="profile",
        title="How far each question reaches",
        summary=summary,
        figure=_figure(data, layout),
        table=Table("The rung each question reaches", ("Question", "Rung reached"), rows),
        height=height,
    )


def perspective_chart(
    rung_names: Sequence[str], groups: Sequence[tuple[str, int, int | None]]
) -> Chart | None:
    """Where each group's own answers place the project: (name, people, level).

    The groups come from app.domain.results, which never forms one of fewer than 3
    people; None with fewer than two groups to compare.
    """
    if len(groups) < 2:
        return None
    # The first group solid blue; the others dark hatching on white (plotly.js draws a
    # pattern in the marker colour over the pattern's background).
    shades = [BLUE] + [TEXT] * (len(groups) - 1)
    backgrounds = [BLUE] + ["#ffffff"] * (len(groups) - 1)
    text = [rung_names[level - 1] if level else "Too few answers" for _, _, level in groups]
    # The rung is written under each group's name: text on a patterned bar would be
    # hard to read.
    labels = [
        f"{escape(name)} ({members})<br>{words}"
        for (name, members, _), words in zip(groups, text, strict=True)
    ]
    bar = go.Bar(
        orientation="h",
        x=[level or 0 for _, _, level in groups],
        y=labels,
        text=text,
        textposition="none",
        marker={
            "color": shades,
            "pattern": {
                "shape": [PATTERNS[i % len(PATTERNS)] for i in range(len(groups))],
                "bgcolor": backgrounds,
                "solidity": 0.3,
                "fillmode": "replace",
            },
            "line": {"color": TEXT, "width": 1},
        },
        hovertemplate="%{text}<extra></extra>",
    )
    height = 110 + 60 * len(groups)
    layout = _layout(
        height,
        meta={"min_screen_width": NAMED_BARS_MIN_WIDTH},
        xaxis={**_rung_axis(rung_names, stacked=True), "side": "top"},
        yaxis=_category_axis(autorange="reversed"),
    )
    summary = "Where each group's own answers place the project: " + "; ".join(
        f"{name}, {words}" for (name, _, _), words in zip(groups, text, strict=True)
    )
    rows = tuple(
        (name, str(members), words) for (name, members, _), words in zip(groups, text, strict=True)
    )
    return Chart(
        id="perspectives",
        title="How each group sees it",
        summary=summary + ".",
        figure=_figure([bar], layout),
        table=Table(
            "Where each group's own answers place the project",
            ("Group", "People", "Where they place it"),
            rows,
        ),
        height=height,
    )


def rounds_chart(
    rung_names: Sequence[str], rounds: Sequence[tuple[str, int | None]]
) -> Chart | None:
    """The project's rung in each round, oldest first; None with fewer than two rounds."""
    if len(rounds) < 2:
        return None
    # Round names are typed by users; plotly.js would read tags in them as markup.
    labels = [escape(label) for label, _ in rounds]
    levels = [level for _, level in rounds]
    line = go.Scatter(
        x=labels,
        y=levels,
        mode="lines+markers+text",
        text=[rung_names[level - 1] if level else "Not placed" for level in levels],
        textposition="top center",
        cliponaxis=False,
        line={"color": BLUE, "width": 3},
        marker={"size": 14, "color": BLUE, "symbol": "square", "line": {"color": TEXT, "width": 2}},
        hovertemplate="%{x}: %{text}<extra></extra>",
        connectgaps=True,
    )
    layout = _layout(
        300,
        xaxis=_category_axis(),
        yaxis={**_rung_axis(rung_names), "range": [0.5, len(rung_names) + 0.6]},
    )
    steps = ", then ".join(
        f"{label}: {rung_names[level - 1] if level else 'not placed'}" for label, level in rounds
    )
    rows = tuple(
        (label, f"{level}. {rung_names[level - 1]}" if level else "Not placed")
        for label, level in rounds
    )
    return Chart(
        id="rounds",
        title="The project's rung in each round",
        summary=f"The project's rung in each round: {steps}.",
        figure=_figure([line], layout),
        table=Table("The project's rung in each round", ("Round", "Rung"), rows),
    )


def progress_chart(
    rung_names: Sequence[str],
    rounds: Sequence[tuple[str, int | None, int | None, int | None]],
) -> Chart | None:
    """The project's rung from the answers, the agreed rung and the target in each round.

    `rounds` holds (label, placement, agreed, target) levels, oldest first. The three
    lines differ by marker shape and dash as well as shade. None with no round.
    """
    if not rounds:
        return None
    labels = [escape(label) for label, *_ in rounds]
    series = (
        ("From the answers", 1, BLUE, "square", "solid"),
        ("Agreed by the team", 2, TEXT, "diamond", "dash"),
        ("Target", 3, "#768692", "triangle-up", "dot"),
    )

    def name_of(level: int | None) -> str:
        return rung_names[level - 1] if level else "Not known"

    data = [
        go.Scatter(
            x=labels,
            y=[item[index] for item in rounds],
            name=name,
            mode="lines+markers",
            line={"color": colour, "width": 3, "dash": dash},
            marker={
                "size": 14,
                "color": colour,
                "symbol": symbol,
                "line": {"color": TEXT, "width": 1},
            },
            hovertemplate=f"{name}, %{{x}}: %{{y}}<extra></extra>",
            connectgaps=True,
        )
        for name, index, colour, symbol, dash in series
    ]
    layout = _layout(
        340,
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
        xaxis=_category_axis(),
        yaxis={**_rung_axis(rung_names), "range": [0.5, len(rung_names) + 0.6]},
    )
    rows = tuple(
        (label, name_of(placement), name_of(agreed), name_of(target) if target else "No target")
        for label, placement, agreed, target in rounds
    )
    steps = "; ".join(
        f"{row[0]}: answers {row[1]}, agreed {row[2]}, target {row[3]}" for row in rows
    )
    return Chart(
        id="progress",
        title="Progress across rounds",
        summary=(
            "The project's rung from the answers, the agreed rung and the target in each "
            f"round. {steps}."
        ),
        figure=_figure(data, layout),
        table=Table(
            "The project's rung in each round: from the answers, agreed, and the target",
            ("Round", "From the answers", "Agreed by the team", "Target"),
            rows,
        ),
        height=340,
    )


# --- Quiz and session charts ----------------------------------------------------------


def score_distribution_chart(counts: Mapping[int, int], total_questions: int) -> Chart:
    """How many people scored 0, 1, ... total_questions."""
    scores = list(range(total_questions + 1))
    values = [counts.get(score, 0) for score in scores]
    people = sum(values)
    bar = go.Bar(
        x=[f"{score} out of {total_questions}" for score in scores],
        y=values,
        text=[str(value) for value in values],
        textposition="outside",
        cliponaxis=False,
        marker={"color": BLUE, "line": {"color": TEXT, "width": 1}},
        hovertemplate="%{x}: %{y} people<extra></extra>",
    )
    layout = _layout(
        300,
        xaxis=_category_axis("Score"),
        yaxis=_count_axis("People", max(values, default=0)),
    )
    if people:
        mean = sum(score * value for score, value in zip(scores, values, strict=True)) / people
        summary = (
            f"Quiz scores of {plural(people, 'person', 'people')}, on average {mean:.1f} "
            f"out of {total_questions}."
        )
    else:
        summary = "Nobody has finished the quiz yet."
    rows = tuple(
        (f"{score} out of {total_questions}", str(value))
        for score, value in zip(scores, values, strict=True)
    )
    return Chart(
        id="scores",
        title="Quiz scores",
        summary=summary,
        figure=_figure([bar], layout),
        table=Table("How many people got each score", ("Score", "People"), rows),
    )


def question_right_chart(
    questions: Sequence[tuple[str, int, int]], answers: Sequence[str] | None = None
) -> Chart:
    """Percentage right per question; `questions` holds (label, right, answered), and
    `answers` the right answer to each, for the table."""
    labels = [f"Q{number}. {label}" for number, (label, _, _) in enumerate(questions, 1)]
    # Plotly reads tags in labels; a trainer's own scenario is untrusted text.
    short = [escape(_shorten(label, 40)) for label in labels]
    percents = [_percent(right, answered) for _, right, answered in questions]
    bar = go.Bar(
        orientation="h",
        x=percents,
        y=short,
        text=[f"{percent}%" for percent in percents],
        textposition="outside",
        cliponaxis=False,
        marker={"color": BLUE, "line": {"color": TEXT, "width": 1}},
        hovertemplate="%{y}: %{x}% right<extra></extra>",
    )
    height = 90 + 42 * len(questions)
    layout = _layout(
        height,
        meta={"min_screen_width": NAMED_BARS_MIN_WIDTH},
        xaxis={
            "range": [0, 112],
            "tickvals": [0, 25, 50, 75, 100],
            "ticktext": ["0%", "25%", "50%", "75%", "100%"],
            "gridcolor": PALE,
            "side": "top",
            "fixedrange": True,
            "automargin": True,
        },
        yaxis=_category_axis(autorange="reversed"),
    )
    if questions:
        hardest = min(range(len(questions)), key=lambda i: percents[i])
        summary = (
            f"The share of people who got each of {len(questions)} questions right. "
            f"Fewest got question {hardest + 1} right ({percents[hardest]}%)."
        )
    else:
        summary = "No questions have been answered yet."
    rows = tuple(
        (label, *([answers[n]] if answers else []), str(right), str(answered), f"{percent}%")
        for n, (label, (_, right, answered), percent) in enumerate(
            zip(labels, questions, percents, strict=True)
        )
    )
    return Chart(
        id="questions",
        title="Right answers for each question",
        summary=summary,
        figure=_figure([bar], layout),
        table=Table(
            "People who got each question right",
            ("Question", *(["Right answer"] if answers else []), "Right", "Answered", "Right (%)"),
            rows,
        ),
        height=height,
    )


def room_answers_chart(rungs: Sequence, font_size: int = 24) -> Chart:
    """How the room answered one question of a paced quiz: a bar per rung, the right rung
    outlined and labelled. `rungs` are app.domain.pacing.RungCount; a count hidden because
    it rests on fewer than 3 people (None) is drawn as no bar with "fewer than 3"."""
    labels = [f"{rung.level}. {rung.name}".replace("-", "-<br>") for rung in rungs]
    values = [rung.count or 0 for rung in rungs]
    text = [
        ("fewer than 3" if rung.count is None else str(rung.count))
        + ("<br><b>right answer</b>" if rung.correct else "")
        for rung in rungs
    ]
    bar = go.Bar(
        x=labels,
        y=values,
        text=text,
        textposition="outside",
        cliponaxis=False,
        marker={
            "color": [(BLUE if rung.correct else PALE) for rung in rungs],
            "line": {"color": TEXT, "width": [(5 if rung.correct else 1) for rung in rungs]},
        },
        hoverinfo="skip",
    )
    layout = _layout(
        360,
        font={"family": FONT, "size": font_size, "color": TEXT},
        xaxis=_category_axis(),
        yaxis={
            **_count_axis("People", max(values, default=0)),
            "range": [0, max(values + [1]) * 1.4],
        },
    )
    right = next((rung for rung in rungs if rung.correct), None)
    summary = "How many people chose each rung." + (
        f" The right answer is {right.level}. {right.name}." if right else ""
    )
    rows = tuple(
        (
            f"{rung.level}. {rung.name}",
            "Fewer than 3" if rung.count is None else str(rung.count),
            "Yes" if rung.correct else "",
        )
        for rung in rungs
    )
    return Chart(
        id="room",
        title="How the room answered",
        summary=summary,
        figure=_figure([bar], layout),
        table=Table("How many people chose each rung", ("Rung", "People", "Right answer"), rows),
        height=360,
    )
