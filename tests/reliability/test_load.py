"""Suite 6: a bounded load run against `brandkit serve` on loopback. Briefs are posted by many clients at
once; each is accepted (202) or throttled by the usage plan (429), nothing else; every accepted brief
becomes a complete kit. Reports p50/p95 API latency and kits per minute.

CI: 16 briefs from 8 clients against a usage plan of 2/s, burst 8 (so throttling happens).
BRANDKIT_FULL_RELIABILITY=1: 500 briefs from 50 clients against a plan of 1/s, burst 20. (The template's
10/s would accept ~400 kits, about half an hour of CPU on a 2-core machine; the API path is the same.)
"""

from __future__ import annotations

import concurrent.futures
import statistics
import time

import pytest

from tests.integration.serve_fixture import serve
from tests.reliability.figures import FULL, record

pytestmark = pytest.mark.slow
BRIEFS, CLIENTS = (500, 50) if FULL else (16, 8)
PLAN = ["--rate", "1", "--burst", "20"] if FULL else ["--rate", "2", "--burst", "8"]
INDUSTRIES = ["coffee roastery", "fintech", "bakery", "law firm", "yoga studio", "bike shop", "dental clinic", "toys"]


def brief(i: int) -> dict:
    return {"company_name": f"Loadtest {i:03d}", "industry": INDUSTRIES[i % len(INDUSTRIES)],
            "values": ["reliable"], "style": ["modern"]}


def statuses(served) -> dict[str, str]:
    out, token = {}, None
    while True:
        path = "/brands?limit=100" + (f"&next_token={token}" if token else "")
        code, _, page = served.request("GET", path)
        if code == 429:
            time.sleep(1)
            continue
        assert code == 200, (code, page)
        out.update({j["job_id"]: j["status"] for j in page["jobs"]})
        token = page["next_token"]
        if not token:
            return out


def test_every_brief_is_accepted_or_throttled_and_every_accepted_one_completes():
    with serve(*PLAN) as served:
        def post(i: int) -> tuple[int, float, str | None]:
            began = time.perf_counter()
            code, _, body = served.request("POST", "/brands", brief(i))
            return code, time.perf_counter() - began, body.get("job_id") if code == 202 else None

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            answers = list(pool.map(post, range(BRIEFS)))
        codes = [code for code, _, _ in answers]
        assert set(codes) <= {202, 429}, sorted(set(codes))
        accepted = {job for _, _, job in answers if job}
        assert accepted and (FULL or 429 in codes)

        deadline = time.monotonic() + 60 * 60
        while True:
            seen = statuses(served)
            done = {j for j in accepted if seen.get(j) in ("succeeded", "failed")}
            if done == accepted or time.monotonic() > deadline:
                break
            time.sleep(2)
        elapsed = time.perf_counter() - started
        assert done == accepted, f"{len(accepted - done)} accepted briefs never finished"
        failed = sorted(j for j in accepted if seen[j] != "succeeded")
        assert not failed, failed

    latencies = sorted(t for _, t, _ in answers)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    figures = {"briefs": BRIEFS, "clients": CLIENTS, "usage_plan": " ".join(PLAN) or "template defaults",
               "accepted": len(accepted), "throttled": codes.count(429), "completed": len(done),
               "api_p50_ms": round(statistics.median(latencies) * 1000, 1), "api_p95_ms": round(p95 * 1000, 1),
               "kits_per_minute": round(len(done) / elapsed * 60, 1), "wall_s": round(elapsed, 1)}
    print(figures)
    record("load", figures)
