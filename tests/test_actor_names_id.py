"""Indonesian actors under all their names: short forms the article never sets beside their
full name, listed institutions and people (nlp/data/known_*.txt) recognised when NER misses them
and joined under one name whatever form an article uses. Fixture sentences written for these
tests (no model needed)."""

import pytest

from nlp.abbreviations import abbreviates, abbreviation_aliases
from nlp.extract import extract
from nlp.known_names import known_names
from tests.docs import make_doc

O = "O"


def _sentence(*words_upos, ner=None):
    ner = ner or {}
    return [(w, u, ner.get(i, O)) for i, (w, u) in enumerate(words_upos)]


def _actors(*sentences):
    return {a.name: a for a in extract(make_doc(list(sentences))).actors}


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("BPS", "Badan Pusat Statistik"),
        ("TPIP", "Tim Pengendalian Inflasi Pusat"),
        ("BRI", "PT Bank Rakyat Indonesia Tbk"),  # legal forms give no letter
        ("BPOM", "Badan Pengawas Obat dan Makanan"),  # nor, here, the connective
        ("Kemendagri", "Kementerian Dalam Negeri"),
        ("Disdik", "Dinas Pendidikan"),
        ("Kejati", "Kejaksaan Tinggi"),
        ("Jokowi", "Joko Widodo"),
    ],
)
def test_a_short_form_abbreviates_its_full_name(short, full):
    assert abbreviates(short, full)


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("BPS", "Bank Pembangunan"),  # a letter left over
        ("KPK", "Komisi Pemberantasan"),  # a letter missing
        ("Kemenkeu", "Kementerian Dalam Negeri"),
        ("Jokowi", "Joko Anwar"),
        ("Polri", "Kepolisian Republik Indonesia"),  # the first letters differ
        ("Prabowo", "Presiden Republik Indonesia"),
        ("Bobby", "Bobby Nasution"),  # a word of the name, not a short form of it
    ],
)
def test_a_name_that_only_looks_like_a_short_form_is_not_one(short, full):
    assert not abbreviates(short, full)


def test_a_short_form_that_fits_two_names_is_left_alone():
    fulls = ["Badan Pusat Statistik", "Bank Pembangunan Swasta", "Dinas Pendidikan"]
    assert abbreviation_aliases(["BPS", "Disdik"], fulls) == {"Disdik": "Dinas Pendidikan"}


def test_an_unlisted_short_form_joins_the_full_name_the_article_gives_elsewhere():
    actors = _actors(
        _sentence(
            ("Dinas", "PROPN"),
            ("Pendidikan", "PROPN"),
            ("membuka", "VERB"),
            ("pendaftaran", "NOUN"),
            (".", "PUNCT"),
            ner={0: "B-ORG", 1: "E-ORG"},
        ),
        _sentence(("Disdik", "PROPN"), ("menambah", "VERB"), ("kuota", "NOUN"), (".", "PUNCT"), ner={0: "S-ORG"}),
    )
    assert set(actors) == {"Dinas Pendidikan"}
    assert "Disdik" in actors["Dinas Pendidikan"].surfaces
    assert sorted(actors["Dinas Pendidikan"].mentions) == [0, 1]


