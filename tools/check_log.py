"""Fail when an Odoo log holds a WARNING, ERROR or CRITICAL line.

Usage: check_log.py STEP LOGFILE
Prints the offending lines (with the traceback lines that follow them) and
exits 1, or prints nothing and exits 0.
"""

import re
import sys

LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) ")
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")


def main(step, path):
    bad, keep = [], False
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if RECORD.match(line):
                keep = bool(LEVEL.match(line))
            if keep:
                bad.append(line.rstrip("\n"))
    if bad:
        print(f"[hotel_crm] {step}: Odoo logged warnings or errors ({path}):")
        print("\n".join(bad[:200]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
