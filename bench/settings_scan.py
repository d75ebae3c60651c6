"""Time of finding the setting words (lesson, game, event, pastoral) in one message: the
one-pass reading (`settings_in`) against the per-setting regular expressions it replaced,
measured in the same run.

    nice -n 10 .venv/bin/python bench/settings_scan.py [--chars 1000000]

Three texts of the same length: spaces only (the worst case before), ordinary prose with
setting words in it, and one-letter words ("a a a ...", every one a possible start).
"""

from __future__ import annotations

import argparse

from saferpractice.checks.message_context import SettingSeen, context_rules, settings_in
from timing import best_of

RULES = context_rules()


def by_regex(text: str) -> list[SettingSeen]:
    seen: list[SettingSeen] = []
    for setting in RULES.settings:
        words = dict.fromkeys(m.group(0).casefold() for m in setting.pattern.finditer(text))
        if words:
            seen.append(SettingSeen(setting, tuple(words)))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="length of each text")
    size = parser.parse_args().chars
    prose = "Please bring your homework to the school trip on Friday, well done today. "
    texts = {
        "spaces": " " * size,
        "prose": (prose * (size // len(prose) + 1))[:size],
        "one-letter words": ("a " * size)[:size],
    }
    print(f"{'text':<18}{'regex (before)':>16}{'one pass (now)':>16}{'ratio':>8}")
    for name, text in texts.items():
        assert settings_in(text, RULES) == by_regex(text)
        before, now = best_of(by_regex, text), best_of(lambda t: settings_in(t, RULES), text)
        print(f"{name:<18}{before:>14.3f} s{now:>14.3f} s{before / now:>7.1f}x")


if __name__ == "__main__":
    main()
