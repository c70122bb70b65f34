"""The generated operation catalog: drift, scope coverage, no prose, counts."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zoomstack import catalog

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
CATALOG_DIR = REPO_ROOT / "src" / "zoomstack" / "catalog"
GENERATED_OPS = CATALOG_DIR / "_generated_ops.py"
SCHEMAS_DIR = CATALOG_DIR / "schemas"
GENERATOR = REPO_ROOT / "scripts" / "gen_catalog.py"

needs_shared = pytest.mark.skipif(
    not (SHARED / "zoom-spec").is_dir() or not (SHARED / "scope").is_dir(),
    reason=f"reference material not found at {SHARED} (zoom-spec/ and scope/ are needed)",
)


def _generated_files(root: Path) -> dict[str, bytes]:
    catalog_dir = root / "src" / "zoomstack" / "catalog"
    files = {"_generated_ops.py": (catalog_dir / "_generated_ops.py").read_bytes()}
    for path in sorted((catalog_dir / "schemas").glob("*.json")):
        files[f"schemas/{path.name}"] = path.read_bytes()
    return files


@pytest.mark.needs_shared
@needs_shared
def test_regeneration_matches_committed_files(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--shared",
            str(SHARED),
            "--out",
            str(tmp_path),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    fresh = _generated_files(tmp_path)
    committed = _generated_files(REPO_ROOT)
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"regenerate with scripts/gen_catalog.py; out of date: {stale}"


@pytest.mark.needs_shared
@needs_shared
def test_every_scope_row_is_catalogued_in_scope() -> None:
    with (SHARED / "scope" / "operations.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows
    missing = []
    for row in rows:
        op = catalog.op_by_key(row["method"], row["path"])
        if op is None or not op.in_scope:
            missing.append(f"{row['method']} {row['path']}")
        else:
            assert op.seed_group == row["seed_group"]
            assert catalog.request_schema(op.method, op.path) is not None
    assert not missing


def _leaked_keys(node: Any, inside_properties: bool = False) -> list[str]:
    """Keys "description"/"example" anywhere except as property names."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties and key in ("description", "example"):
                found.append(key)
            child_is_properties = key == "properties" and not inside_properties
            found.extend(_leaked_keys(value, inside_properties=child_is_properties))
    elif isinstance(node, list):
        for value in node:
            found.extend(_leaked_keys(value))
    return found


def test_generated_files_carry_no_descriptions_or_examples() -> None:
    schema_files = sorted(SCHEMAS_DIR.glob("*.json"))
    assert schema_files
    for path in schema_files:
        assert path.stat().st_size < 1_000_000, path.name
        assert not _leaked_keys(json.loads(path.read_text(encoding="utf-8"))), path.name
    source = GENERATED_OPS.read_text(encoding="utf-8")
    assert GENERATED_OPS.stat().st_size < 1_000_000
    for word in ("description", "example"):
        assert f'"{word}"' not in source
        assert f"'{word}'" not in source


def test_counts_and_lookups() -> None:
    ops = catalog.all_ops()
    assert sum(op.in_scope for op in ops) == 488
    assert len({op.key for op in ops}) == len(ops)
    assert list(ops) == sorted(ops, key=lambda op: (op.path, op.method))

    op = catalog.op_by_key("post", "/users/{userId}/meetings")
    assert op is not None
    assert op.operation_id == "meetingCreate"
    assert op.area == "meetings"
    assert op.success_status == 201
    assert op.in_scope
    assert catalog.op_by_id("meetingCreate") is op
    assert catalog.op_by_key("GET", "/no/such/path") is None
    assert catalog.op_by_id("noSuchOperation") is None

    schema = catalog.request_schema("POST", "/users/{userId}/meetings")
    assert schema is not None
    assert set(schema) == {"path_params", "query", "body", "body_required", "body_content_type"}
    assert "userId" in schema["path_params"]
    assert schema["body_content_type"] == "application/json"
    assert schema["body"]["type"] == "object"
    assert catalog.request_schema("GET", "/no/such/path") is None

    for op in ops:
        assert op.rate_label in ("", "LIGHT", "MEDIUM", "HEAVY", "RESOURCE_INTENSIVE")
        assert 200 <= op.success_status < 300
        if not op.in_scope:
            assert op.seed_group == ""
