"""The job store: one contract for S3 (under moto: the AWS wiring) and memory (what stage tests use)."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from brandkit.artifacts import Job, LogoSystemRecord
from brandkit.errors import NotFound
from brandkit.job_files import BRIEF, FAILURE, KIT, KIT_ZIP, LOGO_SYSTEM, MANIFEST, UPLOADS, concept_svg
from brandkit.store import WORK_TAG, BucketObjects, MemoryStore, S3Store

JOB = Job(id="job-1", bucket="kits", prefix="kits/job-1")
SYSTEM = LogoSystemRecord(concept="lettermark", master_svg="<svg/>", variants={"mono": "<svg/>"}, clear_space=12.5,
                          clear_space_unit="units", min_sizes={"screen_px": 24.0, "print_mm": 10.0})


@pytest.fixture(params=["s3", "memory"])
def store(request, monkeypatch, fresh_clients):
    if request.param == "memory":
        yield MemoryStore(JOB)
        return
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        boto3.client("s3").create_bucket(Bucket="kits")
        yield S3Store(JOB)


def test_a_model_comes_back_as_it_went_in_under_its_declared_key(store):
    assert store.save(LOGO_SYSTEM, SYSTEM) == "kits/job-1/work/logo/system.json"
    assert store.load(LOGO_SYSTEM) == SYSTEM
    assert store.save(KIT.file("logo/mark.svg"), b"<svg/>") == "kits/job-1/kit/logo/mark.svg"
    assert store.load(KIT.file("logo/mark.svg")) == b"<svg/>"
    assert store.size(KIT.file("logo/mark.svg")) == 6


def test_every_backend_says_missing_the_same_way(store):
    for artifact in (FAILURE, KIT_ZIP, UPLOADS.file("logo.svg")):
        with pytest.raises(NotFound) as missing:
            store.load(artifact)
        assert missing.value.key == store.key(artifact)
    with pytest.raises(NotFound):
        store.size(KIT_ZIP)


def test_a_folder_lists_its_files_by_name_in_key_order(store):
    for name in ("social/b.png", "a.svg", "social/a.png"):
        store.save(KIT.file(name), name.encode())
    store.save(MANIFEST, {"x": 1})
    store.save(LOGO_SYSTEM, SYSTEM)  # outside kit/
    listed = store.list(KIT)
    assert [f.name for f in listed] == ["a.svg", "manifest.json", "social/a.png", "social/b.png"]
    assert [f.size for f in listed][0] == len(b"a.svg")
    store.delete(KIT.file("a.svg"))
    assert "a.svg" not in [f.name for f in store.list(KIT)]


def test_the_brief_is_read_back_through_its_own_checks(store):
    from brandkit.brief import BriefError

    store._put(store.key(BRIEF), b'{"company_name": "", "industry": "x"}', "application/json", None)
    with pytest.raises(BriefError, match="company_name"):
        store.load(BRIEF)


def test_names_that_would_leave_their_folder_are_refused():
    for bad in ("../brief.json", "a/../../x", "", "/abs", "a//b"):
        with pytest.raises(ValueError):
            KIT.file(bad)
    with pytest.raises(ValueError):
        concept_svg("brief.json")  # a concept names only the job's own logo work files
    assert concept_svg("work/logo/sdxl/candidate-0.svg").key == "work/logo/sdxl/candidate-0.svg"


def test_s3_tags_working_files_and_sets_content_types(monkeypatch, fresh_clients):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="kits")
        store = S3Store(JOB)
        work, kit = store.save(LOGO_SYSTEM, SYSTEM), store.save(KIT.file("guidelines.pdf"), b"%PDF")
        tags = {k: s3.get_object_tagging(Bucket="kits", Key=k)["TagSet"] for k in (work, kit)}
        assert tags[work] == [{"Key": WORK_TAG.split("=")[0], "Value": WORK_TAG.split("=")[1]}] and tags[kit] == []
        assert s3.head_object(Bucket="kits", Key=kit)["ContentType"] == "application/pdf"
        assert s3.head_object(Bucket="kits", Key=work)["ContentType"] == "application/json"


def test_s3_reads_an_exact_version_and_maps_a_missing_one(monkeypatch, fresh_clients):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="kits")
        s3.put_bucket_versioning(Bucket="kits", VersioningConfiguration={"Status": "Enabled"})
        first = s3.put_object(Bucket="kits", Key="briefs/a.json", Body=b"one")["VersionId"]
        s3.put_object(Bucket="kits", Key="briefs/a.json", Body=b"two")
        objects = BucketObjects("kits")
        assert objects.get("briefs/a.json", version_id=first) == b"one"
        assert objects.get("briefs/a.json", max_bytes=2) == b"tw"
        with pytest.raises(NotFound):
            objects.get("briefs/a.json", version_id="nope")
        with pytest.raises(NotFound):
            objects.size("briefs/none.json")  # HeadObject says a bare 404
