"""Print one closing summary line for a JUnit XML report.

Usage: junit_summary.py TIER REPORT
Prints "TIER: N passed, N failed, N skipped" and exits 1 when a test failed
or the report records no test.
"""

import sys
import xml.etree.ElementTree as ET


def main(tier, path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    passed = total - failed - skipped
    print(f"{tier}: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or not total else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
