"""Fixtures for the infrastructure tests: the SAM template, the ASL file, the CloudFormation SAM makes.

The loaders live in cfn_template.py (importable by any test); these fixtures cache them per session.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from cfn_template import ASL, load_template, resources_of_type, translate

sys.path.insert(0, str(Path(__file__).parents[1] / "reliability"))  # figures.record, shared with the reliability suites


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    """template.yaml as written (SAM)."""
    return load_template()


@pytest.fixture(scope="session")
def cfn_template(template) -> dict[str, Any]:
    """template.yaml after the SAM transform (what CloudFormation actually deploys)."""
    return translate(template)


@pytest.fixture(scope="session")
def asl() -> dict[str, Any]:
    return json.loads(ASL.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def asl_text() -> str:
    return ASL.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def functions(template) -> dict[str, dict[str, Any]]:
    """AWS::Serverless::Function resources by logical id."""
    return resources_of_type(template, "AWS::Serverless::Function")
