"""The import layers of pyproject.toml's ``[tool.importlinter]``, as ``make lint`` checks them.

Each test copies the sources into a temporary folder, plants one import in the copy and runs
``make lint`` there with this virtualenv, so the working tree is never touched, even when a
test fails half-way.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VENV = Path(sys.prefix)
LAYERS = "sanctions: each layer imports only the layers below it"
MODEL_LAYERS = "sanctions.models: lower modules never import higher ones"
NO_CYCLES = "No import cycles between sibling modules anywhere in sanctions"
SCREENING = "sanctions.screening never imports the importers"
NO_PROJECT = "Apps never import the project (tracker): they read settings through django.conf"


def copy_sources(to):
    """What ``make lint`` reads: the Makefile, its configuration and both packages."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, to / name)
    for package in ("sanctions", "tracker"):
        shutil.copytree(ROOT / package, to / package, ignore=shutil.ignore_patterns("__pycache__"))
    return to


def plant(root, module, imported):
    """Add a function to ``module`` (a path) that imports ``imported``, lint-clean for ruff."""
    path = root / module
    assert path.exists(), f"{module} is gone: plant the import in a module that exists"
    package, _, name = imported.rpartition(".")
    code = path.read_text().rstrip("\n")
    path.write_text(
        (f"{code}\n\n\n" if code else "")
        + f"def _planted():\n    from {package} import {name}\n\n    return {name}\n"
    )


def make_lint(root):
    """``make lint`` in ``root``, with this virtualenv, which is never reinstalled.

    The flags of a ``make`` that runs these tests (``make test``) are not passed on.
    """
    stamp = VENV / ".requirements-installed"
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "-o", str(stamp), "lint"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_sources_as_they_are_keep_every_contract(tmp_path):
    result = make_lint(copy_sources(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "imported", "contract"),
    [
        ("sanctions/views.py", "sanctions.screening", LAYERS),
        ("sanctions/urls.py", "sanctions.importers", LAYERS),
        ("sanctions/charts.py", "sanctions.api", LAYERS),
        ("sanctions/models/base.py", "sanctions.tracking", LAYERS),
        ("sanctions/search.py", "sanctions.models", LAYERS),
        ("sanctions/api/__init__.py", "sanctions.screening", LAYERS),
        ("sanctions/api/__init__.py", "sanctions.importers", LAYERS),
        ("sanctions/importers/__init__.py", "sanctions.api", LAYERS),
        ("sanctions/screening/__init__.py", "sanctions.importers", SCREENING),
        ("sanctions/models/base.py", "sanctions.models.parties", MODEL_LAYERS),
        ("sanctions/apps.py", "tracker.urls", NO_PROJECT),
    ],
)
def test_make_lint_fails_on_an_import_that_breaks_a_contract(tmp_path, module, imported, contract):
    root = copy_sources(tmp_path)
    plant(root, module, imported)
    result = make_lint(root)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout, result.stdout + result.stderr
    importer = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    assert f"{importer} -> {imported} (l." in result.stdout


def test_make_lint_fails_on_an_import_cycle_inside_one_layer(tmp_path):
    # Views and urls share a layer, so only the cycle contract sees urls -> views -> urls.
    root = copy_sources(tmp_path)
    plant(root, "sanctions/views.py", "sanctions.urls")
    result = make_lint(root)
    assert result.returncode != 0
    assert f"{NO_CYCLES} BROKEN" in result.stdout
    assert f"{LAYERS} KEPT" in result.stdout
    assert "- .views -> .urls (1 import)" in result.stdout


def test_make_lint_fails_on_a_module_no_layer_declares(tmp_path):
    root = copy_sources(tmp_path)
    (root / "sanctions" / "planted.py").write_text('"""A module placed in no layer."""\n')
    result = make_lint(root)
    assert result.returncode != 0
    assert f"{LAYERS} BROKEN" in result.stdout
    assert "sanctions.planted" in result.stdout
