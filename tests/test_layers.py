"""Imports only go downwards: the catalog knows nothing of the page cache, the comparison
engine or the pages; the pages use everything below them; the benchmark harness and the
project's wiring (config) sit on top."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import itself and those before it, never one after it.
LAYERS = ["catalog", "web", "comparisons", "pages", "api", "bench", "config"]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


@pytest.mark.parametrize("package", LAYERS)
def test_no_package_imports_one_above_it(package):
    allowed = set(LAYERS[: LAYERS.index(package) + 1])
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - allowed)
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {path: names for path, names in upward.items() if names} == {}


def test_the_catalog_holds_only_the_catalog():
    """No views, URLs, templates tags or page cache in catalog/: those are the pages' and
    the plumbing's."""
    names = {path.name for path in (ROOT / "catalog").rglob("*.py")}
    assert not names & {"views.py", "urls.py", "caching.py", "versioning.py", "seo.py"}
    assert not (ROOT / "catalog" / "templatetags").exists()
    assert not (ROOT / "catalog" / "benchmark").exists()


HTML_TAG = re.compile(
    r"<(?:a|p|div|span|td|th|tr|li|ul|ol|dl|dt|dd|table|tbody|form|input|select|option|label|"
    r"button|script|meta|link|section|nav|time|code|strong|h[1-6])[\s>]"
)


def printed_strings(path: Path) -> list[str]:
    """The string literals of a module, less its docstrings."""
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_markup_lives_in_templates():
    """No module writes HTML: templates do. The admin's format_html links are the one
    exception, and the sitemaps are XML, not HTML."""
    writers = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            found = [s for s in printed_strings(path) if HTML_TAG.search(s)]
            if "mark_safe(" in text or "SafeString(" in text:
                found.append("mark_safe")
            if path.name.startswith("admin"):
                found = [s for s in found if not ("format_html" in text and s.startswith("<a "))]
            if found:
                writers[str(path.relative_to(ROOT))] = found
    assert writers == {}
