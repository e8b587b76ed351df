"""The manifest and the files it loads."""

import re

from conftest import ADDON, addon_files

REQUIRED_KEYS = {
    "name",
    "version",
    "license",
    "author",
    "website",
    "category",
    "depends",
    "data",
    "demo",
    "installable",
    "application",
    "summary",
}


def test_manifest_keys(manifest):
    missing = REQUIRED_KEYS - manifest.keys()
    assert not missing, f"manifest lacks {sorted(missing)}"
    assert "description" not in manifest, "the description lives in readme/"
    assert manifest["installable"] is True
    assert manifest["application"] is True


def test_manifest_version(manifest):
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])


def test_manifest_depends(manifest):
    assert {"contacts", "mail", "account"} <= set(manifest["depends"])


def test_listed_files_exist(manifest):
    for key in ("data", "demo"):
        for name in manifest.get(key, []):
            assert (ADDON / name).is_file(), f"{key} file {name} does not exist"


def test_every_data_file_is_listed(manifest):
    listed = set(manifest.get("data", [])) | set(manifest.get("demo", []))
    for path in addon_files(".xml", ".csv"):
        rel = path.relative_to(ADDON).as_posix()
        if rel.startswith(("static/", "tests/")):
            continue
        assert rel in listed, f"{rel} is not loaded by the manifest"


def test_data_load_order(manifest):
    """Groups first, then access rights, rules, data, views; menus last."""
    data = manifest["data"]
    assert data[0] == "security/hotel_crm_groups.xml"
    if "security/ir.model.access.csv" in data:
        assert data[1] == "security/ir.model.access.csv"
    assert data[-1] == "views/hotel_crm_menus.xml"


def test_icon_and_readme_fragments():
    assert (ADDON / "static" / "description" / "icon.png").is_file()
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (ADDON / "readme" / fragment).is_file(), fragment
