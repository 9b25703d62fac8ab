"""Start fast (issue #18): running one of the package's own commands does not load the
commands other packages add (their imports would only slow the start of a batch run)."""

from __future__ import annotations

from tppo_detect import cli


def test_core_commands_skip_the_plugin_commands() -> None:
    core = {"batch", "score", "lexicon"}
    assert cli.runs_core_command(["/venv/bin/tppo-detect", "batch", "x.csv"], core)
    assert cli.runs_core_command(["/repo/tppo_detect/cli.py", "lexicon", "check"], core)
    assert not cli.runs_core_command(["/venv/bin/tppo-detect", "serve"], core)
    assert not cli.runs_core_command(["/venv/bin/tppo-detect"], core)
    # another program importing the CLI (pytest, a notebook) gets every command
    assert not cli.runs_core_command(["/venv/bin/pytest", "batch"], core)


def test_the_core_command_names_are_the_commands_defined_here() -> None:
    names = cli._core_names()
    assert {"batch", "score", "train", "models-dir", "lexicon", "campaigns"} <= names
