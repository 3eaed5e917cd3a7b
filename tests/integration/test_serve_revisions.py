"""Revisions through a served `brandkit serve` (issue 15's "done when"): post a brief, list the concepts,
choose a non-primary concept, then a second palette option, then ask for more concepts."""

from __future__ import annotations

import hashlib
import json
import urllib.request

import pytest

from tests.integration.serve_fixture import serve

pytestmark = pytest.mark.slow

BRIEF = {"company_name": "Harbor & Pine", "industry": "outdoor gear", "values": ["durable"], "style": ["rugged"]}


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.read()


def files_of(body: dict) -> dict[str, dict]:
    return {f["path"]: f for f in body["kit"]["files"]}


def wait_version(server, job_id: str, n: int) -> dict:
    import time

    for _ in range(480):
        status, _, body = server.request("GET", f"/brands/{job_id}/versions/{n}")
        if status == 200 and body["status"] in ("succeeded", "failed"):
            return body
        time.sleep(0.5)
    raise TimeoutError(f"version {n} did not finish")


def test_choose_concept_palette_and_more_through_the_api():
    with serve() as server:
        status, _, accepted = server.request("POST", "/brands", BRIEF)
        assert status == 202
        job_id = accepted["job_id"]
        first = server.wait_for(job_id)
        assert first["status"] == "succeeded" and first["current_version"] == 1
        v1_files = files_of(first)
        v1_sha = {p: hashlib.sha256(download(f["url"])).hexdigest() for p, f in v1_files.items()}
        assert v1_sha == {p: f["sha256"] for p, f in v1_files.items()}
        concept = next(c for c in first["concepts"] if not c["chosen"])
        first_ids = {c["id"] for c in first["concepts"]}

        # Bad input first: nothing starts.
        status, _, body = server.request("POST", f"/brands/{job_id}/revisions", {"palette": "no-such-palette"})
        assert status == 422 and body["detail"][0]["loc"] == ["body", "palette"]
        status, _, body = server.request("POST", "/brands/bk-unknown/revisions", {"fonts": "x"})
        assert status == 404
        status, _, body = server.request("POST", f"/brands/{job_id}/revisions", {})
        assert status == 422

        status, _, body = server.request("POST", f"/brands/{job_id}/revisions", {"concept": concept["id"]},
                                         headers={"Idempotency-Key": "pick-concept"})
        assert status == 202 and body["version"] == 2, body
        # The same key again: the same answer, no third version; another revision while 2 runs: 409.
        again = server.request("POST", f"/brands/{job_id}/revisions", {"concept": concept["id"]},
                               headers={"Idempotency-Key": "pick-concept"})
        assert again[0] == 202 and again[2]["version"] == 2
        busy = server.request("POST", f"/brands/{job_id}/revisions", {"more": "different"})
        assert busy[0] == 409 and "still running" in busy[2]["message"]  # one version at a time
        v2 = wait_version(server, job_id, 2)
        assert v2["status"] == "succeeded"
        master = download(files_of(v2)["logo/master.svg"]["url"])
        assert master == download(concept["preview_url"])  # the chosen concept, drawn as v1 previewed it

        palette = v2["palette_options"][1]
        status, _, body = server.request("POST", f"/brands/{job_id}/revisions", {"palette": palette["id"]})
        assert status == 202 and body["version"] == 3
        v3 = wait_version(server, job_id, 3)
        assert v3["status"] == "succeeded"
        assert next(p for p in v3["palette_options"] if p["chosen"])["id"] == palette["id"]
        palette_json = json.loads(download(files_of(v3)["palette/palette.json"]["url"]))
        assert palette["colors"]["primary"].lower() in json.dumps(palette_json).lower()

        status, _, body = server.request("POST", f"/brands/{job_id}/revisions", {"more": "different"})
        assert status == 202 and body["version"] == 4
        v4 = wait_version(server, job_id, 4)
        assert v4["status"] == "succeeded"
        new = [c for c in v4["concepts"] if c["id"] not in first_ids]
        assert new and next(c for c in v4["concepts"] if c["chosen"])["id"] == new[0]["id"]

        brand = server.request("GET", f"/brands/{job_id}")[2]
        assert brand["current_version"] == 4 and [v["number"] for v in brand["versions"]] == [1, 2, 3, 4]
        assert brand["versions"][2]["changes"] == {"palette": palette["id"]}
        # Version 1's files still download with their original checksums.
        again_v1 = files_of(server.request("GET", f"/brands/{job_id}/versions/1")[2])
        assert {p: hashlib.sha256(download(f["url"])).hexdigest() for p, f in again_v1.items()} == v1_sha
        status, _, zipped = server.request("GET", f"/brands/{job_id}/versions/3/kit")
        assert status == 200 and zipped["version"] == 3 and download(zipped["url"])[:2] == b"PK"
