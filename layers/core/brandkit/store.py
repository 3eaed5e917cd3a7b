"""A job's files, typed: `store.load(artifact)` and `store.save(artifact, value)` over the declarations in
brandkit.job_files. Two backends: S3 (Lambda, the GPU worker, the twin) and memory (tests of a stage's logic).

A missing object is `brandkit.errors.NotFound` whichever the backend; S3's ways of saying so are mapped
to it by `brandkit.clients.not_found_as` (`BucketObjects` here, and the fonts' asset fetch, use it).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from brandkit import clients
from brandkit.artifacts import Job
from brandkit.clients import not_found_as as _not_found_as
from brandkit.errors import NotFound
from brandkit.job_files import Artifact, Folder

T = TypeVar("T")

WORK_TAG = "brandkit-kind=work"

@dataclass(frozen=True)
class Listed:
    name: str  # relative to the folder listed
    size: int


class BucketObjects:
    """Plain objects of one bucket by full key: what JobStore and the brief uploads (briefs/) share."""

    def __init__(self, bucket: str, client: Any = None) -> None:
        self.bucket = bucket
        self._client = client

    @property
    def client(self) -> Any:
        return self._client or clients.s3()

    def get(self, key: str, *, version_id: str | None = None, max_bytes: int | None = None) -> bytes:
        kwargs = {"Bucket": self.bucket, "Key": key}
        if version_id:
            kwargs["VersionId"] = version_id
        with _not_found_as(key):
            body = self.client.get_object(**kwargs)["Body"]
        data: bytes = body.read(max_bytes) if max_bytes is not None else body.read()
        body.close()
        return data

    def put(self, key: str, data: bytes, content_type: str, tagging: str | None = None,
            metadata: dict[str, str] | None = None) -> None:
        extra: dict[str, Any] = {"Tagging": tagging} if tagging else {}
        if metadata:
            extra["Metadata"] = metadata
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type, **extra)

    def head(self, key: str) -> dict[str, Any]:
        """HeadObject's answer (ContentType, ContentLength...), or NotFound."""
        with _not_found_as(key):
            found: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=key)
            return found

    def size(self, key: str) -> int:
        return int(self.head(key)["ContentLength"])

    def metadata(self, key: str) -> dict[str, str]:
        """The object's user metadata (x-amz-meta-*), names in lower case as S3 returns them."""
        with _not_found_as(key):
            found: dict[str, str] = self.client.head_object(Bucket=self.bucket, Key=key)["Metadata"]
            return found

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def list(self, prefix: str) -> list[tuple[str, int]]:
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            found += [(obj["Key"], obj["Size"]) for obj in page.get("Contents", [])]
        return found

    def presign(self, key: str, expires: int, filename: str | None = None) -> str:
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if filename:
            params["ResponseContentDisposition"] = f'attachment; filename="{filename}"'
        return str(self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires))


class JobStore:
    """The files of one job. Subclasses move bytes; the types and keys come from the artifact."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def key(self, artifact: Artifact[Any]) -> str:
        return self.job.key(artifact.key, artifact.scope)

    def load(self, artifact: Artifact[T]) -> T:
        return artifact.decode(self._get(self.key(artifact)))

    def save(self, artifact: Artifact[T], value: T) -> str:
        """Write the value; returns its full key."""
        key = self.key(artifact)
        self._put(key, artifact.encode(value), artifact.content_type, WORK_TAG if artifact.working else None)
        return key

    def size(self, artifact: Artifact[Any]) -> int:
        return self._size(self.key(artifact))

    def copy(self, artifact: Artifact[Any], source: JobStore) -> str:
        """The file as `source` (another version of the job) has it, byte for byte; returns its full key."""
        key = self.key(artifact)
        self._put(key, source._get(source.key(artifact)), artifact.content_type,
                  WORK_TAG if artifact.working else None)
        return key

    def delete(self, artifact: Artifact[Any]) -> None:
        self._delete(self.key(artifact))

    def list(self, folder: Folder) -> list[Listed]:
        """The folder's files (at any depth), by name within the folder, in key order."""
        base = self.job.key(folder.key, folder.scope) + "/"
        return [Listed(key.removeprefix(base), size) for key, size in self._list(base)]

    def _get(self, key: str) -> bytes:
        raise NotImplementedError

    def _put(self, key: str, data: bytes, content_type: str, tagging: str | None) -> None:
        raise NotImplementedError

    def _size(self, key: str) -> int:
        raise NotImplementedError

    def _delete(self, key: str) -> None:
        raise NotImplementedError

    def _list(self, prefix: str) -> builtins.list[tuple[str, int]]:
        raise NotImplementedError


class S3Store(JobStore):
    """The job's files in its S3 bucket, through the process's one S3 client (brandkit.clients)."""

    def __init__(self, job: Job, client: Any = None) -> None:
        super().__init__(job)
        self.objects = BucketObjects(job.bucket, client)

    def presign(self, artifact: Artifact[Any], expires: int, filename: str | None = None) -> str:
        return self.objects.presign(self.key(artifact), expires, filename)

    def _get(self, key: str) -> bytes:
        return self.objects.get(key)

    def _put(self, key: str, data: bytes, content_type: str, tagging: str | None) -> None:
        # Lifecycle rules cannot match tenants/*/kits/*/work/ by prefix; the bucket expires this tag early.
        self.objects.put(key, data, content_type, tagging)

    def _size(self, key: str) -> int:
        return self.objects.size(key)

    def _delete(self, key: str) -> None:
        self.objects.delete(key)

    def _list(self, prefix: str) -> builtins.list[tuple[str, int]]:
        return self.objects.list(prefix)


class MemoryBucket:
    """Objects in a dict, shared by the MemoryStores of every job in it (one per test)."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], tuple[bytes, str, str | None]] = {}  # (bucket, key) -> (data, type, tag)

    def store(self, job: Job) -> MemoryStore:
        return MemoryStore(job, self)


class MemoryStore(JobStore):
    def __init__(self, job: Job, bucket: MemoryBucket | None = None) -> None:
        super().__init__(job)
        self.bucket = bucket or MemoryBucket()

    def _get(self, key: str) -> bytes:
        try:
            return self.bucket.objects[(self.job.bucket, key)][0]
        except KeyError:
            raise NotFound(key) from None

    def _put(self, key: str, data: bytes, content_type: str, tagging: str | None) -> None:
        self.bucket.objects[(self.job.bucket, key)] = (bytes(data), content_type, tagging)

    def _size(self, key: str) -> int:
        return len(self._get(key))

    def _delete(self, key: str) -> None:
        self.bucket.objects.pop((self.job.bucket, key), None)

    def _list(self, prefix: str) -> builtins.list[tuple[str, int]]:
        # S3 lists in UTF-8 byte order, which is code point order.
        return sorted((key, len(obj[0])) for (bucket, key), obj in self.bucket.objects.items()
                      if bucket == self.job.bucket and key.startswith(prefix))


# What a stage is handed to open the store of a job: S3Store on Lambda, MemoryBucket().store in tests.
Stores = Callable[[Job], JobStore]
