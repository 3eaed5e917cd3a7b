"""The local run is statemachines/brand_kit.asl.json itself: change the definition and the run changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brandkit.brief import Brief
from brandkit_local.twin import LocalCloud

pytestmark = pytest.mark.slow
ASL = Path(__file__).parents[2] / "statemachines" / "brand_kit.asl.json"


def states_entered(cloud: LocalCloud, job_id: str) -> list[str]:
    return [e["stateEnteredEventDetails"]["name"] for e in cloud.history(job_id) if "stateEnteredEventDetails" in e]


def test_rerouting_the_real_definition_reroutes_the_local_run():
    definition = json.loads(ASL.read_text())
    definition["States"]["ChooseLogoSource"]["Default"] = "KitReady"  # stop right after choosing the engine
    with LocalCloud(definition=json.dumps(definition)) as cloud:
        cloud.submit(Brief(company_name="Acme", industry="tools"), job_id="rerouted")
        assert cloud.wait("rerouted", timeout_s=120)["status"] == "SUCCEEDED"
        assert states_entered(cloud, "rerouted") == ["ValidateBrief", "ChooseLogoSource", "KitReady"]
        assert cloud.kit_files("rerouted") == {}
        assert [name for name, _ in cloud.lambdas.invocations] == ["brandkit-local-ValidateBriefFunction"]
