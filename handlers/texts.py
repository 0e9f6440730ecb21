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
            "Admin menambahkan artikel dengan meneruskan atau menempelkan teksnya (baris pertama = judul), "
            "mengirim tautannya, atau mengirim berkas .txt, .html atau .jsonl."
        ),
        "en": (
            "/who [topic] - the key people and organisations\n"
            "/where [topic] - the places in the news\n"
            "/brief [topic] - a short summary\n"
            "/latest - the newest articles\n"
            "/help - this help\n\n"
            "Admins add articles by forwarding or pasting their text (first line = title), sending "
            "their link, or sending a .txt, .html or .jsonl file."
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
    "people": {"id": "Tokoh", "en": "People"},
    "organisations": {"id": "Lembaga", "en": "Organisations"},
    "latest_actions": {"id": "Tindakan terbaru", "en": "Latest actions"},
    "what_happened": {"id": "Yang terjadi", "en": "What happened"},
    "places_label": {"id": "Tempat", "en": "Places"},
    "co_actors_label": {"id": "Bersama", "en": "With"},
    "kind_country": {"id": "negara", "en": "country"},
    "kind_region": {"id": "wilayah", "en": "region"},
    "kind_city": {"id": "kota", "en": "city"},
    "kind_continent": {"id": "kawasan", "en": "area"},
    "detail_gone": {"id": "Tidak lagi tersimpan.", "en": "No longer stored."},
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
    "pending": {
        "id": "Diterima: <b>{title}</b>. Bot sedang dimulai ulang; artikel ini tersimpan dan dianalisis begitu bot kembali.",
        "en": "Received: <b>{title}</b>. The bot is restarting; the article is kept and analysed as soon as it is back.",
    },
    "restarting": {
        "id": "Bot sedang dimulai ulang, tidak ada yang disimpan. Silakan kirim lagi sebentar lagi.",
        "en": "The bot is restarting, so nothing was stored. Please send it again in a minute.",
    },
    "failed": {
        "id": "Maaf, analisis artikel ini gagal. Tidak ada yang disimpan.",
        "en": "Sorry, analysing this article failed. Nothing was stored.",
    },
    # ---- links and files
    "bad_url": {
        "id": "Itu bukan tautan web yang dapat saya ambil: saya hanya membaca tautan http:// dan https://. Tidak ada yang disimpan.",
        "en": "That is not a web link I can fetch: I only read http:// and https:// links. Nothing was stored.",
    },
    "blocked_address": {
        "id": "Tautan itu mengarah ke alamat jaringan privat, lokal atau khusus ({detail}), yang tidak pernah saya ambil. Tidak ada yang disimpan.",
        "en": "That link leads to a private, local or reserved network address ({detail}), which I never fetch. Nothing was stored.",
    },
    "host_not_found": {
        "id": "Situs {detail} tidak ditemukan. Tidak ada yang disimpan.",
        "en": "I could not find the site {detail}. Nothing was stored.",
    },
    "unreachable": {
        "id": "Halaman itu tidak dapat dimuat: tidak ada sambungan, atau jawabannya rusak. Tidak ada yang disimpan.",
        "en": "I could not load that page: no connection, or a broken answer. Nothing was stored.",
    },
    "http_error": {
        "id": "Situs itu menjawab dengan galat (HTTP {detail}). Tidak ada yang disimpan.",
        "en": "The site answered with an error (HTTP {detail}). Nothing was stored.",
    },
    "too_many_redirects": {
        "id": "Tautan itu dialihkan terlalu sering (lebih dari {detail} kali). Tidak ada yang disimpan.",
        "en": "The link redirects too many times (more than {detail}). Nothing was stored.",
    },
    "page_too_large": {
        "id": "Halaman itu terlalu besar (lebih dari {detail}); saya berhenti membacanya. Tidak ada yang disimpan.",
        "en": "The page is too large (over {detail}); I stopped reading it. Nothing was stored.",
    },
    "timeout": {
        "id": "Situs itu terlalu lama menjawab (lebih dari {detail} detik). Tidak ada yang disimpan.",
        "en": "The site took too long to answer (over {detail} seconds). Nothing was stored.",
    },
    "bad_content_type": {
        "id": "Tautan itu berisi “{detail}”, bukan halaman web atau teks. Tidak ada yang disimpan.",
        "en": "That link leads to “{detail}”, not to a web page or text. Nothing was stored.",
    },
    "no_article": {
        "id": "Saya tidak menemukan teks artikel di sana. Tidak ada yang disimpan.",
        "en": "I found no article text there. Nothing was stored.",
    },
    "file_too_large": {
        "id": "Berkas terlalu besar (maksimal {detail}). Tidak ada yang disimpan.",
        "en": "The file is too large (at most {detail}). Nothing was stored.",
    },
    "bad_file_type": {
        "id": "Saya hanya membaca berkas .txt, .html dan .jsonl. Tidak ada yang disimpan.",
        "en": "I read .txt, .html and .jsonl files only. Nothing was stored.",
    },
    "bad_encoding": {
        "id": "Berkas ini bukan teks UTF-8. Simpan sebagai UTF-8 lalu kirim lagi. Tidak ada yang disimpan.",
        "en": "The file is not UTF-8 text. Save it as UTF-8 and send it again. Nothing was stored.",
    },
    "bad_record": {
        "id": "Ini bukan objek JSON. Tidak ada yang disimpan.",
        "en": "This is not a JSON object. Nothing was stored.",
    },
    "too_many_articles": {
        "id": "Hanya {detail} artikel pertama dari sebuah berkas yang dibaca.",
        "en": "Only the first {detail} articles of a file are read.",
    },
    "file_summary": {
        "id": "Berkas <b>{name}</b>: {stored} tersimpan, {duplicates} sudah ada, {refused} ditolak.",
        "en": "File <b>{name}</b>: {stored} stored, {duplicates} already stored, {refused} refused.",
    },
    "file_stored_line": {"id": "✅ {title} (<code>{ext_id}</code>)", "en": "✅ {title} (<code>{ext_id}</code>)"},
    "file_refused_line": {"id": "✖ baris {line}: {reason}", "en": "✖ line {line}: {reason}"},
    "file_more": {"id": "…dan {n} lainnya", "en": "…and {n} more"},
    # why one line of a .jsonl file was refused, in a few words
    "reason_empty": {"id": "tanpa teks", "en": "no text"},
    "reason_too_short": {"id": "terlalu pendek", "en": "too short"},
    "reason_too_long": {"id": "terlalu panjang", "en": "too long"},
    "reason_not_text": {"id": "bukan teks", "en": "not text"},
    "reason_unsupported_language": {"id": "berbahasa {language}", "en": "in {language}"},
    "reason_failed": {"id": "analisis gagal", "en": "analysis failed"},
    "reason_bad_encoding": {"id": "bukan UTF-8", "en": "not UTF-8"},
    "reason_bad_record": {"id": "bukan objek JSON", "en": "not a JSON object"},
    "reason_too_many_articles": {
        "id": "lebih dari {detail} artikel: sisanya tidak dibaca",
        "en": "more than {detail} articles: the rest was not read",
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
    # ---- briefings for groups and channels, settings, the admin's workflow
    "help_briefings": {
        "id": (
            "\n\n<b>Ringkasan terjadwal</b> (admin grup atau kanal):\n"
            "/subscribe JJ:MM [topik] - ringkasan harian, mis. /subscribe 08:00 Kursk\n"
            "/unsubscribe [ID|all] - hentikan ringkasan\n"
            "/settings - bahasa, zona waktu, panjang"
        ),
        "en": (
            "\n\n<b>Scheduled briefings</b> (group or channel admins):\n"
            "/subscribe HH:MM [topic] - a daily briefing, e.g. /subscribe 08:00 Kursk\n"
            "/unsubscribe [ID|all] - stop briefings\n"
            "/settings - language, time zone, length"
        ),
    },
    "help_admin": {
        "id": (
            "\n\n<b>Admin bot</b>:\n/sources [n] - artikel tersimpan\n/forget ID - hapus artikel\n"
            "/stats - statistik\n/allow, /disallow [ID] - izinkan obrolan menambah artikel"
        ),
        "en": (
            "\n\n<b>Bot admins</b>:\n/sources [n] - stored articles\n/forget ID - remove an article\n"
            "/stats - statistics\n/allow, /disallow [ID] - let a chat add articles"
        ),
    },
    "cmd_subscribe": {"id": "Ringkasan harian terjadwal", "en": "A daily scheduled briefing"},
    "cmd_unsubscribe": {"id": "Hentikan ringkasan terjadwal", "en": "Stop scheduled briefings"},
    "cmd_settings": {"id": "Bahasa, zona waktu, panjang", "en": "Language, time zone, length"},
    "cmd_sources": {"id": "Artikel tersimpan (admin)", "en": "Stored articles (admins)"},
    "cmd_forget": {"id": "Hapus artikel (admin)", "en": "Remove an article (admins)"},
    "cmd_stats": {"id": "Statistik (admin)", "en": "Statistics (admins)"},
    "cmd_allow": {"id": "Izinkan obrolan menambah artikel (admin)", "en": "Let a chat add articles (admins)"},
    "cmd_disallow": {"id": "Cabut izin menambah artikel (admin)", "en": "Stop a chat adding articles (admins)"},
    "not_chat_admin": {
        "id": "Maaf, hanya admin obrolan ini yang dapat mengubah ringkasan dan pengaturannya.",
        "en": "Sorry, only this chat's admins can change its briefings and settings.",
    },
    "bot_admin_only": {
        "id": "Maaf, hanya admin bot yang dapat melakukannya.",
        "en": "Sorry, only the bot's admins can do that.",
    },
    "subscribe_usage": {
        "id": "Cara pakai: /subscribe JJ:MM [topik], mis. <code>/subscribe 08:00 Kursk</code>. Tanpa topik: semua berita.",
        "en": "Usage: /subscribe HH:MM [topic], e.g. <code>/subscribe 08:00 Kursk</code>. Without a topic: all news.",
    },
    "scope_all": {"id": "semua berita", "en": "all news"},
    "scope_topic": {"id": "topik <i>{topic}</i>", "en": "the topic <i>{topic}</i>"},
    "subscribed": {
        "id": "✅ Ringkasan #{id}: setiap hari pukul {time} ({tz}), {scope}. Berikutnya: {next}.",
        "en": "✅ Briefing #{id}: every day at {time} ({tz}), {scope}. Next: {next}.",
    },
    "already_subscribed": {
        "id": "Obrolan ini sudah berlangganan ringkasan itu (#{id}). Berikutnya: {next}.",
        "en": "This chat already has that briefing (#{id}). Next: {next}.",
    },
    "too_many_subscriptions": {
        "id": "Obrolan ini sudah punya {n} ringkasan, batas maksimal. Hapus satu dengan /unsubscribe ID.",
        "en": "This chat already has {n} briefings, the most allowed. Remove one with /unsubscribe ID.",
    },
    "no_subscriptions": {
        "id": "Obrolan ini belum berlangganan ringkasan. Mulai dengan /subscribe JJ:MM [topik].",
        "en": "This chat has no briefings. Start one with /subscribe HH:MM [topic].",
    },
    "unsubscribe_choose": {
        "id": "Obrolan ini punya beberapa ringkasan. Hapus satu dengan /unsubscribe ID, atau semuanya dengan /unsubscribe all:",
        "en": "This chat has several briefings. Remove one with /unsubscribe ID, or all with /unsubscribe all:",
    },
    "unsubscribed": {"id": "Dihapus: {n} ringkasan.", "en": "Removed: {n} briefing(s)."},
    "unsubscribe_unknown": {
        "id": "Tidak ada ringkasan #{id} di obrolan ini.",
        "en": "There is no briefing #{id} in this chat.",
    },
    "subscription_line": {
        "id": "#{id} pukul {time}, {scope} (berikutnya {next})",
        "en": "#{id} at {time}, {scope} (next {next})",
    },
    "settings_title": {"id": "Pengaturan obrolan ini", "en": "This chat's settings"},
    "settings_body": {
        "id": "Bahasa: {language}\nZona waktu: {timezone}\nPanjang ringkasan: {length}",
        "en": "Language: {language}\nTime zone: {timezone}\nBriefing length: {length}",
    },
    "settings_subscriptions": {"id": "Ringkasan terjadwal:", "en": "Scheduled briefings:"},
    "settings_usage": {
        "id": (
            "Ubah dengan: <code>/settings language id|en</code>, <code>/settings timezone Asia/Jakarta</code> "
            "(atau WIB, WITA, WIT, UTC+7), <code>/settings length short|long</code>"
        ),
        "en": (
            "Change with: <code>/settings language id|en</code>, <code>/settings timezone Asia/Jakarta</code> "
            "(or WIB, WITA, WIT, UTC+7), <code>/settings length short|long</code>"
        ),
    },
    "settings_saved": {"id": "✅ Tersimpan.", "en": "✅ Saved."},
    "bad_setting": {"id": "Pengaturan itu tidak saya kenal.", "en": "I do not know that setting."},
    "bad_timezone": {
        "id": "Zona waktu “{tz}” tidak dikenal. Contoh: Asia/Jakarta, WIB, WITA, WIT, UTC+7.",
        "en": "Unknown time zone “{tz}”. Examples: Asia/Jakarta, WIB, WITA, WIT, UTC+7.",
    },
    "length_short": {"id": "pendek", "en": "short"},
    "length_long": {"id": "panjang", "en": "long"},
    "briefing_title": {"id": "📰 Ringkasan berita", "en": "📰 News briefing"},
    "briefing_meta": {"id": "{when} · {n} artikel baru", "en": "{when} · {n} new article(s)"},
    "briefing_more": {"id": "…dan {n} artikel lainnya: /latest", "en": "…and {n} more article(s): /latest"},
    "expand_button": {"id": "🔎 {n}", "en": "🔎 {n}"},
    "expand_gone": {"id": "Artikel ini sudah tidak tersimpan.", "en": "This article is no longer stored."},
    "expand_shown": {"id": "Sudah ditampilkan di atas.", "en": "Already shown above."},
    "sources_title": {"id": "Artikel tersimpan", "en": "Stored articles"},
    "added_by": {"id": "oleh {who}", "en": "by {who}"},
    "forget_usage": {
        "id": "Cara pakai: /forget ID (id dari /sources).",
        "en": "Usage: /forget ID (the id shown by /sources).",
    },
    "forgotten": {
        "id": "Dihapus: <b>{title}</b> (id <code>{ext_id}</code>) beserta semua hasil analisisnya.",
        "en": "Removed: <b>{title}</b> (id <code>{ext_id}</code>) and everything derived from it.",
    },
    "forget_unknown": {
        "id": "Tidak ada artikel tersimpan dengan id <code>{ext_id}</code>.",
        "en": "No stored article has the id <code>{ext_id}</code>.",
    },
    "stats_title": {"id": "Statistik", "en": "Statistics"},
    "stats_body": {
        "id": (
            "Artikel: {articles}\nTokoh dan organisasi: {actors}\nTempat: {places}\n"
            "Obrolan berlangganan: {chats}\nRingkasan terjadwal: {subscriptions}\n"
            "Obrolan yang boleh menambah artikel: {allowed}\nBasis data: {size}"
        ),
        "en": (
            "Articles: {articles}\nActors: {actors}\nPlaces: {places}\n"
            "Chats with briefings: {chats}\nScheduled briefings: {subscriptions}\n"
            "Chats allowed to add articles: {allowed}\nDatabase: {size}"
        ),
    },
    "allow_usage": {
        "id": "Cara pakai: /allow di grup yang diizinkan, atau /allow ID_PENGGUNA di obrolan pribadi.",
        "en": "Usage: /allow in the group to allow, or /allow USER_ID in a private chat.",
    },
    "allowed_chat": {
        "id": "✅ Obrolan <code>{chat_id}</code> sekarang boleh menambah artikel (teruskan beritanya ke sana).",
        "en": "✅ Chat <code>{chat_id}</code> may now add articles (forward news there).",
    },
    "disallowed_chat": {
        "id": "Obrolan <code>{chat_id}</code> tidak lagi boleh menambah artikel.",
        "en": "Chat <code>{chat_id}</code> may no longer add articles.",
    },
    "not_allowed_chat": {
        "id": "Obrolan <code>{chat_id}</code> memang tidak diizinkan.",
        "en": "Chat <code>{chat_id}</code> was not allowed anyway.",
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
