"""The job's files in S3: one small interface, one client reused across Lambda invocations."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config
from pydantic import BaseModel

from brandkit.artifacts import Job


WORK_TAG = "brandkit-kind=work"


@lru_cache(maxsize=1)
def s3_client():
    # Created once per process (warm Lambda containers reuse it); retries cover S3 throttling. SigV4 also for
    # presigned links (botocore still presigns us-east-1 with SigV2 by default). AWS_ENDPOINT_URL_S3 is honoured
    # by boto3 itself, so the local server's links point at its own S3 endpoint.
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("BRANDKIT_S3_ENDPOINT") or None,
        config=Config(signature_version="s3v4", retries={"max_attempts": 5, "mode": "adaptive"}),
    )


class JobStore:
    """Reads and writes the files of one job, by keys relative to its prefix."""

    def __init__(self, job: Job, client: Any = None):
        self.job = job
        self._client = client

    @property
    def client(self):
        return self._client or s3_client()

    def put_bytes(self, relkey: str, data: bytes, content_type: str = "application/octet-stream") -> str:
        key = self.job.key(relkey)
        extra = {}
        if relkey.startswith("work/"):
            # Lifecycle rules cannot match kits/*/work/ by prefix; the bucket expires this tag early.
            extra["Tagging"] = WORK_TAG
        self.client.put_object(Bucket=self.job.bucket, Key=key, Body=data, ContentType=content_type, **extra)
        return key

    def get_bytes(self, relkey: str) -> bytes:
        return self.client.get_object(Bucket=self.job.bucket, Key=self.job.key(relkey))["Body"].read()

    def put_json(self, relkey: str, value: Any) -> str:
        if isinstance(value, BaseModel):
            body = value.model_dump_json(indent=2)
        else:
            body = json.dumps(value, indent=2, ensure_ascii=False)
        return self.put_bytes(relkey, body.encode("utf-8"), "application/json")

    def get_json(self, relkey: str) -> Any:
        return json.loads(self.get_bytes(relkey))

    def get_model(self, relkey: str, model: type[BaseModel]):
        return model.model_validate_json(self.get_bytes(relkey))

    def list(self, relprefix: str = "") -> list[dict[str, Any]]:
        """Objects under the job prefix (or a sub-prefix), as {key (relative), size, etag}."""
        base = self.job.key(relprefix) if relprefix else self.job.prefix + "/"
        out = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.job.bucket, Prefix=base):
            for obj in page.get("Contents", []):
                out.append({"key": obj["Key"][len(self.job.prefix) + 1 :], "size": obj["Size"]})
        return out
