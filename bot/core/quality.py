"""Editorial checks for `check-content`: banned phrases (explain, never advise), reading
grade, review dates, and a summary. The rules live in content/style.yaml. Pure: the date
to judge "due for review" by is passed in."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

from bot.core.content import (
    COMPARISON_FILE,
    GLOSSARY_FILE,
    MESSAGES_FILE,
    TIPS_FILE,
    Comparison,
    Content,
    ContentInvalid,
    Term,
    Tip,
)
from bot.core.readability import grade

STYLE_FILE = "style.yaml"
ADMIN_ONLY = frozenset({"stats"})  # a table for the bot's admins, not prose for patients
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Banned:
    pattern: re.Pattern[str]
    why: str
    # Diagnostic criteria carry numbers and units (IMWG: "200 mg/24 h"): a rule marked so
    # does not apply to the formal `clinical` wording, where they are not doses.
    criteria_ok: bool = False


@dataclass(frozen=True)
class StyleRules:
    banned: tuple[Banned, ...]
    target_grade: float = 8.0
    list_above: float = 10.0
    review_days: int = 730
    # near-duplicate tips: word-overlap similarity (0..1) listed above, failed above
    similar_list: float = 0.3
    similar_fail: float = 0.45


@dataclass(frozen=True)
class Prose:
    where: str
    text: str
    graded: bool = True  # short messages and button labels are not worth a grade
    criteria: bool = False  # the formal (IMWG) wording, where thresholds are allowed


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    grades: list[tuple[float, str]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)


def parse_style(text: str, origin: str = "content") -> StyleRules:
    where = f"{origin}/{STYLE_FILE}"
    problems: list[str] = []
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ContentInvalid(
            [f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
    banned = []
    for i, item in enumerate(doc.get("banned") or []):
        if not isinstance(item, dict) or "pattern" not in item or "why" not in item:
            problems.append(f"{where}: banned[{i}]: needs a pattern and a why")
            continue
        try:
            banned.append(
                Banned(
                    re.compile(str(item["pattern"]), re.IGNORECASE),
                    str(item["why"]),
                    bool(item.get("criteria_ok", False)),
                )
            )
        except re.error as exc:
            problems.append(f"{where}: banned[{i}].pattern: not a valid pattern ({exc})")
    readability = doc.get("readability") or {}
    similar = doc.get("near_duplicate_tips") or {}
    if problems:
        raise ContentInvalid(problems)
    return StyleRules(
        banned=tuple(banned),
        target_grade=float(readability.get("target", 8)),
        list_above=float(readability.get("list_above", 10)),
        review_days=int((doc.get("review") or {}).get("due_after_days", 730)),
        similar_list=float(similar.get("list_above", 0.3)),
        similar_fail=float(similar.get("fail_above", 0.45)),
    )


def prose(content: Content) -> Iterator[Prose]:
    """Every piece of text a person can read, named by file and field."""
    for i, t in enumerate(content.terms):
        where = f"{GLOSSARY_FILE}: terms[{i}] ({t.id})"
        yield Prose(f"{where}.short", t.short)
        yield Prose(f"{where}.text", t.text)
        if t.clinical:  # the IMWG wording is technical by design: checked, not graded
            yield Prose(f"{where}.clinical", t.clinical, graded=False, criteria=True)
    for i, tip in enumerate(content.tips):
        yield Prose(f"{TIPS_FILE}: tips[{i}] ({tip.id}).text", tip.text)
    c = content.comparison
    yield Prose(f"{COMPARISON_FILE}: intro", c.intro)
    for si, section in enumerate(c.sections):
        for ri, row in enumerate(section.rows):
            yield Prose(
                f"{COMPARISON_FILE}: sections[{si}].rows[{ri}].cells",
                " ".join(row.cells),
            )
    codes = {*content.triage.languages, *(w.code for w in content.triage.red_flag_words)}
    for key, text in content.messages.texts.items():
        english = key.rsplit("_", 1)[-1] not in codes - {"en"}  # the grade reads English only
        readers_are_people = (
            english and key not in ADMIN_ONLY and len(text) > 200
        )  # short lines are not graded
        yield Prose(f"{MESSAGES_FILE}: {key}", _TAG.sub("", text), graded=readers_are_people)


# A source must be the page about the topic: a site's front page or a dictionary's root is
# not, and fails the check.
_ROOTS = ("/publications/dictionaries/cancer-terms", "/publications/dictionaries/cancer-drug")


def home_page_sources(content: Content, origin: str = "content") -> list[str]:
    found = []
    items = [
        (f"{GLOSSARY_FILE}: terms[{i}] ({t.id})", t.sources) for i, t in enumerate(content.terms)
    ]
    items += [(f"{TIPS_FILE}: tips[{i}] ({t.id})", t.sources) for i, t in enumerate(content.tips)]
    items.append((f"{COMPARISON_FILE}: sources", content.comparison.sources))
    for where, sources in items:
        for j, source in enumerate(sources):
            path = urlsplit(source.url).path.rstrip("/")
            if not path or path in _ROOTS:
                found.append(
                    f"{origin}/{where}.sources[{j}]: {source.url} is a home page, not the page "
                    "about this topic"
                )
    return found


def _sourced(content: Content) -> list[tuple[str, str, Term | Tip | Comparison]]:
    """(file, where, item) for every text that names sources: terms, tips, the comparison."""
    items: list[tuple[str, str, Term | Tip | Comparison]] = [
        (GLOSSARY_FILE, f"terms[{i}] ({t.id})", t) for i, t in enumerate(content.terms)
    ]
    items += [(TIPS_FILE, f"tips[{i}] ({t.id})", t) for i, t in enumerate(content.tips)]
    items.append((COMPARISON_FILE, "(file)", content.comparison))
    return items


def reviews_due(content: Content, due_before: dt.date, origin: str = "content") -> list[str]:
    """Texts whose clinical review is older than style.yaml's `due_after_days`: new
    medicines arrive every year, so a review does not last."""
    return [
        f"{origin}/{file}: {where}: review due (reviewed {item.review.date.isoformat()}, "
        f"by {item.review.by})"
        for file, where, item in _sourced(content)
        if item.review is not None and item.review.date < due_before
    ]


def unreviewed(content: Content, origin: str = "content") -> list[str]:
    """One line per file naming the texts no clinician has reviewed yet."""
    by_file: dict[str, list[str]] = {}
    for file, _, item in _sourced(content):
        if item.review is None:
            by_file.setdefault(file, []).append(getattr(item, "id", "the comparison"))
    return [
        f"{origin}/{file}: {len(ids)} not yet reviewed by a clinician: {', '.join(ids)}"
        for file, ids in by_file.items()
    ]


# Words too common to say what a tip is about; the rest are cut to their first six letters
# so "infection", "infections" and "infected" count as one.
_COMMON = frozenset(
    re.findall(
        r"[a-z]+",
        "about after also and any are ask can could did does for from has have "
        "how into its just may might more most not one our over some than that "
        "the their them then there they this what when who will with would you your",
    )
)
_WORD = re.compile(r"[a-z]+")


def _stems(text: str) -> list[str]:
    return [w[:6] for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _COMMON]


def similar_tips(tips: Sequence[Tip], above: float) -> list[tuple[float, Tip, Tip]]:
    """Pairs of tips whose words overlap more than `above`: the cosine of their tf-idf
    vectors over word stems (0 shares nothing, 1 the same words). Words every tip uses
    weigh little; words two tips alone share weigh most, which is what a repeat looks like."""
    docs = [_stems(t.text) for t in tips]
    df = Counter(w for d in docs for w in set(d))
    vectors = []
    for d in docs:
        v = {w: (1 + math.log(n)) * math.log(len(docs) / df[w]) for w, n in Counter(d).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    pairs = []
    for (i, a), (j, b) in itertools.combinations(enumerate(vectors), 2):
        score = sum(x * b.get(w, 0.0) for w, x in a.items())
        if score > above:
            pairs.append((round(score, 2), tips[i], tips[j]))
    return sorted(pairs, key=lambda p: -p[0])


def review(content: Content, rules: StyleRules, today: dt.date, origin: str = "content") -> Report:
    report = Report()
    for item in prose(content):
        where = f"{origin}/{item.where}"
        for banned in rules.banned:
            if item.criteria and banned.criteria_ok:
                continue
            found = banned.pattern.search(item.text)
            if found:
                report.errors.append(f"{where}: banned phrase {found.group(0)!r} ({banned.why})")
        if item.graded:
            report.grades.append((round(grade(item.text), 1), where))
    report.errors += home_page_sources(content, origin)  # the page about the topic, always
    for score, a, b in similar_tips(content.tips, rules.similar_list):
        pair = f"{origin}/{TIPS_FILE}: tips {a.id} and {b.id}"
        if score > rules.similar_fail:
            report.errors.append(
                f"{pair} say much the same (similarity {score:.2f}, above "
                f"{rules.similar_fail:g}): merge them or rewrite one"
            )
        else:
            report.warnings.append(f"{pair} overlap (similarity {score:.2f})")
    report.warnings += reviews_due(content, today - dt.timedelta(days=rules.review_days), origin)
    report.warnings = sorted(set(report.warnings))
    for level, where in sorted(report.grades, reverse=True):
        if level > rules.list_above:
            report.warnings.append(
                f"{where}: reading grade {level} (aim for {rules.target_grade:g} or lower)"
            )
    report.unreviewed = unreviewed(content, origin)
    report.summary = _summary(content, report)
    return report


def _summary(content: Content, report: Report) -> list[str]:
    sources = {s.url for t in content.terms for s in t.sources}
    sources |= {s.url for t in content.tips for s in t.sources} | {
        s.url for s in content.comparison.sources
    }
    caregivers = sum(t.audience == "caregiver" for t in content.tips)
    lines = [
        f"{len(content.terms)} terms in {len(content.groups)} groups "
        f"({sum(bool(t.clinical) for t in content.terms)} with a clinical definition), "
        f"{len(content.tips)} tips ({caregivers} for caregivers), "
        f"{sum(len(s.rows) for s in content.comparison.sections)} comparison rows, "
        f"{len(sources)} distinct sources"
    ]
    items = _sourced(content)
    lines.append(
        f"clinical review: {sum(i.review is not None for _, _, i in items)} of {len(items)} "
        "texts reviewed by a clinician"
    )
    if report.grades:
        levels = [level for level, _ in report.grades]
        worst_level, worst_where = max(report.grades)
        lines.append(
            f"reading grade: median {statistics.median(levels):.1f}, worst {worst_level} ({worst_where})"
        )
    return lines
