"""docs/DEPLOY.md stays true: its parameters, functions (memory, timeout, layers, VPC), outputs, alarms, GPU retry
and timeout figures, `Name=value` overrides and commands are checked against template.yaml, the state machine and
the code. `deploy_doc_problems` lists every disagreement; a test proves it notices a renamed parameter.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from typing import Any

import pytest

from tests.iac.cfn_template import ASL, ROOT, load_template

DEPLOY = ROOT / "docs" / "DEPLOY.md"
_CELL = re.compile(r"`([^`]+)`")


def _table(doc: str, heading: str) -> list[list[str]]:
    """Rows (cells stripped) of the first Markdown table after `heading`, without its header and rule."""
    after = doc[doc.index(heading) :]
    lines = after.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _code_blocks(doc: str) -> list[str]:
    return re.findall(r"```(?:bash)?\n(.*?)```", doc, flags=re.S)


def _parameter_problems(doc: str, template: dict[str, Any]) -> list[str]:
    problems, documented = [], set()
    parameters = template["Parameters"]
    for cells in _table(doc, "### Parameters"):
        names = _CELL.findall(cells[0])
        defaults = ["" if d.strip() in ("empty", "") else d.strip().strip("`") for d in cells[1].split(" / ")]
        if len(defaults) != len(names):
            problems.append(f"parameter row {cells[0]}: {len(names)} names, {len(defaults)} defaults")
            continue
        for name, default in zip(names, defaults, strict=True):
            documented.add(name)
            if name not in parameters:
                problems.append(f"DEPLOY.md documents parameter {name}, which template.yaml does not have")
            elif str(parameters[name].get("Default", "required")) != default:
                problems.append(
                    f"{name}: DEPLOY.md says default {default!r}, template.yaml {parameters[name].get('Default')!r}"
                )
    for name in sorted(set(parameters) - documented):
        problems.append(f"template.yaml parameter {name} is not in DEPLOY.md's parameter table")
    overrides = [
        line.split("--parameter-overrides", 1)[1]
        for block in _code_blocks(doc)
        for line in block.replace("\\\n", " ").splitlines()
        if "--parameter-overrides" in line
    ]
    for line in overrides:
        for name, value in re.findall(r"\b([A-Za-z0-9]+)=(\S+)", line):
            if name not in parameters:
                problems.append(f"DEPLOY.md overrides {name}, which template.yaml does not have")
                continue
            allowed, pattern = parameters[name].get("AllowedValues"), parameters[name].get("AllowedPattern")
            if (
                allowed
                and value not in map(str, allowed)
                or pattern
                and not value.startswith("<")
                and not re.fullmatch(pattern, value)
            ):
                problems.append(f"DEPLOY.md's {name}={value} is not a value template.yaml accepts")
    return problems


def _function_problems(doc: str, template: dict[str, Any], asl: dict[str, Any]) -> list[str]:
    from brandkit_local.twin.sam_template import functions

    problems = []
    defined = functions(template, ROOT, {})
    rows = {_CELL.findall(cells[0])[0]: cells for cells in _table(doc, "### Functions")}
    for name in sorted(set(defined) ^ set(rows)):
        problems.append(f"function {name} is in {'template.yaml' if name in defined else 'DEPLOY.md'} only")
    for name in set(defined) & set(rows):
        fn, cells = defined[name], rows[name]
        in_vpc = "VpcConfig" in template["Resources"][name]["Properties"]
        documented = (int(cells[1]), int(cells[2]), _CELL.findall(cells[3]), cells[4] == "with Neptune")
        if documented != (fn.memory_mb, fn.timeout_s, fn.layers, in_vpc):
            problems.append(
                f"{name}: DEPLOY.md says {documented}, template.yaml {(fn.memory_mb, fn.timeout_s, fn.layers, in_vpc)}"
            )
    if "a few seconds more than its function's timeout" in doc:
        for state_name, state in asl["States"].items():
            target = re.fullmatch(r"\$\{(\w+)Arn\}", str(state.get("Resource", "")))
            if target and target.group(1) in defined and state["TimeoutSeconds"] <= defined[target.group(1)].timeout_s:
                problems.append(f"{state_name}: task timeout {state['TimeoutSeconds']} s is not above its function's")
    return problems


def _output_problems(doc: str, template: dict[str, Any]) -> list[str]:
    documented = {_CELL.findall(cells[0])[0] for cells in _table(doc, "### After the deploy")}
    return [
        f"output {name} is in {'template.yaml' if name in template['Outputs'] else 'DEPLOY.md'} only"
        for name in sorted(documented ^ set(template["Outputs"]))
    ]


def _alarm_problems(doc: str, template: dict[str, Any]) -> list[str]:
    problems = []
    resources = template["Resources"]
    alarms = {n for n, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    functions = [n.removesuffix("Function") for n, r in resources.items() if r["Type"] == "AWS::Serverless::Function"]
    documented = set()
    for cells in _table(doc, "## 7. Alarms"):
        name = _CELL.findall(cells[0])[0]
        names = [name.replace("<Function>", f) for f in functions] if "<Function>" in name else [name]
        namespace, metric = _CELL.findall(cells[1])[:2]
        threshold = _CELL.findall(cells[2])
        for alarm in names:
            documented.add(alarm)
            props = resources.get(alarm, {}).get("Properties")
            if props is None:
                problems.append(f"DEPLOY.md lists alarm {alarm}, which template.yaml does not have")
                continue
            if (props["Namespace"], props["MetricName"]) != (namespace, metric):
                problems.append(
                    f"{alarm}: DEPLOY.md says {namespace} {metric},"
                    f" template.yaml {props['Namespace']} {props['MetricName']}"
                )
            wanted = {"Ref": threshold[0]} if threshold else 0
            if props["Threshold"] != wanted:
                problems.append(f"{alarm}: DEPLOY.md's threshold {wanted} is not template.yaml's {props['Threshold']}")
    for alarm in sorted(alarms - documented):
        problems.append(f"alarm {alarm} is not in DEPLOY.md's alarm table")
    return problems


def _gpu_problems(doc: str, template: dict[str, Any], asl: dict[str, Any]) -> list[str]:
    problems = []
    job = template["Resources"]["GpuJobDefinition"]["Properties"]
    seconds = job["Timeout"]["AttemptDurationSeconds"]
    if f"(`AttemptDurationSeconds` {seconds})" not in doc or f"capped at {seconds // 60} minutes" not in doc:
        problems.append(
            f"DEPLOY.md must give the attempt cap as {seconds // 60} minutes (`AttemptDurationSeconds` {seconds})"
        )
    if f"up to {job['RetryStrategy']['Attempts']} attempts" not in doc:
        problems.append(f"DEPLOY.md must say 'up to {job['RetryStrategy']['Attempts']} attempts'")
    for rule in job["RetryStrategy"]["EvaluateOnExit"]:
        if "OnExitCode" in rule and f"exit code {rule['OnExitCode']}" not in doc:
            problems.append(f"DEPLOY.md does not name the retried exit code {rule['OnExitCode']}")
    wait = asl["States"]["GenerateLogoOnGpu"]["TimeoutSeconds"]
    if f"`GenerateLogoOnGpu` task waits at most {wait} s" not in doc:
        problems.append(f"DEPLOY.md must give GenerateLogoOnGpu's timeout as {wait} s")
    order = template["Resources"]["GpuJobQueue"]["Properties"]["ComputeEnvironmentOrder"]
    if (
        order[0]["ComputeEnvironment"] != {"Ref": "GpuComputeEnvironment"}
        or "orders `GpuComputeEnvironment` (spot) before" not in doc
    ):
        problems.append("DEPLOY.md and the job queue disagree on which compute environment comes first")
    return problems


def _command_problems(doc: str) -> list[str]:
    from brandkit_local.cli import main

    problems = []
    for block in _code_blocks(doc):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("docker build"):
                words = shlex.split(line)
                context = words[-1]
                dockerfile = words[words.index("-f") + 1] if "-f" in words else f"{context.rstrip('/')}/Dockerfile"
                if not (ROOT / dockerfile).is_file():
                    problems.append(f"{line}: no {dockerfile}")
                if context != ".":
                    problems.append(f"{line}: the GPU image builds from the repository root (context '.')")
            elif line.startswith("brandkit "):
                words = [w for w in shlex.split(line.replace("<", "'<").replace(">", ">'"))[1:]]
                command = [w for w in words if not w.startswith(("-", "<"))][:2]
                out = io.StringIO()
                with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
                    main([*command, "--help"])
                if exit_.value.code != 0:
                    problems.append(f"{line}: 'brandkit {' '.join(command)}' is not a command")
                for flag in (w.split("=", 1)[0] for w in words if w.startswith("--")):
                    if flag not in out.getvalue():
                        problems.append(f"{line}: 'brandkit {' '.join(command)}' has no option {flag}")
            elif line.startswith(("python ", "python3 ")) and ".py" in line:
                script = next(w for w in line.split() if w.endswith(".py"))
                if not (ROOT / script).is_file():
                    problems.append(f"{line}: no {script}")
    for path in re.findall(
        r"`((?:tests|bench|layers|functions|gpu-jobs|statemachines|local|docs|\.github)/[^`\s<]+)`", doc
    ):
        if not (ROOT / path.rstrip("/")).exists():
            problems.append(f"DEPLOY.md names {path}, which does not exist")
    return problems


def deploy_doc_problems(doc: str, template: dict[str, Any], asl: dict[str, Any]) -> list[str]:
    return (
        _parameter_problems(doc, template)
        + _function_problems(doc, template, asl)
        + _output_problems(doc, template)
        + _alarm_problems(doc, template)
        + _gpu_problems(doc, template, asl)
        + _command_problems(doc)
    )


@pytest.fixture(scope="module")
def sources() -> tuple[str, dict[str, Any], dict[str, Any]]:
    return DEPLOY.read_text(encoding="utf-8"), load_template(), json.loads(ASL.read_text(encoding="utf-8"))


def test_deploy_doc_agrees_with_the_template_and_the_code(sources):
    problems = deploy_doc_problems(*sources)
    assert not problems, "docs/DEPLOY.md is out of date:\n" + "\n".join(problems)


def test_a_renamed_parameter_is_caught(sources):
    doc, template, asl = sources
    renamed = json.loads(json.dumps(template).replace('"GpuWarmvCpus"', '"GpuWarmCapacity"'))
    problems = deploy_doc_problems(doc, renamed, asl)
    assert "DEPLOY.md documents parameter GpuWarmvCpus, which template.yaml does not have" in problems
    assert "template.yaml parameter GpuWarmCapacity is not in DEPLOY.md's parameter table" in problems


def test_changed_timeouts_and_alarms_are_caught(sources):
    doc, template, asl = sources
    changed = json.loads(json.dumps(template))
    changed["Resources"]["GpuJobDefinition"]["Properties"]["Timeout"]["AttemptDurationSeconds"] = 1200
    changed["Resources"]["PaletteFunction"]["Properties"]["Timeout"] = 26
    del changed["Resources"]["Api5xxAlarm"]
    problems = "\n".join(deploy_doc_problems(doc, changed, asl))
    assert "20 minutes" in problems and "PaletteFunction" in problems and "Api5xxAlarm" in problems


def test_a_wrong_command_is_caught(sources):
    doc, template, asl = sources
    problems = deploy_doc_problems(
        doc.replace(
            "docker build --platform linux/amd64 -f gpu-jobs/Dockerfile -t $REPO:1 .",
            "docker build --platform linux/amd64 -t $REPO:1 gpu-jobs/",
        ).replace("brandkit bkg load --neptune", "brandkit bkg load --cluster"),
        template,
        asl,
    )
    assert any("repository root" in p or "no " in p for p in problems)
    assert any("has no option --cluster" in p for p in problems)
