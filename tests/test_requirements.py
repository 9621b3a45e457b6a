"""requirements.txt (+ requirements-gpu.txt) lists exactly the third-party packages the product's code imports."""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import distributions, packages_distributions, requires

from tests.conftest import ROOT

PRODUCT = ("assistant", "tools", "training", "serving")
NOT_IMPORTED = {"s3fs"}  # a resolver floor, said so in the file


def _imports() -> set[str]:
    found = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name not in PRODUCT}


def _requirements(*files: str) -> set[str]:
    names = set()
    for file in files:
        for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                names.add(_name(line))
    return names


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


def _name(requirement: str) -> str:
    return _normal(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0])


def test_every_import_is_declared_and_every_declaration_is_imported() -> None:
    providers = {name: {_normal(d) for d in dists} for name, dists in packages_distributions().items()}
    providing = set().union(*providers.values())
    imported = _imports()
    declared = _requirements("requirements.txt", "requirements-gpu.txt")
    parts = {meta: {_name(r) for r in requires(meta) or [] if "extra ==" not in r}  # meta-packages such as
             for meta in declared - providing if meta in _installed()}          # sagemaker 3 bring their parts
    satisfied = declared.union(*parts.values())
    undeclared = {name for name in imported if not providers.get(name, {_normal(name)}) & satisfied}
    assert undeclared == set(), "imported but not declared"
    used = set().union(*(providers.get(name, {_normal(name)}) for name in imported))
    unused = {d for d in declared - NOT_IMPORTED if d not in used and not parts.get(d, set()) & used}
    assert unused == set(), "declared but never imported"


def _installed() -> set[str]:
    return {_normal(d.metadata["Name"]) for d in distributions()}
