# hotel_crm: the single entry point. See README.md.
.PHONY: help setup run test test-static test-odoo lint format i18n screenshots bench clean

help:
	@echo "make setup        create .venv with Odoo 18.0 and the development tools"
	@echo "make run          serve Odoo with hotel_crm on http://localhost:8069 (admin/admin)"
	@echo "make test         static tier + Odoo tier (the README's test command)"
	@echo "make test-static  only the checks that need no Odoo"
	@echo "make test-odoo    only the Odoo tier; PYTEST_ARGS=hotel_crm/tests/test_x.py or PYTEST_ADDOPTS=\"-k 'a and b'\""
	@echo "make lint         ruff and pylint-odoo"
	@echo "make format       ruff format and fixes"
	@echo "make i18n         export the translatable terms to hotel_crm/i18n/hotel_crm.pot"
	@echo "make screenshots  PNGs of the main screens in English and Chinese into docs/screenshots"
	@echo "make bench        the benchmark: BENCH_GUESTS=100000 BENCH_STAYS=1000000 make bench (see README)"
	@echo "make clean        remove .venv, .local (database cluster) and reports"

setup:
	@bash tools/setup.sh

run: setup
	@bash tools/run.sh

test: setup
	@bash tools/test.sh all

test-static: setup
	@bash tools/test.sh static

test-odoo: setup
	@bash tools/test.sh odoo -- $(PYTEST_ARGS)

VENV ?= $(or $(HOTEL_CRM_VENV),.venv)

lint: setup
	@$(VENV)/bin/ruff check hotel_crm tests tools
	@$(VENV)/bin/ruff format --check hotel_crm tests tools
	@$(VENV)/bin/pylint --rcfile=.pylintrc hotel_crm

format: setup
	@$(VENV)/bin/ruff check --fix hotel_crm tests tools
	@$(VENV)/bin/ruff format hotel_crm tests tools

i18n: setup
	@bash tools/i18n.sh

screenshots: setup
	@bash tools/screenshots.sh

bench: setup
	@bash tools/bench.sh

clean:
	rm -rf .venv .local reports
