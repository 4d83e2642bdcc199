"""The figures of one request that several sections show, each computed once."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.orm import Session

from bot.dashboard import charts
from bot.dashboard.metrics import entries as entries_figures
from bot.dashboard.metrics import handoff as handoff_figures
from bot.dashboard.metrics import timing as timing_figures
from bot.dashboard.period import Filters
from bot.dashboard.sections.tables import Cell, Table


class Figures:
    """The figures of one request, each computed once however many sections show it (the report shows all)."""

    def __init__(self, session: Session, filters: Filters) -> None:
        self.session, self.filters = session, filters

    @cached_property
    def timing(self) -> timing_figures.Timing:
        return timing_figures.timing(self.session, self.filters)

    @cached_property
    def per_day(self) -> Table:
        """Conversation-days per day (the overview and «when» both show it)."""
        return per_day_table(self.timing)

    @cached_property
    def tickets(self) -> list[handoff_figures.HandedTicket]:
        return handoff_figures.tickets(self.session, self.filters)

    def tickets_if_read(self) -> list[handoff_figures.HandedTicket] | None:
        """The tickets if a section read them already (the overview alone needs only two of their columns)."""
        found: list[handoff_figures.HandedTicket] | None = self.__dict__.get("tickets")
        return found

    @cached_property
    def entries(self) -> list[entries_figures.EntryFigures]:
        return entries_figures.entries(self.session, self.filters)


def per_day_table(timing: timing_figures.Timing) -> Table:
    rows: list[tuple[Cell, ...]] = [(d.isoformat(), n, timing.questions_per_day[d]) for d, n in timing.per_day.items()]
    points = [(f"{d:%d/%m}", float(n)) for d, n in timing.per_day.items()]
    return Table("theo-ngay", "Lượt trò chuyện mỗi ngày", ("Ngày", "Lượt trò chuyện", "Câu hỏi"), rows, charts.line_chart(points))
