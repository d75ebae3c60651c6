"""Fuzz the YAML readers with atheris: the policy file, school.yaml and risk lexicons. Any
text must be loaded or reported as a diagnostic, never raise, within the loaders' bounds.
The first byte picks the loader; the files live in memory (/dev/shm), and the seeds are
written into an empty corpus folder at start-up (fuzz/seeds.py).

    .venv/bin/pip install atheris      # not a project dependency
    nice -n 10 .venv/bin/python fuzz/fuzz_yaml.py -atheris_runs=1000000
"""

from __future__ import annotations

import sys

import atheris
from seeds import scratch_dir, seed_empty_corpora

# Only our own code: instrumenting ruamel.yaml too made each input 2.7 times slower, and
# its new branches (new YAML syntax) matter here only where they reach new branches of ours
# (the bounds, the validators); the real-format seeds supply the syntax.
with atheris.instrument_imports(include=["saferpractice"]):
    from saferpractice.detect.lexicon import load_lexicons
    from saferpractice.diagnostics import Diagnostics
    from saferpractice.policy.validate import check_policy_text
    from saferpractice.school.settings import SETTINGS_FILE, read_settings

ROOT = scratch_dir("fuzz_yaml_")
LEXICON = ROOT / "lexicon.yaml"


def test_one_input(data: bytes) -> None:
    if not data:
        return
    which = data[0] % 3
    raw = data[1:]
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
    seed_empty_corpora("yaml", sys.argv)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
