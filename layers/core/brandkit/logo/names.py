"""What of a company name goes into a mark: display text, initials, case and line breaks.

Rules for hard names:
- characters no shipped font draws (emoji) are dropped with a note; a name made only of
  emoji is spelled by the emoji's Unicode names ("🚀" -> "Rocket") so the kit still has a wordmark;
- initials: the first letter of the first two words (stop words skipped when more words
  remain), one letter for a one-word name, the whole of a short acronym ("3M", "IBM"); CJK names use their first
  character and right-to-left names their first letter (two would join or reorder);
- long names wrap at spaces (or between CJK characters) into up to three balanced lines;
  a long name with nowhere to break stays on one line and is scaled down by the layout.
"""

from __future__ import annotations

import unicodedata

from brandkit.fonts.scripts import is_cjk

from . import textpath

STOP_WORDS = {"the", "and", "of", "a", "an", "for", "de", "la", "le", "el", "der", "die", "das", "und", "et", "y"}
ONE_LINE_EM = 11.0  # a line longer than this many em is wrapped (about 20 Latin characters)
TWO_LINES_EM = 24.0


def is_rtl(text: str) -> bool:
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def display_text(name: str, family: str) -> tuple[str, list[str]]:
    text, notes = textpath.drawable(name, family)
    if text:
        return text, notes
    spelled = " ".join(unicodedata.name(ch, "").title() for ch in name
                       if unicodedata.category(ch) == "So" and unicodedata.name(ch, "") != "")
    spelled, more = textpath.drawable(spelled, family)
    if spelled:
        return spelled, notes + [f"the name has no drawable characters; its symbols are spelled out as '{spelled}'"]
    return "", notes + ["the name has no drawable characters"]


def words(text: str) -> list[str]:
    """Runs of letters, digits and marks (punctuation and markup characters separate words)."""
    out: list[str] = []
    current = ""
    for ch in text:
        if unicodedata.category(ch)[0] in "LNM":
            current += ch
        elif current:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _upper_initial(ch: str) -> str:
    up = ch.upper()
    return up if len(up) == 1 else ch


def initials(text: str, limit: int = 2) -> str:
    parts = words(text)
    if not parts:
        return next((ch for ch in text if not ch.isspace()), "")
    first = parts[0][0]
    if is_cjk(first) or is_rtl(first):
        return first
    if len(parts) == 1 and len(parts[0]) <= 3 and (parts[0].isupper() or any(c.isdigit() for c in parts[0])):
        return parts[0]  # an acronym such as "3M" or "IBM" is its own monogram
    if len(parts) > limit:
        kept = [w for w in parts if w.lower() not in STOP_WORDS]
        parts = kept or parts
    letters = []
    for word in parts[:limit]:
        if is_cjk(word[0]) or is_rtl(word[0]):
            break
        letters.append(_upper_initial(word[0]))
    return "".join(letters) or _upper_initial(first)


def has_case(text: str) -> bool:
    return any(ch != ch.swapcase() for ch in text)


def cased(text: str, upper: bool) -> str:
    return text.upper() if upper and has_case(text) else text


def _break_points(text: str) -> list[int]:
    """Indices where a line may break: at spaces, and between CJK characters."""
    points = [i for i, ch in enumerate(text) if ch == " "]
    points += [i for i in range(1, len(text)) if is_cjk(text[i - 1]) and is_cjk(text[i])]
    return sorted(set(points))


def _split(text: str, cuts: tuple[int, ...]) -> list[str]:
    lines, start = [], 0
    for cut in cuts:
        lines.append(text[start:cut].strip())
        start = cut
    lines.append(text[start:].strip())
    return [line for line in lines if line]


def wrap(text: str, family: str, weight: str, tracking: float, max_lines: int = 3) -> list[str]:
    """Balanced lines: the fewest lines under the width limits, then the smallest longest line."""
    size = 100.0
    full = textpath.shape(text, family, size=size, weight=weight, tracking=tracking).advance / size
    if full <= ONE_LINE_EM or max_lines == 1:
        return [text]
    points = _break_points(text)
    if not points:
        return [text]
    want = 2 if full <= TWO_LINES_EM or max_lines == 2 else 3
    # Width estimate per character from the whole line keeps this linear in the name's length.
    per_char = full / max(len(text), 1)
    best: tuple[float, tuple[int, ...]] | None = None
    candidates = ([(p,) for p in points] if want == 2 else
                  [(a, b) for i, a in enumerate(points) for b in points[i + 1:]])
    for cuts in candidates:
        widest = max(len(line) for line in _split(text, cuts)) * per_char
        if best is None or widest < best[0]:
            best = (widest, cuts)
    return _split(text, best[1]) if best else [text]
