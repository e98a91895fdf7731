"""The evaluation report as CSV, PDF, and the chart geometry the HTML templates draw.

Everything here renders the privacy-checked dictionaries from `reports.py` and nothing else.
Charts are server-side SVG with a text alternative (a table) beside each; the PDF uses fpdf2
(pure Python) with its core fonts, so it needs no system libraries.
"""

from __future__ import annotations

import io
from typing import Any

from fpdf import FPDF

from steadfast.assessments.scoring.keys import shipped_key
from steadfast.core import csvsafe

CSV_COLUMNS = (
    "section", "group", "instrument", "from", "to", "n", "mean_change", "ci_low", "ci_high",
    "d", "improved", "unchanged", "worse", "answers", "mean_useful", "suppressed",
)  # fmt: skip


def instrument_title(code: str) -> str:
    try:
        return shipped_key(code).short_title
    except LookupError:
        return code


def to_csv(report: dict[str, Any]) -> str:
    """Aggregates only: one line per figure, suppressed lines with no numbers. Labels that
    people typed (teams, programs, cohorts) cannot open as formulas (`core.csvsafe`)."""
    out = io.StringIO()
    writer = csvsafe.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    sections = (
        ("overall", "outcomes", None),
        ("team", "outcomes_by_team", "team"),
        ("program", "outcomes_by_program", "program"),
        ("role", "outcomes_by_role", "role"),
        ("cohort", "outcomes_by_cohort", "cohort"),
    )
    for section, name, group_key in sections:
        for row in report[name]:
            writer.writerow(
                {
                    **row,
                    "section": section,
                    "group": row.get(group_key, "all") if group_key else "all",
                    "suppressed": "yes" if row.get("suppressed") else "",
                }
            )
    for stage in report["participation"]:
        writer.writerow(
            {
                "section": "participation",
                "group": stage["stage"],
                "n": stage.get("n", ""),
                "suppressed": "yes" if stage.get("suppressed") else "",
            }
        )
    for f in report["session_feedback"]:
        writer.writerow(
            {
                "section": "session feedback",
                "group": f["cohort"],
                "n": f.get("n", ""),
                "answers": f.get("answers", ""),
                "mean_useful": f.get("mean_useful", ""),
                "suppressed": "yes" if f.get("suppressed") else "",
            }
        )
    for stage in report["attrition"]["flow"]:
        writer.writerow(
            {
                "section": "attrition",
                "group": stage["stage"],
                "n": stage.get("n", ""),
                "suppressed": "yes" if stage.get("suppressed") else "",
            }
        )
    return out.getvalue()


def _scale(low: float, high: float, left: float, right: float) -> Any:
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return round(left + (value - low) / span * (right - left), 2)

    return x


def change_chart(report: dict[str, Any], instrument: str) -> dict[str, Any] | None:
    """Mean change with its 95% CI for each pair of waves of one instrument."""
    rows = [
        o for o in report["outcomes"] if o["instrument"] == instrument and not o.get("suppressed")
    ]
    if not rows:
        return None
    low = min(0.0, *(o["ci_low"] for o in rows))
    high = max(0.0, *(o["ci_high"] for o in rows))
    pad = (high - low) * 0.1 or 1.0
    x = _scale(low - pad, high + pad, 120, 380)
    bars = []
    for i, o in enumerate(rows):
        y = 20 + i * 26
        bars.append(
            {
                "y": y,
                "label": report["waves"].get(o["to"], o["to"]),
                "x_low": x(o["ci_low"]),
                "x_high": x(o["ci_high"]),
                "x_mean": x(o["mean_change"]),
                "mean": o["mean_change"],
            }
        )
    return {
        "title": instrument_title(instrument),
        "height": 30 + 26 * len(rows),
        "zero": x(0.0),
        "bars": bars,
        "direction": "lower is better"
        if rows[0]["direction"] == "lower_is_better"
        else "higher is better",
    }


def means_chart(model: dict[str, Any], waves: dict[str, str]) -> dict[str, Any] | None:
    shown = [m for m in model.get("means", []) if not m.get("suppressed")]
    if model.get("suppressed") or len(shown) < 2:
        return None
    low = min(m["ci_low"] for m in shown)
    high = max(m["ci_high"] for m in shown)
    pad = (high - low) * 0.15 or 1.0
    y = _scale(low - pad, high + pad, 170, 20)
    x = _scale(0, max(len(shown) - 1, 1), 60, 380)
    points = [
        {
            "x": x(i),
            "y": y(m["mean"]),
            "y_low": y(m["ci_low"]),
            "y_high": y(m["ci_high"]),
            "label": waves.get(m["wave"], m["wave"]),
            "mean": m["mean"],
        }
        for i, m in enumerate(shown)
    ]
    return {
        "title": instrument_title(model["instrument"]),
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
    }


def trend_chart(warning: dict[str, Any]) -> dict[str, Any]:
    """Weekly mean stress, its EWMA and the control limit for one team (0-10 scale)."""
    weeks = len(warning["weeks"])
    x = _scale(0, max(weeks - 1, 1), 30, 390)
    y = _scale(0, 10, 110, 10)

    def line(values: list[float | None]) -> str:
        return " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values) if v is not None)

    return {
        "stress": line(warning["stress"]),
        "ewma": line(warning["stress_ewma"]),
        "limit": line(warning["stress_limit"]),
        "dots": [
            {"x": x(i), "y": y(v), "value": v, "week": warning["weeks"][i]}
            for i, v in enumerate(warning["stress"])
            if v is not None
        ],
    }


