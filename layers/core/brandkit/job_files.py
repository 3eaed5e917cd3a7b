"""Every file of a job, declared once: its key under the job and what it holds.

Stages, the GPU worker, the API and the twin read and write them through a JobStore
(`store.load(PALETTE)`, `store.save(PALETTE, palette)`); no other module builds a key.
Keys are relative to the job (`Job.key` places them); `scope` tells the files of the job itself
(the brief, uploads) from those a run of the workflow writes.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from brandkit.artifacts import (
    BrandProfile,
    KitOptions,
    LogoConcepts,
    LogoSystemRecord,
    Palette,
    Rationale,
    Scope,
    SdxlCandidate,
    SdxlResult,
)
from brandkit.brief import Brief, parse_brief
from brandkit.webhooks.events import BrandKitFailedV1

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

WORK = "work"  # working files: not part of the kit, expired early by the bucket's lifecycle (by tag)


@dataclass(frozen=True)
class Artifact(Generic[T]):
    key: str  # relative to the job
    decode: Callable[[bytes], T]
    encode: Callable[[T], bytes]
    content_type: str
    scope: Scope = "run"

    @property
    def working(self) -> bool:
        return self.key.startswith(WORK + "/")


def _model(key: str, model: type[M], scope: Scope = "run") -> Artifact[M]:
    return Artifact(key, model.model_validate_json, lambda value: value.model_dump_json(indent=2).encode("utf-8"),
                    "application/json", scope)


def _bytes(key: str, scope: Scope = "run") -> Artifact[bytes]:
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return Artifact(key, bytes, bytes, content_type, scope)


@dataclass(frozen=True)
class Folder:
    """A folder of files whose names are not fixed (the kit, the GPU worker's candidates)."""

    key: str
    scope: Scope = "run"

    def file(self, name: str) -> Artifact[bytes]:
        _check_name(name, self.key)
        return _bytes(f"{self.key}/{name}", self.scope)

    def name_of(self, artifact: Artifact[Any]) -> str:
        return artifact.key.removeprefix(self.key + "/")


def plain_name(name: str) -> bool:
    """A relative file name that stays inside its folder: no empty, '.' or '..' segment, no leading '/'."""
    return bool(name) and all(p not in ("", ".", "..") for p in name.split("/"))


def _check_name(name: str, where: str) -> None:
    if not plain_name(name):
        raise ValueError(f"{name!r} is not a plain relative file name under {where}/")


# The brief, as whoever started the job wrote it (compact JSON); read back through the brief's own checks.
BRIEF: Artifact[Brief] = Artifact(
    "brief.json", lambda data: parse_brief(json.loads(data)), lambda brief: brief.model_dump_json().encode("utf-8"),
    "application/json", "job")
# The same file as plain JSON: an invalid brief's declared language, to say its errors in.
BRIEF_DATA: Artifact[Any] = Artifact(BRIEF.key, json.loads, lambda data: json.dumps(data).encode("utf-8"),
                                     "application/json", BRIEF.scope)
UPLOADS = Folder("uploads", "job")  # files sent with the brief (an existing logo)

PROFILE = _model("work/profile.json", BrandProfile)
# The profile's own palette, before any logo's colours: ValidateBrief has the graph open and writes it, so
# DesignLogo draws with it without a graph of its own (and without the graph layer: issue 9's package size).
PROFILE_PALETTE = _model("work/profile_palette.json", Palette)
CONCEPTS = _model("work/logo/concepts.json", LogoConcepts)
IMPORTED_SVG = _bytes("work/logo/imported.svg")
SDXL = Folder("work/logo/sdxl")  # the GPU worker's candidates, candidate-<i>.png and .svg, and .json checkpoints
SDXL_RESULT = _model(f"{SDXL.key}/result.json", SdxlResult)  # written last: the worker's "done"
PALETTE = _model("work/palette.json", Palette)
RATIONALE = _model("work/rationale.json", Rationale)
LOGO_SYSTEM = _model("work/logo/system.json", LogoSystemRecord)

WORK_FILES = Folder(WORK)  # every working file of a run (the manifest's cost section prices their storage)
KIT = Folder("kit")  # what the customer gets; every file is listed in the manifest
KIT_RATIONALE = _model("kit/rationale.json", Rationale)  # the customer's copy; the guidelines set it as the brand story
GUIDELINES = KIT.file("guidelines.pdf")
OPTIONS = _model("kit/options.json", KitOptions)  # the palette and font options the run offered
MANIFEST: Artifact[dict[str, Any]] = Artifact(
    "kit/manifest.json", json.loads, lambda value: json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8"),
    "application/json")
KIT_ZIP = _bytes("kit.zip")  # every kit/ file, zipped by PublishManifest (outside kit/, so not in the manifest)
FAILURE = _model("failure.json", BrandKitFailedV1)  # the failure event, kept beside the job by RecordFailure


def sdxl_candidate(index: int, suffix: str) -> Artifact[bytes]:
    """The worker's fixed key per candidate: a second attempt overwrites rather than adds."""
    return SDXL.file(f"candidate-{index}.{suffix}")


def sdxl_checkpoint(index: int) -> Artifact[SdxlCandidate]:
    """Written once a candidate's PNG and SVG are in S3: a retry after a spot reclaim reuses the candidate."""
    return _model(sdxl_candidate(index, "json").key, SdxlCandidate)


def concept_svg(svg_key: str) -> Artifact[bytes]:
    """The SVG a traced or imported concept names (its svg_key); only the job's own logo work files."""
    if svg_key != IMPORTED_SVG.key and not (svg_key.startswith(SDXL.key + "/") and svg_key.endswith(".svg")):
        raise ValueError(f"concept svg_key {svg_key!r} is not a logo file of the job")
    _check_name(svg_key, "the job")
    return _bytes(svg_key)
