"""Bring the translations of hotel_crm up to date with its .pot (`make i18n`).

    python tools/i18n_merge.py [LANG.po ...]

For each translation file (by default every hotel_crm/i18n/*.po), rewrites it
from hotel_crm/i18n/hotel_crm.pot, the way `msgmerge` would:

- entries come in the .pot's order, with the .pot's reference comments;
- a msgid already translated keeps its translation;
- a new msgid close to a msgid that disappeared (a reworded sentence) gets
  the old translation flagged `#, fuzzy`, for the translator to review;
- any other new msgid gets an empty translation;
- translations of msgids gone from the .pot are dropped.

The file's own header (language, plural forms, translator) is kept. The
static tier (tests/test_i18n.py) fails on empty and fuzzy entries until a
translator has done the rest. Runs with the Odoo virtual environment: it
uses polib, the library Odoo itself reads and writes PO files with, so the
result is formatted exactly like Odoo's own exports.
"""

import difflib
import pathlib
import sys

import polib

I18N = pathlib.Path(__file__).resolve().parent.parent / "hotel_crm" / "i18n"
POT = I18N / "hotel_crm.pot"
# how alike a reworded msgid must be to reuse its old translation as fuzzy
SIMILARITY = 0.8


def merge(pot, po):
    """Returns (the merged POFile, counts of what happened) for ``po``."""
    old = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete and e.msgstr}
    merged = polib.POFile(wrapwidth=pot.wrapwidth)
    merged.header = po.header or pot.header
    merged.metadata = dict(po.metadata)
    merged.metadata["POT-Creation-Date"] = pot.metadata.get(
        "POT-Creation-Date", merged.metadata.get("POT-Creation-Date", "")
    )
    counts = {"kept": 0, "fuzzy": 0, "new": 0, "dropped": 0}
    used = set()
    vanished = [key for key in old if pot.find(key[1], msgctxt=key[0]) is None]
    for template in pot:
        if template.obsolete:
            continue
        entry = polib.POEntry(
            msgid=template.msgid,
            msgctxt=template.msgctxt,
            msgstr="",
            comment=template.comment,
            tcomment=template.tcomment,
            occurrences=list(template.occurrences),
            flags=[f for f in template.flags if f != "fuzzy"],
        )
        key = (template.msgctxt, template.msgid)
        if key in old:
            translated = old[key]
            entry.msgstr = translated.msgstr
            if "fuzzy" in translated.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = translated.previous_msgid
                counts["fuzzy"] += 1
            else:
                counts["kept"] += 1
            used.add(key)
        else:
            close = difflib.get_close_matches(
                template.msgid,
                [msgid for ctxt, msgid in vanished if ctxt == template.msgctxt],
                n=1,
                cutoff=SIMILARITY,
            )
            if close:
                entry.msgstr = old[(template.msgctxt, close[0])].msgstr
                entry.flags.append("fuzzy")
                entry.previous_msgid = close[0]
                counts["fuzzy"] += 1
            else:
                counts["new"] += 1
        merged.append(entry)
    counts["dropped"] = len(set(old) - used)
    return merged, counts


def main(paths):
    pot = polib.pofile(str(POT))
    paths = [pathlib.Path(p) for p in paths] or sorted(I18N.glob("*.po"))
    for path in paths:
        merged, counts = merge(pot, polib.pofile(str(path)))
        merged.save(str(path))
        print(
            f"{path.name}: {counts['kept']} kept, {counts['new']} new (empty), "
            f"{counts['fuzzy']} fuzzy (to review), {counts['dropped']} dropped"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