def test_every_form_of_a_listed_institution_is_one_actor_under_its_listed_name():
    actors = _actors(
        _sentence(
            ("Kemenkes", "PROPN"),
            ("mencatat", "VERB"),
            ("kasus", "NOUN"),
            ("baru", "ADJ"),
            (".", "PUNCT"),
            ner={0: "S-PER"},
        ),
        _sentence(
            ("Data", "NOUN"),
            ("Kementerian", "PROPN"),
            ("Kesehatan", "PROPN"),
            ("RI", "PROPN"),
            ("naik", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-ORG", 2: "I-ORG", 3: "E-ORG"},
        ),
    )
    assert set(actors) == {"Kementerian Kesehatan"}
    actor = actors["Kementerian Kesehatan"]
    assert actor.kind == "ORG"  # the list's kind, not the tagger's "PER" for "Kemenkes"
    assert "Kemenkes" in actor.surfaces


def test_a_listed_short_form_is_the_institution_even_in_an_article_that_never_spells_it_out():
    actors = _actors(
        _sentence(("Kejagung", "PROPN"), ("menahan", "VERB"), ("tersangka", "NOUN"), (".", "PUNCT"), ner={0: "S-ORG"})
    )
    assert set(actors) == {"Kejaksaan Agung"}
    assert "Kejagung" in actors["Kejaksaan Agung"].surfaces


def test_listed_people_and_companies_ner_missed_are_actors():
    actors = _actors(
        _sentence(
            ("Presiden", "PROPN"),
            ("Xi", "PROPN"),
            ("Jinping", "PROPN"),
            ("bertemu", "VERB"),
            ("bos", "NOUN"),
            ("Huawei", "PROPN"),
            (".", "PUNCT"),
        ),
    )
    assert actors["Xi Jinping"].kind == "PER"
    assert actors["Xi Jinping"].titles == ["Presiden"]
    assert actors["Huawei"].kind == "ORG"


def test_a_product_named_after_a_listed_company_is_not_the_company():
    actors = _actors(
        _sentence(("Mobil", "NOUN"), ("Tesla", "PROPN"), ("Cybertruck", "PROPN"), ("terbakar", "VERB"), (".", "PUNCT"))
    )
    assert "Tesla" not in actors


def test_two_letter_forms_count_only_for_a_mention_of_the_listed_kind():
    listed = known_names("id")
    assert listed.find("BI", "ORG").name == "Bank Indonesia"
    assert listed.find("BI", "PER") is None  # a suspect's initials
    assert listed.find("Jokowi", "PER").name == "Joko Widodo"


def test_the_lists_give_no_form_to_two_names():
    # KnownNames raises on a form listed under two names; loading the lists is the check
    assert len(known_names("id")) > 150


def test_a_programme_or_a_law_named_by_its_acronym_is_no_actor():
    actors = _actors(
        _sentence(
            ("Penyaluran", "NOUN"),
            ("BLT", "PROPN"),
            ("Kesra", "PROPN"),
            ("dimulai", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-ORG", 2: "E-ORG"},
        ),
        _sentence(
            ("Ia", "PRON"),
            ("dijerat", "VERB"),
            ("UU", "PROPN"),
            ("ITE", "PROPN"),
            (".", "PUNCT"),
            ner={2: "B-ORG", 3: "E-ORG"},
        ),
        _sentence(
            ("PT", "PROPN"),
            ("Tunas", "PROPN"),
            ("Jaya", "PROPN"),
            ("menang", "VERB"),
            (".", "PUNCT"),
            ner={0: "B-ORG", 1: "I-ORG", 2: "E-ORG"},
        ),
    )
    assert set(actors) == {"PT Tunas Jaya"}  # a company's legal form is no programme


def test_english_prose_and_accounts_capitalised_in_indonesian_text_are_no_actors():
    actors = _actors(
        _sentence(
            ("Pusat", "NOUN"),
            ("data", "NOUN"),
            ("mengukur", "VERB"),
            ("Water", "PROPN"),
            ("Use", "PROPN"),
            ("Efficiency", "PROPN"),
            (".", "PUNCT"),
            ner={3: "B-ORG", 4: "I-ORG", 5: "E-ORG"},
        ),
        _sentence(
            ("Unggahan", "NOUN"),
            ("Instagram", "PROPN"),
            ("@bank_indonesia", "PROPN"),
            ("viral", "ADJ"),
            (".", "PUNCT"),
            ner={1: "B-ORG", 2: "E-ORG"},
        ),
        _sentence(
            ("Higher", "PROPN"),
            ("Education", "PROPN"),
            ("Commission", "PROPN"),
            ("menolak", "VERB"),
            (".", "PUNCT"),
            ner={0: "B-ORG", 1: "I-ORG", 2: "E-ORG"},
        ),
    )
    assert set(actors) == {"Higher Education Commission"}  # an institution's word keeps a name


def test_two_people_written_as_one_hyphenated_name_are_two_actors():
    actors = _actors(
        _sentence(
            ("Kabinet", "NOUN"),
            ("Prabowo", "PROPN"),
            ("Subianto-Gibran", "PROPN"),
            ("Rakabuming", "PROPN"),
            ("Raka", "PROPN"),
            ("bekerja", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-PER", 2: "I-PER", 3: "I-PER", 4: "E-PER"},
        ),
    )
    assert {"Prabowo Subianto", "Gibran Rakabuming Raka"} <= set(actors)


def test_a_nickname_or_a_misspelling_of_a_person_joins_the_person():
    from nlp.abbreviations import name_variant_aliases

    names = ["Afif", "Affifudin", "Mochammad Afifuddin", "Budi", "Budi Santoso", "Budiman Sudjatmiko"]
    assert name_variant_aliases(names, names) == {"Afif": "Mochammad Afifuddin", "Affifudin": "Mochammad Afifuddin"}
    # "Andi" could be either: left alone
    assert name_variant_aliases(["Andi"], ["Andi", "Andika Perkasa", "Andini Putri"]) == {}


def test_a_full_name_misspelt_once_joins_the_longer_name_it_spells():
    from nlp.abbreviations import name_variant_aliases

    names = ["Okky Prasetyo", "Okky Prastyo Ajie", "Budi Santoso", "Budi Hartono Wijaya", "Ahmad Yani"]
    names.append("Ahmad Yanuar Putra")
    # a word spelt otherwise joins; another surname ("Santoso", "Hartono"; "Yani", "Yanuar") does not
    assert name_variant_aliases(names, names) == {"Okky Prasetyo": "Okky Prastyo Ajie"}


def _words(text, upos="PROPN", **ner):
    """A sentence from space-separated words, all `upos` but the final full stop; `ner` maps a
    word's index to its tag (keys "w0", "w1", ...)."""
    words = text.split()
    tags = {int(k[1:]): v for k, v in ner.items()}
    return _sentence(*[(w, "PUNCT" if w == "." else upos) for w in words], ner=tags)


def _span(first, last, kind):
    """BIOES tags for words first..last (inclusive) as one entity of `kind`, for _words."""
    if first == last:
        return {f"w{first}": f"S-{kind}"}
    inner = {f"w{k}": f"I-{kind}" for k in range(first + 1, last)}
    return {f"w{first}": f"B-{kind}", **inner, f"w{last}": f"E-{kind}"}


def test_a_listed_acronym_the_article_spells_out_as_something_else_is_that_thing():
    # "PKB" is a party in the lists; here it is a tax, and "PKS" an agreement
    actors = _actors(
        _sentence(
            ("Pajak", "NOUN"),
            ("Kendaraan", "NOUN"),
            ("Bermotor", "NOUN"),
            ("(", "PUNCT"),
            ("PKB", "PROPN"),
            (")", "PUNCT"),
            ("naik", "VERB"),
            (".", "PUNCT"),
        ),
        _words("Target PKB tercapai .", w1="S-ORG"),
        _words("Perjanjian Kerja Sama ( PKS ) diteken Bapenda .", w7="S-ORG"),
        _words("PKS Tripartit berlaku .", w0="B-ORG", w1="E-ORG"),
    )
    assert "Partai Kebangkitan Bangsa" not in actors
    assert not any(name.startswith(("PKS", "Partai Keadilan")) for name in actors)
    assert "Bapenda" in actors


def test_a_listed_acronym_spelt_out_as_itself_stays_the_listed_institution():
    actors = _actors(
        _words("Komisi Pemberantasan Korupsi ( KPK ) menahan bupati .", w4="S-ORG"),
    )
    assert set(actors) == {"Komisi Pemberantasan Korupsi"}


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Nyamuk Aedes albopictus menyebar .", {"w1": "B-ORG", "w2": "E-ORG"}),  # a species
        ("Minuman-minuman itu laris .", {"w0": "S-PER"}),  # a plural noun
        ("Harganya SGD 500 .", {"w1": "S-ORG"}),  # a currency
        ("Kurs CHF Swiss France turun .", {"w1": "B-ORG", "w2": "I-ORG", "w3": "E-ORG"}),
        ("Timnas bermain di kelompok U-16 .", {"w4": "S-ORG"}),  # an age group
        ("Ia tinggal di Rumah Dinas Bupati .", {"w3": "B-ORG", "w4": "I-ORG", "w5": "E-ORG"}),  # a building
        # the same shapes where NER tagged nothing and the acronym alone would make an organisation
        ("Harganya SGD 500 .", {}),
        ("Timnas bermain di kelompok U-16 .", {}),
    ],
)
def test_entities_shaped_like_no_name_are_no_actors(text, tags):
    assert _actors(_words(text, **tags)) == {}


def test_a_hospital_is_not_taken_for_a_house():
    actors = _actors(_words("Rumah Sakit Fatmawati merawat korban .", w0="B-ORG", w1="I-ORG", w2="E-ORG"))
    assert set(actors) == {"Rumah Sakit Fatmawati"}


@pytest.mark.parametrize(
    ("text", "tags", "name"),
    [
        ("KPU No 12 terbit .", {"w0": "B-ORG", "w1": "E-ORG"}, "Komisi Pemilihan Umum"),  # a document's number
        ("Dana STAN Rp 5 juta .", {"w1": "B-ORG", "w2": "E-ORG"}, "STAN"),  # an amount
        ("Sidang Bawaslu Tahun ini .", {"w1": "B-ORG", "w2": "E-ORG"}, "Badan Pengawas Pemilihan Umum"),  # a year
        (
            "Lembaga Halal Luar Negeri ( LHLN diakui .",
            {"w0": "B-ORG", "w1": "I-ORG", "w2": "I-ORG", "w3": "I-ORG", "w4": "I-ORG", "w5": "E-ORG"},
            "Lembaga Halal Luar Negeri",  # NER ran into the bracket
        ),
    ],
)
def test_words_that_end_an_entity_by_accident_are_cut_off(text, tags, name):
    assert set(_actors(_words(text, **tags))) == {name}


def test_a_countrys_government_is_an_actor_and_the_country_stays_a_place():
    analysis = extract(
        make_doc(
            [
                _sentence(
                    ("Permintaan", "NOUN"),
                    ("datang", "VERB"),
                    ("dari", "ADP"),
                    ("pemerintah", "NOUN"),
                    ("Arab", "PROPN"),
                    ("Saudi", "PROPN"),
                    (".", "PUNCT"),
                    ner={4: "B-LOC", 5: "E-LOC"},
                )
            ]
        )
    )
    assert [a.name for a in analysis.actors] == ["Pemerintah Arab Saudi"]
    assert [p.name for p in analysis.places] == ["Arab Saudi"]


def test_a_government_of_no_known_place_is_not_made_up():
    actors = _actors(_words("Sikap pemerintah Buka Peluang dikritik .", w2="B-LOC", w3="E-LOC"))
    assert not any(name.startswith("Pemerintah") for name in actors)


def test_a_name_with_a_middle_name_left_out_joins_the_full_name():
    actors = _actors(
        _words("Jon Firman Pandu hadir .", w0="B-PER", w1="I-PER", w2="E-PER"),
        _words("Jon Pandu berbicara .", w0="B-PER", w1="E-PER"),
        _words("Abdullah al-Derazi dieksekusi .", w0="B-PER", w1="E-PER"),
        _words("Al-Derazi ditahan sejak 2014 .", w0="S-PER"),
    )
    assert set(actors) == {"Jon Firman Pandu", "Abdullah al-Derazi"}
    assert "Jon Pandu" in actors["Jon Firman Pandu"].surfaces
    assert "Al-Derazi" in actors["Abdullah al-Derazi"].surfaces


def test_a_police_rank_is_a_title_not_part_of_the_name():
    actors = _actors(
        _words("Kompol I Ketut Sukadi memimpin olah TKP .", w0="B-PER", w1="I-PER", w2="I-PER", w3="E-PER")
    )
    assert set(actors) == {"I Ketut Sukadi"}
    assert actors["I Ketut Sukadi"].titles == ["Kompol"]


def test_an_institution_head_before_a_tagged_place_is_that_places_institution():
    actors = _actors(
        _words("Dede mendorong Polresta Denpasar bertindak .", w0="S-PER", w3="S-LOC"),
        _words("Dinas Pendidikan Jawa Tengah menolak .", w2="B-LOC", w3="E-LOC"),
    )
    assert {"Polresta Denpasar", "Dinas Pendidikan Jawa Tengah"} <= set(actors)
    assert "Polresta" not in actors


def test_a_listed_short_form_with_a_place_is_that_institutions_office_there():
    actors = _actors(
        _words("Kejati Jabar menahan tersangka .", w1="S-LOC"),
        _words("Kejaksaan Tinggi Jabar memeriksa saksi .", w0="B-ORG", w1="I-ORG", w2="E-ORG"),
    )
    assert set(actors) == {"Kejaksaan Tinggi Jabar"}
    assert "Kejati Jabar" in actors["Kejaksaan Tinggi Jabar"].surfaces
    assert sorted(actors["Kejaksaan Tinggi Jabar"].mentions) == [0, 1]


def test_a_building_named_after_an_institution_names_the_institution_not_the_building():
    analysis = extract(
        make_doc(
            [
                _words("Massa mendatangi Gedung DPR .", w2="B-ORG", w3="E-ORG"),
                _words("Ia diperiksa di Mapolda Metro Jaya .", w3="B-LOC", w4="I-LOC", w5="E-LOC"),
                _words("Saksi datang ke Gedung KPK .", upos="PROPN"),
            ]
        )
    )
    assert {a.name for a in analysis.actors} == {
        "Dewan Perwakilan Rakyat",
        "Polda Metro Jaya",
        "Komisi Pemberantasan Korupsi",
    }
    assert {p.name: p.kind for p in analysis.places} == {"Mapolda Metro Jaya": "site", "Gedung KPK": "site"}


def test_an_office_named_with_and_without_its_level_is_one_actor():
    actors = _actors(
        _words("DPRD Banten menolak .", w0="B-ORG", w1="E-ORG"),
        _words("DPRD Provinsi Banten setuju .", w0="B-ORG", w1="I-ORG", w2="E-ORG"),
    )
    assert set(actors) == {"DPRD Provinsi Banten"}
    assert sorted(actors["DPRD Provinsi Banten"].mentions) == [0, 1]


def test_a_listed_name_ner_cut_short_at_dan_is_read_whole():
    actors = _actors(
        _sentence(
            ("Usulan", "NOUN"),
            ("ke", "ADP"),
            ("Kementerian", "PROPN"),
            ("Pekerjaan", "PROPN"),
            ("Umum", "PROPN"),
            ("dan", "CCONJ"),
            ("Perumahan", "PROPN"),
            ("Rakyat", "PROPN"),
            (".", "PUNCT"),
            ner={2: "B-ORG", 3: "I-ORG", 4: "E-ORG"},
        )
    )
    assert set(actors) == {"Kementerian Pekerjaan Umum dan Perumahan Rakyat"}


def test_a_companys_legal_form_in_brackets_is_no_actor():
    actors = _actors(
        _sentence(
            ("PT", "PROPN"),
            ("Pertamina", "PROPN"),
            ("(", "PUNCT"),
            ("Persero", "PROPN"),
            (")", "PUNCT"),
            ("menaikkan", "VERB"),
            ("harga", "NOUN"),
            (".", "PUNCT"),
            ner={0: "B-ORG", 1: "E-ORG", 3: "S-ORG"},
        )
    )
    assert set(actors) == {"Pertamina"}


def test_a_listed_name_with_commas_is_read_whole_where_no_ner_tagged_it():
    actors = _actors(_words("Lomba digelar oleh Kementerian Pendidikan Tinggi , Sains , dan Teknologi RI ."))
    assert set(actors) == {"Kementerian Pendidikan Tinggi, Sains, dan Teknologi"}
    assert "Kemendiktisaintek" in actors["Kementerian Pendidikan Tinggi, Sains, dan Teknologi"].surfaces


def test_the_state_said_after_a_listed_institution_leaves_it_the_institution():
    actors = _actors(_words("MoU antara Badan Narkotika Nasional Pemerintah Republik Indonesia dan mitra diteken ."))
    assert set(actors) == {"Badan Narkotika Nasional"}
    assert "BNN" in actors["Badan Narkotika Nasional"].surfaces


def test_a_word_of_a_listed_name_ner_took_for_a_person_is_read_with_the_name():
    # "Jaksa Agung Muda ... Kejaksaan Agung": NER tags the last "Agung" alone as a person
    actors = _actors(_words("Pejabat Kejaksaan Agung , Reda Manthovani , hadir .", w2="S-PER", w4="B-PER", w5="E-PER"))
    assert set(actors) == {"Kejaksaan Agung", "Reda Manthovani"}


def test_a_name_that_runs_on_over_dan_to_its_acronym_is_read_whole():
    # NER takes "Organisasi Kerja Sama" and stops at "dan"; the acronym closes the name
    actors = _actors(
        _words("Menurut Organisasi Kerja Sama dan Pembangunan Ekonomi ( OECD ) , limbah naik .", w1="B-ORG", w3="E-ORG")
    )
    assert set(actors) == {"Organisasi Kerja Sama dan Pembangunan Ekonomi"}
    assert "OECD" in actors["Organisasi Kerja Sama dan Pembangunan Ekonomi"].surfaces


def test_a_bank_named_after_two_provinces_keeps_them_in_its_name():
    text = "Kerja sama dengan PT Bank Pembangunan Daerah Jawa Barat dan Banten ( BJB ) diteken ."
    doc = make_doc([_words(text, w3="B-ORG", w4="I-ORG", w5="I-ORG", w6="E-ORG", w7="B-LOC", w8="E-LOC", w10="S-LOC")])
    analysis = extract(doc)
    assert [a.name for a in analysis.actors] == ["PT Bank Pembangunan Daerah Jawa Barat dan Banten"]
    assert analysis.places == []


def test_two_organisations_joined_by_dan_stay_two_when_the_acronym_is_the_second_ones():
    actors = _actors(
        _words(
            "Rapat Kementerian Keuangan dan Badan Pusat Statistik ( BPS ) digelar .",
            **_span(1, 2, "ORG"),
            **_span(4, 6, "ORG"),
        )
    )
    assert set(actors) == {"Kementerian Keuangan", "Badan Pusat Statistik"}


def test_an_institution_ner_missed_does_not_run_into_the_rank_of_the_person_after_it():
    actors = _actors(
        _words("Kabid Humas Polda Metro Jaya Kombes Bhakti Suhendarwan mengatakan .", w6="B-PER", w7="E-PER")
    )
    assert set(actors) == {"Polda Metro Jaya", "Bhakti Suhendarwan"}
    assert actors["Bhakti Suhendarwan"].titles == ["Kombes"]


def test_an_institution_ner_missed_does_not_run_into_a_documents_number():
    actors = _actors(_words("Keputusan KPU RI Nomor 731 Tahun 2025 terbit ."))
    assert set(actors) == {"Komisi Pemilihan Umum"}
    assert "KPU RI" in actors["Komisi Pemilihan Umum"].surfaces


def test_an_institution_ner_ran_into_an_officer_leaves_the_officer_a_person_with_their_rank():
    actors = _actors(_words("kata Wadir Tipikor Polri Kombes Bhakti Eri Nurmansyah .", **_span(3, 7, "ORG")))
    assert set(actors) == {"Kepolisian Negara Republik Indonesia", "Bhakti Eri Nurmansyah"}
    assert actors["Bhakti Eri Nurmansyah"].titles == ["Kombes"]


def test_an_institution_ner_missed_stops_at_a_rank():
    actors = _actors(_words("kata Kapuspen TNI Brigjen Marinir Freddy Ardianzah .", w5="B-PER", w6="E-PER"))
    assert set(actors) == {"Tentara Nasional Indonesia", "Freddy Ardianzah"}


def test_a_listed_institution_run_into_its_official_is_two_actors_where_the_article_names_the_official():
    actors = _actors(
        _words(
            "Kepala Biro Kementerian PU Wilan Oktavian menjelaskan .", w2="B-ORG", w3="I-ORG", w4="I-ORG", w5="E-ORG"
        ),
        _words("Menurut Wilan , tarif naik .", w1="S-PER"),
    )
    assert set(actors) == {"Kementerian Pekerjaan Umum", "Wilan Oktavian"}
    assert sorted(actors["Wilan Oktavian"].mentions) == [0, 1]


def test_a_listed_institution_with_a_name_after_it_the_article_gives_no_person_stays_whole():
    actors = _actors(_words("Layanan KAI Commuter Line bertambah .", w1="B-ORG", w2="I-ORG", w3="E-ORG"))
    assert set(actors) == {"KAI Commuter Line"}


def test_a_common_word_that_opens_a_sentence_is_no_name_where_the_article_writes_it_lowercase():
    actors = _actors(
        _sentence(("Dividen", "PROPN"), ("itu", "DET"), ("dibagikan", "VERB"), (".", "PUNCT"), ner={0: "S-PER"}),
        _sentence(("Danantara", "PROPN"), ("menerima", "VERB"), ("dividen", "NOUN"), (".", "PUNCT"), ner={0: "S-ORG"}),
        # a one-word name opening a sentence stays a name when the article never lowercases it
        _sentence(("Bahlil", "PROPN"), ("datang", "VERB"), (".", "PUNCT"), ner={0: "S-PER"}),
    )
    assert "Dividen" not in actors
    assert "Bahlil" in actors


def test_a_car_after_its_vehicle_word_is_no_actor():
    actors = _actors(
        _sentence(
            ("Prabowo", "PROPN"),
            ("naik", "VERB"),
            ("mobil", "NOUN"),
            ("Alphard", "PROPN"),
            (".", "PUNCT"),
            ner={0: "S-PER", 3: "S-ORG"},
        ),
        _sentence(
            ("Pengemudi", "NOUN"),
            ("Pajero", "PROPN"),
            ("itu", "DET"),
            ("ditangkap", "VERB"),
            (".", "PUNCT"),
            ner={1: "S-ORG"},
        ),
    )
    assert set(actors) == {"Prabowo"}


def test_an_acronym_spelt_out_in_lowercase_names_a_thing_but_a_group_of_people_acts():
    actors = _actors(
        _sentence(
            ("Kenaikan", "NOUN"),
            ("harga", "NOUN"),
            ("pembelian", "NOUN"),
            ("pemerintah", "NOUN"),
            ("(", "PUNCT"),
            ("HPP", "PROPN"),
            (")", "PUNCT"),
            ("gabah", "NOUN"),
            (".", "PUNCT"),
            ner={5: "S-ORG"},
        ),
        _sentence(("HPP", "PROPN"), ("naik", "VERB"), (".", "PUNCT"), ner={0: "S-ORG"}),
        _sentence(
            ("Bantuan", "NOUN"),
            ("untuk", "ADP"),
            ("keluarga", "NOUN"),
            ("penerima", "NOUN"),
            ("manfaat", "NOUN"),
            ("(", "PUNCT"),
            ("KPM", "PROPN"),
            (")", "PUNCT"),
            (".", "PUNCT"),
            ner={6: "S-ORG"},
        ),
        _sentence(("KPM", "PROPN"), ("mengambil", "VERB"), ("bantuan", "NOUN"), (".", "PUNCT"), ner={0: "S-ORG"}),
    )
    assert "HPP" not in actors
    assert "KPM" in actors


def test_words_a_web_page_glued_together_end_a_name():
    actors = _actors(
        _sentence(
            ("Siswa", "NOUN"),
            ("Arman", "PROPN"),
            ("Yafeth", "PROPN"),
            ("KbarekMario", "PROPN"),
            ("menang", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-PER", 2: "I-PER", 3: "E-PER"},
        ),
    )
    assert set(actors) == {"Arman Yafeth Kbarek"}


def test_a_candidates_list_number_is_no_part_of_her_name():
    actors = _actors(
        _sentence(
            ("Calon", "NOUN"),
            ("OKU4", "PROPN"),
            ("Nopriansyah", "PROPN"),
            ("hadir", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-PER", 2: "E-PER"},
        ),
    )
    assert set(actors) == {"Nopriansyah"}


def test_a_team_named_by_common_words_is_no_actor_but_a_named_one_is():
    actors = _actors(
        _sentence(
            ("Tim", "NOUN"),
            ("Jaksa", "NOUN"),
            ("memeriksa", "VERB"),
            ("berkas", "NOUN"),
            ("dari", "ADP"),
            ("Tim", "NOUN"),
            ("SAR", "PROPN"),
            (".", "PUNCT"),
            ner={0: "B-ORG", 1: "E-ORG", 5: "B-ORG", 6: "E-ORG"},
        ),
        _sentence(("Para", "DET"), ("jaksa", "NOUN"), ("bekerja", "VERB"), (".", "PUNCT")),
    )
    assert set(actors) == {"Tim SAR"}


def test_a_currency_code_an_event_names_is_still_no_actor():
    # "SGD" as the thing given: an event's object, found by no NER tag, only by its capitals
    sentence = [
        ("Arso", "PROPN", "S-PER", 2, "nsubj"),
        ("memberikan", "VERB", O, 0, "root"),
        ("SGD", "PROPN", O, 2, "obj"),
        ("500", "NUM", O, 3, "nummod"),
        ("kepada", "ADP", O, 6, "case"),
        ("Hendi", "PROPN", "S-PER", 2, "obl"),
        (".", "PUNCT", O, 2, "punct"),
    ]
    actors = {a.name for a in extract(make_doc([sentence])).actors}
    assert "SGD" not in actors and {"Arso", "Hendi"} <= actors


def test_an_organisation_its_acronym_and_a_place_is_its_office_there():
    # "Pemerintah Provinsi (Pemprov) Jawa Timur": not a bare "Pemerintah Provinsi" that other
    # articles' provinces would share; "Pemprov Jatim" later is the same office
    actors = _actors(
        _words(
            "Pemerintah Provinsi ( Pemprov ) Jawa Timur menaikkan pajak .",
            **_span(0, 1, "ORG"),
            **_span(5, 6, "LOC"),
        ),
        _words("Pemprov Jatim membuka posko .", **_span(0, 1, "ORG")),
        _words("Kejaksaan Negeri ( Kejari ) Sikka menahan tersangka .", **_span(0, 1, "ORG"), w5="S-LOC"),
        # a company's legal form is no acronym of an office
        _words("PT Pertamina ( Persero ) Jakarta menaikkan harga .", **_span(0, 1, "ORG"), w5="S-LOC"),
    )
    assert "Pemerintah Provinsi Jawa Timur" in actors
    assert {"Pemprov", "Pemprov Jatim"} <= set(actors["Pemerintah Provinsi Jawa Timur"].surfaces)
    assert "Kejaksaan Negeri Sikka" in actors
    assert not {"Pemerintah Provinsi", "Kejaksaan Negeri", "PT Pertamina Jakarta"} & set(actors)
