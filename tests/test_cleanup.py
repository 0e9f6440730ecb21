"""Repairs of broken punctuation, on the seed article and on text that must stay as it is."""

from pathlib import Path

from nlp.cleanup import clean_text

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_40313bc9128e2f1a.txt"


def seed_cleaned() -> str:
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    return clean_text(body, title)


def test_full_stop_after_a_preposition_is_removed():
    text = seed_cleaned()
    assert "perjalanan ke Moskow" in text
    assert "perang di Ukraina" in text
    assert "bekerja sama dengan Rusia" in text
    assert "hari Rabu dengan" in text


def test_fragments_join_the_sentence_they_belong_to():
    text = seed_cleaned()
    assert "perdana menteri Rusia yang berfokus" in text
    assert "sekutu Rusia, Belarus adalah" in text
    assert "Xi Jinping telah melakukan" in text
    assert "kemajuan teknologi dan pembangunan" in text
    assert "pasukan Ukraina ke wilayah" in text
    assert ". pada." not in text and "memanas." in text
    assert ". ." not in text


def test_repeated_headline_is_dropped_and_nothing_else():
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    text = clean_text(body, title)
    assert "memuji hubungan yang semakin erat\n" not in text + "\n"
    assert text.count("\n\n") == len([l for l in body.splitlines() if l.strip()]) - 2


def test_real_sentence_boundaries_stay():
    text = "Polisi menangkap tiga tersangka di Jakarta. Mereka dibawa ke kantor polisi. Kasus itu masih diselidiki."
    assert clean_text(text) == text


def test_exact_repeated_lines_and_control_characters_go():
    text = "Gempa mengguncang Palu pada pagi hari.\x07\nGempa mengguncang Palu pada pagi hari.\nWarga mengungsi."
    assert clean_text(text) == "Gempa mengguncang Palu pada pagi hari.\n\nWarga mengungsi."


def test_page_furniture_lines_are_dropped_and_sentences_kept():
    text = clean_text(
        "Presiden meresmikan jembatan baru di Kota Palu pada hari Senin.\n"
        "ADVERTISEMENT\n"
        "SCROLL TO CONTINUE WITH CONTENT\n"
        "Baca juga: Jembatan lama ditutup\n"
        "Foto: Jembatan Palu (Antara)\n"
        "Warga menyambut peresmian itu. Foto bersama dilakukan setelah acara.\n"
        "(ant/jp)\n",
        "Jembatan baru di Palu",
    )
    assert text.split("\n\n") == [
        "Presiden meresmikan jembatan baru di Kota Palu pada hari Senin.",
        "Warga menyambut peresmian itu. Foto bersama dilakukan setelah acara.",
    ]


def test_an_endless_run_without_full_stops_is_cut_into_bounded_paragraphs():
    from nlp.cleanup import MAX_RUN_WORDS

    words = [f"kata{i}," if i % 50 == 49 else f"kata{i}" for i in range(1000)]
    text = clean_text(" ".join(words) + ".")
    paragraphs = text.split("\n\n")
    assert all(len(p.split()) <= MAX_RUN_WORDS for p in paragraphs)
    assert " ".join(" ".join(paragraphs).split()) == " ".join(words) + "."  # nothing lost or moved
    assert paragraphs[0].endswith(",")  # cut after a comma near the limit
    # ordinary sentences are untouched
    assert clean_text("Satu dua tiga. Empat lima enam.") == "Satu dua tiga. Empat lima enam."


def test_a_flattened_numbered_list_loses_the_numbers_glued_to_its_items():
    text = (
        "Mereka adalah Siti, Direktur PT Nur Ramadhan Wisata4. Tri Winarto, Direktur PT Firdaus Mulia Abadi5. "
        "Retno Anugerah, karyawan swasta6. Ahmad Sugeng, pegawai negeri sipil di kantor itu."
    )
    cleaned = clean_text(text)
    assert "Wisata4" not in cleaned and "Abadi5" not in cleaned and "swasta6" not in cleaned
    assert "PT Nur Ramadhan Wisata. Tri Winarto" in cleaned
    # a name that ends in a number keeps it
    assert "KTT G20." in clean_text("Para pemimpin bertemu dalam KTT G20. Presiden datang bersama para menterinya.")


def test_mojibake_is_undone_and_text_that_reads_right_is_kept():
    # UTF-8 read as Windows-1252 on its way (sentences written for the test)
    broken = "Petani BjÃ¶rn Hjaltason dari KjÃ³s mengatakan suhu mencapai 30Â°C di lahan 2.490 mÂ²."
    assert clean_text(broken) == "Petani Björn Hjaltason dari Kjós mengatakan suhu mencapai 30°C di lahan 2.490 m²."
    right = "Menteri Luar Negeri Portugal António Costa tiba di São Paulo, Brasil."
    assert clean_text(right) == right


def test_a_headline_with_mojibake_is_still_recognised_in_the_body():
    body = "Rekor Panas di KjÃ³s\nSuhu di KjÃ³s mencapai 30 derajat pada Senin siang."
    assert clean_text(body, "Rekor Panas di KjÃ³s") == "Suhu di Kjós mencapai 30 derajat pada Senin siang."


def test_words_a_scraper_glued_together_are_split_where_the_text_writes_them_alone():
    # fixture sentences written for the test, after the glue seen in scraped detik.com bodies
    text = (
        "Kepala dinas itu berbicara daridetikNews kemarin. Ia ditemuidetikJatengdi kantornya di Semarang. "
        "Pantauandetikcomdi lokasi menunjukkan jalan ditutup. KemudianGolden Visa diberikan kemudian. "
        "Dilansirdetiksport dari laman resmi, pelatih memuji pemain. Aturan itu dilansirAntara, seperti dilansir media lain."
    )
    cleaned = clean_text(text)
    for glued, split in [
        ("daridetikNews", "dari detikNews"),
        ("ditemuidetikJatengdi", "ditemui detikJateng di"),
        ("Pantauandetikcomdi", "Pantauan detikcom di"),
        ("KemudianGolden", "Kemudian Golden"),
        ("Dilansirdetiksport", "Dilansir detiksport"),
        ("dilansirAntara", "dilansir Antara"),
    ]:
        assert glued not in cleaned and split in cleaned


def test_brands_written_as_one_word_keep_their_shape():
    text = (
        "Warga membeli iPhone baru lalu naik TransJakarta ke kantor YouTube. Sumber detikSumbagsel menyebut "
        "sel tahanan penuh. Partai NasDem dan IndoStrategi hadir, kata detikcom."
    )
    cleaned = clean_text(text)
    for word in ("iPhone", "TransJakarta", "YouTube", "detikSumbagsel", "NasDem", "IndoStrategi", "detikcom."):
        assert word in cleaned
