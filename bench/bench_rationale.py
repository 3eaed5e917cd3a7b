"""Deterministic rationale writer: time per rationale (the issue asks for under 20 ms).

    python bench/bench_rationale.py [--runs 200]

Times write_rationale() with no API key (the deterministic writer, including the grounding
self-check) on the kits the real engines build: brand profile from the embedded knowledge
graph and the OKLCH palette, for one brief per catalogue language (brandkit.i18n). Profile and palette are
built once, outside the timing: only the rationale is measured. Prints median and p95 per
language and exits non-zero if any p95 is 20 ms or more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from brandkit.artifacts import LogoConcept
from brandkit.brief import Brief
from brandkit.palette import build_palette
from brandkit.profile import build_profile
from brandkit.rationale import Kit, RationaleSettings, check_rationale, write_rationale

BRIEFS = {
    "en": ("Northwind Coffee", "specialty coffee roastery", ["honest", "local"], ["warm", "minimal"]),
    "es": ("Luz Clínica Dental", "clínica dental", ["confianza", "cercanía"], ["clean", "friendly"]),
    "fr": ("Atelier Brun", "boulangerie artisanale", ["authentique", "local"], ["rustic", "classic"]),
    "de": ("Bergwerk Outdoor", "outdoor gear", ["robust", "ehrlich"], ["bold", "rustic"]),
    "ja": ("さくら歯科クリニック", "歯科医院", ["安心", "丁寧"], ["clean", "calm"]),
    "ar": ("نخلة", "مقهى", ["أصالة"], ["warm"]),
    "zh": ("北风咖啡", "咖啡店", ["诚实"], ["minimal"]),
    "pt-BR": ("Casa Verde", "plant shop", ["natural"], ["organic"]),
    "it": ("Forno Antico", "bakery", ["genuino"], ["classic"]),
    "nl": ("Noorderlicht", "fintech", ["betrouwbaar"], ["modern"]),
    "ko": ("북풍 커피", "coffee shop", ["정직"], ["calm"]),
    "hi": ("उत्तर कॉफ़ी", "coffee shop", ["ईमानदारी"], ["warm"]),
    "he": ("תמר", "bakery", ["חום"], ["friendly"]),
    "pt-PT": ("Casa Azul", "plant shop", ["natural"], ["organic"]),  # the pt-BR catalogue, with the reason
}
LIMIT_MS = 20.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    settings = RationaleSettings()  # no key: the deterministic writer
    worst = 0.0
    print(f"{'language':<8} {'used':<8} {'colours':>7} {'facts':>5} {'median ms':>10} {'p95 ms':>8}")
    for language, (name, industry, values, style) in BRIEFS.items():
        brief = Brief(company_name=name, industry=industry, values=values, style=style, language=language)
        profile = build_profile(brief)
        palette = build_palette(profile)
        concept = LogoConcept(id="lettermark", kind="lettermark", label="Monogram", engine="vector")
        rationale = write_rationale(brief, profile, palette, concept, settings=settings)  # warm-up
        assert check_rationale(rationale, Kit(brief, profile, palette, concept)) == []
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            write_rationale(brief, profile, palette, concept, settings=settings)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        worst = max(worst, p95)
        print(f"{language:<8} {rationale.language:<8} {len(palette.colors):>7} {len(profile.facts):>5} "
              f"{statistics.median(times):>10.2f} {p95:>8.2f}")
    print(f"worst p95 {worst:.2f} ms (limit {LIMIT_MS:.0f} ms)")
    return 0 if worst < LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
