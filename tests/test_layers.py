"""Imports only go downwards: the catalog knows nothing of the page cache, the comparison
engine or the pages; the pages use everything below them; the benchmark harness and the
project's wiring (config) sit on top."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import itself and those before it, never one after it.
LAYERS = ["catalog", "web", "comparisons", "pages", "bench", "config"]


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
