"""pytest plugin: browser tests (HttpCase tours) under pytest-odoo, run as
odoo-bin runs them. tools/test.sh loads it (-p tools.pytest_odoo_browser).

odoo-bin --test-enable serves HTTP from the test process while the tests run
and marks the run as a test run. pytest-odoo starts that server only with
``--odoo-http`` (tools/test.sh passes it) and otherwise skips every HttpCase.
For every HttpCase, this plugin:

- turns every skip of a browser test into a failure: no HTTP server, no
  Chrome/Chromium, no websocket-client, a browser that does not start; a tour
  that could not run has not passed;
- sets ``odoo.modules.module.current_test`` as Odoo's test runner does (the
  server then refuses the browser's bus websocket and sends no e-mail);
- fails a browser test when the server logged an ERROR while it ran (a request
  that crashed behind a tour that still reached its end), like Odoo's CI.

It is loaded before pytest-odoo reads Odoo's configuration: it imports Odoo's
test framework only once the tests run.
"""

import logging

import pytest


def _is_browser_test(item):
    from odoo.tests.common import HttpCase  # noqa: PLC0415 (see above)

    return isinstance(getattr(item, "instance", None), HttpCase)


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if not _is_browser_test(item):
        return (yield)
    odoo_logger = logging.getLogger("odoo")
    level = odoo_logger.level
    collector = _ErrorCollector()
    odoo_logger.addHandler(collector)
    if not odoo_logger.isEnabledFor(logging.INFO):
        # the tour's progress, shown when the test fails, and the errors
        odoo_logger.setLevel(logging.INFO)
    from odoo.http import root  # noqa: PLC0415 (see above)
    from odoo.modules import module  # noqa: PLC0415 (see above)

    # Python 3.11's ast is not thread-safe (CPython gh-106905: "AST
    # constructor recursion depth mismatch"): the server reads every module's
    # manifest with it on the first static request, in its own thread, while
    # this one may parse too. Read them here, before the browser starts.
    root.statics  # noqa: B018

    module.current_test = True
    try:
        result = yield
    finally:
        module.current_test = False
        odoo_logger.removeHandler(collector)
        odoo_logger.setLevel(level)
    if collector.records:
        # a failure of the test itself, if any, is what the report shows
        raise AssertionError(
            "the server logged errors during the browser test:\n"
            + "\n".join(f"{r.name}: {r.getMessage()}" for r in collector.records)
        )
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and _is_browser_test(item) and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid}: the browser test could not run ({reason}). It needs "
            "pytest-odoo's --odoo-http (tools/test.sh passes it), Chrome or Chromium "
            "(`chromium` on the PATH) and the websocket-client package (make setup)."
        )
    return report
