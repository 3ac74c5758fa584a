"""The two rooms of `donations`: the public donate path and the team's insights.

Imports run one way, from insights to the donate path. Only the wiring (the
app config, management commands and the report's template-tag library, which
Django looks for in fixed places) may import the insights from outside.
"""

import ast
from pathlib import Path

import donations

ROOT = Path(donations.__file__).parent
WIRING = {"apps.py", "templatetags/donation_report_tags.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _donate_path_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(("insights/", "migrations/", "management/")):
            continue
        if relative in WIRING:
            continue
        yield relative, path


def test_the_donate_path_never_imports_the_insights():
    offenders = {
        relative: sorted(
            name for name in _imports(path) if name.startswith("donations.insights")
        )
        for relative, path in _donate_path_modules()
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_insights_live_in_their_own_package():
    insights = {p.name for p in (ROOT / "insights").glob("*.py")}
    assert {"figures.py", "rollup.py", "ab_testing.py", "significance.py"} <= insights
    assert (ROOT / "insights" / "report" / "views.py").exists()
    for moved in ("insights.py", "rollup.py", "significance.py", "ab_testing.py"):
        assert not (ROOT / moved).exists()
