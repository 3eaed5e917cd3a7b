"""Reading the SAM template and the CloudFormation that the SAM transform makes of it, offline.

The template is read with cfn-lint's CloudFormation-aware YAML loader, so short-form tags
(!Ref, !GetAtt, !Sub, !If ...) arrive as their long JSON forms ({"Ref": ...}, {"Fn::GetAtt": ...}).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
ASL = ROOT / "statemachines" / "brand_kit.asl.json"
REGION = "us-east-1"  # any region: nothing is called, SAM only needs one to fill in pseudo parameters


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """A CloudFormation/SAM template as plain dicts, with intrinsic functions in long form."""
    from cfnlint.decode import cfn_yaml

    # JSON round trip: cfn-lint's node types (which carry line marks) become plain dicts, lists and str.
    return json.loads(json.dumps(cfn_yaml.load(str(path))))


def translate(template: dict[str, Any]) -> dict[str, Any]:
    """The CloudFormation template that the AWS::Serverless transform makes of a SAM template, offline.

    Local CodeUri/ContentUri/DefinitionUri paths are swapped for S3 URIs, as `sam package` would.
    """
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    template = copy.deepcopy(template)
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties") or {}
        for key in ("CodeUri", "ContentUri", "DefinitionUri"):
            if isinstance(props.get(key), str):
                props[key] = f"s3://sam-artifacts/{props[key]}"
    translator = Translator(None, Parser(), boto_session=boto3.Session(region_name=REGION))
    # No managed-policy names are used, so SAM never needs the account's policy list.
    return translator.translate(template, parameter_values={}, get_managed_policy_map=lambda: {})


def resources_of_type(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r.get("Type") == resource_type}
