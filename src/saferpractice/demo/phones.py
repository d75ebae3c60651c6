"""Phone numbers from Ofcom's drama ranges only, so no real person can be rung.

Mobiles come from 07700 900000-900999 and landlines from the geographic drama ranges.
Numbers are handed out without repeats; when a range runs out the next one is used.
"""

from __future__ import annotations

import random

from saferpractice.demo.names import AREAS


def e164(national: str) -> str:
    """'07700 900123' -> '+447700900123'."""
    digits = "".join(ch for ch in national if ch.isdigit())
    return "+44" + digits[1:]


def spaced_mobile(national: str) -> str:
    """'07700 900123' -> '07700 900 123' (how people often write it)."""
    digits = "".join(ch for ch in national if ch.isdigit())
    return f"{digits[:5]} {digits[5:8]} {digits[8:]}"


def international(national: str) -> str:
    """'07700 900123' -> '+44 7700 900123'."""
    digits = "".join(ch for ch in national if ch.isdigit())
    return f"+44 {digits[1:5]} {digits[5:]}"


def spoken(national: str) -> str:
    """'07700 900123' -> 'zero seven seven zero zero nine zero zero one two three'."""
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return " ".join(words[int(ch)] for ch in national if ch.isdigit())


class NumberPool:
    """Unique drama-range numbers, mobiles first, then landlines of every area."""

    def __init__(self, rng: random.Random, home_area: int) -> None:
        mobiles = [f"07700 900{n:03d}" for n in range(1000)]
        rng.shuffle(mobiles)
        self._mobiles = mobiles
        areas = [AREAS[home_area], *(a for i, a in enumerate(AREAS) if i != home_area)]
        landlines: list[str] = []
        for code, prefix, _place in areas:
            block = [f"{code} {prefix} {n:04d}" for n in range(1000)]
            rng.shuffle(block)
            landlines.extend(block)
        self._landlines = landlines[::-1]  # popped from the end: home area first

    def mobile(self) -> str:
        """A fresh mobile number, or "" when the 1,000 drama mobiles are used up."""
        return self._mobiles.pop() if self._mobiles else ""

    def landline(self) -> str:
        return self._landlines.pop() if self._landlines else ""

    def any_number(self) -> str:
        return self.mobile() or self.landline()
