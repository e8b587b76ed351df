"""ruff and pylint-odoo (OCA configuration for 18.0) on the whole project."""

import pathlib
import subprocess
import sys

from conftest import ROOT

BIN = pathlib.Path(sys.executable).parent


def run(*args):
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_ruff_check():
    rc, out = run(str(BIN / "ruff"), "check", "hotel_crm", "tests", "tools")
    assert rc == 0, out


def test_ruff_format():
    rc, out = run(str(BIN / "ruff"), "format", "--check", "hotel_crm", "tests", "tools")
    assert rc == 0, out


def test_pylint_odoo():
    rc, out = run(str(BIN / "pylint"), "--rcfile=.pylintrc", "hotel_crm")
    assert rc == 0, out
