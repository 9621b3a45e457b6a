"""The layout stays one the next engineer can change safely (issue #30): no product module over 450 lines, and each
opens with a docstring that says its one job. Round 8 of the brain grew assistant/clauses.py to 470 lines unnoticed."""
from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

MOST_LINES = 450
FLOORS = ("assistant", "tools", "training", "serving")
MODULES = sorted(path for floor in FLOORS for path in (ROOT / floor).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_module_is_small_and_says_its_job(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MOST_LINES, f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines"
    if path.name != "__init__.py" or text.strip():
        assert ast.get_docstring(ast.parse(text)), f"{path.relative_to(ROOT)} has no opening docstring"
