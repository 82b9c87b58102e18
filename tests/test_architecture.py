"""The house's layers, read from the source with ``ast`` (imports inside functions included).

- ``communities`` is the ground floor: it imports neither ``sessions``, ``knowledge``,
  ``demo`` nor the project package ``cop_platform``; ``sessions`` does not import
  ``knowledge`` or ``demo``; no product app imports ``demo``.
- "Active member" is one rule: outside the models and ``permissions.py`` nobody filters
  memberships on ``Membership.Status.ACTIVE`` (or its string); they ask the queryset
  methods (``Membership.objects.active()``, ``Community.objects.of_member(user)``,
  ``User.objects.active_members_of(community)``) or ``permissions``.

Each checker proves itself on a planted bad module first, so a checker that finds
nothing because it reads nothing fails.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "communities": {"sessions", "knowledge", "demo", "cop_platform"},
    "sessions": {"knowledge", "demo"},
    "knowledge": {"demo"},
}


def _modules(folder):
    return sorted(path for path in folder.rglob("*.py") if "migrations" not in path.parts)


def imported_names(path):
    """(line, top-level package) of every import in the module, relative ones resolved to its app."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def upward_imports(app_folder, forbidden):
    return [
        f"{path.relative_to(app_folder.parent)}:{line} imports {name}"
        for path in _modules(app_folder)
        for line, name in imported_names(path)
        if name in forbidden
    ]


def _is_active_status(value):
    if isinstance(value, ast.Constant):
        return value.value == "active"
    # Membership.Status.ACTIVE (Community.Status.ACTIVE is another thing: a community's state).
    return (
        isinstance(value, ast.Attribute)
        and value.attr == "ACTIVE"
        and isinstance(value.value, ast.Attribute)
        and value.value.attr == "Status"
        and isinstance(value.value.value, ast.Name)
        and value.value.value.id == "Membership"
    )


def _is_lookup(function):
    """``.filter(``, ``.exclude(``, ``.get(`` or ``Q(``: a call that reads by the status (not one that writes it)."""
    if isinstance(function, ast.Attribute):
        return function.attr in {"filter", "exclude", "get"}
    return isinstance(function, ast.Name) and function.id == "Q"


def active_status_filters(path, root=ROOT):
    """Lines that filter memberships on the active status: a keyword argument ``status=`` /
    ``...memberships__status=`` whose value is ``Membership.Status.ACTIVE``, or the string
    "active" on a memberships lookup."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call) or not _is_lookup(node.func):
            continue
        for keyword in node.keywords:
            name = keyword.arg or ""
            if not (name == "status" or name.endswith("__status")):
                continue
            on_memberships = "memberships" in name or isinstance(keyword.value, ast.Attribute)
            if on_memberships and _is_active_status(keyword.value):
                found.append(f"{path.relative_to(root)}:{node.lineno} filters on {name}")
    return found


def _allowed_to_know_the_status(path):
    relative = path.relative_to(ROOT).as_posix()
    return relative.startswith("communities/models/") or relative == "communities/permissions.py"


# --- The checkers catch what they are for --------------------------------------------------------


def test_the_import_checker_catches_a_planted_upward_import(tmp_path):
    app = tmp_path / "communities"
    app.mkdir()
    (app / "fine.py").write_text("from django.db import models\nfrom .models import Community\n")
    (app / "bad.py").write_text(
        "import os\n\ndef later():\n    from knowledge.models import Post  # inside a function\n    return Post\n"
    )
    (app / "worse.py").write_text("import demo.people\nfrom cop_platform.celery import app\n")
    assert upward_imports(app, FORBIDDEN["communities"]) == [
        "communities/bad.py:4 imports knowledge",
        "communities/worse.py:1 imports demo",
        "communities/worse.py:2 imports cop_platform",
    ]


def test_the_status_checker_catches_a_planted_inline_rule(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "a = Membership.objects.filter(status=Membership.Status.ACTIVE)\n"
        "b = User.objects.filter(memberships__status='active')\n"
        "c = Community.objects.filter(status=Community.Status.ACTIVE)\n"  # a community's state: fine
        "d = Membership.objects.active()\n"
        "e = Membership.objects.create(status=Membership.Status.ACTIVE)\n"  # a write: fine
        "f = Q(memberships__status=Membership.Status.ACTIVE)\n"
    )
    assert active_status_filters(module, root=tmp_path) == [
        "views.py:1 filters on status", "views.py:2 filters on memberships__status", "views.py:6 filters on memberships__status"
    ]


# --- The house -------------------------------------------------------------------------------------


@pytest.mark.parametrize("app", FORBIDDEN)
def test_no_app_imports_from_the_floors_above_or_the_demo(app):
    assert upward_imports(ROOT / app, FORBIDDEN[app]) == []


def test_the_active_member_rule_is_asked_not_rewritten():
    found = [
        line
        for app in FORBIDDEN
        for path in _modules(ROOT / app)
        if not _allowed_to_know_the_status(path)
        for line in active_status_filters(path)
    ]
    assert found == []
