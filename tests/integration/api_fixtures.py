"""Shared by the API tests: the API handler as Lambda loads it, its context, and a stand-in state machine."""

from __future__ import annotations

import json
import time
from types import ModuleType

import boto3

from brandkit_local import checkout
from brandkit_local.twin.lambdas import LambdaContext


def load_api(module_name: str) -> ModuleType:
    """functions/api/app.py, loaded fresh as Lambda would, under its own module name."""
    return checkout.handler("api", module_name)


def api_context() -> LambdaContext:
    return LambdaContext(function_name="api", memory_limit_in_mb=512, aws_request_id="req-1",
                         invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:api",
                         deadline=time.monotonic() + 15)


def pass_state_machine(name: str = "brandkit-brand-kit") -> str:
    """A one-state machine in moto to start executions on (moto does not run it unless configured to)."""
    role = boto3.client("iam").create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    return boto3.client("stepfunctions").create_state_machine(
        name=name, roleArn=role,
        definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}),
    )["stateMachineArn"]


def create_jobs_table(name: str) -> None:
    """The jobs table (idempotency and job#<id> ownership records) exactly as the template declares it."""
    from tests.iac.cfn_template import load_template

    props = load_template()["Resources"]["JobsTable"]["Properties"]
    ddb = boto3.client("dynamodb")
    ddb.create_table(TableName=name, AttributeDefinitions=props["AttributeDefinitions"], KeySchema=props["KeySchema"],
                     BillingMode=props["BillingMode"], GlobalSecondaryIndexes=props["GlobalSecondaryIndexes"])
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=props["TimeToLiveSpecification"])
