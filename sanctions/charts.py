"""The dashboard's chart: designations listed per month by agency, drawn on the server.

This module computes the bars' geometry; ``templates/sanctions/includes/chart.html`` writes
it out as inline SVG, so the chart needs no JavaScript and no external file.
"""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Designation

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 32, 12, 34
# Okabe–Ito: told apart by colour-blind readers too.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
OTHER_COLOUR = "#767676"
# Designations whose list gives no listing date, by the month the tracker first saw them: a
# series of their own, never counted as listings.
FIRST_SEEN_COLOUR = "#c8c8c8"


@dataclass(eq=False)
class Series:
    """One agency (or all the smaller ones together) in the legend."""

    label: str
    slug: str
    colour: str
    total: int = 0
    first_seen: bool = False  # counts designations by the day first seen, not listed


@dataclass
class Segment:
    series: Series
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Month:
    day: datetime.date
    total: int = 0
    labelled: bool = False
    label_x: float = 0
    segments: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # the count of each series, in legend order

    @property
    def last_day(self):
        return add_months(self.day, 1) - datetime.timedelta(days=1)


@dataclass
class Chart:
    months: list
    series: list
    undated: int
    ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: float = HEIGHT - BOTTOM

    @property
    def total(self):
        return sum(month.total for month in self.months)

    @property
    def first_day(self):
        return self.months[0].day

    @property
    def last_day(self):
        return self.months[-1].last_day

    @property
    def busiest(self):
        return max(self.months, key=lambda month: month.total, default=None)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def nice_step(largest, steps=4):
    """A whole, round tick step (1, 2 or 5 times a power of ten) for about ``steps`` ticks."""
    rough = max(largest / steps, 1)
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def designations_per_month(months=24, today=None):
    """The ``months`` months up to the latest listing or first sighting (not after today),
    by agency; designations with no listing date by the month they were first seen, apart."""
    today = today or timezone.localdate()
    undated = Designation.objects.filter(listed_on__isnull=True).with_first_seen()
    summary = Designation.objects.aggregate(
        latest=Max("listed_on", filter=Q(listed_on__lte=today)),
    )
    seen = undated.aggregate(
        latest=Max("first_seen", filter=Q(first_seen__lte=today)),
        unseen=Count("pk", filter=Q(first_seen__isnull=True)),
    )
    latest = max(filter(None, [summary["latest"], seen["latest"]]), default=None)
    if latest is None:
        return Chart(months=[], series=[], undated=undated.count())
    first = add_months(latest.replace(day=1), 1 - months)
    rows = (
        Designation.objects.filter(listed_on__gte=first, listed_on__lte=today)
        .annotate(month=TruncMonth("listed_on"))
        .values("month", "agency__slug", "agency__acronym", "agency__name")
        .annotate(count=Count("pk"))
        .order_by()
    )
    first_seen = (
        undated.filter(first_seen__gte=first, first_seen__lte=today)
        .annotate(month=TruncMonth("first_seen"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    chart = Chart(
        months=[Month(add_months(first, i)) for i in range(months)],
        series=[],
        undated=seen["unseen"],
    )
    _fill(chart, list(rows), top=len(PALETTE), first_seen=list(first_seen))
    return chart


def _fill(chart, rows, top, first_seen=()):
    totals = Counter()
    for row in rows:
        totals[row["agency__slug"]] += row["count"]
    names = {row["agency__slug"]: row["agency__acronym"] or row["agency__name"] for row in rows}
    ranked = sorted(totals, key=lambda slug: (-totals[slug], slug))[:top]
    series = {slug: Series(names[slug], slug, PALETTE[i]) for i, slug in enumerate(ranked)}
    other = Series(_("Other agencies"), "", OTHER_COLOUR)
    counts = defaultdict(Counter)
    for row in rows:
        entry = series.get(row["agency__slug"], other)
        entry.total += row["count"]
        counts[row["month"]][entry] += row["count"]
    seen = Series(_("First seen, no listing date given"), "", FIRST_SEEN_COLOUR, first_seen=True)
    for row in first_seen:
        seen.total += row["count"]
        counts[row["month"]][seen] += row["count"]
    chart.series = [
        *series.values(),
        *([other] if other.total else []),
        *([seen] if seen.total else []),
    ]
    _layout(chart, counts)


def _layout(chart, counts):
    slot = (chart.width - LEFT - RIGHT) / len(chart.months)
    largest = max(sum(by_series.values()) for by_series in counts.values())
    step = nice_step(largest)
    top_value = step * math.ceil(largest / step)
    scale = (chart.baseline - TOP) / top_value
    chart.ticks = [
        (round(chart.baseline - value * scale, 1), value) for value in range(0, top_value + 1, step)
    ]
    label_every = math.ceil(len(chart.months) / 8)
    for index, month in enumerate(chart.months):
        month.labelled = (len(chart.months) - 1 - index) % label_every == 0
        month.label_x = round(LEFT + (index + 0.5) * slot, 1)
        bar = (LEFT + (index + 0.14) * slot, slot * 0.72)
        _stack(month, chart, counts[month.day], bar, scale)


def _stack(month, chart, by_series, bar, scale):
    """Pile the month's segments up from the baseline, in legend order."""
    x, width = bar
    y = chart.baseline
    for entry in chart.series:
        count = by_series[entry]
        month.cells.append(count)
        if not count:
            continue
        height = count * scale
        y -= height
        segment = Segment(entry, count, round(x, 1), round(y, 1), round(width, 1), round(height, 1))
        month.segments.append(segment)
        month.total += count
