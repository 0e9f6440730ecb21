"""Score the bundled models the way the bot uses them: the whole pipeline from raw text.

Usage:
    python models/evaluate.py [--lang id|en] [--data ../shared/data] [--models models] [--json FILE]

Prints, for one language of the resources directory in --models (the scorers live in
bot/evaluation/models.py, which `briefbot eval ud|ner --lang LANG` runs too):
  - UD: tokens, sentences, UPOS, lemma, UAS, LAS (official UD scorer) from raw text, and on the
    treebank's own tokens. id: GSD 2017 dev and test (the annotation the parser was trained on;
    the recipe selects its models on dev and never reads test), the current GSD dev and CSUI
    test (a newer annotation: lower scores are expected there). en: EWT dev;
  - NER: precision, recall, F1 per type and overall on gold tokens. id: NERGrit valid, NERP
    valid as released (lowercase) and in the cased view the recipe trains on (see train.py).
    en: CoNLL++ dev;
  - size of each model file, pipeline load time and peak RSS after loading.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))

import stanza  # noqa: E402

from bot.evaluation.models import eval_ner, eval_ud, read_ner, score_ner  # noqa: E402
from train import casing_table, cased_texts, truecase  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=["id", "en"], default="id")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("BRIEFBOT_DATA", ROOT.parent / "shared/data")))
    parser.add_argument("--models", type=Path, default=ROOT / "models")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    data, models = args.data.resolve(), args.models.resolve()

    report = eval_ud(data, models, args.lang)
    report["ner"] = eval_ner(data, models, args.lang)["ner"]
    if args.lang == "id":  # NERP as the recipe trains on it: truecased (see train.py)
        ner = stanza.Pipeline("id", dir=str(models), processors="tokenize,ner", tokenize_pretokenized=True,
                              download_method=None, logging_level="WARN", use_gpu=False)
        table = casing_table(cased_texts(data, limit_click=5000))
        nerp = read_ner(data / "ner-id/nerp/valid.txt", "id")
        report["ner"]["nerp-valid"] = score_ner(ner, [truecase(s, table) for s in nerp])
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
