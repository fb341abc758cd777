#!/usr/bin/env python3
"""Draws Benchmarks/scaling.csv (written by Benchmarks/scaling.sh) as an SVG: wall time and
peak memory against schools, one line per path (nested, overlap, nearest), with issue #16's
nation targets (8 s, 2 GB) as dashed lines. Plain python3, no plotting package.
Usage: python3 Benchmarks/scaling_plot.py scaling.csv scaling.svg"""
import csv
import sys
from xml.sax.saxutils import escape

COLOURS = {"nested": "#1f77b4", "overlap": "#d62728", "nearest": "#2ca02c"}
TARGETS = {"wall_ms": (8000, "nation target 8 s"), "peak_mb": (2048, "nation target 2 GB")}


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above value."""
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def panel(rows, field, title, unit_label, scale, left, top, width, height):
    """One chart: x = schools, y = field / scale; returns SVG elements."""
    out = []
    xs = [int(r["schools"]) for r in rows]
    x_max = nice_ceiling(max(xs)) if xs else 1
    values = [float(r[field]) / scale for r in rows if r[field]]
    target, target_label = TARGETS[field]
    y_max = nice_ceiling(max(values + [target / scale]) * 1.05)

    def x(v):
        return left + width * v / x_max

    def y(v):
        return top + height - height * v / y_max

    out.append(f'<text x="{left + width / 2}" y="{top - 14}" text-anchor="middle" font-weight="bold">{escape(title)}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{width}" height="{height}" fill="none" stroke="#888"/>')
    for i in range(6):
        gy = y_max * i / 5
        out.append(f'<line x1="{left}" x2="{left + width}" y1="{y(gy):.1f}" y2="{y(gy):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{y(gy) + 4:.1f}" text-anchor="end">{gy:g}</text>')
        gx = x_max * i / 5
        out.append(f'<text x="{x(gx):.1f}" y="{top + height + 16}" text-anchor="middle">{gx / 1000:g}k</text>')
    out.append(f'<text x="{left + width / 2}" y="{top + height + 34}" text-anchor="middle">schools</text>')
    out.append(f'<text x="{left - 44}" y="{top + height / 2}" text-anchor="middle" transform="rotate(-90 {left - 44} {top + height / 2})">{escape(unit_label)}</text>')
    out.append(f'<line x1="{left}" x2="{left + width}" y1="{y(target / scale):.1f}" y2="{y(target / scale):.1f}" stroke="#999" stroke-dasharray="6 4"/>')
    out.append(f'<text x="{left + 6}" y="{y(target / scale) - 5:.1f}" fill="#666">{escape(target_label)}</text>')
    for path in COLOURS:
        points = [(int(r["schools"]), float(r[field]) / scale) for r in rows if r["path"] == path and r[field]]
        if points:
            d = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in points)
            out.append(f'<polyline points="{d}" fill="none" stroke="{COLOURS[path]}" stroke-width="2"/>')
            for a, b in points:
                out.append(f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3.5" fill="{COLOURS[path]}"><title>{path} {a} schools: {b:g} {escape(unit_label)}</title></circle>')
        for r in rows:
            if r["path"] == path and not r[field] and r["status"] not in ("ok", "skipped"):
                px = x(int(r["schools"]))
                out.append(f'<text x="{px:.1f}" y="{top + 14}" text-anchor="middle" fill="{COLOURS[path]}">▲ {escape(r["status"])}</text>')
    return out


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, newline="") as handle:
        rows = list(csv.DictReader(handle))
    width, height = 980, 430
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    parts += panel(rows, "wall_ms", "wall time, end to end (median)", "seconds", 1000, 70, 40, 370, 300)
    parts += panel(rows, "peak_mb", "peak memory (RSS)", "MB", 1, 570, 40, 370, 300)
    legend_x = 70
    for path, colour in COLOURS.items():
        if any(r["path"] == path for r in rows):
            parts.append(f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{height - 22}" y2="{height - 22}" stroke="{colour}" stroke-width="2"/>')
            parts.append(f'<text x="{legend_x + 30}" y="{height - 18}">{path}</text>')
            legend_x += 110
    loads = sorted({r["load"] for r in rows if r["load"]})
    note = "quotaplan solve, release build, 2 cores; nation preset seed 7 rescaled"
    if loads:
        note += f"; load average {loads[0]}–{loads[-1]}"
    parts.append(f'<text x="{width - 10}" y="{height - 18}" text-anchor="end" fill="#666">{escape(note)}</text>')
    parts.append("</svg>")
    with open(target, "w") as handle:
        handle.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
