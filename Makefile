# The two commands of the README. Each prepares the environment itself (scripts/setup).
.PHONY: report test bench lint

report:
	@scripts/setup
	.venv/bin/talentflow report --out out/report --force

test:
	@scripts/setup
	.venv/bin/ruff check .
	.venv/bin/pytest

bench:
	@scripts/setup
	.venv/bin/python -m bench

lint:
	@scripts/setup
	.venv/bin/ruff check .
