"""API Gateway sends the API function exactly the routes the app serves: none unrouted, none unreachable."""

from __future__ import annotations

import re

from brandkit.api import build_app, openapi

OPENAPI_ROUTE = ("/openapi.json", "GET")  # served, but left out of the document it serves


def _template_routes(functions) -> set[tuple[str, str]]:
    return {
        (re.sub(r"\{[^}]+\}", "{}", e["Properties"]["Path"]), e["Properties"]["Method"].upper())
        for e in functions["ApiFunction"]["Properties"]["Events"].values()
        if e["Type"] == "Api"
    }


def _app_routes() -> set[tuple[str, str]]:
    document = openapi(build_app())
    routes = {(re.sub(r"\{[^}]+\}", "{}", path), method.upper())
              for path, operations in document["paths"].items() for method in operations}
    return routes | {OPENAPI_ROUTE}


def test_template_events_are_the_app_routes(functions):
    assert _template_routes(functions) == _app_routes()


def test_api_environment_names_what_the_app_reads(functions):
    variables = functions["ApiFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["CORS_ALLOW_ORIGIN"] == {"Ref": "CorsAllowOrigin"}  # the same origin API Gateway answers with
    assert 1 <= int(variables["PRESIGN_EXPIRES_S"]) <= 7 * 24 * 3600


def test_api_reads_kits_and_writes_only_briefs_and_logo_uploads(functions):
    policies = functions["ApiFunction"]["Properties"]["Policies"]
    assert not [p for p in policies if isinstance(p, dict) and {"S3CrudPolicy", "S3FullAccessPolicy"} & set(p)]
    statements = {s["Sid"]: s for p in policies if isinstance(p, dict) and "Statement" in p for s in p["Statement"]}
    assert statements["ReadKits"]["Action"] == ["s3:GetObject"]
    assert statements["ReadKits"]["Resource"] == {"Fn::Sub": "${KitBucket.Arn}/tenants/*/kits/*"}
    assert statements["WriteBriefs"]["Action"] == ["s3:PutObject"]
    assert statements["WriteBriefs"]["Resource"] == {"Fn::Sub": "${KitBucket.Arn}/tenants/*/kits/*/brief.json"}
    # Logo uploads: sign presigned POSTs and read them under tenants/*/uploads/, copy them into a job's uploads/.
    assert statements["LogoUploads"]["Action"] == ["s3:PutObject", "s3:PutObjectTagging", "s3:GetObject"]
    assert statements["LogoUploads"]["Resource"] == {"Fn::Sub": "${KitBucket.Arn}/tenants/*/uploads/*"}
    assert statements["WriteJobUploads"]["Action"] == ["s3:PutObject"]
    assert statements["WriteJobUploads"]["Resource"] == {"Fn::Sub": "${KitBucket.Arn}/tenants/*/kits/*/uploads/*"}
    s3_resources = [s["Resource"] for s in statements.values() if any(a.startswith("s3:") for a in s["Action"])]
    assert all("Fn::Sub" not in r or r["Fn::Sub"].startswith("${KitBucket.Arn}/") for r in s3_resources)
