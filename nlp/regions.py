"""Indonesia's administrative regions: provinces, regencies and cities, districts, villages.

From the `areaid` package (MIT licence; the Home Affairs region list with postcodes: 34
provinces, 514 regencies and cities, 7,097 districts, 82,503 villages and urban wards), read
once per process. A region comes with its parents, nearest first ("Watulimo" lies in
"Kabupaten Trenggalek", "Jawa Timur").

Village and district names are everyday words as often as not ("Ibu", "Pintu", "Tengah" are
each one somewhere), so those are found only after the word that says what they are ("Desa
Sutojayan", "Kecamatan Watulimo"); a regency or a city is found by its bare name too
("Tulungagung").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# the word before a name that says its level ("Kelurahan Cawang"); lower case
LEVEL_WORDS = {
    "kabupaten": "regency",
    "kab": "regency",
    "kota": "city",
    "kecamatan": "district",
    "kec": "district",
    "distrik": "district",  # Papua's districts
    "desa": "village",
    "kelurahan": "village",
    "kel": "village",
    "dusun": "village",
    "kampung": "village",
    "nagari": "village",  # West Sumatra's villages
    "gampong": "village",  # Aceh's
}
# every word that says a region's level, the province's too ("provinsi", "kecamatan")
KIND_WORDS = frozenset(LEVEL_WORDS) | {"provinsi"}
# a province's legal prefix the news drops ("Daerah Istimewa Yogyakarta")
_PROVINCE_PREFIXES = ("daerah khusus ibukota ", "daerah istimewa ", "daerah khusus ")


@dataclass(frozen=True)
class Region:
    """One administrative region, with the regions it lies in, nearest first."""

    name: str  # as the list writes it: "Kabupaten Trenggalek", "Watulimo", "Jawa Timur"
    level: str  # "province", "regency", "city", "district" or "village"
    parents: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """ "Watulimo, Kabupaten Trenggalek, Jawa Timur": the name with its parents."""
        return ", ".join((self.name, *self.parents))


def key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", name.lower()))


def _province_name(name: str) -> str:
    lowered = name.lower()
    for prefix in _PROVINCE_PREFIXES:
        if lowered.startswith(prefix):
            return name[len(prefix) :]
    return name


class Regions:
    """Name -> the regions of that name, by level. Kept compact (82,503 villages): each name
    points at rows of a table of its parents; a Region is made only for a name looked up."""

    def __init__(self) -> None:
        # (name, level, parent row or -1) for provinces, regencies and cities, districts
        self._rows: list[tuple[str, str, int]] = []
        # level -> name key -> (own name, parent row) of each region of that name
        self._names: dict[str, dict[str, list[tuple[str, int]]]] = {
            level: {} for level in ("province", "regency", "city", "district", "village")
        }
        folder = resources.files("areaid") / "data"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".json"):
                for province in json.loads(entry.read_text(encoding="utf-8")):
                    self._add_province(province)

    def _add(self, level: str, name: str, parent: int, *forms: str) -> int:
        """Index a region under its name (and other forms); its row, for its children."""
        for form in {key(f) for f in (name, *forms)}:
            self._names[level].setdefault(form, []).append((name, parent))
        if level == "village":
            return -1
        self._rows.append((name, level, parent))
        return len(self._rows) - 1

    def _add_province(self, province: dict[str, Any]) -> None:
        name = _province_name(province["provinsi"])
        province_row = self._add("province", name, -1, province["provinsi"])
        for regency in province.get("kabupaten", []):
            # "Kabupaten Bangkalan", "Kota Surabaya", "Kota Adm. Jakarta Selatan"
            full = re.sub(r"\bAdm\.\s+", "", regency["kab_kota"])
            word, _, bare = full.partition(" ")
            level = "city" if word.lower() == "kota" else "regency"
            regency_row = self._add(level, full, province_row, bare)
            for district in regency.get("kecamatan", []):
                district_row = self._add("district", district["kec"], regency_row)
                for village in district.get("kelurahan", []):
                    # "Glagah (Glagga)": the list gives a second name in brackets
                    first = re.sub(r"\s*\(.*?\)", "", village["kelu"]).strip()
                    self._add("village", first or village["kelu"], district_row)

    def _parents(self, row: int) -> tuple[str, ...]:
        names = []
        while row >= 0:
            name, _, row = self._rows[row]
            names.append(name)
        return tuple(names)

    def find(self, name: str) -> Region | None:
        """The region a place name means: "Kecamatan Watulimo", "Desa Sutojayan", "Tulungagung",
        "Kota Surabaya". A level word first is required for districts and villages; a name
        that several regions of its level share gives the region without parents (known, but
        not which one)."""
        words = key(name).split()
        if not words:
            return None
        level = LEVEL_WORDS.get(words[0]) if len(words) > 1 else None
        if level is not None:
            levels = ["regency", "city"] if level in ("regency", "city") else [level]
            found = self._one(" ".join(words[1:]), [level, *(lv for lv in levels if lv != level)])
            if found is None and level == "village":  # "Dusun Sawo": below the list's villages
                return Region(name, "village")
            return found
        return self._one(" ".join(words), ["province", "regency", "city"])

    def _one(self, form: str, levels: list[str]) -> Region | None:
        for level in levels:
            found = self._names[level].get(form)
            if found:
                if len(found) == 1:
                    own, parent = found[0]
                    return Region(own, level, self._parents(parent))
                return Region(found[0][0], level)
        return None


@lru_cache(maxsize=1)
def regions() -> Regions:
    return Regions()
