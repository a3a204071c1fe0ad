"""What the parser hands to the import service: plain data, no Django."""

from dataclasses import dataclass, field


@dataclass
class ParsedHeading:
    level: int
    number: str
    title: str
    page: int | None  # printed page the heading stands on (None: not known, never below 1)
    page_end: int | None  # printed page its body ends on
    markdown: str  # chapters: the intro up to the first section, without subtitle/teaser
    subtitle: str | None = None
    teaser: str | None = None

    def as_dict(self) -> dict:
        data = {"level": self.level, "number": self.number, "title": self.title}
        if self.level == 1:
            data["subtitle"] = self.subtitle
            data["teaser"] = self.teaser
        data.update(page=self.page, page_end=self.page_end, markdown=self.markdown)
        return data


@dataclass
class ParsedBook:
    pages: int
    headings: list[ParsedHeading]
    warnings: list[str] = field(default_factory=list)  # German, for the editor
    date: str | None = None  # the PDF's creation date ("2016-09-22"), from its metadata

    def as_dict(self) -> dict:
        """The shape printed by ``--dry-run --json``."""
        return {"pages": self.pages, "headings": [h.as_dict() for h in self.headings]}
