# The two commands of the README. Each prepares the environment itself (scripts/setup).
.PHONY: report test bench lint serve fuzz

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

# The fuzzing suite at 20 times its CI size (TALENTFLOW_FUZZ_SEED=N draws another set).
fuzz:
	@scripts/setup
	TALENTFLOW_FUZZ_SCALE=$${TALENTFLOW_FUZZ_SCALE:-20} .venv/bin/pytest tests/hardening/test_fuzz.py -p no:cacheprovider

# The web application on the embedded store (http://127.0.0.1:8000).
serve:
	@scripts/setup
	.venv/bin/talentflow serve
