"""Text preparation shared by the finders: one character for one, so offsets stay exact."""

from __future__ import annotations

import re

__all__ = ["FULLWIDTH", "mask_controls", "prepare", "resolve_language"]

FULLWIDTH = str.maketrans("０１２３４５６７８９．，％～－／：", "0123456789.,%~-/:")
# Control characters (C0 but tab/newline/CR, DEL, C1) become spaces before matching: regex \s
# matches U+001C-U+001F, and a control character in a value's raw text is invalid in a claim file.
_CONTROLS = {
    c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
}


def mask_controls(text: str) -> str:
    """Replace control characters by spaces (same length: offsets still index ``text``)."""
    return text.translate(_CONTROLS)


def prepare(text: str) -> tuple[str, str]:
    """(text with controls masked, the same with full-width digits and signs folded to ASCII).

    Both have the length of ``text``: finders match on the folded text and cut raw values from the
    masked one.
    """
    masked = mask_controls(text)
    return masked, masked.translate(FULLWIDTH)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def resolve_language(text: str, language: str | None) -> str | None:
    """``zh``/``en`` as given; otherwise ``en`` for a text without CJK characters, else ``None``
    (both finders: a Chinese text may quote English and the other way round)."""
    if language in ("zh", "en"):
        return language
    return None if _CJK.search(text) else "en"
