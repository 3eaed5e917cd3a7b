"""(e) What scanners miss: assertions on template.yaml and on the CloudFormation the SAM transform makes of it.

IAM is judged on the transformed template, because SAM policy templates and the roles SAM
generates only exist there (a scan of the raw template cannot see their wildcards).
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.iac.cfn_template import ROOT, resources_of_type

# Allow statements with Resource "*", each with the reason no narrower ARN exists.
WILDCARD_ALLOWED: dict[tuple[str, str], str] = {
    ("BrandKitStateMachineRole", "WatchGpuJobs"): "batch:DescribeJobs has no resource-level permissions",
    ("BrandKitStateMachineRole", "DeliverExecutionLogs"): (
        "CloudWatch Logs vended-log delivery APIs (CreateLogDelivery, PutResourcePolicy, ...) "
        "accept only Resource * (Step Functions logging docs)"
    ),
}
# AWS managed policies a role may carry, and why.
MANAGED_ALLOWED: dict[str, str] = {
    "service-role/AWSLambdaBasicExecutionRole": "SAM default: the function writes its own log group",
    "AWSXrayWriteOnlyAccess": "SAM adds it for Tracing: Active / Tracing.Enabled (X-Ray has no resource ARNs)",
    "service-role/AWSLambdaVPCAccessExecutionRole": (
        "SAM adds it to functions with a VpcConfig (the knowledge-graph stages, used only with Neptune): "
        "ENI management has no resource-level scope"
    ),
    "service-role/AmazonEC2ContainerServiceforEC2Role": "the Batch GPU instances register with ECS and pull the image",
    "service-role/AmazonAPIGatewayPushToCloudWatchLogs": "API Gateway account role for access logging",
}
STAGE_FUNCTIONS = {
    "ValidateBriefFunction": "validate_brief",
    "DesignLogoFunction": "design_logo",
    "ImportLogoFunction": "import_logo",
    "PaletteFunction": "palette",
    "RationaleFunction": "rationale",
    "RenderAssetsFunction": "render_assets",
    "GuidelinesFunction": "guidelines",
    "PublishManifestFunction": "publish_manifest",
    "RecordFailureFunction": "record_failure",
}
ALL_FUNCTIONS = {**STAGE_FUNCTIONS, "ApiFunction": "api", "BriefUploadFunction": "brief_upload",
                 "WebhookDispatcherFunction": "webhook_dispatcher", "AuthorizerFunction": "authorizer"}
GRAPH_OPENER = "default_graph"  # brandkit.bkg: the embedded graph, or Neptune when NEPTUNE_ENDPOINT is set


def _branches(value: Any) -> Iterator[Any]:
    """Both outcomes of an Fn::If (recursively); anything else as is."""
    if isinstance(value, dict) and "Fn::If" in value:
        _, yes, no = value["Fn::If"]
        yield from _branches(yes)
        yield from _branches(no)
    elif not (isinstance(value, dict) and value == {"Ref": "AWS::NoValue"}):
        yield value


def _listify(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allow_statements(cfn: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(resource logical id, statement) for every Allow statement of every role and policy."""
    for name, resource in cfn["Resources"].items():
        props = resource.get("Properties", {})
        documents = []
        if resource["Type"] == "AWS::IAM::Role":
            for policy in props.get("Policies", []):
                documents += [p["PolicyDocument"] for p in _branches(policy)]
        elif resource["Type"] in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"):
            documents.append(props["PolicyDocument"])
        for document in documents:
            for statement in _listify(document["Statement"]):
                for variant in _branches(statement):
                    if variant.get("Effect") == "Allow":
                        yield name, variant


# ---------------------------------------------------------------- IAM


