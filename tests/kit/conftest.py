"""The pytest kit's own tests: the plugin is exercised in generated user suites (pytester)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # `pytest_plugins = ["pytester"]` is refused in a conftest below the rootdir when pytest
    # collects this folder as part of `tests/` (the whole suite); registering the plugin here
    # works both then and when this folder is run alone.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")
