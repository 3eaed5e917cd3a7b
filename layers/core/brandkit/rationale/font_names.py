"""Font family names a rationale could mention, to catch families that are not in the kit.

Claude knows thousands of typefaces and likes to name-drop them ("a Helvetica feel"); a kit
that ships two families must not talk about a third. This list covers the families a model
is likely to mention: the open (OFL/Apache) families the kit may ship and the classic
commercial and system faces. Names that are also everyday words (Georgia, Impact, Lobster,
Outfit, Avenir, Univers, Cairo, Geist...) are left out: flagging them would reject honest prose.
Matching is case-sensitive, on ASCII word boundaries (so "Interを" still matches "Inter").
"""

from __future__ import annotations

KNOWN_FONT_FAMILIES: tuple[str, ...] = (
    # Open families (Google Fonts, Noto, IBM, Adobe open source)
    "Inter", "Inter Tight", "Roboto", "Roboto Slab", "Roboto Mono", "Roboto Condensed", "Roboto Flex",
    "Open Sans", "Lato", "Montserrat", "Poppins", "Source Sans 3", "Source Sans Pro", "Source Serif 4",
    "Source Serif Pro", "Source Code Pro", "Source Han Sans", "Source Han Serif", "Noto Sans", "Noto Serif",
    "Noto Sans JP", "Noto Serif JP", "Noto Sans SC", "Noto Sans TC", "Noto Sans KR", "Noto Sans CJK",
    "Noto Serif CJK", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Kufi Arabic", "Noto Sans Hebrew",
    "Noto Sans Devanagari", "Noto Sans Thai", "IBM Plex Sans", "IBM Plex Serif", "IBM Plex Mono",
    "IBM Plex Sans JP", "IBM Plex Sans Arabic", "Playfair Display", "Playfair", "Merriweather",
    "Merriweather Sans", "Lora", "Libre Baskerville", "Libre Franklin", "Libre Caslon Text", "EB Garamond",
    "Cormorant Garamond", "Cormorant", "DM Sans", "DM Serif Display", "DM Serif Text", "DM Mono", "Work Sans",
    "Raleway", "Nunito", "Nunito Sans", "Rubik", "Fira Sans", "Fira Code", "Fira Mono", "Space Grotesk",
    "Space Mono", "Manrope", "Archivo", "Archivo Black", "Bebas Neue", "Josefin Sans", "Josefin Slab",
    "Quicksand", "Comfortaa", "Crimson Pro", "Crimson Text", "PT Sans", "PT Serif", "PT Mono", "Mulish",
    "Sora", "Figtree", "Plus Jakarta Sans", "Zilla Slab", "JetBrains Mono", "Fraunces", "Arvo", "Alegreya",
    "Alegreya Sans", "Vollkorn", "Abril Fatface", "Pacifico", "Dancing Script", "Great Vibes",
    "Shippori Mincho", "Zen Kaku Gothic New", "Zen Maru Gothic", "Zen Old Mincho", "M PLUS 1p",
    "M PLUS Rounded 1c", "M PLUS 1", "Sawarabi Gothic", "Sawarabi Mincho", "Kosugi Maru", "Kosugi",
    "BIZ UDPGothic", "BIZ UDPMincho", "Klee One", "Murecho", "Lexend", "Atkinson Hyperlegible", "Public Sans",
    "Red Hat Display", "Red Hat Text", "Heebo", "Titillium Web", "Exo 2", "Orbitron", "Cinzel",
    "Bodoni Moda", "Gelasio", "Instrument Sans", "Instrument Serif", "Onest", "Geist Mono",
    "Syne", "Big Shoulders Display", "Barlow Condensed", "Ubuntu Mono", "Cabin Condensed",
    "Hind Siliguri", "Tajawal", "Amiri", "Almarai", "Changa", "Readex Pro", "Lateef",
    "Scheherazade New", "Reem Kufi", "Markazi Text", "El Messiri", "Harmattan", "Noto Sans Mono",
    "Bricolage Grotesque", "Hanken Grotesk", "Schibsted Grotesk", "Albert Sans", "Outfit Sans",
    "Literata", "Spectral SC", "Besley", "Young Serif", "Unna", "Marcellus SC",
    "Arimo", "Tinos", "Carlito", "Caladea", "Liberation Sans", "Liberation Serif", "DejaVu Sans",
    "DejaVu Serif", "Open Sans Condensed", "Overpass Mono", "Mona Sans", "Hubot Sans",
    # Commercial and system families
    "Helvetica", "Helvetica Neue", "Neue Haas Grotesk", "Arial", "Times New Roman", "Garamond",
    "Adobe Garamond", "Futura", "Gill Sans", "Frutiger", "Avenir Next", "Proxima Nova", "Gotham",
    "Baskerville", "Bodoni", "Didot", "Caslon", "Adobe Caslon", "Verdana", "Tahoma", "Trebuchet MS",
    "Calibri", "Cambria", "Candara", "Segoe UI", "San Francisco", "SF Pro", "SF Pro Display", "SF Mono",
    "Comic Sans", "Comic Sans MS", "Courier New", "Consolas", "Menlo", "Palatino",
    "Book Antiqua", "Rockwell", "Century Gothic", "Franklin Gothic", "Akzidenz-Grotesk", "Akzidenz Grotesk",
    "GT America", "GT Walsheim", "GT Sectra", "Brandon Grotesque", "Museo Sans", "Museo Slab",
    "Gilroy", "Graphik", "Sofia Pro", "Aktiv Grotesk", "Mercury Text", "Sabon", "Minion Pro", "Myriad Pro",
    "Optima", "Eurostile", "Copperplate",
    "Hiragino Sans", "Hiragino Kaku Gothic", "Hiragino Mincho", "Meiryo", "Yu Gothic", "Yu Mincho",
    "MS Gothic", "MS Mincho", "Kozuka Gothic", "Kozuka Mincho", "Ryumin", "Shin Go", "PingFang SC",
    "Microsoft YaHei", "SimSun", "Malgun Gothic", "Apple SD Gothic Neo", "Geeza Pro", )
