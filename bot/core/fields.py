"""Reading YAML content one field at a time, with every mistake collected as a line
"file: field: what is wrong" instead of raised, so an editor sees them all in one run."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TERM_ID = 40  # keeps "define_<id>" deep links and callback data well inside 64 bytes


class _UniqueKeys(yaml.SafeLoader):
    """The safe loader, refusing a key given twice in one mapping: plain YAML keeps the
    last silently, and the first list is lost without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class Problems:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.lines: list[str] = []

    def add(self, file: str, where: str, what: str) -> None:
        self.lines.append(f"{self.origin}/{file}: {where}: {what}")

    def yaml(self, file: str, text: str | None) -> Any:
        if text is None:
            self.add(file, "(file)", "file is missing")
            return {}
        try:
            doc = yaml.load(text, Loader=_UniqueKeys)  # a safe loader: SafeLoader, keys checked
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
            problem = getattr(exc, "problem", None) or "not valid YAML"
            self.add(file, where, f"not valid YAML ({problem})")
            return {}
        if not isinstance(doc, dict):
            self.add(file, "(top level)", "must be a mapping of fields")
            return {}
        return doc


class Fields:
    """Typed access to one YAML mapping; each wrong field becomes one problem line."""

    def __init__(self, problems: Problems, file: str, data: Any, path: str = "") -> None:
        self.p = problems
        self.file = file
        self.data = data if isinstance(data, dict) else {}
        self.path = path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def problem(self, key: str, what: str) -> None:
        self.p.add(self.file, self.where(key), what)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def text(self, key: str, *, required: bool = True, max_len: int | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "must be non-empty text")
            return ""
        value = value.strip()
        if max_len is not None and len(value) > max_len:
            self.problem(key, f"is {len(value)} characters; at most {max_len}")
        return value

    def slug(self, key: str) -> str:
        """An id: a-z, 0-9 and '-', short enough for deep links and button data."""
        value = self.text(key)
        if value and (not TERM_ID.match(value) or len(value) > MAX_TERM_ID):
            self.problem(key, f"{value!r}: use a-z, 0-9 and '-', at most {MAX_TERM_ID}")
        return value

    def str_list(self, key: str, *, required: bool = True) -> list[str]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, "must be a list of non-empty texts")
            return []
        return [v.strip() for v in value]

    def items(self, key: str) -> list[Fields]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            self.problem(key, "must be a non-empty list")
            return []
        readers = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.p.add(self.file, f"{self.where(key)}[{i}]", "must be a mapping of fields")
                continue
            readers.append(Fields(self.p, self.file, item, f"{self.where(key)}[{i}]"))
        return readers

    def mapping(self, key: str) -> Fields:
        value = self.data.get(key)
        if not isinstance(value, dict):
            self.problem(key, "must be a mapping of fields")
        return Fields(self.p, self.file, value, self.where(key))

    def date(self, key: str, *, report: bool = True) -> dt.date:
        value = self.data.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if report:
            self.problem(key, "missing or not a date like 2026-11-29")
        return dt.date.min
