"""The code stays readable: short functions, thin handlers. A rule, checked, not hoped for."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
MAX_FUNCTION_LINES = 60
MAX_HANDLER_LINES = 30


def lengths(root: Path) -> dict[str, int]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                name = f"{path.relative_to(BOT.parent)}:{node.name}"
                found[name] = node.end_lineno - node.lineno + 1
    return found


def test_no_function_is_longer_than_sixty_lines() -> None:
    found = lengths(BOT)
    assert len(found) > 100, "the walk found the code"
    assert {name: n for name, n in found.items() if n > MAX_FUNCTION_LINES} == {}


def test_handlers_stay_thin() -> None:
    found = lengths(BOT / "telegram" / "handlers")
    assert found
    assert {name: n for name, n in found.items() if n > MAX_HANDLER_LINES} == {}
