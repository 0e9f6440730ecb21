"""`briefbot eval ud` and `briefbot eval ner`: the bundled Stanza models scored the way the bot
uses them, per language.

UD: the whole pipeline from raw text (tokens, sentences, UPOS, lemmas, UAS, LAS with the
official scorer, `stanza.models.common.utils.ud_scores`) and on the treebank's own tokens.
NER: precision, recall and F1 per type on gold tokens. Also the models' sizes, load time and
the peak RSS after loading. The sets (under ../shared/data):

- id: UD Indonesian-GSD 2017 dev and test (the parser's annotation), GSD current dev, CSUI test;
  NERGrit valid and NERP valid as released (all lowercase);
- en: UD English-EWT dev; CoNLL++ dev.
"""

from __future__ import annotations

import io
import resource
import time
from collections import Counter
from pathlib import Path

import stanza
from stanza.models.common.utils import ud_scores

from nlp.pipeline import load_pipeline, restore_unknown

UD_SETS = {
    "id": {
        "gsd-2017-dev": "ud-id/gsd-2017/id_gsd-ud-dev.conllu",
        "gsd-2017-test": "ud-id/gsd-2017/id_gsd-ud-test.conllu",
        "gsd-2025-dev": "ud-id/gsd-2025/id_gsd-ud-dev.conllu",
        "csui-test": "ud-id/csui/id_csui-ud-test.conllu",
    },
    "en": {"ewt-dev": "ud-en/ewt/en_ewt-ud-dev.conllu"},
}
# the sets scored on their own tokens too (files whose multi-word tokens the scorer can align)
GOLD_TOKEN_SETS = {"id": ("gsd-2017-dev", "gsd-2017-test"), "en": ("ewt-dev",)}
NER_SETS = {
    "id": {"nergrit-valid": "ner-id/nergrit/valid.txt", "nerp-valid-lowercase": "ner-id/nerp/valid.txt"},
    "en": {"conllpp-dev": "ner-en/conllpp/dev.txt"},
}
# NERGrit's and NERP's labels as the bot names them; others (NERP's EVT, FNB) are not scored
ID_NER_LABELS = {"PERSON": "PER", "PPL": "PER", "ORGANISATION": "ORG", "IND": "ORG", "PLACE": "LOC", "PLC": "LOC"}

__all__ = ["eval_ner", "eval_ud", "read_ner", "score_ner", "score_ud", "spans"]


def raw_text(conllu: Path) -> str:
    """The running text of a treebank, one paragraph per sentence as the annotators wrote it."""
    lines = [line[9:] for line in conllu.read_text(encoding="utf-8").splitlines() if line.startswith("# text = ")]
    return "\n\n".join(lines)


def _scores(doc: stanza.Document, conllu: Path, metrics: tuple[str, ...]) -> dict[str, float]:
    system = io.StringIO(f"{doc:C}".rstrip("\n") + "\n\n")
    with open(conllu, encoding="utf-8") as gold:
        evaluation = ud_scores(gold, system)
    return {m: round(100 * evaluation[m].f1, 2) for m in metrics}


def score_ud(nlp: stanza.Pipeline, conllu: Path) -> dict[str, float]:
    """The pipeline from the treebank's raw text."""
    start = time.time()
    doc = restore_unknown(nlp(raw_text(conllu)))  # as nlp.parse_many does for the bot
    seconds = time.time() - start
    metrics = _scores(doc, conllu, ("Tokens", "Sentences", "UPOS", "Lemmas", "UAS", "LAS"))
    metrics["tokens_per_second"] = round(sum(len(s.tokens) for s in doc.sentences) / seconds)
    return metrics


def gold_tokens(conllu: Path) -> list[list[str]]:
    """The treebank's own sentences and tokens (a multi-word token as written, not its words)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    skip_until = 0
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current, skip_until = [], 0
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:  # "don't": the token; its words are read by the mwt processor
                current.append(cols[1])
                skip_until = int(cols[0].split("-")[1])
            elif int(cols[0]) > skip_until:
                current.append(cols[1])
    if current:
        sentences.append(current)
    return sentences


def score_ud_gold_tokens(nlp: stanza.Pipeline, conllu: Path) -> dict[str, float]:
    """Tags, lemmas and parse on the treebank's own sentences and tokens: the tagger and the
    parser without the tokenizer's sentence errors."""
    return _scores(nlp(gold_tokens(conllu)), conllu, ("UPOS", "Lemmas", "UAS", "LAS"))


