"""The design review's ranking in words (brandkit.logo.review ranks; this says why), in any catalogue language.

The review records the English words in concepts.json; a revision's rationale says them again in the kit's
language from the same figures. Kept out of brandkit.logo, whose package imports HarfBuzz and Pillow, so the
rationale function can import it with the core layer alone.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from brandkit.i18n import N_, SOURCE, Translator, translator

GRAPHIC_CONTRAST = 3.0  # WCAG 1.4.11: each element of a mark against its ground
MIN_LEGIBILITY_16 = 0.55  # below this the icon is a smudge at favicon size: never the primary
ABOVE = ("total", "relevance", "fit", "legibility_16")  # what `why` compares with the concept ranked above

# The design review's sentences (brandkit.i18n catalogues, context "design review").
UNDER_CONTRAST = N_("design review", "an element is under {ratio}:1 against {background}")
PRIMITIVE = N_("design review", "a bare cluster of plain circles cannot be the primary")
BLURS = N_("design review", "it blurs at 16 px (legibility {legibility})")
RANKED_FIRST = N_("design review", "ranked first: {reasons}")
HIGHEST = N_("design review",
             "highest total {total} among the concepts that may lead (relevance {relevance}, fit {fit})")
RANKED_BELOW = N_("design review", "ranked below every concept that may lead: {reasons}")
BELOW = N_("design review", "total {total} below {above_total} (relevance {relevance} vs {above_relevance}, fit {fit} "
                            "vs {above_fit}, legibility at 16 px {legibility} vs {above_legibility})")


def why(figures: dict[str, Any], above: dict[str, Any] | None, t: Translator | None = None) -> str:
    """The ranking in words, from the figures and those of the concept ranked just above (None for the first),
    in t's language (English by default: concepts.json keeps it; a revision's rationale says it in the kit's)."""
    t = t or translator(SOURCE)

    def n(value: float) -> str:
        return format_decimal(value, format="0.####", locale=t.cldr)

    reasons = []
    if not figures["contrast_ok"]:
        reasons.append(t.say(*UNDER_CONTRAST, ratio=t.number(GRAPHIC_CONTRAST, 1), background=figures["background"]))
    if figures["primitive"]:
        reasons.append(t.say(*PRIMITIVE))
    if figures["legibility_16"] < MIN_LEGIBILITY_16:
        reasons.append(t.say(*BLURS, legibility=n(figures["legibility_16"])))
    if above is None:
        return t.say(*RANKED_FIRST, reasons=t.join(reasons) or t.say(
            *HIGHEST, total=n(figures["total"]), relevance=n(figures["relevance"]), fit=n(figures["fit"])))
    if reasons:
        return t.say(*RANKED_BELOW, reasons=t.join(reasons))
    return t.say(*BELOW, total=n(figures["total"]), above_total=n(above["total"]), relevance=n(figures["relevance"]),
                 above_relevance=n(above["relevance"]), fit=n(figures["fit"]), above_fit=n(above["fit"]),
                 legibility=n(figures["legibility_16"]), above_legibility=n(above["legibility_16"]))
