"""Build stanza Documents by hand (as CoNLL-U) for unit tests that need no model."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import stanza
from stanza.utils.conll import CoNLL


def make_doc(
    sentences: list[list[tuple]],
    lemmas: Mapping[str, str] | None = None,
    no_space_before: Collection[str] = ".,;:!?",
    no_space_after: Collection[str] = (),
) -> stanza.Document:
    """A Document from sentences of (word, UPOS, BIOES NER tag[, head, deprel]); words are joined
    by spaces, with none before the words in `no_space_before` (punctuation) or after those in
    `no_space_after`. Without a head, heads are flat (every word hangs off the first). A word's
    lemma is its lower-cased text unless `lemmas` says otherwise."""
    lemmas = lemmas or {}
    blocks = []
    offset = 0
    for words in sentences:
        text_parts: list[str] = []
        rows = []
        for i, (word, upos, ner, *dep) in enumerate(words, start=1):
            glue = i > 1 and word not in no_space_before and words[i - 2][0] not in no_space_after
            if glue:
                offset += 1
                text_parts.append(" ")
            start = offset
            offset += len(word)
            text_parts.append(word)
            head, rel = dep if dep else ((0, "root") if i == 1 else (1, "dep"))
            rows.append(
                f"{i}\t{word}\t{lemmas.get(word, word.lower())}\t{upos}\t_\t_\t{head}\t{rel}\t_\tner={ner}|start_char={start}|end_char={offset}"
            )
        offset += 1  # the space between sentences
        blocks.append(f"# text = {''.join(text_parts)}\n" + "\n".join(rows) + "\n")
    doc = CoNLL.conll2doc(input_str="\n".join(blocks) + "\n")
    doc.text = " ".join(block.split("\n", 1)[0][len("# text = ") :] for block in blocks)
    doc.build_ents()  # the NER processor does this in a real pipeline
    return doc
