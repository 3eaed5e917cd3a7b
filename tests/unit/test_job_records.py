"""brandkit.job_records under moto, on a jobs table created exactly as the template declares it (GSI included)."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from moto import mock_aws

from brandkit.job_records import JobRecords, TokenRefused
from tests.integration.api_fixtures import create_jobs_table

TABLE = "brandkit-jobs"
T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture()
def records(fresh_clients):
    with mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": "us-east-1", "KIT_RETENTION_DAYS": "30"}), mock_aws():
        create_jobs_table(TABLE)
        yield JobRecords(TABLE)


def test_a_job_belongs_to_the_tenant_that_started_it(records):
    records.add("bk-1", "acme", now=T0)
    assert records.owner("bk-1") == "acme" and records.owner("bk-2") is None
    item = records.table.get_item(Key={"id": "job#bk-1"})["Item"]
    assert item["expiration"] == int((T0 + timedelta(days=30)).timestamp())  # KIT_RETENTION_DAYS


def test_starting_again_keeps_the_first_record_and_another_tenant_is_refused(records):
    records.add("bk-1", "acme", now=T0)
    records.add("bk-1", "acme", now=T0 + timedelta(hours=1))  # a retry
    assert records.table.get_item(Key={"id": "job#bk-1"})["Item"]["started_at"] == T0.isoformat(timespec="milliseconds")
    with pytest.raises(ValueError, match="another tenant"):
        records.add("bk-1", "globex")
    assert records.owner("bk-1") == "acme"


def test_a_tenant_lists_only_its_jobs_newest_first_page_by_page(records):
    for n in range(5):
        records.add(f"a-{n}", "acme", now=T0 + timedelta(minutes=n))
        records.add(f"g-{n}", "globex", now=T0 + timedelta(minutes=n))
    seen, token = [], None
    while True:
        page, token = records.page("acme", 2, token)
        seen += [j["job_id"] for j in page]
        if token is None:
            break
    assert seen == ["a-4", "a-3", "a-2", "a-1", "a-0"]


def test_a_token_of_another_tenant_or_a_forged_one_is_refused(records):
    for n in range(3):
        records.add(f"g-{n}", "globex", now=T0 + timedelta(minutes=n))
    _, globex_token = records.page("globex", 1)
    assert globex_token is not None
    forged = base64.urlsafe_b64encode(json.dumps({"id": "x", "tenant": "acme"}).encode()).decode()
    for token in (globex_token, "not base64 !", forged, base64.urlsafe_b64encode(b"[1]").decode()):
        with pytest.raises(TokenRefused, match="not the next_token of a previous page"):
            records.page("acme", 1, token)
