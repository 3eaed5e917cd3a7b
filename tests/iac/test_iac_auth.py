"""Every API method is authenticated by the Lambda authorizer before the function runs (docs/AUTH.md): checked on
the CloudFormation the SAM transform makes, since that is what API Gateway imports."""

from __future__ import annotations

import json
from typing import Any

from tests.iac.cfn_template import resources_of_type

AUTHORIZER = "TokenAuthorizer"


def _rest_api_body(cfn: dict[str, Any]) -> dict[str, Any]:
    (api,) = resources_of_type(cfn, "AWS::ApiGateway::RestApi").values()
    body: dict[str, Any] = api["Properties"]["Body"]
    return body


def _is_cors_preflight(method: str, spec: dict[str, Any]) -> bool:
    return method == "options" and spec["x-amazon-apigateway-integration"]["type"] == "mock"


def test_every_api_method_but_the_cors_preflight_has_the_authorizer(cfn_template):
    paths = _rest_api_body(cfn_template)["paths"]
    checked = []
    for path, methods in paths.items():
        for method, spec in methods.items():
            if _is_cors_preflight(method, spec):
                assert AUTHORIZER not in json.dumps(spec.get("security", [])), f"preflight {path} needs a token"
                continue
            assert {AUTHORIZER: []} in spec.get("security", []), f"{method.upper()} {path} has no authorizer"
            checked.append((path, method))
    assert ("/brands", "post") in checked and ("/webhooks/{id}", "delete") in checked and len(checked) >= 11


def test_the_authorizer_is_a_cached_request_authorizer_on_the_authorization_header(cfn_template):
    definition = _rest_api_body(cfn_template)["securityDefinitions"][AUTHORIZER]
    authorizer = definition["x-amazon-apigateway-authorizer"]
    assert definition["x-amazon-apigateway-authtype"] == "custom"
    assert authorizer["type"] == "request"
    assert authorizer["identitySource"] == "method.request.header.Authorization"
    assert 60 <= authorizer["authorizerResultTtlInSeconds"] <= 3600  # cached per token; revocation lags by this
    assert authorizer["authorizerUri"]["Fn::Sub"][1]["__FunctionArn__"] == {"Fn::GetAtt": ["AuthorizerFunction", "Arn"]}
    permissions = [p["Properties"] for p in resources_of_type(cfn_template, "AWS::Lambda::Permission").values()
                   if p["Properties"]["FunctionName"] in ({"Ref": "AuthorizerFunction"},
                                                          {"Fn::GetAtt": ["AuthorizerFunction", "Arn"]})]
    assert [p["Principal"] for p in permissions] == ["apigateway.amazonaws.com"]


def test_the_authorizer_may_only_read_tokens_by_key_and_nothing_else_touches_them(cfn_template):
    role = cfn_template["Resources"]["AuthorizerFunctionRole"]["Properties"]
    statements = [s for p in role.get("Policies", []) for s in p["PolicyDocument"]["Statement"]]
    assert statements == [{"Sid": "ReadTokensByKey", "Effect": "Allow", "Action": ["dynamodb:GetItem"],
                           "Resource": {"Fn::GetAtt": ["TokensTable", "Arn"]}}]
    assert [arn.rsplit("/", 1)[1] for arn in role["ManagedPolicyArns"]] == [
        "AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess"]  # logs and traces, what SAM gives every function
    for name, other in resources_of_type(cfn_template, "AWS::IAM::Role").items():
        if name != "AuthorizerFunctionRole":
            assert "TokensTable" not in json.dumps(other), f"{name} can reach the tokens table"
    table = cfn_template["Resources"]["TokensTable"]["Properties"]
    assert table["KeySchema"] == [{"AttributeName": "token_hash", "KeyType": "HASH"}]
    assert table["SSESpecification"]["SSEEnabled"] and table["PointInTimeRecoverySpecification"][
        "PointInTimeRecoveryEnabled"]


def test_browsers_may_send_the_token_and_read_the_401(template, cfn_template):
    api = template["Resources"]["BrandkitApi"]["Properties"]
    assert "Authorization" in api["Cors"]["AllowHeaders"].strip("'").split(",")
    assert api["Auth"]["AddDefaultAuthorizerToCorsPreflight"] is False
    assert api["Auth"]["ApiKeyRequired"] is True  # the usage plan's throttle and quota stay
    responses = _rest_api_body(cfn_template)["x-amazon-apigateway-gateway-responses"]
    for kind, status in (("UNAUTHORIZED", "401"), ("ACCESS_DENIED", "403")):
        assert responses[kind]["statusCode"] == status
        assert "gatewayresponse.header.Access-Control-Allow-Origin" in responses[kind]["responseParameters"]