def _latin(text: str) -> str:
    return (
        text.replace(chr(0x2013), "-")
        .replace(chr(0x2014), "-")
        .replace("→", "->")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def to_pdf(report: dict[str, Any]) -> bytes:
    """The same report as a PDF: tables and simple drawn charts."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(_latin(f"Evaluation report: {report['organisation']}"))
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(
        0, 10, _latin(f"Evaluation report: {report['organisation']}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        _latin(
            f"Generated {report['generated_at']}. Groups smaller than "
            f"{report['minimum_group_size']} people are never shown, and neither is any figure "
            "that would let someone work one out. "
            f"Effect size shown: {report['effect_size']}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, _latin(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)

    def table(header: list[str], rows: list[list[str]]) -> None:
        with pdf.table(text_align="LEFT", first_row_as_headings=True) as t:
            for cells in [header, *rows]:
                row = t.row()
                for cell in cells:
                    row.cell(_latin(cell))

    def fmt(value: Any) -> str:
        return "" if value is None else f"{value}"

    heading("Who took part")
    table(
        ["Stage", "People"],
        [
            [s["stage"].capitalize(), "hidden" if s.get("suppressed") else fmt(s["n"])]
            for s in report["participation"]
        ],
    )
    table(
        ["Stage", "People"],
        [
            [
                report["waves"].get(s["stage"], s["stage"].capitalize()),
                "hidden" if s.get("suppressed") else fmt(s["n"]),
            ]
            for s in report["attrition"]["flow"]
        ],
    )
    heading("Change from the start")
    table(
        [
            "Questionnaire",
            "To",
            "People",
            "Mean change (95% CI)",
            "g_av",
            "Improved",
            "No change",
            "Worse",
        ],
        [
            [instrument_title(o["instrument"]), report["waves"].get(o["to"], o["to"])]
            + (
                [
                    "hidden: fewer than " + str(report["minimum_group_size"]) + " people",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
                if o.get("suppressed")
                else [
                    fmt(o["n"]),
                    f"{o['mean_change']} ({o['ci_low']} to {o['ci_high']})",
                    fmt(o["d"]),
                    *[
                        ("hidden" if o[k] is None else f"{round(o[k] * 100)}%")
                        for k in ("improved", "unchanged", "worse")
                    ],
                ]
            )
            for o in report["outcomes"]
        ],
    )
    # Drawn charts: the CI as a line, the mean as a dot, zero as a vertical mark.
    for instrument in dict.fromkeys(o["instrument"] for o in report["outcomes"]):
        chart = change_chart(report, instrument)
        if chart is None:
            continue
        heading(f"{chart['title']}: mean change with 95% CI ({chart['direction']})")
        top = pdf.get_y() + 2
        scale = 0.45
        pdf.set_draw_color(120, 120, 120)
        pdf.line(
            10 + chart["zero"] * scale,
            top,
            10 + chart["zero"] * scale,
            top + chart["height"] * scale,
        )
        pdf.set_draw_color(30, 60, 120)
        for bar in chart["bars"]:
            yy = top + bar["y"] * scale
            pdf.line(10 + bar["x_low"] * scale, yy, 10 + bar["x_high"] * scale, yy)
            pdf.circle(x=10 + bar["x_mean"] * scale, y=yy, radius=1.2, style="F")
            pdf.text(12, yy + 1, _latin(bar["label"]))
        pdf.set_y(top + chart["height"] * scale + 2)
    heading("Estimated means from the mixed model")
    for model in report["models"]:
        if model.get("suppressed"):
            continue
        pdf.cell(
            0,
            6,
            _latin(
                f"{instrument_title(model['instrument'])}: {model['n_people']} people, "
                f"{model['n_observations']} scores, {model['dropped_rows']} rows dropped; "
                f"adjusted for: {', '.join(model['covariates']) or 'nothing'}"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        table(
            ["Wave", "People", "Mean (95% CI)"],
            [
                [report["waves"].get(m["wave"], m["wave"])]
                + (
                    ["hidden", ""]
                    if m.get("suppressed")
                    else [fmt(m["n"]), f"{m['mean']} ({m['ci_low']} to {m['ci_high']})"]
                )
                for m in model["means"]
            ],
        )
    heading("How useful people found the sessions (1 to 5)")
    table(
        ["Cohort", "People who answered", "Answers", "Average"],
        [
            [f["cohort"]]
            + (
                ["hidden: fewer than " + str(report["minimum_group_size"]) + " people", "", ""]
                if f.get("suppressed")
                else [fmt(f["n"]), fmt(f["answers"]), fmt(f["mean_useful"])]
            )
            for f in report["session_feedback"]
        ]
        or [["No session feedback yet.", "", "", ""]],
    )
    heading("How we count")
    for note in report["method_notes"]:
        pdf.multi_cell(0, 5, _latin(f"- {note[0].upper()}{note[1:]}."), new_x="LMARGIN")
    return bytes(pdf.output())
