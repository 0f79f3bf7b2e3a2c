"""The network: a MiniLM-L6 sentence encoder with a head over [sentence mean, source, target].

Why this shape: the type depends on what the *source* does to the *target*, so the head reads the
encoder's vectors at the first source and target markers besides the sentence mean. The shipped
weights are stored in float16 (half the disk) and run in bfloat16 or int8 (see `cpu_form`).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel
from transformers.masking_utils import create_bidirectional_mask

from eventwire.classifier.features import MarkedText
from eventwire.errors import ModelError

WEIGHTS, ENCODER_CONFIG, TOKENIZER, META = "model.safetensors", "config.json", "tokenizer.json", "classifier.json"


class EventTypeNet(torch.nn.Module):
    def __init__(self, config: BertConfig, n_labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = BertModel(config, add_pooling_layer=False)
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(3 * config.hidden_size, n_labels)

    def lower(self, ids: torch.Tensor, mask: torch.Tensor, n_layers: int) -> torch.Tensor:
        """Hidden states after the embeddings and the first `n_layers` transformer layers."""
        hidden = self.encoder.embeddings(input_ids=ids)
        return self._layers(hidden, mask, 0, n_layers)

    def upper(self, hidden: torch.Tensor, mask: torch.Tensor, source_at: torch.Tensor, target_at: torch.Tensor, from_layer: int) -> torch.Tensor:
        """Logits from hidden states that have passed the first `from_layer` layers.

        Training with the lower layers frozen runs only this part, on cached `lower` states.
        """
        hidden = self._layers(hidden, mask, from_layer, len(self.encoder.encoder.layer))
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * weights).sum(1) / weights.sum(1)
        rows = torch.arange(hidden.size(0))
        features = torch.cat([mean, hidden[rows, source_at], hidden[rows, target_at]], dim=-1)
        return self.head(self.dropout(features))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, source_at: torch.Tensor, target_at: torch.Tensor) -> torch.Tensor:
        return self.upper(self.lower(ids, mask, 0), mask, source_at, target_at, 0)

    def _layers(self, hidden: torch.Tensor, mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        if start >= stop:
            return hidden
        mask4d = create_bidirectional_mask(config=self.encoder.config, inputs_embeds=hidden, attention_mask=mask)
        for layer in self.encoder.encoder.layer[start:stop]:
            hidden = layer(hidden, mask4d)
        return hidden


@dataclass(frozen=True)
class Batch:
    ids: torch.Tensor
    mask: torch.Tensor
    source_at: torch.Tensor
    target_at: torch.Tensor


def make_tokenizer(path: Path, max_length: int) -> Tokenizer:
    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_length=max_length)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def _token_at(offsets: Sequence[tuple[int, int]], char: int | None) -> int:
    """Index of the token starting at `char`; 0 ([CLS]) when the actor is absent or truncated away."""
    if char is None:
        return 0
    for i, (start, end) in enumerate(offsets):
        if start == char and end > start:
            return i
    return 0


def encode(tokenizer: Tokenizer, texts: Sequence[MarkedText]) -> Batch:
    encodings = tokenizer.encode_batch([t.text for t in texts])
    return Batch(
        ids=torch.tensor([e.ids for e in encodings], dtype=torch.long),
        mask=torch.tensor([e.attention_mask for e in encodings], dtype=torch.long),
        source_at=torch.tensor([_token_at(e.offsets, t.source_at) for e, t in zip(encodings, texts)]),
        target_at=torch.tensor([_token_at(e.offsets, t.target_at) for e, t in zip(encodings, texts)]),
    )


ROW_STEP, LENGTH_STEP = 4, 16
"""Inference pads a batch's rows and token length up to multiples of these."""


