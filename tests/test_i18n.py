"""Translations of hotel_crm (hotel_crm/i18n/*.po) against the template
(hotel_crm/i18n/hotel_crm.pot): complete, current, and with the placeholders
and markup of the English text. Whether the template itself is current is
checked in the Odoo tier (hotel_crm/tests/test_i18n.py).

A small PO reader of its own: the static tier runs without Odoo's libraries
(polib comes with Odoo).
"""

import collections
import re

import pytest
from conftest import ADDON

I18N = ADDON / "i18n"
POT = I18N / "hotel_crm.pot"
PO_FILES = sorted(I18N.glob("*.po"))

# attributes Odoo translates inside view terms (odoo.tools.translate's
# TRANSLATED_ATTRS): a translation may change them, never the others
TRANSLATED_ATTRS = {
    "string", "add-label", "help", "sum", "avg", "confirm", "placeholder",
    "alt", "title", "aria-label", "aria-keyshortcuts", "aria-placeholder",
    "aria-roledescription", "aria-valuetext", "value_label", "data-tooltip",
    "label",
}  # fmt: skip
PLACEHOLDER = re.compile(
    r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxX%]"  # %(name)s, %s, %d, %%
    r"|\{\{[^{}]*\}\}"  # {{ object.name }}: mail templates' inline expressions
    r"|\{[^{}\s]*\}"  # {name}, {0}, {}
)
TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a"}
# Latin words a Chinese translation keeps: codes, product and format names
ZH_LATIN_ALLOWED = {"ID", "PDF", "OTA", "CRM", "DBL", "STE", "Font", "Awesome", "fa"}
ZH_LATIN_ALLOWED |= {"tasks"}  # "fa-tasks", an icon name


def _unquote(text, where):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], m[1]), text[1:-1])


def parse_po(path):
    """The entries of a PO file, in order: dicts with msgctxt, msgid, msgstr
    (the concatenated strings), flags (``#,``), comments (``#.`` lines),
    references (``#:`` lines), obsolete (``#~``) and line (where it starts)."""
    entries = []
    entry = key = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        # an entry ends at a blank line, or where the next one's comments or
        # keywords follow its msgstr directly
        if entry and (
            not line or ("msgstr" in entry and not line.startswith(('"', "msgstr")))
        ):
            entries.append(entry)
            entry = key = None
        if not line:
            continue
        if entry is None:
            entry = {
                "msgctxt": None,
                "flags": [],
                "comments": [],
                "references": [],
                "obsolete": False,
                "line": number,
            }
        entry["obsolete"] |= obsolete
        if line.startswith("#,"):
            entry["flags"] += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#."):
            entry["comments"].append(line[2:].strip())
        elif line.startswith("#:"):
            entry["references"] += line[2:].split()
        elif line.startswith("#"):
            continue  # translator comments, previous msgid (#|)
        elif line.startswith('"'):
            if key is None:
                raise ValueError(f"{where}: a string outside any keyword")
            entry[key] += _unquote(line, where)
        else:
            word, _, rest = line.partition(" ")
            key = "msgstr" if word.startswith("msgstr") else word
            if key not in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                raise ValueError(f"{where}: unknown keyword {word!r}")
            # plural forms (msgstr[n]) are read as one text
            entry[key] = (entry.get(key) or "") if key == "msgstr" else ""
            entry[key] += _unquote(rest, where)
    if entry:
        entries.append(entry)
    return [e for e in entries if "msgid" in e]


def catalog(path):
    """(header, {(msgctxt, msgid): entry}) of a PO file; duplicates fail."""
    entries = parse_po(path)
    header = next((e for e in entries if e["msgid"] == "" and not e["msgctxt"]), None)
    found = {}
    for e in entries:
        if e is header:
            continue
        key = (e["msgctxt"], e["msgid"])
        assert key not in found, (
            f"{path.name}:{e['line']}: msgid {e['msgid']!r} appears twice"
        )
        found[key] = e
    return header, found


def header_fields(header):
    fields = {}
    for line in header["msgstr"].splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def placeholders(text):
    return collections.Counter(PLACEHOLDER.findall(text))


def tags(text):
    """The markup of a text: each tag with the attributes a translation must
    keep as they are."""
    found = []
    for closing, name, attrs, selfclosing in TAG.findall(text):
        kept = tuple(
            sorted(
                (attr, a or b)
                for attr, a, b in ATTR.findall(attrs)
                if attr not in TRANSLATED_ATTRS
            )
        )
        found.append((closing, name, kept, selfclosing))
    return collections.Counter(found)


def only_in_views(entry):
    """Terms of views and HTML fields (``model_terms``), where line breaks
    are mere spaces; elsewhere (code, labels, help) they show."""
    refs = entry["references"]
    return bool(refs) and all(r.startswith("model_terms:") for r in refs)


def short(text, size=70):
    text = text.replace("\n", "\\n")
    return text if len(text) <= size else text[: size - 3] + "..."


@pytest.fixture(scope="module")
def pot():
    return catalog(POT)[1]


@pytest.fixture(scope="module", params=PO_FILES, ids=[p.name for p in PO_FILES])
def po(request):
    header, entries = catalog(request.param)
    return request.param, header, entries


