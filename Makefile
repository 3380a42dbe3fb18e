# The two commands of the README. Each prepares the environment itself (scripts/setup).
.PHONY: report test bench lint serve

report:
	@scripts/setup
	.venv/bin/talentflow report --out out/report

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

serve:
	@scripts/setup
	.venv/bin/talentflow serve