def fixed_shape(batch: Batch) -> Batch:
    """The batch padded to one of a few shapes (at most 8 row counts x 8 lengths at the defaults).

    Why: oneDNN compiles and caches a kernel for every input shape it meets. With the exact
    shapes of each article's candidates, a corpus run met thousands of them and resident memory
    grew by 16 % over 5,000 documents; with these steps it stays flat at the same speed (coarser
    steps, such as powers of two, cost 15 % in padding). Padded tokens are masked and padded rows
    dropped, so the probabilities do not change beyond bfloat16 rounding.
    """
    rows, length = batch.ids.shape
    extra_rows = -rows % ROW_STEP
    extra_length = -length % LENGTH_STEP

    def pad(tensor: torch.Tensor) -> torch.Tensor:
        widths = (0, extra_length, 0, extra_rows) if tensor.dim() == 2 else (0, extra_rows)
        return torch.nn.functional.pad(tensor, widths)

    return Batch(ids=pad(batch.ids), mask=pad(batch.mask), source_at=pad(batch.source_at), target_at=pad(batch.target_at))


def predict_proba(net: EventTypeNet, tokenizer: Tokenizer, texts: Sequence[MarkedText], batch_size: int = 32) -> np.ndarray:
    """Class probabilities, one row per text; batches are built from length-sorted texts (less padding)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i].text))
    out = np.zeros((len(texts), net.head.out_features), dtype=np.float32)
    net.eval()
    with torch.inference_mode():
        for i in range(0, len(order), batch_size):
            chunk = order[i : i + batch_size]
            b = fixed_shape(encode(tokenizer, [texts[j] for j in chunk]))
            logits = net(b.ids, b.mask, b.source_at, b.target_at)[: len(chunk)]
            out[chunk] = torch.softmax(logits.float(), dim=-1).numpy()
    return out


@dataclass(frozen=True)
class ModelMeta:
    labels: tuple[str, ...]
    max_length: int


def save(net: EventTypeNet, tokenizer_file: Path, meta: ModelMeta, out_dir: Path) -> None:
    """Write weights (float16), encoder config, tokenizer and label list into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in net.state_dict().items() if v.is_floating_point()}
    save_file(state, str(out_dir / WEIGHTS))
    (out_dir / ENCODER_CONFIG).write_text(net.encoder.config.to_json_string(), encoding="utf-8")
    (out_dir / TOKENIZER).write_bytes(tokenizer_file.read_bytes())
    (out_dir / META).write_text(json.dumps({"labels": list(meta.labels), "max_length": meta.max_length}, indent=1) + "\n", encoding="utf-8")


def load(model_dir: Path) -> tuple[EventTypeNet, Tokenizer, ModelMeta]:
    """Load a saved model in its fastest faithful CPU form; ModelError if missing or corrupt."""
    try:
        raw = json.loads((model_dir / META).read_text(encoding="utf-8"))
        meta = ModelMeta(tuple(raw["labels"]), int(raw["max_length"]))
        config = BertConfig.from_json_file(str(model_dir / ENCODER_CONFIG))
        net = EventTypeNet(config, len(meta.labels))
        state = {k: v.to(torch.float32) for k, v in load_file(str(model_dir / WEIGHTS)).items()}
        net.load_state_dict(state, strict=False)
        missing = set(net.state_dict()) - set(state) - {k for k, v in net.state_dict().items() if not v.is_floating_point()}
        if missing:
            raise ValueError(f"weights missing for {sorted(missing)[:3]}")
        tokenizer = make_tokenizer(model_dir / TOKENIZER, meta.max_length)
    except (OSError, ValueError, KeyError, RuntimeError, TypeError, SafetensorError) as exc:
        raise ModelError(str(model_dir), f"cannot load the event-type model: {exc}") from exc
    return cpu_form(net.eval()), tokenizer, meta


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AMX or AVX512-BF16)."""
    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in probes)


def cpu_form(net: EventTypeNet) -> EventTypeNet:
    """The fastest faithful CPU form: bfloat16 on CPUs with native bf16 units (1.7x int8 speed
    and the same labels as float32 on PLV), else int8 dynamically quantised linear layers."""
    if native_bf16():
        return net.to(torch.bfloat16)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(net, {torch.nn.Linear}, dtype=torch.qint8)
