"""Fuzz the YAML readers with atheris: the policy file, school.yaml and risk lexicons. Any
text must be loaded or reported as a diagnostic, never raise, within the loaders' bounds.

    .venv/bin/pip install atheris      # not a project dependency
    nice -n 10 .venv/bin/python fuzz/fuzz_yaml.py -atheris_runs=1000000
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from saferpractice.detect.lexicon import load_lexicons
    from saferpractice.diagnostics import Diagnostics
    from saferpractice.policy.validate import check_policy_text
    from saferpractice.school.settings import SETTINGS_FILE, read_settings

ROOT = Path(tempfile.mkdtemp(prefix="fuzz_yaml_"))
LEXICON = ROOT / "lexicon.yaml"


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    which = fdp.ConsumeIntInRange(0, 2)
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    text = raw.decode("utf-8", "replace")
    if which == 0:
        check_policy_text(text, "policy.yaml")
    elif which == 1:
        (ROOT / SETTINGS_FILE).write_bytes(raw)
        read_settings(ROOT, Diagnostics())
    else:
        LEXICON.write_bytes(raw)
        load_lexicons([LEXICON], builtin=False)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
