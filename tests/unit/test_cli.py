"""`zoomstack ops`: the registry listing and the coverage report against the scope list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _ops(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomstack", "ops", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_ops_lists_every_operation() -> None:
    out = _ops("--all", "--shared", "/nonexistent").stdout
    assert "GET    /v2/users/{userId}" in out
    assert "registered operations:" in out
    assert "coverage report skipped" in out


def test_ops_coverage_report(shared: Path) -> None:
    result = _ops("--shared", str(shared))
    assert "scope (operations.tsv): 488" in result.stdout
    assert "missing 0" in result.stdout
    assert result.returncode == 0