def test_no_wildcard_resource_unless_allowed_with_reason(cfn_template):
    found = set()
    for name, statement in _allow_statements(cfn_template):
        if "*" in _listify(statement.get("Resource")):
            key = (name, statement.get("Sid", ""))
            assert key in WILDCARD_ALLOWED, (
                f"{name}: Resource * for {statement.get('Action')} without a documented reason"
            )
            found.add(key)
    assert found == set(WILDCARD_ALLOWED), f"stale allow-list entries: {set(WILDCARD_ALLOWED) - found}"


def test_no_wildcard_actions(cfn_template):
    for name, statement in _allow_statements(cfn_template):
        for action in _listify(statement["Action"]):
            assert action != "*" and not action.endswith(":*"), f"{name}: Allow {action}"


def test_only_known_managed_policies(cfn_template):
    for name, role in resources_of_type(cfn_template, "AWS::IAM::Role").items():
        for arn in role["Properties"].get("ManagedPolicyArns", []):
            for variant in _branches(arn):
                own = variant.get("Ref") if isinstance(variant, dict) else None
                if own:  # one of ours: its statements are checked with the roles' own
                    assert cfn_template["Resources"][own]["Type"] == "AWS::IAM::ManagedPolicy", f"{name}: {own}"
                    continue
                text = variant if isinstance(variant, str) else variant.get("Fn::Sub", "")
                policy = re.sub(r"^arn:(aws|\$\{AWS::Partition\}):iam::aws:policy/", "", text)
                assert policy in MANAGED_ALLOWED, f"{name}: managed policy {text} is not in the allow-list"


@pytest.mark.parametrize("function", ["RecordFailureFunction", "PublishManifestFunction"])
def test_stages_that_read_the_history_read_only_their_own_executions(template, function):
    # RecordFailure finds the failed state there; PublishManifest takes the manifest's stage timings from it.
    props = template["Resources"][function]["Properties"]
    statements = [s for p in props["Policies"] if isinstance(p, dict) and "Statement" in p for s in p["Statement"]]
    history = [s for s in statements if "states:GetExecutionHistory" in s["Action"]]
    executions = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-brand-kit:*"
    assert history and all(s["Resource"] == {"Fn::Sub": executions} for s in history)
    assert template["Resources"]["BrandKitStateMachine"]["Properties"]["Name"] == {
        "Fn::Sub": "${AWS::StackName}-brand-kit"
    }


