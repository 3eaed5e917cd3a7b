"""Read what the local twin needs from template.yaml: functions, their environment, the state
machine's definition and substitutions, and the GPU job definition.

Intrinsic functions are resolved against local values (bucket name, topic ARN...) so the twin
runs with exactly the configuration the template gives each function on AWS.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


def project_root() -> Path:
    """The repository holding template.yaml: BRANDKIT_ROOT, else the checkout this package lives in, else cwd."""
    candidates = [os.environ.get("BRANDKIT_ROOT"), Path(__file__).resolve().parents[3], Path.cwd()]
    for candidate in candidates:
        if candidate and (Path(candidate) / "template.yaml").is_file():
            return Path(candidate)
    raise FileNotFoundError("cannot find template.yaml: run from the repository or set BRANDKIT_ROOT")


# libyaml's parser where PyYAML was built with it: the same documents, about 7 times faster on template.yaml,
# which every twin reads (0.15 s against 1.0 s on a loaded 2-core machine).
_SafeLoader: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class _CfnLoader(_SafeLoader):  # type: ignore[misc]  # a base chosen at import
    pass


def _tag(loader: Any, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)  # YAML has no fourth kind of node
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _tag)


def load_template(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass


@dataclass
class FunctionDef:
    logical_id: str
    code_dir: Path
    handler: str
    timeout_s: int
    memory_mb: int
    environment: dict[str, str] = field(default_factory=dict)
    layers: list[str] = field(default_factory=list)  # logical ids, Globals' first: the order Lambda stacks them


def resolve_required(value: Any, refs: dict[str, str], what: str) -> str:
    """resolve(), for a value the twin cannot do without."""
    resolved = resolve(value, refs)
    if resolved is None:
        raise LookupError(f"the template's {what} ({value!r}) has no local value")
    return resolved


def resolve(value: Any, refs: dict[str, str]) -> str | None:
    """Resolve Ref / GetAtt / Sub against local values; None when it has no local meaning."""
    if isinstance(value, (str, int, float, bool)):
        return str(value)
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (fn, arg), = value.items()
    if fn == "Ref":
        return refs.get(arg)
    if fn == "Fn::GetAtt":
        return refs.get(".".join(arg))
    if fn == "Fn::If":
        name, when_true, when_false = arg
        return resolve(when_true if refs.get(f"Condition::{name}") == "true" else when_false, refs)
    if fn == "Fn::Sub" and isinstance(arg, str):
        names = re.findall(r"\$\{([^}!]+)\}", arg)
        if all(n in refs for n in names):
            return re.sub(r"\$\{([^}!]+)\}", lambda m: refs[m.group(1)], arg)
    return None


def evaluate_conditions(template: dict[str, Any], refs: dict[str, str]) -> dict[str, str]:
    """The template's Conditions for these parameter values, as refs entries ("Condition::Name": "true"/"false")."""
    conditions = template.get("Conditions", {})
    done: dict[str, bool] = {}

    def value(x: Any) -> str | None:
        return str(x) if not isinstance(x, dict) else resolve(x, refs)

    def holds(expr: dict[str, Any]) -> bool:
        (fn, arg), = expr.items()
        if fn in ("Condition", "Fn::Condition"):  # "!Condition X" in this module's loader, "Condition" in JSON
            if arg not in done:
                done[arg] = holds(conditions[arg])
            return done[arg]
        if fn == "Fn::Equals":
            return value(arg[0]) == value(arg[1])
        if fn == "Fn::Not":
            return not holds(arg[0])
        if fn == "Fn::And":
            return all(holds(a) for a in arg)
        if fn == "Fn::Or":
            return any(holds(a) for a in arg)
        raise ValueError(f"condition function {fn} is not supported by the local twin")

    return {f"Condition::{name}": str(holds({"Condition": name})).lower() for name in conditions}


def deployed(template: dict[str, Any], refs: dict[str, str]) -> dict[str, Any]:
    """The template without the resources whose Condition is false for these refs (evaluate_conditions)."""
    kept = {k: r for k, r in template["Resources"].items()
            if "Condition" not in r or refs.get(f"Condition::{r['Condition']}") == "true"}
    return {**template, "Resources": kept}


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """Properties of every resource of one type, by logical id."""
    return {logical_id: res.get("Properties", {}) for logical_id, res in template["Resources"].items()
            if res["Type"] == kind}


def parameter_defaults(template: dict[str, Any]) -> dict[str, str]:
    return {k: str(v.get("Default", "")) for k, v in template.get("Parameters", {}).items()}


def functions(template: dict[str, Any], root: Path, refs: dict[str, str]) -> dict[str, FunctionDef]:
    glob = template.get("Globals", {}).get("Function", {})
    glob_env = glob.get("Environment", {}).get("Variables", {})
    out = {}
    for logical_id, res in template["Resources"].items():
        if res["Type"] != "AWS::Serverless::Function":
            continue
        props = {**glob, **res.get("Properties", {})}
        env = {**glob_env, **res.get("Properties", {}).get("Environment", {}).get("Variables", {})}
        resolved = {k: resolve(v, refs) for k, v in env.items()}
        out[logical_id] = FunctionDef(
            logical_id=logical_id,
            code_dir=root / props["CodeUri"],
            handler=props.get("Handler", "app.lambda_handler"),
            timeout_s=int(props.get("Timeout", 3)),
            memory_mb=int(props.get("MemorySize", 128)),
            environment={k: v for k, v in resolved.items() if v is not None},
            layers=[ref["Ref"] for ref in glob.get("Layers", []) + res.get("Properties", {}).get("Layers", [])],
        )
    return out


def state_machine(template: dict[str, Any], root: Path) -> tuple[Path, dict[str, Any]]:
    for res in template["Resources"].values():
        if res["Type"] == "AWS::Serverless::StateMachine":
            props = res["Properties"]
            return root / props["DefinitionUri"], props.get("DefinitionSubstitutions", {})
    raise LookupError("template.yaml has no AWS::Serverless::StateMachine")


def job_definition(template: dict[str, Any], refs: dict[str, str]) -> dict[str, Any]:
    """The GPU job definition's container properties, with intrinsics resolved where they can be."""
    for res in template["Resources"].values():
        if res["Type"] == "AWS::Batch::JobDefinition":
            props = res["Properties"]
            container = props.get("ContainerProperties", {})
            env = [
                {"name": e["Name"], "value": resolve(e["Value"], refs)}
                for e in container.get("Environment", [])
                if resolve(e["Value"], refs) is not None
            ]
            strategy = props.get("RetryStrategy", {})
            return {
                "command": container.get("Command", []),
                "environment": env,
                "retryStrategy": {
                    "attempts": int(strategy.get("Attempts", 1)),
                    "evaluateOnExit": [
                        {_camel(k): v for k, v in rule.items()} for rule in strategy.get("EvaluateOnExit", [])
                    ],
                },
                "timeout": {
                    "attemptDurationSeconds": int(props.get("Timeout", {}).get("AttemptDurationSeconds", 3600))
                },
            }
    raise LookupError("template.yaml has no AWS::Batch::JobDefinition")


def _camel(key: str) -> str:
    return key[0].lower() + key[1:]
