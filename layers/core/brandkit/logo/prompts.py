"""Text-to-image prompts for SDXL logo candidates, built from the brand profile.

What goes in: only fields of the BrandProfile that came through the knowledge graph
(industry label, trait ids, style ids, hue families), never the brief's free text and
never the company name (the wordmark is set in real fonts elsewhere; the image has no
letters). Even those fields are passed through `clean_term`, because a style id for a
word the graph did not know may be the person's own word: every term is reduced to
lower-case ASCII letters, digits and spaces, length-capped, with prompt syntax (weights
like "(x:1.4)", "[x]", "<lora:...>", "BREAK") removed and text-inviting words dropped.
"""

from __future__ import annotations

import re
import unicodedata

from brandkit.artifacts import BrandProfile, Prompt

MAX_TERM_CHARS = 32
MAX_TERMS = 3  # per field: CLIP reads 77 tokens, the first words weigh most

# Words that pull lettering into the image; the wordmark is never generated.
TEXT_WORDS = frozenset(
    "text texts letter letters lettering word words wordmark typography typographic font fonts type typeface "
    "alphabet calligraphy monogram initial initials signature caption title name label slogan".split()
)

NEGATIVE = (
    "text, letters, words, typography, alphabet, numbers, watermark, signature, caption, "
    "photo, photorealistic, 3d render, gradient, shading, drop shadow, texture, grain, noise, "
    "busy background, scenery, frame, mockup, blurry, low quality, jpeg artifacts, cluttered, many colors, nsfw"
)

# Mark types SDXL can draw without letters, in a default order; styles move some forward.
MARK_TYPES: dict[str, str] = {
    "geometric": "an abstract geometric logo mark built from a few simple shapes",
    "pictorial": "a simple pictorial icon symbolising {industry}",
    "emblem": "a badge emblem with a simple symbol inside",
    "negative-space": "a clever negative space symbol",
    "monoline": "a monoline icon with one uniform stroke width",
    "mascot": "a friendly simplified mascot character icon",
}
STYLE_FIRST: dict[str, tuple[str, ...]] = {
    "tech": ("geometric", "negative-space"),
    "minimal": ("geometric", "negative-space"),
    "luxury": ("monoline", "emblem"),
    "elegant": ("monoline", "emblem"),
    "vintage": ("emblem", "pictorial"),
    "rugged": ("emblem", "pictorial"),
    "playful": ("mascot", "pictorial"),
    "friendly": ("mascot", "pictorial"),
    "organic": ("pictorial", "monoline"),
}
# How a style or trait looks when drawn; unknown terms are used as plain words.
VISUAL_CUES: dict[str, str] = {
    "minimal": "minimalist with generous negative space",
    "playful": "rounded friendly shapes",
    "luxury": "elegant refined thin lines",
    "elegant": "elegant refined thin lines",
    "vintage": "retro emblem character",
    "tech": "precise geometric construction",
    "modern": "modern clean geometry",
    "organic": "natural flowing curves",
    "rugged": "bold heavy sturdy shapes",
    "bold": "bold confident shapes",
    "classic": "timeless balanced proportions",
    "friendly": "soft rounded corners",
    "professional": "balanced orderly composition",
    "trustworthy": "stable symmetrical composition",
    "innovative": "dynamic forward-leaning shapes",
}

_WEIGHT = re.compile(r":\s*[-+]?\d+(?:\.\d+)?")  # "(word:1.4)" style weights
_ANGLE = re.compile(r"<[^>]*>")  # "<lora:name:1>" style embeds
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def clean_term(value: str, max_chars: int = MAX_TERM_CHARS) -> str:
    """One profile term as plain prompt words (see the module docstring); '' when nothing is left."""
    # NFKD then dropping combining marks keeps "café" as "cafe" instead of "caf".
    text = "".join(c for c in unicodedata.normalize("NFKD", str(value)) if not unicodedata.combining(c))
    text = _ANGLE.sub(" ", _WEIGHT.sub(" ", text))
    text = text.rsplit(":", 1)[-1] if re.fullmatch(r"[\w-]+:[\w-]+", text.strip()) else text  # "trait:bold" ids
    words = [w for w in _NOT_WORD.sub(" ", text.casefold()).split() if w not in TEXT_WORDS and w != "break"]
    out = ""
    for word in words:
        if len(out) + len(word) + (1 if out else 0) > max_chars:
            break
        out = f"{out} {word}" if out else word
    return out


def _terms(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        term = clean_term(value)
        if term and term not in seen:
            seen.append(term)
        if len(seen) == MAX_TERMS:
            break
    return seen


def _mark_order(styles: list[str]) -> list[str]:
    order: list[str] = []
    for style in styles:
        for kind in STYLE_FIRST.get(style, ()):
            if kind not in order:
                order.append(kind)
    return order + [kind for kind in MARK_TYPES if kind not in order]


def build_prompts(profile: BrandProfile, n: int) -> list[Prompt]:
    """n prompts for n candidates, each a different mark type (cycling when n > 6)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    industry = clean_term(profile.industry.label) or "modern"
    styles = _terms(profile.style)
    traits = _terms([trait for trait, _weight in sorted(profile.traits, key=lambda t: -t[1])])
    hues = _terms(profile.hue_families)[:2]
    avoid = _terms(profile.avoid_families)

    cues = [VISUAL_CUES.get(term, term) for term in styles]
    cues += [VISUAL_CUES[term] for term in traits if term in VISUAL_CUES and VISUAL_CUES[term] not in cues]
    feel = [term for term in traits if term not in VISUAL_CUES]
    colour = f"limited palette of {' and '.join(hues)} tones" if hues else "limited palette of two or three colors"
    negative = NEGATIVE + "".join(f", {hue} color" for hue in avoid if hue not in hues)

    order = _mark_order(styles + traits)
    prompts = []
    for i in range(n):
        kind = order[i % len(order)]
        parts = [
            MARK_TYPES[kind].format(industry=industry),
            f"logo for a {industry} brand",
            *cues,
            f"{', '.join(feel)} feel" if feel else "",
            "flat vector logo",
            colour,
            "solid flat colors, crisp edges, centered on a plain white background",
        ]
        prompts.append(Prompt(prompt=", ".join(p for p in parts if p), negative_prompt=negative, mark_type=kind))
    return prompts
