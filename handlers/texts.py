"""What the bot says, in Indonesian and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "start": {
        "id": "Halo! Saya <b>Briefbot</b>. Saya merangkum berita: siapa, di mana, dan apa yang terjadi.\n\n{help}",
        "en": "Hello! I am <b>Briefbot</b>. I brief you on the news: who, where, and what happened.\n\n{help}",
    },
    "help": {
        "id": (
            "/who [topik] - tokoh dan organisasi utama\n"
            "/where [topik] - tempat-tempat dalam berita\n"
            "/brief [topik] - ringkasan singkat\n"
            "/latest - artikel terbaru\n"
            "/help - bantuan ini\n\n"
            "Admin menambahkan artikel dengan meneruskan atau menempelkan teksnya (baris pertama = judul)."
        ),
        "en": (
            "/who [topic] - the key people and organisations\n"
            "/where [topic] - the places in the news\n"
            "/brief [topic] - a short summary\n"
            "/latest - the newest articles\n"
            "/help - this help\n\n"
            "Admins add articles by forwarding or pasting their text (first line = title)."
        ),
    },
    "cmd_who": {"id": "Siapa saja dalam berita", "en": "Who is in the news"},
    "cmd_where": {"id": "Di mana peristiwanya", "en": "Where it happens"},
    "cmd_brief": {"id": "Ringkasan berita", "en": "A short news brief"},
    "cmd_latest": {"id": "Artikel terbaru", "en": "The newest articles"},
    "cmd_help": {"id": "Bantuan", "en": "Help"},
    "cmd_start": {"id": "Mulai", "en": "Start"},
    "who_title": {"id": "Siapa", "en": "Who"},
    "where_title": {"id": "Di mana", "en": "Where"},
    "brief_title": {"id": "Ringkasan", "en": "Brief"},
    "latest_title": {"id": "Artikel terbaru", "en": "Newest articles"},
    "about": {"id": "tentang", "en": "about"},
    "mentions": {"id": "{n}× disebut", "en": "{n} mentions"},
    "articles_n": {"id": "{n} artikel", "en": "{n} articles"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "nothing_stored": {
        "id": "Belum ada artikel. Admin dapat meneruskan berita kepada saya.",
        "en": "No articles yet. An admin can forward news to me.",
    },
    "nothing_found": {"id": "Tidak ada yang cocok dengan “{topic}”.", "en": "Nothing matches “{topic}”."},
    "stored": {
        "id": "Tersimpan: <b>{title}</b> (id <code>{ext_id}</code>) - {n_actors} tokoh, {n_places} tempat.",
        "en": "Stored: <b>{title}</b> (id <code>{ext_id}</code>) - {n_actors} actors, {n_places} places.",
    },
    "duplicate": {
        "id": "Artikel ini sudah tersimpan: <b>{title}</b> (id <code>{ext_id}</code>). Tidak ada yang diubah.",
        "en": "This article is already stored: <b>{title}</b> (id <code>{ext_id}</code>). Nothing changed.",
    },
    "empty": {"id": "Pesan ini tidak berisi teks artikel.", "en": "This message has no article text."},
    "too_short": {
        "id": "Terlalu pendek untuk sebuah artikel (minimal {n} kata). Tidak ada yang disimpan.",
        "en": "Too short for an article (at least {n} words). Nothing was stored.",
    },
    "too_long": {
        "id": "Artikel terlalu panjang (maksimal {n} karakter). Tidak ada yang disimpan.",
        "en": "The article is too long (at most {n} characters). Nothing was stored.",
    },
    "not_text": {
        "id": "Ini tidak tampak seperti teks. Tidak ada yang disimpan.",
        "en": "This does not look like text. Nothing was stored.",
    },
    "unsupported_language": {
        "id": "Artikel ini berbahasa “{language}”; saat ini saya hanya menganalisis bahasa {supported}. Tidak ada yang disimpan.",
        "en": "This article is in “{language}”; for now I only analyse {supported}. Nothing was stored.",
    },
    "failed": {
        "id": "Maaf, analisis artikel ini gagal. Tidak ada yang disimpan.",
        "en": "Sorry, analysing this article failed. Nothing was stored.",
    },
    "not_admin": {
        "id": "Maaf, hanya admin yang dapat menambahkan artikel. Silakan tanya dengan /who, /where atau /brief.",
        "en": "Sorry, only admins can add articles. You can ask with /who, /where or /brief.",
    },
    "working": {"id": "Menganalisis…", "en": "Analysing…"},
    "error": {
        "id": "Maaf, terjadi kesalahan. Silakan coba lagi.",
        "en": "Sorry, something went wrong. Please try again.",
    },
}

LANGUAGE_NAMES = {
    "id": {"id": "Indonesia", "en": "Indonesian", "ms": "Melayu", "fr": "Prancis", "de": "Jerman", "es": "Spanyol"},
    "en": {"id": "Indonesian", "en": "English", "ms": "Malay", "fr": "French", "de": "German", "es": "Spanish"},
}


def reply_language(language_code: str | None) -> str:
    """The bot's reply language for a Telegram user's language: Indonesian first, else English."""
    if not language_code:
        return "id"
    code = language_code.lower()
    return "id" if code.startswith(("id", "ms")) else "en"


def t(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`, with values filled in (escape them before passing HTML)."""
    entry = TEXTS[key]
    return entry.get(lang, entry["en"]).format(**values)


def language_name(code: str, lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(code, code or "?")
