"""The voice dimensions the writers choose a tone from, and which graph traits lead to each."""

from __future__ import annotations

# Voice dimensions after Aaker's brand-personality scale, plus "calm" for the wellness and
# nature brands the scale leaves out. The graph's trait ids map onto them.
TRAIT_DIMENSION: dict[str, str] = {
    **dict.fromkeys([
        "sincere", "sincerity", "honest", "warm", "friendly", "caring", "authentic", "approachable",
        "cheerful", "down-to-earth", "wholesome", "inclusive", "community", "local", "kind",
        "transparent",
    ], "sincerity"),
    **dict.fromkeys([
        "exciting", "excitement", "bold", "playful", "energetic", "youthful", "creative", "daring",
        "imaginative", "spirited", "up-to-date", "fun", "innovative", "dynamic", "vibrant", "modern",
        "confident", "optimistic",
    ], "excitement"),
    **dict.fromkeys([
        "competent", "competence", "reliable", "trustworthy", "trust", "dependable", "expert",
        "precise", "efficient", "intelligent", "successful", "secure", "professional", "technical",
        "safe", "accurate", "clear",
    ], "competence"),
    **dict.fromkeys([
        "sophisticated", "sophistication", "luxurious", "luxury", "premium", "elegant", "refined",
        "upper-class", "charming", "exclusive", "timeless", "classic", "minimal", "crafted", "artisanal",
    ], "sophistication"),
    **dict.fromkeys([
        "rugged", "ruggedness", "tough", "outdoorsy", "durable", "strong", "adventurous", "practical",
        "resilient",
    ], "ruggedness"),
    **dict.fromkeys([
        "calm", "natural", "sustainable", "organic", "peaceful", "gentle", "healthy", "fresh",
        "balanced", "eco-friendly", "mindful", "clean",
    ], "calm"),
}
DIMENSIONS = ("sincerity", "excitement", "competence", "sophistication", "ruggedness", "calm")
