"""Web assets and browser tours: what the manifest bundles and what runs."""

import pathlib
import re

from conftest import ADDON

TOUR_ADD = re.compile(
    r"""category\(\s*["']web_tour\.tours["']\s*\)\s*\.add\(\s*["']([\w.]+)["']"""
)
START_TOUR = re.compile(r"""start_tour\(\s*["'][^"']*["']\s*,\s*["']([\w.]+)["']""")


def _bundled_files(manifest, bundle):
    files = set()
    for entry in manifest.get("assets", {}).get(bundle, []):
        assert isinstance(entry, str) and entry.startswith("hotel_crm/"), entry
        matched = sorted(ADDON.parent.glob(entry))
        assert matched, f"{bundle}: {entry} matches no file"
        files.update(p for p in matched if p.is_file())
    return files


def test_tours_are_in_the_test_bundle(manifest):
    tours = set((ADDON / "static" / "tests" / "tours").glob("*.js"))
    assert tours, "no tour in static/tests/tours"
    missing = tours - _bundled_files(manifest, "web.assets_tests")
    assert not missing, f"not in web.assets_tests: {sorted(map(str, missing))}"


def test_every_tour_is_run_by_a_test():
    registered = {
        name
        for path in (ADDON / "static" / "tests" / "tours").glob("*.js")
        for name in TOUR_ADD.findall(path.read_text(encoding="utf-8"))
    }
    started = {
        name
        for path in (ADDON / "tests").glob("test_*.py")
        for name in START_TOUR.findall(path.read_text(encoding="utf-8"))
    }
    assert registered - started == set(), "tours no test runs"
    assert started - registered == set(), "tests start tours nobody registers"


def test_every_test_module_is_imported():
    """Odoo's own runner (odoo-bin --test-enable) only runs the test modules
    that tests/__init__.py imports; pytest-odoo would run the others anyway."""
    init = (ADDON / "tests" / "__init__.py").read_text(encoding="utf-8")
    imported = set(re.findall(r"^from \. import (\w+)$", init, re.M))
    modules = {p.stem for p in pathlib.Path(ADDON / "tests").glob("test_*.py")}
    assert modules - imported == set(), "test modules missing in tests/__init__.py"
