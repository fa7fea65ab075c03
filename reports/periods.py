"""Report periods: an academic year ("2025-2026", 1 September – 31 August)
and a calendar quarter ("2026-Q1") for the monitoring."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from mentoring.typography import academic_year_label, quarter_label


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def academic_year(self):
        return self.start.year

    @property
    def code(self):
        return f"{self.start.year}-{self.start.year + 1}"

    @property
    def label(self):
        return academic_year_label(self.start.year)

    @classmethod
    def parse(cls, code):
        match = re.fullmatch(r"\s*(\d{4})\s*[-/–]\s*(\d{4})\s*", code or "")
        if not match:
            raise PeriodError("Период указывается как учебный год: 2025-2026.")
        first, second = int(match[1]), int(match[2])
        if second != first + 1 or not 2000 <= first <= 2100:
            raise PeriodError("Учебный год — два соседних года: 2025-2026.")
        return cls.of_year(first)

    @classmethod
    def of_year(cls, year):
        return cls(datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31))

    @classmethod
    def current(cls, today=None):
        today = today or timezone.localdate()
        return cls.of_year(today.year if today.month >= 9 else today.year - 1)

    def recent(self, count=4):
        """This and the ``count - 1`` previous academic years, newest first."""
        return [Period.of_year(self.academic_year - i) for i in range(count)]


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    @property
    def code(self):
        return f"{self.year}-Q{self.number}"

    @property
    def label(self):
        return quarter_label(self.year, self.number)

    def previous(self):
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    @property
    def academic_period(self):
        """The academic year the quarter's last day belongs to."""
        return Period.current(self.end)

    @classmethod
    def parse(cls, code):
        match = re.fullmatch(r"\s*(\d{4})\s*-\s*Q?([1-4])\s*", code or "", flags=re.IGNORECASE)
        if not match or not 2000 <= int(match[1]) <= 2100:
            raise PeriodError("Квартал указывается как 2026-Q1 (год и номер квартала 1–4).")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def current(cls, today=None):
        today = today or timezone.localdate()
        return cls(today.year, (today.month - 1) // 3 + 1)
