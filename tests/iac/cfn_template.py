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


NO_VALUE = {"Ref": "AWS::NoValue"}
VECTOR_ONLY = {"LogoEngines": "vector"}
# Every optional part switched on: GPU path, created Neptune cluster, alarm subscription and budget.
FULL = {
    "LogoEngines": "vector+sdxl",
    "SubnetIds": "subnet-0123456789abcdef0,subnet-0fedcba9876543210",
    "SecurityGroupIds": "sg-0123456789abcdef0",
    "GpuImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/brandkit-sdxl:1",
    "ModelS3Uri": "s3://brandkit-models-123456789012/sdxl-base-1.0/",
    "CreateNeptuneCluster": "true",
    "OpsNotificationEndpoint": "ops@example.com",
    "MonthlyBudgetUsd": "50",
}


def materialise(template: dict[str, Any], parameters: dict[str, str]) -> dict[str, Any]:
    """The template a stack with these parameter values gets: conditions decided, resources and outputs whose
    condition is false dropped, every Fn::If replaced by its branch (AWS::NoValue removes the key), and parameters
    nothing uses any more left out. What CloudFormation itself would deploy, as a template cfn-lint, checkov and SAM
    can read."""
    from brandkit_local.twin.sam_template import evaluate_conditions, parameter_defaults

    refs = {**parameter_defaults(template), **parameters}
    holds = {k.removeprefix("Condition::"): v == "true" for k, v in evaluate_conditions(template, refs).items()}

    def decide(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"Fn::If"}:
                name, when_true, when_false = value["Fn::If"]
                return decide(when_true if holds[name] else when_false)
            out = {k: decide(v) for k, v in value.items()}
            return {k: v for k, v in out.items() if v != NO_VALUE}
        if isinstance(value, list):
            return [d for d in (decide(v) for v in value) if d != NO_VALUE]
        return value

    out = copy.deepcopy(template)
    out.pop("Conditions", None)
    out.pop("Rules", None)
    for section in ("Resources", "Outputs"):
        kept = {k: v for k, v in out.get(section, {}).items() if holds.get(v.get("Condition", ""), True)}
        for value in kept.values():
            value.pop("Condition", None)
        out[section] = decide(kept)
    out["Globals"] = decide(out.get("Globals", {}))
    used = json.dumps([out["Resources"], out["Outputs"], out["Globals"]])
    out["Parameters"] = {
        name: p for name, p in out["Parameters"].items() if f'"Ref": "{name}"' in used or f"${{{name}}}" in used
    }
    for name in set(parameters) & set(out["Parameters"]):
        out["Parameters"][name]["Default"] = parameters[name]
    for group in out.get("Metadata", {}).get("AWS::CloudFormation::Interface", {}).get("ParameterGroups", []):
        group["Parameters"] = [p for p in group["Parameters"] if p in out["Parameters"]]
    return out