def _task_states(states: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, state in states.items():
        if state["Type"] == "Task":
            yield name, state
        for branch in state.get("Branches", []):
            yield from _task_states(branch["States"])


def test_stage_memory_map_is_each_lambda_states_function_memory(template, asl, functions):
    """The manifest's cost bills each Lambda state at STAGE_MEMORY_MB[state]: the MemorySize of the function the
    state invokes (through the state machine's DefinitionSubstitutions); Batch and SNS states are not in it."""
    env = functions["PublishManifestFunction"]["Properties"]["Environment"]["Variables"]
    memory = json.loads(env["STAGE_MEMORY_MB"])
    substitutions = template["Resources"]["BrandKitStateMachine"]["Properties"]["DefinitionSubstitutions"]
    expected = {}
    for name, state in _task_states(asl["States"]):
        placeholder = re.fullmatch(r"\$\{(\w+)\}", state["Resource"])
        if placeholder:
            function = substitutions[placeholder.group(1)]["Fn::GetAtt"][0]
            expected[name] = functions[function]["Properties"]["MemorySize"]
    assert "GenerateLogoOnGpu" not in expected and "NotifySuccess" not in expected
    assert memory == expected


def test_batch_sync_permissions(cfn_template):
    statements = [s for name, s in _allow_statements(cfn_template) if name == "BrandKitStateMachineRole"]
    actions = {a for s in statements for a in _listify(s["Action"])}
    assert {"batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob"} <= actions
    rule = [s for s in statements if "events:PutRule" in _listify(s["Action"])]
    assert rule and set(_listify(rule[0]["Action"])) == {"events:PutTargets", "events:PutRule", "events:DescribeRule"}
    assert "rule/StepFunctionsGetEventsForBatchJobsRule" in rule[0]["Resource"]["Fn::Sub"]
    submit = [s for s in statements if "batch:SubmitJob" in _listify(s["Action"])]
    assert submit[0]["Resource"] == [{"Ref": "GpuJobQueue"}, {"Ref": "GpuJobDefinition"}]


@functools.cache
def _handler_imports(app: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(brandkit.* modules, other top-level modules) a handler can import, found statically.

    Imports inside functions count too, so a lazily imported dependency is not missed. A module that
    calls default_graph() is also recorded as "<module>:default_graph()".
    """
    core = ROOT / "layers" / "core"

    def source(name: str) -> Path | None:
        path = core.joinpath(*name.split("."))
        return next((p for p in (path / "__init__.py", path.with_suffix(".py")) if p.is_file()), None)

    seen: set[str] = set()
    external: set[str] = set()
    todo = [(app, "app")]
    while todo:
        path, module = todo.pop()
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == GRAPH_OPENER
            ):
                seen.add(f"{module}:{GRAPH_OPENER}()")
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] + [f"{target}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] != "brandkit":
                    external.add(name.split(".")[0])
                    continue
                parts = name.split(".")
                for i in range(1, len(parts) + 1):
                    sub = ".".join(parts[:i])
                    found = source(sub)
                    if found and sub not in seen:
                        seen.add(sub)
                        todo.append((found, sub))
    return frozenset(seen), frozenset(external - set(sys.stdlib_module_names) - {"app"})


def _core_modules_reached(app: Path) -> frozenset[str]:
    return _handler_imports(app)[0]


def _opens_the_graph(app: Path) -> bool:
    return any(m.endswith(f":{GRAPH_OPENER}()") for m in _core_modules_reached(app))


def _policies(function: dict[str, Any]) -> list[Any]:
    return function["Properties"].get("Policies", [])


def test_knowledge_graph_stages_can_reach_neptune_and_no_others(functions):
    """A stage whose code can open the graph (calls brandkit.bkg.default_graph) needs the VPC and the Neptune
    read policy when NeptuneEndpoint is set; a stage that cannot must not sit in the VPC."""
    graph_access = {"Fn::If": ["UseNeptune", {"Ref": "KnowledgeGraphReadPolicy"}, {"Ref": "AWS::NoValue"}]}
    in_vpc = {
        "Fn::If": [
            "UseNeptune",
            {"SubnetIds": {"Ref": "SubnetIds"}, "SecurityGroupIds": {"Ref": "SecurityGroupIds"}},
            {"Ref": "AWS::NoValue"},
        ]
    }
    users = set()
    for name, function in functions.items():
        uses_graph = _opens_the_graph(ROOT / function["Properties"]["CodeUri"] / "app.py")
        users |= {name} if uses_graph else set()
        assert (graph_access in _policies(function)) == uses_graph, (
            f"{name}: Neptune policy vs calls of {GRAPH_OPENER}()"
        )
        assert (function["Properties"].get("VpcConfig") == in_vpc) == uses_graph, (
            f"{name}: VpcConfig vs calls of {GRAPH_OPENER}()"
        )
    assert "ValidateBriefFunction" in users, "the profile is built from the graph: the import walk is broken"


def test_only_the_rationale_stage_reads_the_anthropic_secret(functions):
    secret = {
        "Fn::If": [
            "UseAnthropic",
            {"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": "AnthropicSecretArn"}}},
            {"Ref": "AWS::NoValue"},
        ]
    }
    for name, function in functions.items():
        writes = "brandkit.rationale" in _core_modules_reached(ROOT / function["Properties"]["CodeUri"] / "app.py")
        assert (secret in _policies(function)) == writes, f"{name}: secret access vs use of brandkit.rationale"


# ---------------------------------------------------------------- API


def _api_methods(cfn: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for api in resources_of_type(cfn, "AWS::ApiGateway::RestApi").values():
        for path, methods in api["Properties"]["Body"]["paths"].items():
            for method, spec in methods.items():
                yield path, method, spec


def test_every_api_method_requires_an_api_key(cfn_template):
    methods = list(_api_methods(cfn_template))
    assert {(p, m) for p, m, _ in methods} >= {("/brands", "post"), ("/brands", "get"), ("/brands/{id}", "get")}
    for path, method, spec in methods:
        integration = spec["x-amazon-apigateway-integration"]
        if method == "options" and integration["type"] == "mock":
            continue  # CORS preflight: a mock that only returns CORS headers (browsers send no key on preflight)
        assert {"api_key": []} in spec.get("security", []), f"{method.upper()} {path} does not require an API key"
    assert not resources_of_type(cfn_template, "AWS::ApiGatewayV2::Api"), "an HTTP API outside the keyed REST API"
    assert not resources_of_type(cfn_template, "AWS::Lambda::Url"), "a function URL bypasses the API's keys"


def test_api_events_only_on_the_keyed_api(template):
    for name, resource in resources_of_type(template, "AWS::Serverless::Function").items():
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] == "Api":
                assert event["Properties"].get("RestApiId") == {"Ref": "BrandkitApi"}, (
                    f"{name}: event on an implicit API"
                )


def test_api_usage_plan_throttles_and_logs(cfn_template, template):
    (plan,) = resources_of_type(cfn_template, "AWS::ApiGateway::UsagePlan").values()
    assert plan["Properties"]["Throttle"]["RateLimit"] and plan["Properties"]["Throttle"]["BurstLimit"]
    assert plan["Properties"]["Quota"]["Period"] == "DAY"
    (stage,) = resources_of_type(cfn_template, "AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["TracingEnabled"] is True
    assert stage["Properties"]["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    assert template["Resources"]["BrandkitApi"]["Properties"]["Cors"]["AllowHeaders"].count("X-Api-Key") == 1


# ---------------------------------------------------------------- state machine, storage, events


def test_state_machines_log_every_transition_without_data_and_trace(template, cfn_template):
    """Every state machine, so one added later is held to it too.

    Level ALL: each state's entry, exit and error is logged, which is what an operator reads to see where a run
    stopped. IncludeExecutionData false: state inputs and outputs carry the brief (customer text) and kit data,
    which stay in S3 under the kit's retention instead of being copied to everyone who can read the logs.
    """
    assert template["Resources"]["BrandKitStateMachine"]["Properties"]["Type"] == "STANDARD"
    machines = resources_of_type(cfn_template, "AWS::StepFunctions::StateMachine")
    assert machines
    for name, machine in machines.items():
        props = machine["Properties"]
        logging = props.get("LoggingConfiguration", {})
        assert logging.get("Level") == "ALL" and logging.get("IncludeExecutionData") is False, f"{name}: {logging}"
        (destination,) = logging["Destinations"]
        group = destination["CloudWatchLogsLogGroup"]["LogGroupArn"]["Fn::GetAtt"]
        assert group[1] == "Arn" and cfn_template["Resources"][group[0]]["Type"] == "AWS::Logs::LogGroup", name
        assert props.get("TracingConfiguration", {}).get("Enabled") is True, f"{name}: X-Ray tracing off"


def test_bucket_is_private_encrypted_versioned_and_tls_only(template):
    bucket = template["Resources"]["KitBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"][
        "SSEAlgorithm"
    ]
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    rules = {r["Id"]: r for r in bucket["LifecycleConfiguration"]["Rules"]}
    assert rules["ExpireWorkFiles"]["ExpirationInDays"] == 7
    assert rules["ExpireKits"]["ExpirationInDays"] == {"Ref": "KitRetentionDays"}
    policies = [
        p
        for p in resources_of_type(template, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": "KitBucket"}
    ]
    denies = [
        s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
    ]
    assert denies and denies[0]["Action"] == "s3:*"
    assert {"Fn::Sub": "${KitBucket.Arn}/*"} in denies[0]["Resource"]


def test_topic_encrypted_and_table_durable(template):
    assert template["Resources"]["EventsTopic"]["Properties"]["KmsMasterKeyId"] == "alias/aws/sns"
    table = template["Resources"]["JobsTable"]["Properties"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    assert table["BillingMode"] == "PAY_PER_REQUEST"


def test_gpu_compute_environment_and_job_definition(template):
    resources = template["Resources"]
    compute = resources["GpuComputeEnvironment"]["Properties"]
    assert compute["Type"] == "MANAGED"
    cr = compute["ComputeResources"]
    assert (cr["Type"], cr["AllocationStrategy"], cr["MinvCpus"]) == (
        "SPOT", "SPOT_CAPACITY_OPTIMIZED", {"Ref": "GpuWarmvCpus"})
    assert cr["Ec2Configuration"] == [{"ImageType": "ECS_AL2023_NVIDIA"}]
    on_demand = resources["GpuOnDemandComputeEnvironment"]["Properties"]["ComputeResources"]
    assert (on_demand["Type"], on_demand["MinvCpus"]) == ("EC2", 0)
    assert on_demand["Ec2Configuration"] == cr["Ec2Configuration"]
    # Spot first (lower order is tried first), on-demand behind it.
    order = resources["GpuJobQueue"]["Properties"]["ComputeEnvironmentOrder"]
    assert order[0] == {"Order": 1, "ComputeEnvironment": {"Ref": "GpuComputeEnvironment"}}
    assert order[1]["Fn::If"][1] == {"Order": 2, "ComputeEnvironment": {"Ref": "GpuOnDemandComputeEnvironment"}}
    assert template["Parameters"]["GpuInstanceTypes"]["Type"] == "CommaDelimitedList"
    job = resources["GpuJobDefinition"]["Properties"]
    requirements = {r["Type"]: r["Value"] for r in job["ContainerProperties"]["ResourceRequirements"]}
    assert requirements == {"GPU": "1", "VCPU": "4", "MEMORY": "15000"}
    exits = job["RetryStrategy"]["EvaluateOnExit"]
    # Order matters: the first match wins, and with no match Batch retries anything.
    assert exits[0] == {"OnStatusReason": "Host EC2*", "Action": "RETRY"}
    assert {"OnExitCode": "75", "Action": "RETRY"} in exits[1:-1]
    assert exits[-1] == {"OnReason": "*", "Action": "EXIT"}
    assert job["Timeout"]["AttemptDurationSeconds"] > 0 and job["PropagateTags"] is True
    command = job["ContainerProperties"]["Command"]
    assert [command[i + 1] for i, arg in enumerate(command) if arg.startswith("--")] == [
        "Ref::job_id",
        "Ref::bucket",
        "Ref::prefix",
    ]


# ---------------------------------------------------------------- functions and layer


def test_functions_are_explicit_and_share_the_core_layer(template, functions):
    assert {n: f["Properties"]["CodeUri"] for n, f in functions.items()} == {
        n: f"functions/{d}/" for n, d in ALL_FUNCTIONS.items()
    }
    function_globals = template["Globals"]["Function"]
    assert function_globals["Runtime"] == "python3.11" and function_globals["Tracing"] == "Active"
    assert function_globals["Layers"] == [{"Ref": "CoreLayer"}]
    for name, function in functions.items():
        props = function["Properties"]
        assert isinstance(props.get("MemorySize"), int) and isinstance(props.get("Timeout"), int), name
        assert (ROOT / props["CodeUri"] / "requirements.txt").is_file(), f"{name}: no requirements.txt"
    spec = _layer_spec()
    for name in spec:  # every layer of layers.toml is built by layers/Makefile
        layer = template["Resources"][name]
        assert layer["Metadata"]["BuildMethod"] == "makefile" and layer["Properties"]["ContentUri"] == "layers/", name
        assert f"build-{name}" in (ROOT / "layers" / "Makefile").read_text(encoding="utf-8"), name
    assert {n for n, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::LayerVersion"} == set(spec)
    for name, layers in _layers_of(template).items():
        assert len(layers) <= 5, f"{name}: Lambda allows 5 layers"


def test_global_environment(template):
    env = template["Globals"]["Function"]["Environment"]["Variables"]
    assert env["KIT_BUCKET"] == {"Ref": "KitBucket"} and env["EVENTS_TOPIC_ARN"] == {"Ref": "EventsTopic"}
    assert env["LOGO_ENGINE"] == {"Fn::If": ["UseSdxl", "sdxl", "vector"]}
    assert template["Parameters"]["LogoEngines"]["AllowedValues"] == ["vector", "vector+sdxl"]
    assert template["Parameters"]["PageSize"]["AllowedValues"] == ["A4", "Letter"]
    assert env["POWERTOOLS_SERVICE_NAME"] == "brandkit"


def _requirement_names(lines: list[str]) -> set[str]:
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[\[<>=!~ ;]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def test_layer_requirements_mirror_the_core_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    layer = (ROOT / "layers/core/requirements.txt").read_text(encoding="utf-8").splitlines()
    layer_names, core_names = _requirement_names(layer), _requirement_names(project["dependencies"])
    assert not core_names - layer_names, f"core dependencies missing from the layer: {core_names - layer_names}"
    assert not layer_names - core_names, (
        f"layer packages missing from pyproject's dependencies: {layer_names - core_names}"
    )
    assert not _requirement_names(layer) & {"torch", "diffusers", "transformers", "moto"}, (
        "GPU/test packages in the layer"
    )


def test_template_outputs(template):
    assert {"ApiUrl", "KitBucketName", "StateMachineArn", "EventsTopicArn", "GpuJobQueueArn"} <= set(
        template["Outputs"]
    )


def test_samconfig_overrides_name_real_parameters_and_cover_the_required_ones(template):
    config = tomllib.loads((ROOT / "samconfig.toml").read_text(encoding="utf-8"))["default"]
    deploy = config["deploy"]["parameters"]
    assert set(deploy["capabilities"].split()) == {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"}
    assert deploy["resolve_s3"] is True and deploy["confirm_changeset"] is True
    assert config["validate"]["parameters"]["lint"] is True
    overrides = dict(item.split("=", 1) for item in deploy["parameter_overrides"])
    parameters = template["Parameters"]
    assert set(overrides) <= set(parameters), f"unknown parameters: {set(overrides) - set(parameters)}"
    required = {name for name, p in parameters.items() if "Default" not in p}
    assert required <= set(overrides), f"required parameters missing from samconfig: {required - set(overrides)}"
    for name, value in overrides.items():
        if "AllowedValues" in parameters[name]:
            assert value in map(str, parameters[name]["AllowedValues"]), f"{name}={value}"
        if "AllowedPattern" in parameters[name]:
            assert re.fullmatch(parameters[name]["AllowedPattern"], value), f"{name}={value} fails its AllowedPattern"


def test_gpu_job_environment_is_what_the_worker_reads(template, monkeypatch):
    """The worker reads its settings by field name (upper-cased); a misspelt variable would be silently ignored."""
    monkeypatch.syspath_prepend(str(ROOT / "gpu-jobs"))
    config = importlib.import_module("sdxl_worker.config")  # pydantic only: no torch
    container = template["Resources"]["GpuJobDefinition"]["Properties"]["ContainerProperties"]
    names = {e["Name"] for e in container["Environment"] if not e["Name"].startswith("AWS_")}
    assert {n.lower() for n in names} <= set(config.WorkerConfig.model_fields), "variables the worker does not read"
    samples = {"ModelS3Uri": "s3://brandkit-models-123456789012/sdxl-base-1.0/"}
    env = {
        e["Name"]: samples.get(e["Value"]["Ref"], str(template["Parameters"][e["Value"]["Ref"]].get("Default", "")))
        for e in container["Environment"]
        if e["Name"] in names
    }
    config.WorkerConfig.from_env(env)  # the template's defaults make a runnable worker


def _distribution_closure(names: set[str]) -> set[str]:
    """The distributions pip installs for these requirement names (their dependencies, as installed here)."""
    from importlib.metadata import PackageNotFoundError, requires

    closure, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        try:
            needs = requires(name) or []
        except PackageNotFoundError:
            continue
        todo += [next(iter(_requirement_names([r.split(";")[0]]))) for r in needs if "extra ==" not in r]
    return closure


# Modules a function's static import closure reaches but its handler never loads, so its layers need not
# ship them. Each is a lazy import on a path that function does not take.
NOT_LOADED = {
    # brandkit.logo.importer imports trace (numpy, vtracer) only to import an uploaded logo: the ImportLogo stage.
    "numpy": {"ImportLogoFunction"},
    "vtracer": {"ImportLogoFunction"},
    # brandkit.bkg opens a graph (networkx embedded, gremlinpython for Neptune) only when one is asked for:
    # build_profile and build_palette in ValidateBrief (which also writes the profile's own palette) and
    # build_palette in Palette. DesignLogo, RenderAssets and Guidelines read the profile and palettes from the
    # job's files (tests/iac/test_iac_layer_contents.py runs them without it).
    "networkx": {"ValidateBriefFunction", "PaletteFunction"},
    "gremlin_python": {"ValidateBriefFunction", "PaletteFunction"},
}
RUNTIME_PROVIDED = {"boto3", "botocore"}  # the python3.11 runtime's AWS SDK (layers/build_layer.py)


def _layer_spec() -> dict[str, dict]:
    return tomllib.loads((ROOT / "layers" / "layers.toml").read_text(encoding="utf-8"))


def _layers_of(template: dict) -> dict[str, list[str]]:
    """Function logical id -> its layers, Globals' first (brandkit_local.twin.sam_template reads them)."""
    from brandkit_local.twin.sam_template import functions

    return {name: fn.layers for name, fn in functions(template, ROOT, {}).items()}


def test_layers_ship_every_core_requirement_but_the_sdk():
    """layers.toml partitions layers/core/requirements.txt: each line in exactly one layer, bar the runtime's SDK."""
    core = _requirement_names((ROOT / "layers/core/requirements.txt").read_text(encoding="utf-8").splitlines())
    placed = [n for layer in _layer_spec().values() for n in _requirement_names(layer["packages"])]
    assert len(placed) == len(set(placed)), "a package is in two layers"
    assert set(placed) == core - {"boto3"}, f"unplaced: {core - {'boto3'} - set(placed)}, unknown: {set(placed) - core}"


def test_every_module_a_handler_imports_ships_in_its_layers(template, functions):
    """Fast twin of the sam build import check: each third-party module in a handler's static import closure
    (lazy imports included) comes from a layer that function has, or from the runtime."""
    from importlib.metadata import packages_distributions

    spec = _layer_spec()
    providers = packages_distributions()
    function_layers = _layers_of(template)
    for name, function in functions.items():
        layers = function_layers[name]
        shipped = _distribution_closure({n for layer in layers for n in _requirement_names(spec[layer]["packages"])})
        shipped |= {"aws-xray-sdk"}  # powertools[tracer]: the extra is skipped by the closure
        for module in _handler_imports(ROOT / function["Properties"]["CodeUri"] / "app.py")[1]:
            if module in RUNTIME_PROVIDED or (module in NOT_LOADED and name not in NOT_LOADED[module]):
                continue
            dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
            assert dists, f"{name}: imports {module}, which no installed distribution provides"
            assert dists & shipped, f"{name}: imports {module} ({', '.join(sorted(dists))}), not in {', '.join(layers)}"
