"""Does the learned safety net raise emergency recall on sets it has never seen?

For each blind set: the rules exactly as they stood when the set was first scored (a git
worktree of that commit), alone and with a model trained only on the sets that existed
then. Run from the repository root: .venv/bin/python bench/triage_learned.py
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bot.core.triage import Label, Triage  # noqa: E402
from bot.core.triage_eval import Case, read_cases  # noqa: E402
from bot.core.triage_model import LearnedModel, train  # noqa: E402
from bot.shell.content_files import load_content  # noqa: E402

DATA = ROOT / "tests" / "data"
BASE = [
    "triage_cases.tsv",
    "triage_holdout.tsv",
    "triage_holdout_2.tsv",
    "triage_blind_older_patients.tsv",
    "triage_blind_caregivers.tsv",
    "triage_blind_languages.tsv",
    "triage_blind_nurse.tsv",
    "triage_final_support_group.tsv",
    "triage_final_mixed.tsv",
]
ROUND3 = ["triage_final_late_night.tsv", "triage_round3_immune.tsv", "triage_round3_rushed.tsv"]
# (commit whose rules first scored the sets, the sets, what existed before them)
PLAN = [
    ("48be25a", ["triage_final_late_night.tsv"], BASE),
    ("f5bd791", ["triage_round3_immune.tsv", "triage_round3_rushed.tsv"], BASE + ROUND3[:1]),
    ("5d43240", ["triage_round3_groups.tsv", "triage_round3_understated.tsv"], BASE + ROUND3),
]


def old_labels(worktree: Path, cases: list[Case]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(worktree), "BOT_CONTENT_DIR": f"{worktree}/content"}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "triage"],
        input="\n".join(c.text for c in cases) + "\n",
        capture_output=True,
        text=True,
        cwd=worktree,
        env=env,
        check=True,
    ).stdout.split()
    assert len(out) == len(cases), (len(out), len(cases))
    return out


def figures(
    cases: list[Case], labels: list[str], model: LearnedModel | None, reader: Triage
) -> tuple[float, float, float]:
    got = []
    for case, label in zip(cases, labels, strict=True):
        if model and label == "clinical" and model.is_emergency(reader.words(case.text)):
            label = "emergency"
        got.append(label)

    def share(expected: Label, hit: object) -> float:
        picked = [g for c, g in zip(cases, got, strict=True) if c.label is expected]
        return sum(hit(g) for g in picked) / len(picked)

    return (
        share(Label.EMERGENCY, lambda g: g == "emergency"),
        share(Label.CLINICAL, lambda g: g == "emergency"),
        share(Label.GENERAL, lambda g: g != "general"),
    )


def main() -> None:
    content = load_content(ROOT / "content")
    reader = Triage(dataclasses.replace(content.triage, model=None))
    tmp = Path(tempfile.mkdtemp(prefix="triage-retro-"))
    try:
        for commit, tests, trains in PLAN:
            examples = [
                (reader.words(c.text), c.label is Label.EMERGENCY)
                for name in trains
                for c in read_cases((DATA / name).read_text(encoding="utf-8"))
            ]
            model = train(examples)
            worktree = tmp / commit
            subprocess.run(
                ["git", "worktree", "add", "-q", "--detach", str(worktree), commit],
                cwd=ROOT,
                check=True,
            )
            for name in tests:
                cases = read_cases((DATA / name).read_text(encoding="utf-8"))
                labels = old_labels(worktree, cases)
                a = figures(cases, labels, None, reader)
                b = figures(cases, labels, model, reader)
                print(
                    f"{name:32} trained on {len(examples):4}: emergency recall "
                    f"{a[0]:.3f} -> {b[0]:.3f}; clinical given the urgent reply "
                    f"{a[1]:.3f} -> {b[1]:.3f}; general false positives {a[2]:.3f} -> {b[2]:.3f}"
                )
    finally:
        for worktree in tmp.iterdir():
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False
            )


if __name__ == "__main__":
    main()
