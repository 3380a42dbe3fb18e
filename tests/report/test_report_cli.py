"""``talentflow report``: options reach the builder; bad options exit with a message, no traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from talentflow.cli import app


def test_cli_builds_the_requested_formats(kgz_inputs, tmp_path):
    corpus, data, _ = kgz_inputs
    other = tmp_path / "more"
    other.mkdir()
    (other / "extra.en.md").write_text("# Synthetic note\n\nBrain drain is a risk.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--corpus", str(corpus), "--corpus", str(other),
                                      "--data", str(data), "--country", "KGZ", "--lang", "kk", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert (out / "report.html").is_file()
    assert not (out / "report.pdf").exists()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="kk">' in html and "Негізгі тұжырымдар" in html


def test_cli_bad_option_exits_with_message(tmp_path):
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--lang", "de"])
    assert result.exit_code == 2
    assert "de" in result.output and "Traceback" not in result.output