def read_ner(path: Path, lang: str) -> list[list[tuple[str, str]]]:
    """NER sentences as (token, BIO tag): NERGrit/NERP's `token<TAB>tag` lines with their labels
    mapped (id), or CoNLL-2003's `token POS chunk tag` with -DOCSTART- lines (en)."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t") if lang == "id" else line.split()
        if not line.strip() or cols[0] == "-DOCSTART-":
            if current:
                sentences.append(current)
            current = []
            continue
        word, tag = cols[0], cols[-1] if lang == "en" else cols[1]
        if tag != "O" and lang == "id":
            prefix, label = tag.split("-", 1)
            tag = f"{prefix}-{ID_NER_LABELS[label]}" if label in ID_NER_LABELS else "O"
        current.append((word, tag))
    if current:
        sentences.append(current)
    return sentences


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans from BIO or BIOES tags (an I- after another type, or after O, opens one)."""
    out: set[tuple[int, int, str]] = set()
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if start is not None and (prefix in ("O", "B", "S") or typ != label):
            out.add((start, i, label))
            start = None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, label = i, typ
        if prefix in ("E", "S") and start is not None:
            out.add((start, i + 1, label))
            start = None
    return out


def score_ner(nlp: stanza.Pipeline, sentences: list[list[tuple[str, str]]]) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per type and overall, on gold tokens."""
    doc = nlp([[w for w, _ in s] for s in sentences])
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold_sent, sent in zip(sentences, doc.sentences):
        gold = spans([t for _, t in gold_sent])
        pred = spans([tok.ner for tok in sent.tokens])
        for span in pred & gold:
            tp[span[2]] += 1
        for span in pred - gold:
            fp[span[2]] += 1
        for span in gold - pred:
            fn[span[2]] += 1

    def prf(t: int, p: int, n: int) -> dict[str, float]:
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "gold": t + n}

    result = {label: prf(tp[label], fp[label], fn[label]) for label in sorted(set(tp) | set(fn) | set(fp))}
    result["overall"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return result


def _footprint(models_dir: Path, lang: str, nlp_load: float) -> dict[str, object]:
    sizes = {
        str(p.relative_to(models_dir)): round(p.stat().st_size / 1e6, 2)
        for p in sorted((models_dir / lang).rglob("*.pt"))
    }
    return {
        "sizes_mb": sizes,
        "total_mb": round(sum(sizes.values()), 2),
        "load_seconds": round(nlp_load, 2),
        # the whole process (Python, torch, the models) at its peak right after loading
        "load_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def eval_ud(data: Path, models_dir: Path, lang: str = "id") -> dict[str, object]:
    """The UD scores of `lang`'s pipeline on its sets, from raw text and on gold tokens."""
    start = time.time()
    nlp = load_pipeline(models_dir, lang)
    report = _footprint(models_dir, lang, time.time() - start)
    sets = UD_SETS[lang]
    report["ud"] = {name: score_ud(nlp, data / path) for name, path in sets.items()}
    pretokenized = load_pipeline(models_dir, lang, tokenize_pretokenized=True)
    report["ud_gold_tokens"] = {
        name: score_ud_gold_tokens(pretokenized, data / sets[name]) for name in GOLD_TOKEN_SETS[lang]
    }
    return report


def eval_ner(data: Path, models_dir: Path, lang: str = "id") -> dict[str, object]:
    """The NER scores of `lang`'s model on its sets (gold tokens)."""
    start = time.time()
    nlp = load_pipeline(models_dir, lang, processors="tokenize,ner", tokenize_pretokenized=True)
    report = _footprint(models_dir, lang, time.time() - start)
    report["ner"] = {name: score_ner(nlp, read_ner(data / path, lang)) for name, path in NER_SETS[lang].items()}
    return report
