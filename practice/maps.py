"""The dots of a map of reports: one per Kommune, sized by its number of reports."""

from dataclasses import dataclass, field

from kommunen import maps


@dataclass
class Dot:
    kommune: object
    reports: list = field(default_factory=list)
    x: float = 0
    y: float = 0
    r: float = 0

    @property
    def count(self):
        return len(self.reports)


def dots_for(reports, *, small=False) -> list[Dot]:
    """Group ``reports`` (with ``kommune`` loaded) by Kommune; Kommunen without coordinates
    appear in the lists and tables only."""
    dots: dict[int, Dot] = {}
    for report in reports:
        dots.setdefault(report.kommune_id, Dot(kommune=report.kommune)).reports.append(report)
    result = []
    for dot in dots.values():
        if dot.kommune.has_position:
            dot.x, dot.y = maps.project(dot.kommune.longitude, dot.kommune.latitude)
            dot.r = maps.dot_radius(dot.count, small=small)
            result.append(dot)
    # Big dots first, so the small ones stay on top and clickable.
    return sorted(result, key=lambda dot: (-dot.count, dot.kommune.name))


def dot_of(kommune, *, small=False) -> list[Dot]:
    """A Kommune's own place, for its page before anyone has reported from it."""
    if not kommune.has_position:
        return []
    x, y = maps.project(kommune.longitude, kommune.latitude)
    return [Dot(kommune=kommune, x=x, y=y, r=maps.dot_radius(1, small=small))]


def map_for_reports(reports, *, small=False) -> dict:
    return {"lands": maps.lands(), "dots": dots_for(reports, small=small), "width": maps.WIDTH,
            "height": maps.HEIGHT, "source": maps.SOURCE}
