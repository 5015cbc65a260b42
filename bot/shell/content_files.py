"""Reading content/*.yaml from disk; parsing them is the core's (bot/core/content.py)."""

from __future__ import annotations

from pathlib import Path

from bot.core.content import CONTENT_FILES, MODEL_FILE, Content, ContentInvalid, parse_content


def load_content(directory: Path) -> Content:
    """Read content/*.yaml from ``directory`` and parse it (raises ContentInvalid)."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for name in CONTENT_FILES:
        path = directory / name
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(f"{path}: file is missing")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot be read ({exc.__class__.__name__})")
    model = directory / MODEL_FILE
    if model.exists():
        try:
            texts[MODEL_FILE] = model.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{model}: cannot be read ({exc.__class__.__name__})")
    if problems:
        raise ContentInvalid(problems)
    return parse_content(texts, origin=str(directory))
