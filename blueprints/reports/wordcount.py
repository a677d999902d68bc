"""Counting the words of a provider's reaction, the way a reader would (server-side)."""

from __future__ import annotations

#: The provider's short reaction that may be attached to the definitive report.
MAX_REACTION_WORDS = 200


def count_words(text: str) -> int:
    """Words are runs of non-space characters holding at least one letter or digit.

    So "zorg-en-welzijn" is one word, a lone dash or bullet is none, and line breaks or double
    spaces count for nothing.
    """
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def reaction_error(text: str, maximum: int = MAX_REACTION_WORDS) -> str | None:
    """The Dutch message when the text is too long, else None."""
    words = count_words(text)
    if words > maximum:
        return f"De reactie telt {words} woorden; er mogen er hoogstens {maximum} zijn."
    return None
