"""Shared helpers of the static tier: checks that need no Odoo."""

import ast
import csv
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON = ROOT / "hotel_crm"


@pytest.fixture(scope="session")
def manifest():
    return ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))


def addon_files(*suffixes):
    return sorted(p for p in ADDON.rglob("*") if p.is_file() and p.suffix in suffixes)


def declared_models():
    """(model name, file) of every model class declared in the addon's Python."""
    found = []
    for path in addon_files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {ast.unparse(b) for b in node.bases}
            if not bases & {"models.Model", "models.TransientModel"}:
                continue
            inherited = set()
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(
                    getattr(t, "id", None) == "_inherit" for t in stmt.targets
                ):
                    value = ast.literal_eval(stmt.value)
                    inherited |= {value} if isinstance(value, str) else set(value)
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(getattr(t, "id", None) == "_name" for t in stmt.targets)
                    and isinstance(stmt.value, ast.Constant)
                    # _name repeated beside _inherit extends a model, e.g. to
                    # add a mixin: that model's access rights are its module's
                    and stmt.value.value not in inherited
                ):
                    found.append((stmt.value.value, path))
    return found


def access_rows():
    path = ADDON / "security" / "ir.model.access.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
