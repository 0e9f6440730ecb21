"""Write nlp/data/en/common_words.txt: the English words EWT writes as ordinary words.

    python scripts/english_common_words.py [--data ../shared/data] [--min-count 3]

A word is kept when UD English-EWT train (CC BY-SA 4.0) has it, lower-cased, at least
`--min-count` times with a part of speech other than PROPN, and never more often as PROPN. The
Indonesian extractor reads the list to tell an English phrase capitalised inside Indonesian
text ("Power Usage Effectiveness", "Artificial Intelligence") from a name.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    parser.add_argument("--min-count", type=int, default=1)
    args = parser.parse_args()
    common: Counter[str] = Counter()
    proper: Counter[str] = Counter()
    train = args.data / "ud-en/ewt/en_ewt-ud-train.conllu"
    for line in train.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        word = cols[1].lower()
        if not word.isalpha():
            continue
        (proper if cols[3] == "PROPN" else common)[word] += 1
    words = sorted(w for w, n in common.items() if n >= args.min_count and n > proper[w])
    header = [
        "# English words UD English-EWT 2.16 train (CC BY-SA 4.0) writes as ordinary words: lower-cased,",
        f"# at least {args.min_count} times with a part of speech other than PROPN and more often so than as PROPN.",
        "# Written by scripts/english_common_words.py; do not edit by hand.",
        "# Used by nlp/extract.py (Indonesian): a capitalised phrase of these words only is English",
        '# prose, not a name ("Power Usage Effectiveness").',
        "",
    ]
    out = ROOT / "nlp/data/en/common_words.txt"
    out.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
