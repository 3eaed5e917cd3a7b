"""Sample briefs shared by the profile, palette and token tests: varied industries, scripts and hard colours."""

import pytest

from brandkit.brief import Brief

SAMPLES: dict[str, dict] = {
    "coffee": dict(company_name="Northwind Roasters", industry="specialty coffee roastery",
                   values=["honest", "warm"], style=["rustic"]),
    "fintech": dict(company_name="Ledgerly", industry="fintech", values=["trust", "innovation"],
                    style=["modern", "minimal"]),
    "toys": dict(company_name="Wobble & Co", industry="children's toys", values=["fun", "imagination"],
                 style=["playful"]),
    "law": dict(company_name="Hartley Quinn LLP", industry="law firm", values=["integrity", "expertise"],
                style=["classic"]),
    "skincare": dict(company_name="Fern & Dew", industry="organic skincare", values=["natural", "gentle"],
                     style=["elegant"], primary_color="#FFFFFF"),
    "metal": dict(company_name="IRONGRAVE", industry="heavy-metal band", values=["raw", "loud"], style=["edgy"],
                  primary_color="#000000"),
    "energy": dict(company_name="VOLTZ", industry="energy drink", values=["energy"], style=["bold"],
                   primary_color="#DFFF00"),
    "tea": dict(company_name="青山茶館", industry="tea house", values=["calm", "tradition"], language="zh-Hant"),
    "bakery": dict(company_name="مخبز الأمل", industry="bakery", values=["warmth", "community"], language="ar"),
    "grey": dict(company_name="Slate Consulting", industry="management consulting", primary_color="#8A8A8A"),
    "light-grey": dict(company_name="Mist Studio", industry="architecture", primary_color="#CCCCCC"),
    "pastel": dict(company_name="Petal Events", industry="wedding planner", primary_color="#FFC0CB"),
}


def sample_brief(key: str) -> Brief:
    return Brief(**SAMPLES[key])


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_sample_is_a_valid_brief(key):
    brief = sample_brief(key)
    assert brief.company_name == SAMPLES[key]["company_name"]
