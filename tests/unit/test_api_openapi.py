"""The OpenAPI document: generated from the code, published as docs/openapi.json, never stale."""

from __future__ import annotations

import json
from pathlib import Path

from brandkit import __version__
from brandkit.api import build_app, openapi
from brandkit.brief import MAX_BRIEF_BYTES
from brandkit_local.cli import main

PUBLISHED = Path(__file__).parents[2] / "docs" / "openapi.json"


def test_published_document_is_current():
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == openapi(build_app()), "regenerate with: brandkit openapi --out docs/openapi.json"


def test_cli_writes_the_document(tmp_path, capsys):
    assert main(["openapi", "--out", str(tmp_path / "openapi.json")]) == 0
    written = (tmp_path / "openapi.json").read_text(encoding="utf-8")
    assert written == PUBLISHED.read_text(encoding="utf-8")
    assert main(["openapi"]) == 0 and capsys.readouterr().out == written


def test_document_names_the_api_its_key_and_every_answer():
    document = openapi(build_app())
    assert document["info"]["title"] == "Brandkit API" and document["info"]["version"] == __version__
    assert document["components"]["securitySchemes"]["apiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
        "description": "API Gateway API key of the usage plan",
    }
    assert document["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "API token of a tenant, checked by the Lambda authorizer",
    }
    assert document["security"] == [{"bearerToken": [], "apiKey": []}]
    codes = {
        (path, method): set(op["responses"]) for path, ops in document["paths"].items() for method, op in ops.items()
    }
    assert {"202", "400", "409", "413", "415", "422"} <= codes[("/brands", "post")]
    assert all("401" in answers for answers in codes.values()), "the authorizer answers 401 on every operation"
    too_large = document["paths"]["/brands"]["post"]["responses"]["413"]["description"]
    assert too_large == f"The body is larger than {MAX_BRIEF_BYTES // 1024} KiB" == "The body is larger than 64 KiB"
    assert {"200", "404"} <= codes[("/brands/{job_id}", "get")]
    assert {"200", "404", "409", "410"} <= codes[("/brands/{job_id}/kit", "get")]
    # Success bodies are models, so a schema checker can hold the responses to them.
    ok = document["paths"]["/brands/{job_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    brand_job = document["components"]["schemas"][ok["$ref"].rsplit("/", 1)[-1]]
    assert {"job_id", "status", "progress", "stopped_at"} <= set(brand_job["required"])
    assert brand_job["additionalProperties"] is False