def test_the_parser_reads_what_odoo_writes():
    header, entries = catalog(POT)
    assert header is not None
    assert len(entries) > 300
    first = entries[
        (
            None,
            "%(error)s\nA Hotel Manager can accept the stay anyway by giving a "
            'reason in "Restriction Override".',
        )
    ]
    assert first["comments"] == ["module: hotel_crm", "odoo-python"]
    assert first["references"] == [
        "code:addons/hotel_crm/models/hotel_stay_workflow.py:0"
    ]
    assert placeholders(first["msgid"]) == {"%(error)s": 1}
    term = '<i class="fa fa-ban me-1" title="Restricted"/>\n  x'
    assert tags(term) == tags('<i title="限制" class="fa fa-ban me-1"/> x')
    assert tags(term) != tags('<i class="fa fa-ban" title="Restricted"/> x')
    assert placeholders("%s, %(a)s {b} {} 100%% %(a)s") == {
        "%s": 1, "%(a)s": 2, "{b}": 1, "{}": 1, "%%": 1,
    }  # fmt: skip


def test_chinese_is_translated():
    assert I18N / "zh_CN.po" in PO_FILES


def test_header(po):
    path, header, _entries = po
    assert header is not None, f"{path.name} has no header entry"
    fields = header_fields(header)
    lang = path.stem
    assert fields.get("Language") == lang, f"{path.name}: Language: {lang} missing"
    assert "charset=UTF-8" in fields.get("Content-Type", ""), path.name
    assert fields.get("Plural-Forms", "").startswith("nplurals="), (
        f"{path.name}: no Plural-Forms"
    )
    if lang == "zh_CN":
        assert fields["Plural-Forms"] == "nplurals=1; plural=0;"


def test_every_term_of_the_template_is_in_the_translation(pot, po):
    path, _header, entries = po
    missing = [msgid for ctxt, msgid in pot if (ctxt, msgid) not in entries]
    assert not missing, (
        f"{len(missing)} msgid(s) of hotel_crm.pot missing from {path.name} "
        "(run `make i18n` to merge them in, then translate them):\n"
        + "\n".join(f"  {short(m)}" for m in missing)
    )


def test_no_term_beyond_the_template(pot, po):
    path, _header, entries = po
    extra = [
        f"{path.name}:{e['line']}: {short(e['msgid'])}"
        for key, e in entries.items()
        if key not in pot or e["obsolete"]
    ]
    assert not extra, (
        f"{len(extra)} obsolete msgid(s), gone from hotel_crm.pot "
        "(`make i18n` drops them):\n" + "\n".join(extra)
    )


def test_every_term_is_translated(po):
    path, _header, entries = po
    empty = [
        f"{path.name}:{e['line']}: {short(e['msgid'])}"
        for e in entries.values()
        if not e["msgstr"].strip()
    ]
    assert not empty, f"{len(empty)} untranslated msgid(s):\n" + "\n".join(empty)


def test_no_fuzzy_translation(po):
    path, _header, entries = po
    fuzzy = [
        f"{path.name}:{e['line']}: {short(e['msgid'])}"
        for e in entries.values()
        if "fuzzy" in e["flags"]
    ]
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy translation(s) to review (correct the msgstr, "
        "then remove the `#, fuzzy` line):\n" + "\n".join(fuzzy)
    )


def test_reference_comments_are_the_templates(pot, po):
    path, _header, entries = po
    stale = [
        f"{path.name}:{e['line']}: {short(e['msgid'])}"
        for key, e in entries.items()
        if key in pot
        and (e["comments"], e["references"])
        != (pot[key]["comments"], pot[key]["references"])
    ]
    assert not stale, (
        f"{len(stale)} entries whose #. / #: comments differ from hotel_crm.pot "
        "(`make i18n` or `python tools/i18n_merge.py` copies them):\n"
        + "\n".join(stale)
    )


def test_placeholders_and_markup_are_kept(po):
    path, _header, entries = po
    wrong = []
    for e in entries.values():
        source, translation = e["msgid"], e["msgstr"]
        if not translation:
            continue
        problems = []
        if placeholders(source) != placeholders(translation):
            problems.append(
                f"placeholders {sorted(placeholders(source).elements())} != "
                f"{sorted(placeholders(translation).elements())}"
            )
        if tags(source) != tags(translation):
            problems.append("HTML tags differ")
        if not only_in_views(e) and source.count("\n") != translation.count("\n"):
            problems.append("line breaks (\\n) differ")
        if problems:
            wrong.append(
                f"{path.name}:{e['line']}: {short(source)}: " + "; ".join(problems)
            )
    assert not wrong, "\n".join(wrong)


def test_chinese_keeps_no_english():
    """Only codes and names stay in Latin letters in the Chinese text."""
    _header, entries = catalog(I18N / "zh_CN.po")
    english = []
    for e in entries.values():
        # markup, placeholders and character entities (&gt;) are no words
        text = PLACEHOLDER.sub("", TAG.sub("", e["msgstr"]))
        text = re.sub(r"&#?\w+;", "", text)
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - ZH_LATIN_ALLOWED
        if words:
            english.append(f"zh_CN.po:{e['line']}: {sorted(words)} in {short(text)}")
    assert not english, "English left in the translation:\n" + "\n".join(english)
