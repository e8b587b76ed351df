"""Data files: well formed, Odoo 18 syntax, access rights for every model."""

import xml.etree.ElementTree as ET

import pytest
from conftest import access_rows, addon_files, declared_models

XML_FILES = addon_files(".xml")
VIEW_FILES = [p for p in XML_FILES if "views" in p.parts or "wizard" in p.parts]

# Pre-18 syntax that Odoo 18 rejects or silently ignores.
FORBIDDEN = {
    "<tree": "list views are <list> since 17.0",
    "attrs=": "attrs is gone: use invisible/readonly/required expressions",
    "states=": "states is gone: use an invisible expression",
    "kanban-box": 'kanban cards are <t t-name="card">',
    "oe_chatter": "use <chatter/>",
    "numbercall": "ir.cron has no numbercall in 18.0",
    "group_operator": "use aggregator",
}


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_xml_parses(path):
    ET.parse(path)


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_no_pre_18_syntax(path):
    text = path.read_text(encoding="utf-8")
    for needle, why in FORBIDDEN.items():
        assert needle not in text, f"{path.name}: {needle!r} ({why})"


def test_python_has_no_pre_18_api():
    for path in addon_files(".py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("group_operator=", "def name_get(", "numbercall", "@api.multi"):
            assert needle not in text, f"{path.name}: {needle}"


def test_xml_ids_unique():
    seen = {}
    for path in XML_FILES:
        for node in ET.parse(path).iter():
            xmlid = node.get("id")
            if node.tag in ("record", "menuitem", "template") and xmlid:
                assert xmlid not in seen, f"{xmlid} in {path.name} and {seen[xmlid]}"
                seen[xmlid] = path.name


def test_every_model_has_access_rights():
    rows = access_rows()
    covered = {row["model_id:id"].split(".")[-1] for row in rows}
    for model, path in declared_models():
        ref = "model_" + model.replace(".", "_")
        assert ref in covered, (
            f"{model} ({path.name}) has no line in ir.model.access.csv"
        )


def test_access_ids_follow_convention():
    for row in access_rows():
        assert row["id"].startswith("access_"), row["id"]
