"""Measuring the triage on labelled messages: the confusion matrix, the misses, and the
three figures that matter for safety. Pure; the CLI reads the file and prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.triage import Label, Triage, Verdict

ORDER = (Label.EMERGENCY, Label.CLINICAL, Label.GENERAL)


@dataclass(frozen=True)
class Case:
    line: int
    label: Label
    text: str


@dataclass(frozen=True)
class Evaluation:
    matrix: Counter[tuple[Label, Label]]  # (expected, got) -> count
    misses: tuple[tuple[Case, Verdict], ...]

    def count(self, expected: Label, got: Label | None = None) -> int:
        return sum(
            n for (e, g), n in self.matrix.items() if e == expected and (got is None or g == got)
        )

    @property
    def safety_recall(self) -> float:
        """Emergency and clinical messages not labelled general."""
        serious = self.count(Label.EMERGENCY) + self.count(Label.CLINICAL)
        missed = self.count(Label.EMERGENCY, Label.GENERAL) + self.count(
            Label.CLINICAL, Label.GENERAL
        )
        return (serious - missed) / serious if serious else 1.0

    @property
    def emergency_recall(self) -> float:
        total = self.count(Label.EMERGENCY)
        return self.count(Label.EMERGENCY, Label.EMERGENCY) / total if total else 1.0

    @property
    def false_positive_rate(self) -> float:
        """General messages labelled emergency or clinical."""
        total = self.count(Label.GENERAL)
        return (total - self.count(Label.GENERAL, Label.GENERAL)) / total if total else 0.0


def read_cases(text: str) -> list[Case]:
    """A TSV with a header line `label<TAB>text`; raises ValueError naming the bad line."""
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number == 1 or not line.strip() or line.startswith("#"):
            continue
        label, sep, message = line.partition("\t")
        if not sep:
            raise ValueError(f"line {number}: expected 'label<TAB>text'")
        try:
            cases.append(Case(number, Label(label.strip()), message))
        except ValueError:
            raise ValueError(
                f"line {number}: label must be emergency, clinical or general"
            ) from None
    return cases


def evaluate(cases: Iterable[Case], triage: Triage) -> Evaluation:
    matrix: Counter[tuple[Label, Label]] = Counter()
    misses = []
    for case in cases:
        verdict = triage.classify(case.text)
        matrix[(case.label, verdict.label)] += 1
        if verdict.label != case.label:
            misses.append((case, verdict))
    return Evaluation(matrix, tuple(misses))


def report(ev: Evaluation) -> str:
    width = max(len(label) for label in ORDER) + 2
    lines = [
        "expected \\ got".ljust(width + 6) + "".join(label.value.rjust(width) for label in ORDER)
    ]
    for expected in ORDER:
        row = "".join(str(ev.matrix[(expected, got)]).rjust(width) for got in ORDER)
        lines.append(expected.value.ljust(width + 6) + row)
    lines.append("")
    if ev.misses:
        lines.append(f"misses ({len(ev.misses)}):")
        for case, verdict in ev.misses:
            why = ",".join(verdict.reasons) or "-"
            lines.append(
                f"  line {case.line}: expected {case.label}, got {verdict.label} [{why}]: {case.text}"
            )
        lines.append("")
    lines.append(
        f"safety recall (emergency and clinical not labelled general): {ev.safety_recall:.3f}"
    )
    lines.append(f"emergency recall: {ev.emergency_recall:.3f}")
    lines.append(f"false positives on general messages: {ev.false_positive_rate:.3f}")
    return "\n".join(lines)
