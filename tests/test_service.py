"""Ingestion refuses bad input with a reason and never stores half an article."""

from bot.ingest.service import ArticleInput, IngestStatus, article_from_text, content_hash

FRENCH = ArticleInput(  # a language without models: Indonesian and English have theirs
    title="Poutine salue les liens avec la Chine",
    text=(
        "Le président russe Vladimir Poutine a salué mercredi la croissance des échanges commerciaux avec "
        "la Chine lors d'une rencontre à Moscou avec un haut responsable chinois, alors que les deux pays "
        "renforcent leur partenariat face aux tensions croissantes avec l'Occident. S'adressant au Premier "
        "ministre chinois Li Qiang, Poutine a déclaré que les projets communs se poursuivraient pendant des années."
    ),
)


async def test_an_article_in_a_language_without_models_is_refused(service):
    result = await service.ingest(FRENCH)
    assert result.status is IngestStatus.UNSUPPORTED_LANGUAGE
    assert result.language == "fr"
    assert await service.store.count_articles() == 0


async def test_empty_short_huge_and_binary_input(service):
    assert (await service.ingest(ArticleInput(title="", text="   "))).status is IngestStatus.EMPTY
    assert (
        await service.ingest(ArticleInput(title="Judul", text="Hanya satu kalimat."))
    ).status is IngestStatus.TOO_SHORT
    huge = ArticleInput(title="Besar", text="kata " * 30_000)
    assert (await service.ingest(huge)).status is IngestStatus.TOO_LONG
    binary = ArticleInput(title="Biner", text="\x00\x01\x02PK\x03\x04" * 200)
    assert (await service.ingest(binary)).status is IngestStatus.NOT_TEXT
    assert await service.store.count_articles() == 0


def test_pasted_text_first_line_is_the_title():
    article = article_from_text("Judul Berita\nIsi berita baris pertama.\nBaris kedua.")
    assert article.title == "Judul Berita"
    assert article.text == "Isi berita baris pertama.\nBaris kedua."
    single = article_from_text("Gempa mengguncang Palu pada pagi hari. Warga mengungsi ke tempat aman.")
    assert single.title == "Gempa mengguncang Palu pada pagi hari."


def test_content_hash_ignores_spacing_case_and_punctuation():
    assert content_hash("Gempa di Palu. Warga mengungsi!") == content_hash("gempa  di palu warga\nmengungsi")
    assert content_hash("Gempa di Palu") != content_hash("Gempa di Donggala")
