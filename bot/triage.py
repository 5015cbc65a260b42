"""Triage: is a message a possible emergency, a question only the care team can answer, or
general? The rules and word lists live in content/triage.yaml; this module only reads them.

A message is normalised (case, accents, apostrophes, punctuation), long words are
corrected against a spelling list ("revlimd" -> "revlimid"), and then every *concept* (a
named list of patterns) is checked. A *rule* fires when all of its concepts match and none
of its `unless` concepts do; the strongest label among the rules that fire wins
(emergency over clinical over general), and their ids are the reasons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz, process

MAX_TEXT = 1000  # characters looked at: enough for any real question
MIN_CORRECTABLE = 5  # shorter words are too easily "corrected" into something else
SPELLING_SCORE = 85.0


class Label(StrEnum):
    EMERGENCY = "emergency"
    CLINICAL = "clinical"
    GENERAL = "general"


SEVERITY = {Label.EMERGENCY: 2, Label.CLINICAL: 1, Label.GENERAL: 0}


@dataclass(frozen=True)
class Verdict:
    label: Label
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Concept:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    label: Label
    when: tuple[tuple[str, ...], ...]  # all groups must match; a group matches if any name does
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriageRules:
    concepts: Mapping[str, Concept]
    rules: tuple[Rule, ...]
    spelling: tuple[str, ...]


class TriageRulesInvalid(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the triage rules")
        self.problems = problems


def parse_rules(doc: Any, where: str = "triage.yaml") -> TriageRules:
    """Build rules from the YAML document; every problem is one line naming the field."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise TriageRulesInvalid([f"{where}: (top level): must be a mapping of fields"])
    concepts: dict[str, Concept] = {}
    raw_concepts = doc.get("concepts")
    if not isinstance(raw_concepts, dict) or not raw_concepts:
        problems.append(f"{where}: concepts: must be a mapping of names to pattern lists")
        raw_concepts = {}
    for name, body in raw_concepts.items():
        if isinstance(body, list):
            body = {"patterns": body}
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("patterns"), list)
            or not body["patterns"]
        ):
            problems.append(f"{where}: concepts.{name}: needs a non-empty list of patterns")
            continue
        compiled = []
        for i, pattern in enumerate(body["patterns"]):
            try:
                compiled.append(re.compile(str(pattern)))
            except re.error as exc:
                problems.append(f"{where}: concepts.{name}[{i}]: not a valid pattern ({exc})")
        # One alternation per concept: a single search instead of one per pattern.
        combined = re.compile("|".join(f"(?:{p.pattern})" for p in compiled)) if compiled else None
        concepts[name] = Concept(
            str(name), (combined,) if combined else (), tuple(body.get("unless") or ())
        )
    rules = []
    raw_rules = doc.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.append(f"{where}: rules: must be a non-empty list")
        raw_rules = []
    for i, body in enumerate(raw_rules):
        if not isinstance(body, dict):
            problems.append(f"{where}: rules[{i}]: must be a mapping")
            continue
        try:
            label = Label(str(body.get("label")))
        except ValueError:
            problems.append(f"{where}: rules[{i}].label: use emergency, clinical or general")
            continue
        when = tuple(tuple(str(group).split("|")) for group in body.get("when") or ())
        if not when:
            problems.append(f"{where}: rules[{i}].when: name at least one concept")
        rules.append(
            Rule(str(body.get("id") or f"rule-{i}"), label, when, tuple(body.get("unless") or ()))
        )
    for rule in rules:
        for name in {n for group in rule.when for n in group} | set(rule.unless):
            if name not in concepts:
                problems.append(f"{where}: rules ({rule.id}): unknown concept {name!r}")
    for concept in concepts.values():
        for name in concept.unless:
            if name not in concepts:
                problems.append(
                    f"{where}: concepts.{concept.name}.unless: unknown concept {name!r}"
                )
    spelling = tuple(str(w).lower() for w in doc.get("spelling") or ())
    if problems:
        raise TriageRulesInvalid(problems)
    return TriageRules(concepts=concepts, rules=tuple(rules), spelling=spelling)


def normalise(text: str) -> str:
    """Lower case, no accents or apostrophes; punctuation becomes space, but a decimal
    point between digits ("38.5") and a per cent sign stay."""
    text = unicodedata.normalize("NFKD", text[:MAX_TEXT])
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’'`´]", "", text)
    text = re.sub(r"(?<=\d)[.,](?=\d)", "\u0000", text)  # keep 38.5 / 38,5 as one number
    text = re.sub(r"[^\w%\u0000]+|_", " ", text)
    return " ".join(text.replace("\u0000", ".").split())


class Triage:
    def __init__(self, rules: TriageRules) -> None:
        self.rules = rules
        self._spelling = set(rules.spelling)
        self._corrections: dict[str, str] = {}

    def classify(self, text: str) -> Verdict:
        words = self._correct(normalise(text))
        padded = f" {words} "
        matched = self._concepts(padded)
        fired = [rule for rule in self.rules.rules if _fires(rule, matched)]
        if not fired:
            return Verdict(Label.GENERAL)
        top = max(SEVERITY[rule.label] for rule in fired)
        reasons = tuple(rule.id for rule in fired if SEVERITY[rule.label] == top)
        label = next(label for label, level in SEVERITY.items() if level == top)
        return Verdict(label, reasons)

    def _concepts(self, text: str) -> set[str]:
        raw = {
            name
            for name, concept in self.rules.concepts.items()
            if any(p.search(text) for p in concept.patterns)
        }
        return {name for name in raw if not set(self.rules.concepts[name].unless) & raw}

    def _correct(self, text: str) -> str:
        if not self._spelling:
            return text
        return " ".join(self._correct_word(word) for word in text.split())

    def _correct_word(self, word: str) -> str:
        if len(word) < MIN_CORRECTABLE or word in self._spelling or not word.isalpha():
            return word
        if word not in self._corrections:
            if len(self._corrections) > 50_000:  # bounded, whatever people type
                self._corrections.clear()
            best = process.extractOne(
                word, self.rules.spelling, scorer=fuzz.ratio, score_cutoff=SPELLING_SCORE
            )
            self._corrections[word] = best[0] if best and best[0][0] == word[0] else word
        return self._corrections[word]


def _fires(rule: Rule, matched: set[str]) -> bool:
    return all(any(name in matched for name in group) for group in rule.when) and not (
        set(rule.unless) & matched
    )
