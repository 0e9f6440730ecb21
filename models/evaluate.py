"""Score the bundled models the way the bot uses them: the whole pipeline from raw text.

Usage:
    python models/evaluate.py [--data ../shared/data] [--models models] [--json FILE]

Prints, for the resources directory in --models:
  - UD: tokens, sentences, UPOS, lemma, UAS, LAS (official UD scorer), parsing the raw text of
    the GSD 2017 dev and test sets (the annotation the parser was trained on; the recipe selects
    its models on dev and never reads test), and the current GSD dev and CSUI test sets (a
    newer annotation: lower scores are expected there);
  - NER: precision, recall, F1 per type and overall on NERGrit valid and NERP valid (gold
    tokens; NERP in the cased view the recipe trains on, see train.py);
  - size of each model file and pipeline load time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import stanza
from stanza.models.common.utils import ud_scores

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import casing_table, cased_texts, fix_bio, read_bio, truecase  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UD_SETS = {
    "gsd-2017-dev": "ud-id/gsd-2017/id_gsd-ud-dev.conllu",
    "gsd-2017-test": "ud-id/gsd-2017/id_gsd-ud-test.conllu",
    "gsd-2025-dev": "ud-id/gsd-2025/id_gsd-ud-dev.conllu",
    "csui-test": "ud-id/csui/id_csui-ud-test.conllu",
}


def raw_text(conllu: Path) -> str:
    """The running text of a treebank, one paragraph per sentence as the annotators wrote it."""
    lines = [l[9:] for l in conllu.read_text(encoding="utf-8").splitlines() if l.startswith("# text = ")]
    return "\n\n".join(lines)


def score_ud(nlp: stanza.Pipeline, conllu: Path) -> dict[str, float]:
    start = time.time()
    doc = nlp(raw_text(conllu))
    seconds = time.time() - start
    system = io.StringIO("{:C}".format(doc).rstrip("\n") + "\n\n")
    with open(conllu, encoding="utf-8") as gold:
        evaluation = ud_scores(gold, system)
    metrics = {m: round(100 * evaluation[m].f1, 2) for m in ("Tokens", "Sentences", "UPOS", "Lemmas", "UAS", "LAS")}
    ntok = sum(len(s.tokens) for s in doc.sentences)
    metrics["tokens_per_second"] = round(ntok / seconds)
    return metrics


def gold_tokens(conllu: Path) -> list[list[str]]:
    """The treebank's own sentences and words (the words of a multi-word token, not its range line)."""
    sentences, current = [], []
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                current.append(cols[1])
    if current:
        sentences.append(current)
    return sentences


def score_ud_gold_tokens(nlp: stanza.Pipeline, conllu: Path) -> dict[str, float]:
    """Tags, lemmas and parse on the treebank's own sentences and tokens: the tagger and the
    parser alone, without the tokenizer's sentence errors."""
    doc = nlp(gold_tokens(conllu))
    system = io.StringIO("{:C}".format(doc).rstrip("\n") + "\n\n")
    with open(conllu, encoding="utf-8") as gold:
        evaluation = ud_scores(gold, system)
    return {m: round(100 * evaluation[m].f1, 2) for m in ("UPOS", "Lemmas", "UAS", "LAS")}


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans from BIO or BIOES tags."""
    out, start, label = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
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
    sentences = [fix_bio(s) for s in sentences]
    doc = nlp([[w for w, _ in s] for s in sentences])
    tp, fp, fn = Counter(), Counter(), Counter()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("BRIEFBOT_DATA", ROOT.parent / "shared/data")))
    parser.add_argument("--models", type=Path, default=ROOT / "models")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    data, models = args.data.resolve(), args.models.resolve()

    report: dict[str, object] = {}
    sizes = {str(p.relative_to(models)): round(p.stat().st_size / 1e6, 2) for p in sorted(models.rglob("*.pt"))}
    report["sizes_mb"] = sizes
    report["total_mb"] = round(sum(sizes.values()), 2)

    start = time.time()
    nlp = stanza.Pipeline("id", dir=str(models), download_method=None, logging_level="WARN", use_gpu=False)
    report["load_seconds"] = round(time.time() - start, 2)
    # the whole process (Python, torch, every model) at its peak right after loading
    report["load_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    report["ud"] = {name: score_ud(nlp, data / path) for name, path in UD_SETS.items()}
    pretokenized = stanza.Pipeline("id", dir=str(models), tokenize_pretokenized=True, download_method=None,
                                   logging_level="WARN", use_gpu=False)
    # the 2017 release only: the newer files split multi-word tokens into words whose characters
    # differ from the token's, which the scorer cannot align with a pretokenized run
    report["ud_gold_tokens"] = {name: score_ud_gold_tokens(pretokenized, data / UD_SETS[name])
                                for name in ("gsd-2017-dev", "gsd-2017-test")}

    ner = stanza.Pipeline("id", dir=str(models), processors="tokenize,ner", tokenize_pretokenized=True,
                          download_method=None, logging_level="WARN", use_gpu=False)
    table = casing_table(cased_texts(data, limit_click=5000))
    report["ner"] = {
        "nergrit-valid": score_ner(ner, read_bio(data / "ner-id/nergrit/valid.txt")),
        "nerp-valid": score_ner(ner, [truecase(s, table) for s in read_bio(data / "ner-id/nerp/valid.txt")]),
        "nerp-valid-lowercase": score_ner(ner, read_bio(data / "ner-id/nerp/valid.txt")),
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
