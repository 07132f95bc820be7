"""Print the results: a table per page, the growth ratio, the query-count verdict, and plans."""
from __future__ import annotations

import re
from itertools import groupby

from bench.measure import PageResult

GROWTH_LIMIT = 2.0
# Plan lines worth a second look: a full scan, or a sort the query needs a temporary tree for.
SUSPICIOUS = re.compile(r"^\s*SCAN (?!.*COVERING INDEX)|TEMP B-TREE|Seq Scan|Sort ")


def by_page(results: list[PageResult]) -> list[list[PageResult]]:
    """Group results by page, sizes in ascending order, pages in the order they ran."""
    order = {result.name: n for n, result in reversed(list(enumerate(results)))}
    ordered = sorted(results, key=lambda r: (order[r.name], r.size))
    return [list(group) for _, group in groupby(ordered, key=lambda r: r.name)]


def growth(group: list[PageResult]) -> float:
    """The largest size's median over the smallest size's."""
    return group[-1].median_ms / group[0].median_ms


def print_table(group: list[PageResult]) -> None:
    """One page's table, its growth ratio and whether its SQL count stays the same."""
    paths = {result.path for result in group}
    where = group[0].path if len(paths) == 1 else ", ".join(
        f"{result.path} ({result.size:,})" for result in group)
    print(f"\n{group[0].name}  {where}")
    print(f"  {'reviews':>9}  {'median ms':>9}  {'p90 ms':>8}  {'queries':>7}")
    for result in group:
        if result.status != 200:
            print(f"  {result.size:>9,}  HTTP {result.status} — not measured")
            continue
        print(f"  {result.size:>9,}  {result.median_ms:>9.1f}  {result.p90_ms:>8.1f}  "
              f"{result.queries:>7}")
    if any(result.status != 200 for result in group):
        return
    if len(group) > 1:
        flag = "  <-- grows with size" if growth(group) > GROWTH_LIMIT else ""
        print(f"  largest/smallest median = {growth(group):.2f}{flag}")
    counts = sorted({result.queries for result in group})
    verdict = (f"identical across sizes ({counts[0]})" if len(counts) == 1
               else f"DIFFER across sizes ({', '.join(map(str, counts))})")
    print(f"  query counts: {verdict}")


def print_plans(result: PageResult) -> None:
    """The slowest statements of a page's last request, with their plans, suspects marked."""
    print(f"\n{result.name} at {result.size:,} reviews — slowest statements:")
    for label, lines in result.plans.items():
        print(f"  {shorten(label, 400)}")
        for line in lines:
            marker = "!!" if SUSPICIOUS.search(line) else "  "
            print(f"    {marker} {line}")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def print_report(results: list[PageResult], explain_all: bool = False) -> None:
    """Everything: the tables, then the plans of pages that grew (or of all, if asked)."""
    groups = by_page(results)
    for group in groups:
        print_table(group)
    grown = [group for group in groups
             if len(group) > 1 and all(r.status == 200 for r in group)
             and growth(group) > GROWTH_LIMIT]
    to_explain = groups if explain_all else grown
    if to_explain:
        print("\nQuery plans (largest size; '!!' marks a full scan or a temporary sort)")
        for group in to_explain:
            print_plans(group[-1])
    summary = ", ".join(group[0].name for group in grown) or "none"
    print(f"\nPages whose median grew more than {GROWTH_LIMIT:g}x: {summary}")
