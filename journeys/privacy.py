"""Automatic redaction of personal data in consumer stories, and reporter pseudonyms.

Privacy rule 3 of the design: a story is public only after automatic redaction and moderator
approval. `redact` finds, in Dutch and English as people write them, and replaces each with its
own typed Dutch placeholder so the story still reads ("mijn boekingsnummer [boekingsnummer]"):

- personal names `[naam]`: after a cue (the writer's own "ik ben …", "mijn naam is …", staff
  "medewerker …" or "… van de klantenservice", titles "meneer/mevrouw/dhr./Mr …", relatives,
  signatures with their titles and initials), initials with a surname ("J.P. van der Berg"), any
  capitalised first name from `privacy_names.FIRST_NAMES` with the surname after it, and a listed
  first name typed in lowercase after a cue only a person follows ("ik ben sanne"), a lowercase
  surname after a title ("meneer de boer"), a word that is no Dutch or English word before the
  part of the company or a job ("Ciska van klantenservice", "Wubbo, de teamleider"), and the
  listed first names further down a list that opens with a name;
- street addresses `[adres]`: street and house number with or without postcode, a floor or flat
  after it ("3-hoog", "2e verdieping", Flemish "bus 4" and "88/3"), a town after it, postcode with
  house number in either order, "huisnummer 12a", abbreviated, Frisian and Limburgish street
  words ("Visserstr. 5", "Skoalstrjitte 3", "Kerkstraot 14"), the street word alone ("Singel
  250"), a street without one after living there or a delivery to it ("ik woon op spui 12",
  "bezorgd op Lange Voorhout 3", not "bezorgd op Werkdag 2"), English "221B Baker Street" with
  its flat ("Flat 1/2", "Apt 4B"), any British address that ends in its postcode ("101
  Deansgate, Manchester M3 2BQ"), a named house ("Rose Cottage, Church Lane"), Irish Eircodes
  (alone too) and American states with ZIP codes;
- dates of birth `[geboortedatum]`: a full date near a word for birth (in words too), or any full
  date before 2009 (frictionlog's journeys are recent; such a date is someone's birth, or near);
- BSN `[BSN]` (11-proof, or after its keyword), IBANs `[IBAN]` (mod 97), payment card numbers
  `[kaartnummer]` (Luhn, or after a card keyword, and a CVC), licence plates `[kenteken]` (Dutch
  side codes 1-14 with hyphens, or without after "kenteken" or a word for a vehicle; Belgian
  "1-ABC-234"; British "AB12 CDE");
- phone numbers `[telefoonnummer]` of every country (`phonenumbers`, and British numbers dialled
  at home in any range) and e-mail addresses `[e-mail]` in every spelling: written out in words, "at/apestaartje/apenstaartje/op gmail", "@" with spaces, "punt" mixed with dots;
- booking/order/customer/case references `[boekingsnummer]`, links carrying tokens or a social
  profile `[link]`, social handles `[gebruikersnaam]`.

Everything here is pure: no request, no database, no settings, so the
quality bench (`bench/redaction_quality.py`) runs without Django configured. The word lists load
with the module; `warm_up` runs at process start (`journeys.apps`) so no request builds anything.

What is deliberately *not* redacted, and why:
- Amounts, times, durations, years, percentages, counts and the dates of the journey itself: they
  carry the story (how long, how much, how often) and identify nobody.
- A bare postcode without a house number, and a town on its own: a postcode covers a stretch of
  street and a town thousands of people; with a street or house number they are redacted.
- Company names, products, chatbots and their names ("de chatbot Saar"), job titles, and the
  public handles of companies (@KLM): they are what the story is about and name no consumer.
- P.O. boxes ("Postbus 123, 1000 AB") and KvK numbers: they belong to companies and are public
  registers; a story naming the company's address or registration helps the reader.
- Flight and train numbers ("KL1234"): public timetable data shared by hundreds of passengers.
- Plain links (https://www.example.nl/klantenservice): they point at the company, not the person.
  Digit runs inside a plain link (news article ids, product ids) are left alone too; only links
  whose query, fragment or path carries a token, a personal id or a profile become `[link]`.
Known misses (tests/redaction_cases.py KNOWN_GAPS, strict xfails): a first name not on the list
with no cue, or with only a cue companies share ("sprak met …"), a house number in words, and a
plate with neither hyphens nor its keyword nor a word for a vehicle. A one-word street that is
also a Dutch word, with only a delivery before it ("bezorgd op Spui 21"), is missed too: after a
delivery such a word is more often a thing ("bezorgd op Werkdag 2"). That is what the moderator
is for: `manual_spans` adds a redaction by phrase, and `apply_redactions` re-applies a list of
spans minus the ones undone.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

import phonenumbers
import simplemma
from phonenumbers import Leniency, PhoneNumberMatcher

from .privacy_names import BOT_WORDS, FIRST_NAMES, NOT_NAME_PHRASES, NOT_NAMES

EMAIL = "email"
PHONE = "phone"
IBAN = "iban"
ADDRESS = "address"
REFERENCE = "reference"
URL = "url"
NAME = "name"
BIRTHDATE = "birthdate"
BSN = "bsn"
CARD = "card"
PLATE = "plate"
HANDLE = "handle"
# A moderator's own redaction of a phrase (a name, a nickname); `redact` never produces it.
MANUAL = "manual"

PLACEHOLDERS: dict[str, str] = {
    EMAIL: "[e-mail]",
    PHONE: "[telefoonnummer]",
    IBAN: "[IBAN]",
    ADDRESS: "[adres]",
    REFERENCE: "[boekingsnummer]",
    URL: "[link]",
    NAME: "[naam]",
    BIRTHDATE: "[geboortedatum]",
    BSN: "[BSN]",
    CARD: "[kaartnummer]",
    PLATE: "[kenteken]",
    HANDLE: "[gebruikersnaam]",
    MANUAL: "[weggelakt]",
}

__all__ = [
    "ADDRESS",
    "BIRTHDATE",
    "BSN",
    "CARD",
    "EMAIL",
    "HANDLE",
    "IBAN",
    "MANUAL",
    "NAME",
    "PHONE",
    "PLACEHOLDERS",
    "PLATE",
    "REFERENCE",
    "URL",
    "Redaction",
    "Span",
    "apply_redactions",
    "is_ready",
    "manual_spans",
    "mask_preview",
    "placeholder_for",
    "redact",
    "span_from_json",
    "span_to_json",
    "warm_up",
]


@dataclass(frozen=True)
class Span:
    """One redaction; `start`/`end` index the ORIGINAL text, so a moderator can undo it."""

    kind: str
    original: str
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]


@dataclass(frozen=True)
class Redaction:
    text: str
    spans: tuple[Span, ...]


def placeholder_for(kind: str) -> str:
    return PLACEHOLDERS[kind]


# --- Candidates and how they combine --------------------------------------------------------------

# When detections overlap, their union is redacted (never leave half a number readable) and the
# strongest detector names it. Keyword references outrank phones: "klantnummer 0612345678" is what
# the writer says it is, and a telecom customer number often *is* the phone number.
# A number after its own keyword ("BSN", "kenteken", "kaartnummer") is what the keyword says.
_RANK = {
    EMAIL: 0,
    URL: 1,
    IBAN: 2,
    CARD: 3,
    "bsn_kw": 4,
    PLATE: 5,
    BIRTHDATE: 6,
    "reference_kw": 7,
    PHONE: 8,
    BSN: 9,
    ADDRESS: 10,
    HANDLE: 11,
    NAME: 12,
    REFERENCE: 13,
}


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: str
    rank: int


def _hit(start: int, end: int, kind: str, detector: str | None = None) -> _Hit:
    return _Hit(start, end, kind, _RANK[detector or kind])


def _merge(hits: Iterable[_Hit]) -> list[_Hit]:
    merged: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if merged and hit.start < merged[-1].end:
            last = merged[-1]
            # The stronger detector names the union; between equals, the longer find.
            winner = min((last, hit), key=lambda h: (h.rank, -(h.end - h.start)))
            merged[-1] = _Hit(last.start, max(last.end, hit.end), winner.kind, winner.rank)
        else:
            merged.append(hit)
    return merged


# --- Shared vocabulary -------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A number followed by one of these is a quantity, not an identifier.
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:,-|,[0-9]{2}(?![0-9])|%|€"
    r"|(?i:euro?s?|cent|procent|minuten|minuut|min|uur|uren|seconden|sec|dagen|dag|weken|week"
    r"|maanden|maand|jaar|jaren|keer|maal|km|kilometer|kg|kilo|gram|mb|gb|kb|tb|kwh|liter|stuks"
    r"|mensen|klanten|artikelen|producten|punten|pagina'?s)\b)"
)
_CURRENCY_BEFORE = re.compile(r"(?:€|\$|£|(?i:\beur|\beuro|\busd|\bgbp))[ \t]*$")
_DATE_LIKE = re.compile(r"\(?[0-9]{1,4}[-./][0-9]{1,2}[-./][0-9]{1,4}")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _quantity_after(text: str, end: int) -> bool:
    return _UNIT_AFTER.match(text, end) is not None


def _currency_before(text: str, start: int) -> bool:
    return _CURRENCY_BEFORE.search(text[max(0, start - 8) : start]) is not None


def _looks_like_date(digits_text: str) -> bool:
    """`20240312` / `12032024` as written dates, so a compact date is not taken for an order id."""
    if len(digits_text) != 8:
        return False
    for fmt in ("%Y%m%d", "%d%m%Y"):
        try:
            day = datetime.datetime.strptime(digits_text, fmt).date()
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:
            return True
    return False


# --- E-mail ------------------------------------------------------------------------------------------

_AT = r"(?:@|[ \t]?[\[(](?i:at|@)[\])][ \t]?)"
_DOT = r"(?:\.|[ \t]?[\[(](?i:dot|punt)[\])][ \t]?)"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[A-Za-z]{{2,24}}(?![\w-]|\.[\w-])"
)


# Addresses written the way people type or say them: "jan punt jansen at gmail punt com",
# "kees apestaartje gmail punt com", "kees@gmail punt com", "kees @ gmail.com", "kees[at]gmail[dot]
# com". Anything but a plain "@" with real dots needs a known top-level domain at the end, so "ik
# was at work" stays; "op" ("jan.jansen op gmail.com") needs a known mail provider as well.
_SAID_DOT = r"(?:[ \t]+(?i:punt|dot)[ \t]+|[ \t]?[\[(](?i:punt|dot|\.)[\])][ \t]?)"
_LOCAL_DOT = rf"(?:\.|{_SAID_DOT})"
# A dot with a space beside it only after the "@" ("ziggo .nl"): before it, it ends a sentence.
_ANY_DOT = rf"(?:\.|{_SAID_DOT}|[ \t]+\.[ \t]*|\.[ \t]+)"
_SAID_TLD = r"(?i:nl|be|com|net|org|eu|de|fr|uk|info|io|me|biz|online|nu|co)"
_MAIL_PROVIDER = (
    r"(?i:gmail|googlemail|hotmail|outlook|live|msn|icloud|me|yahoo|ziggo|kpnmail|kpnplanet"
    r"|planet|xs4all|hetnet|home|casema|chello|upcmail|telfort|tele2|online|zonnet|quicknet"
    r"|proton|protonmail|gmx|caiway|solcon|telenet|skynet)"
)
_LOOSE_EMAIL = re.compile(
    # Only from the start of a "x punt y punt z" chain, so a long one is read once, not per word.
    rf"(?<![\w.%+-])(?<!(?i:punt)[ \t])(?<!(?i:dot)[ \t])"
    rf"[\w%+-]+(?:{_LOCAL_DOT}[\w%+-]+)*+"
    rf"(?:(?P<at>[ \t]*@[ \t]*|[ \t]?[\[(](?i:at|@)[\])][ \t]?"
    rf"|[ \t]+(?i:at|apenstaartje|apestaartje|apestaart)[ \t]+)"
    rf"|[ \t]+(?i:op)[ \t]+(?={_MAIL_PROVIDER}{_ANY_DOT}))"
    rf"[\w-]+(?:{_ANY_DOT}[\w-]+)*?{_ANY_DOT}{_SAID_TLD}(?![\w-]|\.[\w-])"
)


def _find_emails(text: str) -> Iterator[_Hit]:
    for pattern in (_EMAIL, _LOOSE_EMAIL):
        for m in pattern.finditer(text):
            yield _hit(m.start(), m.end(), EMAIL)


# --- Links -------------------------------------------------------------------------------------------

_URL_CHARS = r"[^\s<>\"'\[\]{}|\\^`]"
_URL = re.compile(
    rf"(?<![\w@./-])(?:(?i:https?://|www\.){_URL_CHARS}+"
    rf"|(?i:(?:[a-z0-9][a-z0-9-]*\.)+(?:nl|be|com|eu|net|org|de|io|app|info|shop|online)"
    rf")/{_URL_CHARS}*)"
)
_SENSITIVE_KEYS = _words(
    """token access_token refresh_token id_token auth authtoken auth_token authorization key apikey
    api_key accesskey access_key session sessionid session_id sid phpsessid jsessionid sig
    signature code otp pin password pass pwd secret hash jwt nonce reset verify verification
    confirm confirmation ticket email e-mail mail user userid user_id uid customer customerid
    customer_id klant klantnummer klantnr order orderid order_id ordernummer bestelnummer
    boekingsnummer booking bookingid zaaknummer dossiernummer postcode iban telefoon phone
    x-amz-signature x-amz-credential awsaccesskeyid"""
)
_SENSITIVE_KEY_PART = re.compile(r"token|secret|passw|session|signature|credential", re.IGNORECASE)
# Path words after which the next segment is a personal link, whatever it looks like.
_TOKEN_PATH_WORDS = _words(
    """reset password-reset wachtwoord wachtwoord-herstellen wachtwoord-resetten verify verifieer
    verificatie confirm bevestig bevestigen activate activeren activatie unsubscribe afmelden
    uitschrijven magic magic-link magiclink invite uitnodiging token track trace track-and-trace
    trackandtrace tracking"""
)
# Path words after which a segment with digits is a personal id (an order, a case, an account).
_ID_PATH_WORDS = _words(
    """order orders bestelling bestellingen account accounts klant klanten user users profile
    profiel booking bookings boeking boekingen reservering reserveringen reservation reservations
    dossier dossiers zaak zaken case cases ticket tickets invoice invoices factuur facturen
    contract contracten"""
)
_SOCIAL_HOST = re.compile(
    r"(?:^|\.)(?:facebook|instagram|twitter|x|tiktok|linkedin|threads|snapchat|youtube)\.(?:com|net)$"
)
_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
_HEX_RUN = re.compile(r"[0-9a-f]{16,}", re.I)
_TOKEN_PART_SPLIT = re.compile(r"[-_.~+/=]")


def _random_looking(value: str) -> bool:
    """Does this look machine-made (a token, a hash, an id) rather than words or a slug?"""
    if _UUID.search(value) or _HEX_RUN.search(value):
        return True
    for part in _TOKEN_PART_SPLIT.split(value):
        digits = sum(c.isdigit() for c in part)
        letters = sum(c.isalpha() for c in part)
        if len(part) >= 10 and digits >= 2 and letters >= 2:
            return True
        if len(part) >= 20 and letters == len(part) and not part.islower() and not part.isupper():
            return True  # long mixed-case base64 without digits
    return False


def _url_carries_token(url: str) -> bool:
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return True  # cannot tell what it carries: err on the reader's side of privacy
    if host in ("wa.me", "api.whatsapp.com", "t.me"):
        return True  # the path or query is someone's phone number or handle
    if _SOCIAL_HOST.search(host) and parts.path.strip("/"):
        return True  # a profile: the path is someone's account name
    params = parse_qsl(parts.query, keep_blank_values=True)
    if "=" in parts.fragment:
        params += parse_qsl(parts.fragment, keep_blank_values=True)
    for key, value in params:
        key = key.lower()
        if value and (key in _SENSITIVE_KEYS or _SENSITIVE_KEY_PART.search(key)):
            return True
        if "@" in value or _random_looking(value):
            return True
    segments = [unquote(s) for s in parts.path.split("/")]
    for i, segment in enumerate(segments):
        if _random_looking(segment) or "@" in segment:
            return True
        following = segments[i + 1] if i + 1 < len(segments) else ""
        lower = segment.lower()
        if following and lower in _TOKEN_PATH_WORDS:
            return True
        if lower in _ID_PATH_WORDS and (
            len(_DIGITS.findall(following)) >= 4
            or any(len(_DIGITS.findall(v)) >= 4 for _, v in params)
        ):
            return True
    return False


def _find_urls(text: str) -> tuple[list[_Hit], list[tuple[int, int]]]:
    """Token-carrying links, and the extent of every link (plain ones shield their digits)."""
    hits, extents = [], []
    for m in _URL.finditer(text):
        start, end = m.span()
        # Sentence punctuation after a link is not part of it; a closing parenthesis is, if opened.
        while end > start and text[end - 1] in ".,;:!?)'\"":
            if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
                break
            end -= 1
        extents.append((start, end))
        if _url_carries_token(text[start:end]):
            hits.append(_hit(start, end, URL))
    return hits, extents


def _inside(position: int, extents: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in extents)


# --- IBAN --------------------------------------------------------------------------------------------

# Lengths from the SWIFT IBAN registry; knowing the exact length lets us stop at the right place in
# "NL91 ABNA 0417 1643 00 voor" instead of swallowing the next word and failing the checksum.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}")
# A Dutch account number has a rigid shape; with a typo in it, it is still someone's account.
_NL_IBAN_SHAPE = re.compile(r"NL[0-9]{2}[A-Z]{4}[0-9]{10}")


def _is_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban_at(text: str, start: int) -> int | None:
    """End of a valid IBAN starting at `start` (compact, or grouped by four), else None."""
    length = _IBAN_LENGTHS.get(text[start : start + 2].upper())
    if length is None:
        return None
    chars: list[str] = []
    i, n = start, len(text)
    while i < n and len(chars) < length:
        c = text[i]
        if _is_alnum(c):
            chars.append(c)
            i += 1
        elif c in " -" and len(chars) % 4 == 0 and i + 1 < n and _is_alnum(text[i + 1]):
            i += 1
        else:
            break
    if len(chars) < length or (i < n and _is_alnum(text[i])):
        return None
    iban = "".join(chars).upper()
    if _iban_checksum_ok(iban) or _NL_IBAN_SHAPE.fullmatch(iban):
        return i
    return None


def _find_ibans(text: str) -> Iterator[_Hit]:
    for m in _IBAN_START.finditer(text):
        end = _iban_at(text, m.start())
        if end is not None:
            yield _hit(m.start(), end, IBAN)


# --- Phone numbers -----------------------------------------------------------------------------------

# A run of digits, optional leading "+" or "(", and the separators people put in phone numbers.
# Validation happens afterwards, on sub-runs of digit groups, so "bel 06 12345678 12 keer" still
# yields the phone number and not nothing.
_PHONE_RUN = re.compile(
    r"(?<![\w+@/=.,-])(?:\+|\(\+?)?[0-9]"
    r"(?:[0-9]|\((?=[0-9])|\)|[ \t]?[-./][ \t]?(?=[(0-9])|[ \t](?=[(+0-9]))*"
)
_PHONE_GROUP = re.compile(r"\+?\(?\+?[0-9]+\)?")
_MAX_PHONE_GROUPS = 8


def _dutch_national_ok(digits: str) -> bool:
    if len(digits) < 2 or digits[0] != "0" or digits[1] == "0":
        return False
    if digits.startswith(("0800", "0900", "0906", "0909")):
        return len(digits) in (8, 11)  # 0800-1234 and 0900-1234567
    return len(digits) == 10


def _uk_national_ok(digits: str) -> bool:
    """A British number dialled at home: 0, then eleven digits in all, from the geographic (01,
    02), non-geographic (03) or mobile (07) ranges, including Ofcom's drama ranges, which
    libphonenumber calls invalid but which read as real numbers."""
    return len(digits) == 11 and digits[:2] in ("01", "02", "03", "07")


def _belgian_landline_ok(candidate: str, digits: str) -> bool:
    """A Belgian landline dialled at home, nine digits grouped the Belgian way, in pairs at the end
    ("02/123.45.67", "09 234 56 78"): no Dutch number has nine digits, and the groups keep a bare
    id and a BSN ("012 345 672") out."""
    groups = re.split(r"[/. ]+", candidate.strip())
    paired = len(groups) >= 3 and len(groups[-1]) == 2 and len(groups[-2]) == 2
    return paired and len(digits) == 9 and digits[0] == "0" and digits[1] in "123589"


def _phone_ok(candidate: str) -> bool:
    if _DATE_LIKE.fullmatch(candidate):
        return False
    # "(0)20 8123 4567": the trunk zero in brackets, without the country code before it.
    if candidate.startswith("(0)"):
        candidate = "0" + candidate[3:].lstrip()
    without_trunk = candidate.replace("(0)", "")
    digits = "".join(_DIGITS.findall(without_trunk))
    stripped = candidate.lstrip("(")
    if stripped.startswith("+") or digits.startswith("00"):
        international = digits[2:] if not stripped.startswith("+") else digits
        if stripped.startswith("+") and len(international) < 8:
            return False
        if international.startswith("31"):
            national = "0" + international[2:]
            if national.startswith("00"):
                national = national[1:]  # "+31 020 ..." with the trunk zero kept
            return _dutch_national_ok(national)
        return 9 <= len(international) <= 15 and international[0] != "0"
    return stripped.startswith("0") and (
        _dutch_national_ok(digits)
        or _uk_national_ok(digits)
        or _belgian_landline_ok(candidate, digits)
    )


def _without_outer_parens(text: str, start: int, end: int) -> tuple[int, int]:
    """Brackets around a whole number belong to the sentence: "(+1 415 555 2671)" redacts as
    "([telefoonnummer])". An area code's own brackets, "(030) 234 56 78", stay inside."""
    if text.startswith("(+", start) or (
        text[start] == "(" and text.find(")", start, end) == end - 1
    ):
        start += 1
    if text[end - 1] == ")" and text.count(")", start, end) > text.count("(", start, end):
        end -= 1
    return start, end


def _find_phones(text: str, shielded: Sequence[tuple[int, int]]) -> Iterator[_Hit]:
    for run in _PHONE_RUN.finditer(text):
        if _inside(run.start(), shielded):
            continue
        groups = list(_PHONE_GROUP.finditer(text, run.start(), run.end()))
        i = 0
        while i < len(groups):
            found = None
            # A sub-run starts after whitespace (not mid "12-06-..."), and ends before whitespace
            # or the end of the run, never glued to a word.
            if i == 0 or text[groups[i].start() - 1] in " \t":
                for j in range(min(len(groups), i + _MAX_PHONE_GROUPS), i, -1):
                    start, end = groups[i].start(), groups[j - 1].end()
                    after = text[end] if end < len(text) else " "
                    if j < len(groups) and after not in " \t":
                        continue
                    if j == len(groups) and (after.isalnum() or after == "_"):
                        continue
                    if _phone_ok(text[start:end]):
                        found = (start, end, j)
                        break
            if found:
                yield _hit(*_without_outer_parens(text, found[0], found[1]), PHONE)
                i = found[2]
            else:
                i += 1


# Phone numbers of every country, by Google's libphonenumber (`phonenumbers`): a number written
# the way the Netherlands, the United Kingdom or Belgium dial it at home ("07123 456789", "0470 12
# 34 56"), or any country's in international form. Only numbers valid for their country count,
# and UK mobiles of the right shape (07 and nine digits: Ofcom's drama range is not "valid").
_PHONE_REGIONS = ("NL", "GB", "BE")


def _find_world_phones(text: str, shielded: Sequence[tuple[int, int]]) -> Iterator[_Hit]:
    for region in _PHONE_REGIONS:
        leniency = Leniency.POSSIBLE if region == "GB" else Leniency.VALID
        for match in PhoneNumberMatcher(text, region, leniency=leniency):
            number = match.number
            national = str(number.national_number)
            uk_mobile = number.country_code == 44 and len(national) == 10 and national[0] == "7"
            if region == "GB" and not (uk_mobile or phonenumbers.is_valid_number(number)):
                continue
            if _inside(match.start, shielded) or _DATE_LIKE.fullmatch(match.raw_string):
                continue
            yield _hit(*_without_outer_parens(text, match.start, match.end), PHONE)


# "zes-twaalf-drie-vier-vijf-zes-zeven-acht": a number written out in words. Five or more number
# words in a row, joined by spaces or hyphens (never commas: "een, twee, drie" is counting), that
# spell eight digits or more.
_ONE_DIGIT_WORDS = _words(
    "nul een één twee drie vier vijf zes zeven acht negen zero one two three four five six seven "
    "eight nine"
)
_NUMBER_WORD = (
    r"(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien"
    r"|vijftien|zestien|zeventien|achttien|negentien"
    r"|(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n)?"
    r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
    r"|zero|one|two|three|four|five|six|seven|eight|nine)(?![\w])"
)
# Digit groups may mix in ("06 twaalf 34 56 78"), and pairs may be set off by commas ("nul zes,
# een twee, drie vier, …"): then every comma-separated group must hold two words or more, since
# "een, twee, drie, vier" is counting.
_SPELLED_TOKEN = rf"(?:{_NUMBER_WORD}|[0-9]{{1,4}}(?![\w]))"
_SPELLED_PHONE = re.compile(
    rf"(?<![\w-])(?<![0-9][ \t])(?i:{_SPELLED_TOKEN}"
    rf"(?:(?:[ \t]*[-,][ \t]*|[ \t]+){_SPELLED_TOKEN}){{4,}}+)"
)
_SPELLED_SPLIT = re.compile(r"[\s,-]+")


def _find_spelled_phones(text: str) -> Iterator[_Hit]:
    for m in _SPELLED_PHONE.finditer(text):
        chain = m.group()
        tokens = [t for t in _SPELLED_SPLIT.split(chain.lower()) if t]
        words = [t for t in tokens if not t.isdigit()]
        digits = sum(len(t) if t.isdigit() else 1 if t in _ONE_DIGIT_WORDS else 2 for t in tokens)
        if not words or digits < 8 or _quantity_after(text, m.end()):
            continue
        mixed = len(words) < len(tokens)
        if (mixed or "," in chain) and digits < 10:
            continue
        if "," in chain and any(len(_SPELLED_SPLIT.split(g.strip())) < 2 for g in chain.split(",")):
            continue
        yield _hit(m.start(), m.end(), PHONE)


# --- Postcode with house number ---------------------------------------------------------------------

_PARTICLE = r"(?:van|de|der|den|het|'t|te|ter|ten|aan|op|in|la|le|du|von|voor|bij)"
_STREET_SUFFIX = (
    r"(?:straat|weg|laan|plein|gracht|kade|dijk|singel|pad|hof|steeg|dreef|park|markt"
    r"|baan|wal|erf|plantsoen|boulevard|kanaal|haven|veld|vaart|allee|ring|brink|zoom|oord|akker"
    r"|kamp|boog|hoeve|wijk|burg|dam)"
)
# Capitalised words that open a sentence or label an address, never a street name's first word
# ("Van Woustraat" and "De Clercqstraat" are, so those particles stay allowed).
_NOT_STREET = (
    r"(?:Adres|Woonadres|Bezorgadres|Afleveradres|Factuuradres|Postadres|Mijn|Ons|Onze|Een"
    r"|Ik|Wij|We|Op|In|Aan|Naar|Bij|Voor|Thuis)(?![^\W\d_])"
)
# Letters only (a code like "KL1234." is no street), or an abbreviation such as "St." or "Burg.".
_CAP_WORD = (
    rf"(?!{_NOT_STREET})(?:[A-ZÀ-Þ][a-zà-ÿ]{{0,4}}\.|[A-ZÀ-Þ](?:[^\W\d_]|['’-](?=[^\W\d_]))*)"
)
_STREET = (
    rf"(?:{_CAP_WORD}[ \t]+(?:{_PARTICLE}[ \t]+){{0,3}}){{0,3}}"
    rf"(?:{_CAP_WORD}|[\w'’-]*?{_STREET_SUFFIX})"
)
# "12", "12a", "12 A", "12-2", "101-B", "88 hs", "7 bis", "14 III", Flemish "88/3", a floor
# or a flat written after the number ("8 3-hoog achter", "5 2hg", "5, twee hoog", "14 2e
# verdieping", "5 app. 12", "5 bovenwoning").
_FLOOR = (
    r"(?:(?:[1-9](?:e|de|ste)?|een|twee|drie|vier|vijf|zes)[- ]?(?i:hoog|hg)"
    r"(?:[ \t]+(?i:voor|achter))?"
    r"|[1-9](?:e|de|ste)[ \t]+(?i:verdieping|etage)|(?i:app\.?|appartement)[ \t]*[0-9]{1,4})"
)
_ADDITION = (
    rf"(?:(?:,?[ \t]+{_FLOOR}"
    r"|[ \t]?-[ \t]?[A-Za-z0-9]{1,4}"
    r"|/[0-9A-Za-z]{1,4}"
    r"|[ \t]?(?i:hs|huis|bis|bg|(?:boven|beneden)(?:woning|huis)?|rood|zw|ii|iii|iv)"
    # Belgian "bus 12" / "boîte 7", a unit on an industrial estate.
    r"|[ \t]+(?i:bus|boîte|boite|bte|unit)[ \t]*(?:[0-9]{1,4}[A-Za-z]?|[A-Z])"
    # A floor in brackets, "18 (1-hoog)"; the corner of the next street, "2, hoek Molenweg".
    rf"|[ \t]*\({_FLOOR}\)|,?[ \t]+(?i:hoek)[ \t]+[A-ZÀ-Þ][\w'’-]+)(?![\w]))"
)
# The letter is no abbreviation's first: "120 t.o. het museum".
# Rotterdam numbers a flat after the letter: "12A02".
_HOUSE_NUMBER = (
    r"[1-9][0-9]{0,4}(?:[ \t]?[A-Za-z](?![\w]|\.[A-Za-z])|[A-Za-z][0-9]{2}(?![\w]))?"
    rf"{_ADDITION}?"
)
# Written "1234AB", "1234 ab" or "1234-AB".
_POSTCODE = r"(?<![0-9])[1-9][0-9]{3}[ \t-]?(?P<letters>[A-Za-z]{2})(?![A-Za-z])"
_HN_WORD = r"(?i:huisnummer|huisnr\.?|nr\.?|nummer|no\.?)"
_FILLER = r"(?:[ \t]*(?:[,;/:|–(-]|\r?\n|(?i:en|met|mijn|is|de|het|te|postcode)\b))"
# "Kerkstraat 12, 1234 AB" · "huisnummer 12 en postcode 1234AB" (number first)
# The town right after a postcode goes with it ("4811 KP Breda").
_TOWN_AFTER_POSTCODE = (
    r"(?:[ \t]+(?P<town>(?:['’]s-)?[A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+)?))?"
)
_ADDRESS_NUMBER_FIRST = re.compile(
    rf"(?<![\w'’.-])(?:(?P<street>{_STREET})[ \t]+|{_HN_WORD}[ \t]*(?::|(?i:is))?[ \t]*)"
    rf"{_HOUSE_NUMBER}{_FILLER}{{0,6}}[ \t]*{_POSTCODE}{_TOWN_AFTER_POSTCODE}"
)
# "12, 1234 AB" after a street the pattern above does not recognise (lowercase, no suffix).
_ADDRESS_BARE_NUMBER = re.compile(
    rf"(?<![\w.,€$-]){_HOUSE_NUMBER}[ \t]*(?:,|\r?\n)[ \t]*{_POSTCODE}"
)
# "1234AB 12" · "1234 ab, huisnummer 5" · "postcode 1234 AB en huisnummer 12"
_ADDRESS_POSTCODE_FIRST = re.compile(
    rf"(?<![\w]){_POSTCODE}(?:{_FILLER}|[ \t]*{_HN_WORD}){{0,6}}[ \t]*"
    rf"(?P<number>{_HOUSE_NUMBER})(?![\w]|[:.,][0-9])"
)
# Two-letter words and units that follow a four-digit number without being a postcode
# ("in 2024 en", "1000 MB"). SA, SD and SS are never issued as postcode letters.
_NOT_POSTCODE_LETTERS = _words(
    """en in op om te is al er of nu zo ik je we ze de na ja at on to an as by if it me my no or so
    up us he be do go am pm uw ca km kg cm mm ml mb gb kb tb pk kw hz ms st nr ct ex ok"""
)
_UNIT_LETTERS = _words("am pm km kg cm mm ml mb gb kb tb pk kw hz ms")
_COMPANY_ADDRESS = re.compile(r"(?i:postbus|antwoordnummer)\b")
_COMPANY_ADDRESS_BEFORE = re.compile(r"(?i:postbus|antwoordnummer)[ \t]*$")


# A street and house number without a postcode: "Kerkstraat 12", "kerkstraat 12a", "Laan van
# Meerdervoort 101-B", "12 Baker Street", or any capitalised street after "ik woon op"/"adres:".
# A town after a comma or "in" goes with it ("Kerkstraat 12, Amsterdam").
_STREET_FIRST_WORD = (
    r"(?:Laan|Plein|Weg|Kade|Dijk|Singel|Gracht|Markt|Burgwal|Hof|Dreef|Ring|Boulevard|Rue|Steenweg"
    r"|Avenue|Chaussée|Place|Quai)"
)
# "str." "ln." "pln." "gr." "wg." "kd." "sngl.": a street word shortened before its number; no
# Dutch word ends in "str", "ln" or "pln", so those go without their dot too ("kerkstr 12").
_STREET_ABBREVIATION = r"(?:(?:str|ln|pln)\.?|(?:gr|wg|kd|sngl)\.)(?=[ \t]*[1-9])"
# Without a postcode only the unmistakable street endings count: "aflevering 3", "storing 2",
# "verzekering 1" (-ring), "Amsterdam 2" (-dam) and "loopbaan 2" (-baan) are no addresses.
_STREET_SUFFIX_ALONE = (
    r"(?:straat|weg|laan|plein|gracht|kade|dijk|singel|steeg|dreef|markt|plantsoen|boulevard"
    r"|kanaal|vaart|allee|hof|pad|straatweg|dwarsstraat|lei|kaai|steenweg|schans|wal|burgwal"
    # Frisian and Limburgish spellings ("Skoalstrjitte", "Feartdyk", "Kerkstraot").
    r"|strjitte|dyk|leane|paad|wei|straot"
    # The diminutive ("Kerkstraatje 3"), and a road named after the town it leads to: "-baan" and
    # "-vest" go alone after a town's adjective ("Turnhoutsebaan 200", "Mechelsevest 88").
    r"|straatje|steegje|laantje|pleintje|s(?:ch)?e(?:baan|vest|poort)"
    # Abbreviated as on envelopes: "Visserstr. 5", "Julianaln. 4a", "Stationspln. 14".
    rf"|{_STREET_ABBREVIATION})"
)
_LOWER_NAMED_STREET = (
    r"(?!(?:naar|bij|aan|van|voor|over|door|uit|het|een|mijn|onze|ons|hun|zijn|haar|die|dat|deze"
    r"|adres|woon|wonen|ik|wij|we|op|en|of)\b)[a-zà-ÿ]{3,}[ \t]+"
    r"(?:(?:van|de|der|den|'t|ter|ten)[ \t]+){1,3}"
)
# A title before a lowercase street named after someone: "koningin julianaweg 44".
_LOWER_STREET_TITLE = (
    r"(?:(?:koningin|koning|prins|prinses|burgemeester|burg\.|dokter|dr\.|pastoor|graaf|gravin"
    r"|generaal|kapitein|professor|prof\.|sint|st\.)[ \t]+)"
)
# "'s-Gravendijkwal", "1e Helmersstraat", "J.P. Coenstraat".
_STREET_PREFIX = r"(?:['’]s-|[1-9](?:e|de|ste)[ \t]+|(?:[A-Z]\.){2,3}[ \t]?)?"
# Particles inside a street's name ("Burgemeester van Stamplein"); "Bezorgd op Hoofdstraat 4"
# opens with a verb and a preposition, not a street.
_NAME_PARTICLE = r"(?:van|de|der|den|het|'t|te|ter|ten|la|le|du|von)"
_SUFFIXED_STREET = (
    rf"(?:{_STREET_PREFIX}(?:{_CAP_WORD}[ \t]+(?:{_NAME_PARTICLE}[ \t]+){{0,3}}){{0,3}}"
    rf"[A-ZÀ-Þ][\w'’-]*?{_STREET_SUFFIX_ALONE}"
    # Lowercase, also after a first name and particle ("jan van nassaustraat 12").
    rf"|(?:{_LOWER_NAMED_STREET}|{_LOWER_STREET_TITLE})?[a-zà-ÿ][a-zà-ÿ'’-]{{2,}}?"
    rf"(?:straat|laan|gracht|kade|singel|steeg|dreef|plein|weg|{_STREET_ABBREVIATION})"
    # "Rue des Bouchers", "Rue d'Arlon": French particles run into the name.
    rf"|{_STREET_FIRST_WORD}"
    rf"(?:[ \t]+(?:(?:{_PARTICLE}|des)[ \t]+){{0,3}}(?:[dl]['’])?{_CAP_WORD}){{1,2}}"
    # A street named after a year is known by the number word after it: "Plein 1944 nr 3".
    rf"|{_STREET_FIRST_WORD}[ \t]+(?:1[89]|20)[0-9]{{2}}(?=[ \t]+{_HN_WORD})"
    # The street word alone is the street's whole name in many towns: "Singel 250", "Markt 4".
    # Not in a surname ("mevrouw Van Dijk", "van der Dam").
    r"|(?<![Vv]an[ ])(?<!de[nr][ ])"
    r"(?:Singel|Markt|Brink|Kade|Dam|Plein|Gracht|Dijk|Wal|Vest|Kouter)(?=[ \t]+[1-9])"
    # "Grote Markt", "Lange Nieuwstraat", "Gedempte Oude Gracht": the street word written apart
    # and capitalised, or split by a typo ("Kerk straat 12").
    rf"|(?:{_CAP_WORD}[ \t]+){{1,2}}"
    r"(?:Markt|Plein|Laan|Weg|Straat|Kade|Dijk|Singel|Gracht|Steenweg|Haven|Wal|Vest|Dreef"
    r"|straat|laan|gracht|kade|singel|steeg|plein|dreef))"
)
# A town after a comma or "in"/"te", with a Belgian four-digit postcode before it ("9000 Gent").
_TOWN = (
    r"(?P<town>(?:,[ \t]*|[ \t]+(?:in|te)[ \t]+)(?:[1-9][0-9]{3}[ \t]+(?![A-Z]{2}(?![\w])))?"
    r"(?:(?:['’]s-)?[A-ZÀ-Þ][\w'’-]+(?:[ \t]+(?![A-Z]{1,2}[0-9])[A-ZÀ-Þ][\w'’-]+)?))?"
)
_HOUSE_NUMBER_END = r"(?![\w]|[:.,-]?[0-9])"
_ADDRESS_STREET = re.compile(
    # A comma only before a number word: "Kerkstraat, nr 12".
    rf"(?<![\w'’.-])(?P<street>{_SUFFIXED_STREET})(?:,?[ \t]+{_HN_WORD}[ \t]*|[ \t]+)"
    rf"(?P<number>{_HOUSE_NUMBER}){_HOUSE_NUMBER_END}{_TOWN}"
)
# "ik woon op", "wij wonen sinds kort aan", and the town first: "ik woon in Houten, Eikenhorst 12".
_LIVE_CUE = (
    r"(?:woon|woont|wonen|woonde|woonden|woonachtig|wonende)"
    r"(?:(?:[ \t]+(?!op\b|aan\b)[^\s.,;:!?]+){0,3}?[ \t]+(?:op|aan)"
    r"|[ \t]+in[ \t]+(?-i:[A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+)?),)"
)
_ADDRESS_AFTER_CUE = re.compile(
    rf"(?<![\w])(?i:{_LIVE_CUE}"
    r"|(?:woon|bezorg|aflever|factuur|post|verzend)?adres(?:[ \t]+(?:is|was|luidt))?:?"
    # "mijn huis aan de Amstel 23", "ons appartement op de Weena 12".
    r"|(?:mijn|ons|onze)[ \t]+(?:huis|woning|appartement|flat|huurhuis)[ \t]+(?:op|aan)"
    r"|address(?:[ \t]+is)?:?|i[ \t]+live[ \t]+(?:at|on)|we[ \t]+live[ \t]+(?:at|on))"
    r"[ \t]+(?:(?i:de|het)[ \t]+)?"
    # "'t Zand 12", "Burg. Dr. Reinaldapark 3": an article and abbreviated titles open the name.
    r"(?P<street>(?:['’]t[ \t]+)?(?:[A-ZÀ-Þ][a-zà-ÿ]{0,4}\.[ \t]+){0,3}"
    rf"(?:[A-ZÀ-Þ][\w'’-]+[ \t]+(?:{_PARTICLE}[ \t]+){{0,3}}){{0,3}}[A-ZÀ-Þ][\w'’-]+)"
    rf"[ \t]+(?P<number>{_HOUSE_NUMBER}){_HOUSE_NUMBER_END}{_TOWN}"
)
# The same in lowercase after living there, any street ("ik woon op spui 12", "ik woon op laan
# van meerdervoort 53"), when none of its words is a common one ("ik woon op nummer 12").
_ADDRESS_AFTER_CUE_LOWER = re.compile(
    rf"(?<![\w])(?i:{_LIVE_CUE})[ \t]+(?:(?:de|het)[ \t]+)?"
    r"(?P<street>(?:[a-zà-ÿ][a-zà-ÿ'’-]*[ \t]+){0,3}[a-zà-ÿ][a-zà-ÿ'’-]{2,})"
    rf"[ \t]+(?P<number>{_HOUSE_NUMBER}){_HOUSE_NUMBER_END}"
)
# A street with no street word, known by a delivery or a move to it ("bezorgd op Spui 21",
# "de verhuizing naar Lange Voorhout 3") or by living there said after it ("terwijl wij op
# Meir 88 wonen"). Its words are capitalised, not all capitals ("bezorgd bij DHL 2").
_PLAIN_STREET = (
    rf"(?P<street>(?:[A-ZÀ-Þ][a-zà-ÿ'’-]+[ \t]+(?:{_PARTICLE}[ \t]+){{0,3}}){{0,3}}"
    r"[A-ZÀ-Þ][a-zà-ÿ'’-]+)"
)
# "2x": twice, not a house number.
_TIMES = re.compile(r"[0-9]+[xX]")
_PARTICLES = _words("van de der den het 't te ter ten aan op in la le du von voor bij")
_ADDRESS_DELIVERED = re.compile(
    r"(?<![\w])(?i:bezorg(?:d|de|den|en)?|(?:af)?gelever(?:d|de|den)|afleveren|afgegeven"
    r"|verhuis(?:d|de|den|t)?|verhuizing|verhuizen|(?:ge)?bracht|brengen"
    r"|neergezet|neergelegd|achtergelaten|afgezet)"
    r"(?:[ \t]+[^\s.,;:!?]+){0,4}?[ \t]+(?i:op|aan|naar|bij|van)[ \t]+(?:(?i:de|het)[ \t]+)?"
    rf"{_PLAIN_STREET}[ \t]+(?P<number>{_HOUSE_NUMBER}){_HOUSE_NUMBER_END}"
)
_ADDRESS_LIVED_AT = re.compile(
    r"(?<![\w])(?i:op|aan)[ \t]+(?:(?i:de|het)[ \t]+)?"
    rf"{_PLAIN_STREET}[ \t]+(?P<number>{_HOUSE_NUMBER})"
    r"(?=[ \t]+(?i:woon|woont|wonen|woonde|woonden|gewoond)(?![\w]))"
)
# A house's name before its street: "Rose Cottage, 4 Green Lane", "Flat 9, Albion House, 30 …".
_HOUSE_NAME = (
    r"(?:The[ \t]+)?(?:[A-Z][a-z]+[ \t]+){0,2}(?:Cottage|House|Farm|Lodge|Barn|Manor|Rectory"
    r"|Vicarage|Hall|Villa|Mill|Croft|Grange|Bungalow)"
)
# A UK postcode ends an English address: "22 Mill Lane, Leeds LS6 2AB".
_UK_POSTCODE = r"[A-Z]{1,2}[0-9][0-9A-Z]?[ \t]?[0-9][A-Z]{2}(?![\w])"
# An Irish Eircode ("D02 X285", "A94 C6R4"): routing key and a unique id, one per address.
_EIRCODE = r"(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W)[ \t]?[0-9AC-FHKNPRTV-Y]{4}(?![\w])"
# An American state and ZIP code after the town: "Boston, MA 02115".
_US_STATE_ZIP = r"[A-Z]{2}[ \t]+[0-9]{5}(?:-[0-9]{4})?(?![\w])"
# A flat, apartment or suite: "Flat 3", "Apt 4B", "Flat 1/2" (Glasgow), "Flat C".
_EN_FLAT = (
    r"(?i:flat|apartment|apt\.?|unit|suite)[ \t]+(?-i:[0-9]{1,4}[A-Za-z]?(?:/[0-9]{1,2})?|[A-Z])"
    r"(?![\w/])"
)
_EN_STREET_WORD = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Close|Court|Place|Square|Crescent"
    r"|Boulevard|Blvd\.?|Terrace|Gardens|Approach|Way|Walk|Row|Hill|Green|Mews|Grove|Rise|Park"
    r"|Parade|Gate|View|Wharf|Parkway|Pkwy\.?|Highway|Hwy\.?)(?![\w])"
)
# A street's own words: "Mill", "Queen's", a compass point and an ordinal ("45 W 34th St").
_EN_STREET_NAME = r"(?:(?:[A-Z][a-z]+['’]?s?|[NSEW]\.?|[0-9]{1,3}(?:st|nd|rd|th))[ \t]+){1,3}"
# What follows the street word: a side ("Park Avenue South"), a flat after it, the town, a
# Dublin district ("Dublin 4"), and a county or second town ending in a postcode, an Eircode or
# a state and ZIP ("Monkstown, Co. Dublin A94 C6R4", "New York, NY 10001").
_DUBLIN_DISTRICT = r"(?<=Dublin)[ \t]+(?:[12]?[0-9]|6W)(?![\w])"
_EN_TAIL = (
    rf"(?:[ \t]+(?:North|South|East|West))?(?:,?[ \t]+{_EN_FLAT})?{_TOWN}(?:{_DUBLIN_DISTRICT})?"
    r"(?:(?:,[ \t]*(?:(?:Co\.|County)[ \t]+)?[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)?"
    rf"(?:,?[ \t]*(?:{_UK_POSTCODE}|{_EIRCODE}|{_US_STATE_ZIP})|{_DUBLIN_DISTRICT}))?"
)
_ADDRESS_ENGLISH = re.compile(
    # A flat before the number, maybe in a named building ("Flat 6, The Maltings, 12 …").
    rf"(?<![\w.,/-])(?:{_EN_FLAT},?[ \t]+"
    r"(?:(?:The[ \t]+)?[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2},[ \t]+)?)?"
    rf"(?:{_HOUSE_NAME},?[ \t]+)?"
    rf"(?:[0-9]{{1,2}}/)?[1-9][0-9]{{0,3}}[A-Za-z]?[ \t]+{_EN_STREET_NAME}{_EN_STREET_WORD}{_EN_TAIL}"
)
# A named house needs no number: "Rose Cottage, Church Lane", "The Old Rectory, Main Street",
# "The Stables, Home Farm, Church Road".
_ADDRESS_HOUSE_NAMED = re.compile(
    r"(?<![\w])(?:The[ \t]+[A-Z][a-z]+,[ \t]+)?(?:The[ \t]+)?(?:[A-Z][a-z]+[ \t]+){0,2}(?:Cottage|Cottages|Farm|Farmhouse|Lodge"
    r"|Barn|Manor|Rectory|Vicarage|Villa|Croft|Grange|Bungalow),[ \t]+"
    r"(?:[A-Z][a-z]+['’]?s?[ \t]+){1,3}"
    rf"{_EN_STREET_WORD}{_EN_TAIL}"
)
# A flat in a named block needs no street: "apartment 12, Riverside Court", "Flat 4 Albion House".
_ADDRESS_FLAT_IN_BLOCK = re.compile(
    rf"(?<![\w]){_EN_FLAT},?[ \t]+(?:The[ \t]+)?(?:[A-Z][a-z]+[ \t]+){{1,3}}"
    r"(?:Court|House|Mansions|Tower|Heights|Apartments|Buildings?|Lodge|Point|Wharf|Quay)(?![\w])"
)
# French and Belgian streets with the number first: "15 Rue de Rivoli, Paris".
_ADDRESS_FRENCH = re.compile(
    r"(?<![\w.,/-])[1-9][0-9]{0,3}(?:[ \t]?(?:bis|ter))?,?[ \t]+"
    r"(?i:rue|avenue|boulevard|place|chemin|allée|impasse|quai)[ \t]+"
    r"(?:(?:de|du|des|la|le|l['’])[ \t]*){0,2}[A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+)?"
)
# An Eircode alone, its id with a letter ("Eircode is V94 T9PX"): it names one house.
_ADDRESS_EIRCODE = re.compile(
    r"(?<![\w])(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W)[ ](?=[0-9]*[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4}"
    r"(?![\w])"
)
# The same in lowercase, with the unmistakable street words only: "6 west end lane".
_ADDRESS_ENGLISH_LOWER = re.compile(
    r"(?<![\w.,-])(?:(?i:no\.?|number)[ \t]*)?[1-9][0-9]{0,3}[a-z]?[ \t]+(?P<words>(?:[a-z]+['’]?s?[ \t]+){1,3})"
    r"(?:street|road|lane|avenue|crescent|terrace|gardens|grove|mews)(?![\w])"
)
_NOT_LOWER_STREET_WORDS = _words(
    "the a an my our their his her this that hours minutes days weeks times miles more other same"
)
# A British postcode alone, written with its space ("M1 7ED", "BS8 1QU"): it covers a handful of
# houses. A house number right after it goes with it ("BS8 1QU, number 14").
_ADDRESS_UK_POSTCODE = re.compile(
    r"(?<![\w])[A-Z]{1,2}[0-9][0-9A-Z]?[ ][0-9][A-Z]{2}(?![\w])"
    r"(?:,?[ \t]+(?i:house[ \t]+number|number|no\.?|nr\.?)[ \t]*[1-9][0-9]{0,3}[A-Za-z]?(?![\w]))?"
)
# After "I live at", a British address needs no street word: "4 Westgate, Chichester", "flat
# 12b, Marlowe Court".
_ADDRESS_ENGLISH_AFTER_CUE = re.compile(
    r"(?<![\w])(?i:i[ \t]+live[ \t]+at|we[ \t]+live[ \t]+at|i'm[ \t]+at|we're[ \t]+at"
    r"|my[ \t]+address[ \t]+is|address:)[ \t]+"
    r"(?P<address>(?:(?i:flat|apartment|apt\.?|unit)[ \t]+[0-9]{1,4}[A-Za-z]?,?[ \t]+)?"
    r"(?:[1-9][0-9]{0,3}[A-Za-z]?[ \t]+)?[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}"
    r"(?:,[ \t]*[A-Z][\w'’-]+(?![\w]))?)"
)
# A street with no street word, known by where someone went and the town after it: "naar
# Esdoorn 14 in Almere", "bij Lijsterbes 22 te Zeist". Places with numbers that are no street
# ("Terminal 2 in Schiphol") are left.
_NOT_STREET_NAMES = _words(
    """terminal gate hal zaal perron spoor bus lijn kassa balie loket fase stap week dag kamer
    pier ingang uitgang verdieping etage blok vak rij tafel artikel versie hoofdstuk pagina model
    type nummer lid bijlage kantoor hoofdkantoor kiosk pakketpunt afhaalpunt servicepunt vestiging
    filiaal magazijn depot locatie winkel station halte hoek kant rand plek overkant buurt"""
)
_ADDRESS_GONE_TO = re.compile(
    r"(?<![\w])(?i:naar|bij|op|aan)[ \t]+"
    rf"(?P<street>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,2}})[ \t]+"
    rf"(?P<number>{_HOUSE_NUMBER}){_HOUSE_NUMBER_END}"
    r"(?P<town>[ \t]+(?:in|te)[ \t]+[A-ZÀ-Þ][\w'’-]+)"
)
# Belgian "Meir 45 bus 2": a capitalised street with no street word, known by its "bus".
_ADDRESS_BUS = re.compile(
    rf"(?<![\w'’.-])(?P<street>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,2}})[ \t]+[1-9][0-9]{{0,4}}"
    r"[ \t]+(?i:bus|boîte|boite|bte)[ \t]*[0-9]{1,4}[A-Za-z]?(?![\w])"
)

# The number before its street: "ik woon op nummer 12 in de Kerkstraat", "nr. 4 van de Dorpsweg".
_ADDRESS_NUMBER_BEFORE_STREET = re.compile(
    rf"(?<![\w])(?i:huisnummer|huisnr\.?|nummer|nr\.?)[ \t]*{_HOUSE_NUMBER}[ \t]+(?i:in|van|aan|op)"
    rf"[ \t]+(?:(?i:de|het)[ \t]+)?(?:{_SUFFIXED_STREET})(?![\w])"
)
# "huisnummer 12a" alone: the word says what the number is ("nummer 12" alone does not).
_ADDRESS_HOUSE_NUMBER_WORD = re.compile(
    rf"(?<![\w])(?i:huisnummer|huisnr\.?)(?:[ \t]*(?::|(?i:is|was)\b))?[ \t]*{_HOUSE_NUMBER}"
    r"(?![\w]|[.,][0-9])"
)
# A street and number before a postcode make any letters a postcode's ("Hoofdweg 102 9621 AM"),
# and a lowercase town after it goes too ("… slochteren"). A postcode alone stays (see the top).
_ADDRESS_STREET_POSTCODE = re.compile(
    rf"(?<![\w'’.-])(?P<street>{_SUFFIXED_STREET})[ \t]+{_HOUSE_NUMBER},?[ \t]+"
    r"(?<![0-9])[1-9][0-9]{3}[ \t-]?[A-Za-z]{2}(?![\w])(?P<town>[ \t]+[a-zà-ÿ][a-zà-ÿ'’-]{2,})?"
)
# Flemish addresses without a street word, known by the postcode and town after a comma:
# "Coupure Links 653, 9000 Gent".
_ADDRESS_BELGIAN = re.compile(
    rf"(?<![\w'’.-])(?P<street>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,2}})[ \t]+{_HOUSE_NUMBER}"
    r",[ \t]*[1-9][0-9]{3}[ \t]+[A-ZÀ-Þ][\w'’-]+(?![\w])"
)
# A British address that ends in its postcode needs no street word: "101 Deansgate, Manchester
# M3 2BQ", "3 Castle Wynd, Inverness IV2 3EE", a flat or a house name before it ("Rose Cottage,
# 4 Green Lane, York YO30 6AB"), in any case ("12 oak avenue, bristol bs6 7ab").
_ADDRESS_UK_ENDING = re.compile(
    rf"(?<![\w.,-])(?:{_HOUSE_NAME},?[ \t]+)?"
    r"(?:(?i:flat|apartment|apt\.?|unit)[ \t]+[0-9]{1,4}[A-Za-z]?,?[ \t]+"
    r"(?:[1-9][0-9]{0,3}[A-Za-z]?[ \t]+)?|[1-9][0-9]{0,3}[A-Za-z]?[ \t]+)"
    r"(?:[A-Za-z][a-z'’-]+[ \t]+){0,3}[A-Za-z][a-z'’-]+,?[ \t]+"
    r"(?:[A-Za-z][a-z'’-]+[ \t]+){0,2}?,?[ \t]*"
    r"(?-i:[A-Z]{1,2}[0-9][0-9A-Z]?[ \t]?[0-9][A-Z]{2}|[a-z]{1,2}[0-9][0-9a-z]?[ \t][0-9][a-z]{2})"
    r"(?![\w])"
)


def _town_word(town: str) -> str:
    """The town's first word, past the comma, "in"/"te", a Belgian postcode and the article of
    "De Bilt", "Den Haag", "Het Zand"."""
    words = town.strip(" \t,").split()
    while len(words) > 1 and (words[0] in ("in", "te", "De", "Den", "Het") or words[0].isdigit()):
        words = words[1:]
    return words[0].lower()


def _town_end(m: re.Match, without: int) -> int:
    """Where an address ends with the town after it: at `without` when the town's first word
    names no town ("Kerkstraat 12, Ik wacht"), before a second word that names none ("Kerkstraat
    4, 1234 AB Amsterdam Ik wacht al weken" ends at "Amsterdam"), else with the whole town."""
    town = m.group("town")
    if not town:
        return m.end()
    first = _town_word(town)
    *before, last = town.rstrip().split()
    if first in NOT_NAMES:
        # "1234 AB Ons Dorp": two capitalised words, the second no common word, are a town.
        named = before and last[0].isupper() and last.lower() not in NOT_NAMES
        return m.end() if named else without
    if before and last.lower() != first and last.lower() in NOT_NAMES:
        return m.start("town") + len(town.rstrip()) - len(last) - 1
    return m.end()


_SENTENCE_WORDS = _words("in at on to from for by with and or was is were are")


def _english_address_ok(address: str) -> bool:
    """A house or flat number, and no word that names no place ("I'm at Tesco 3 times")."""
    words = address.replace(",", " ").split()
    numbered = any(_DIGITS.search(word) for word in words[:3])
    return numbered and not any(w.lower() in NOT_NAMES for w in words if not _DIGITS.search(w))


# Words without which a rarer address pattern cannot match: a plain substring test skips its scan.
_HOUSE_WORDS = [
    "Cottage",
    "Farm",
    "Lodge",
    "Barn",
    "Manor",
    "Rectory",
    "Vicarage",
    "Villa",
    "Croft",
    "Grange",
    "Bungalow",
]
_FLAT_WORDS = ("flat", "apartment", "apt", "unit", "suite")
_FRENCH_STREET_WORDS = ("rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse", "quai")


_DELIVERY_STEMS = (
    "bezorg",
    "lever",
    "afgegeven",
    "verhuis",
    "verhuiz",
    "bracht",
    "brengen",
    "neerge",
    "achtergelaten",
    "afgezet",
)
_LIVING_STEMS = ("woon", "wonen")


# (words, read in lower case, patterns): a pattern is scanned only in a text holding one of its words.
_CUE_GATES = (
    (_DELIVERY_STEMS, True, (_ADDRESS_DELIVERED,)),
    (_LIVING_STEMS, True, (_ADDRESS_LIVED_AT, _ADDRESS_AFTER_CUE_LOWER)),
)
_RARE_GATES = (
    (_HOUSE_WORDS, False, (_ADDRESS_HOUSE_NAMED,)),
    (_FLAT_WORDS, True, (_ADDRESS_FLAT_IN_BLOCK,)),
    (_FRENCH_STREET_WORDS, True, (_ADDRESS_FRENCH,)),
)


def _gated(text: str, lower: str, gates) -> list[re.Pattern]:
    return [
        pattern
        for words, lowered, patterns in gates
        if any(word in (lower if lowered else text) for word in words)
        for pattern in patterns
    ]


_NEXT_WORD = re.compile(r"[ \t]+([a-zà-ÿ]+)")


def _plural_after(text: str, end: int) -> bool:
    """ "naar Breda 3 storingen", "bij Buren 2 deuren verder": a count of things, not a house."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    lemma = simplemma.lemmatize(word, lang="nl")
    return lemma != word and word.endswith(("en", "s")) and word.startswith(lemma[:-1])


def _plain_street_ok(text: str, m: re.Match, named: bool) -> bool:
    """A street without a street word: none of its words a common one, its number no year, count,
    date or "2x"; after a delivery (`named`) also a name ("Lange Voorhout", "Rokin") rather than
    a noun ("bezorgd op Werkdag 2").
    """
    street = m.group("street")
    words = _words(street.lower()) - _PARTICLES
    number, number_end = m.group("number"), m.end("number")
    if (
        words & (NOT_NAMES | _NOT_STREET_NAMES)
        or _quantity_after(text, number_end)
        or _MONTH_AFTER.match(text, number_end)
        or _TIMES.fullmatch(number)
        or _YEAR.fullmatch(number)
        or _plural_after(text, number_end)
    ):
        return False
    return not named or len(words) > 1 or not all(_dictionary_word(w) for w in words)


def _street_hits(text: str) -> Iterator[_Hit]:
    lower = text.lower()
    for pattern in (_ADDRESS_STREET, _ADDRESS_AFTER_CUE):
        for m in pattern.finditer(text):
            street = m.group("street")
            first = street.split()[0].lower() if street.split() else ""
            if (
                first in NOT_NAMES
                and pattern is _ADDRESS_STREET
                and first not in ("de", "het", "van")
            ) or (
                # Any capitalised words may follow the cue: not "Kamer 12", nor "Vrijdag 12 mei".
                pattern is _ADDRESS_AFTER_CUE
                and (first in _NOT_STREET_NAMES or _MONTH_AFTER.match(text, m.end("number")))
            ):
                continue
            if _COMPANY_ADDRESS.search(street) or _quantity_after(text, m.end("number")):
                continue
            yield _hit(m.start("street"), _town_end(m, m.end("number")), ADDRESS)
    for pattern in _gated(text, lower, _CUE_GATES):
        for m in pattern.finditer(text):
            if _plain_street_ok(text, m, named=pattern is _ADDRESS_DELIVERED):
                yield _hit(m.start("street"), m.end("number"), ADDRESS)
    for m in _ADDRESS_BUS.finditer(text):
        if m.group("street").split()[0].lower() not in NOT_NAMES:
            yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_GONE_TO.finditer(text):
        first = m.group("street").split()[0].lower()
        if first not in NOT_NAMES and first not in _NOT_STREET_NAMES:
            yield _hit(m.start("street"), _town_end(m, m.end("number")), ADDRESS)
    for pattern in (_ADDRESS_UK_POSTCODE, _ADDRESS_EIRCODE, *_gated(text, lower, _RARE_GATES)):
        for m in pattern.finditer(text):
            yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_UK_ENDING.finditer(text):
        # "Gate 22 in Stansted SE1 2AA": a sentence, not a street, runs between number and postcode.
        if not _SENTENCE_WORDS & _words(m.group().lower().replace(",", " ")):
            yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_ENGLISH_LOWER.finditer(text):
        words = _words(m.group("words"))
        if not words & (_SENTENCE_WORDS | _NOT_LOWER_STREET_WORDS):
            yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_ENGLISH_AFTER_CUE.finditer(text):
        if _english_address_ok(m.group("address")):
            yield _hit(m.start("address"), m.end("address"), ADDRESS)
    for m in _ADDRESS_BELGIAN.finditer(text):
        first = m.group("street").split()[0].lower()
        if (
            first not in NOT_NAMES
            and first not in _NOT_STREET_NAMES
            and not _COMPANY_ADDRESS.search(m.group("street"))
        ):
            yield _hit(m.start("street"), m.end(), ADDRESS)
    for m in _ADDRESS_ENGLISH.finditer(text):
        yield _hit(m.start(), _town_end(m, m.start("town")), ADDRESS)


def _postcode_letters_ok(letters: str) -> bool:
    if letters.isupper():
        return letters not in ("SA", "SD", "SS") and letters.lower() not in _UNIT_LETTERS
    return letters.lower() not in _NOT_POSTCODE_LETTERS


def _postcode_hits(text: str) -> Iterator[_Hit]:
    """A house number without its street, and a postcode after a lowercase street."""
    for m in _ADDRESS_HOUSE_NUMBER_WORD.finditer(text):
        if not _quantity_after(text, m.end()):
            yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_NUMBER_BEFORE_STREET.finditer(text):
        yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_STREET_POSTCODE.finditer(text):
        if m.group("street").split()[0].lower() not in NOT_NAMES:
            yield _hit(m.start("street"), _town_end(m, m.start("town")), ADDRESS)


# "de Ruyterstraat 21", "van der Helststraat 3": a street named after someone keeps their particle
# in lowercase too, unless a preposition makes it an article ("op de Kerkstraat 12").
_PARTICLE_BEFORE_STREET = re.compile(
    r"(?:(?P<previous>[^\W\d_]+)[ \t]+)?(?P<particle>(?:van[ \t]+(?:der|den)|de|den|ter|ten)[ \t]+)$"
)
_ARTICLE_BEFORE = _words(
    """op aan in naar bij van uit over langs door via voor achter tegenover nabij richting om rond
    met zonder tot vanaf vanuit heel hele"""
)


# Words that open a lowercase street, looked for before it rather than by every scan: a title
# ("keizer karelstraat 4"), the street's own adjective ("nieuwe binnenweg 177"), an ordinal
# with a first name ("1e jan steenstraat 101").
_LOWER_STREET_OPENING = re.compile(
    r"(?<![\w])(?:(?:keizer|keizerin|hertog|hertogin|admiraal|bisschop|kardinaal|president|nieuwe"
    r"|oude|lange|korte|grote|kleine|hoge|lage|gedempte|verlengde|eerste|tweede|derde|vierde)"
    r"|[1-9](?:e|de|ste)(?:[ \t]+[a-zà-ÿ]{2,}){0,2})[ \t]+$"
)
_LOWER_STREET_WORD = re.compile(
    r"[a-zà-ÿ][a-zà-ÿ'’-]{2,}?(?:straat|laan|gracht|kade|singel|steeg|dreef|plein|weg"
    rf"|{_STREET_ABBREVIATION})(?![\w])"
)


def _with_street_particle(text: str, hit: _Hit) -> _Hit:
    if _LOWER_STREET_WORD.match(text, hit.start):
        m = _LOWER_STREET_OPENING.search(text, max(0, hit.start - 40), hit.start)
        return hit if m is None else _Hit(m.start(), hit.end, hit.kind, hit.rank)
    if not text[hit.start : hit.start + 1].isupper():
        return hit
    m = _PARTICLE_BEFORE_STREET.search(text, max(0, hit.start - 30), hit.start)
    if m is None or (m.group("previous") or "").lower() in _ARTICLE_BEFORE:
        return hit
    return _Hit(m.start("particle"), hit.end, hit.kind, hit.rank)


def _find_addresses(text: str) -> Iterator[_Hit]:
    for hit in _address_candidates(text):
        yield _with_street_particle(text, hit)


def _address_candidates(text: str) -> Iterator[_Hit]:
    yield from _street_hits(text)
    yield from _postcode_hits(text)
    for m in _ADDRESS_NUMBER_FIRST.finditer(text):
        street = m.group("street") or ""
        if _postcode_letters_ok(m.group("letters")) and not _COMPANY_ADDRESS.search(street):
            yield _hit(m.start(), _town_end(m, m.start("town") - 1), ADDRESS)
    for m in _ADDRESS_BARE_NUMBER.finditer(text):
        before = text[max(0, m.start() - 20) : m.start()]
        if _postcode_letters_ok(m.group("letters")) and not _COMPANY_ADDRESS_BEFORE.search(before):
            yield _hit(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_POSTCODE_FIRST.finditer(text):
        if _postcode_letters_ok(m.group("letters")) and not _quantity_after(text, m.end()):
            yield _hit(m.start(), m.end(), ADDRESS)


# --- Booking, order, case and customer numbers ----------------------------------------------------

# Keywords that introduce an identifier. "Strong" ones are unambiguous names of a number; "weak"
# ones are plain nouns ("de zaak", "mijn order") and need a more number-like code to count.
_STRONG_KEYWORD = (
    r"(?:boekings|reserverings|bestel|bestellings|order|zaak|dossier|klant|klacht|meldings|melding"
    r"|meld|debiteur|debiteuren|beschikkings|aanslag|vorderings|machtigings|bezwaar|verzekerings"
    r"|ticket|referentie|contract|abonnements|aansluit|factuur|polis|lid|pas|relatie|transactie"
    r"|retour|tracking|zending|zendings|pakket|aanvraag|bevestigings|registratie|verzekerden"
    r"|burgerservice|sofi|account|client|cliënt|schade|storings|betalings|verzend|reis|klanten"
    r"|leden|werk|opdracht|afspraak|afspraken|rit|incident|onderhouds|garantie|reparatie|meter"
    r"|ean)"
    r"[- ]?(?:nummer|nr\.?|code|id|referentie|kenmerk)s?"
    r"|(?:(?:ons|uw|onze|jullie|betalings|klant|dossier)[ ]?)?kenmerk(?:en)?"
    r"|referenties?|reference|ref\.?|pnr|bsn|rma"
    # "SR-nummer", "RMA-code", "IMEI-nummer"; a company's KvK or BTW number is public, a
    # "gsm-nummer" a phone number, a "BSN-nummer" a BSN.
    r"|(?!kvk|btw|vat|gsm|tel|fax|sms|whatsapp|bsn|iban)[a-z]{2,4}-(?:nummer|nr\.?|code)"
    r"|(?:booking|confirmation|reservation|order|case|ticket|customer|account|invoice|tracking"
    r"|reference|membership|policy|claim)[ ](?:number|no\.?|nr\.?|id|ref|reference|code)s?"
    r"|track[ ]?(?:&|en|and)[ ]?trace(?:[ -]?code)?"
    # Compounds before the number's own word: "huurcontractnummer", "zorgpolisnummer".
    r"|(?:huur|energie|zorg|reis|auto|woon|inboedel|opstal|lease|hypotheek|krediet|lenings"
    r"|service|onderhouds|mobiel|internet|telefoon|verzekerings|uitvaart|rechtsbijstand"
    r"|aansprakelijkheids|arbeids)(?:contract|polis|dossier)[- ]?(?:nummer|nr\.?)"
    r"|lidmaatschaps[- ]?(?:nummer|nr\.?)"
    # "geregistreerd onder nummer KL-2024-0091", "under number 4471".
    r"|(?:onder|under)[ ](?:het[ ]|the[ ])?(?:nummer|number|kenmerk|referentie)"
)
_WEAK_KEYWORD = (
    r"order|zaak|dossier|ticket|case|boeking|bestelling|reservering|factuur|klacht|melding"
    r"|polis|contract|aanvraag|storing|pakket|zending|invoice|claim|complaint|policy|parcel"
)
_CODE = r"[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){1,39}(?![\w])"
_KEYWORD_REFERENCE = re.compile(
    rf"(?<![\w\[])(?:(?P<strong>{_STRONG_KEYWORD})|(?P<weak>{_WEAK_KEYWORD}))(?![\w])"
    # "ordernummer (NL-77812)", "referentie 'AB-4471'", "dossier met nummer 2024-118".
    r"(?:[ \t]*(?:[:#=(\"'‘“]|-(?=[ \t])"
    r"|(?:is|was|luidt|luiden|zijn|heeft|had|has|met|nr|no|nummer|number)\b\.?))"
    r"{0,3}"
    # One letter opens a code written in groups: "F 2024 10877", "A 0012 3345".
    rf"[ \t]*(?P<code>{_CODE}|[A-Za-z](?=[ ][0-9]{{3}}))",
    re.IGNORECASE,
)
# "Mijn ordernummer staat hieronder:\n\nAB-12": the code alone on a line below its keyword's.
_REFERENCE_BELOW = re.compile(
    rf"(?<![\w\[])(?:{_STRONG_KEYWORD})(?![\w])[^\n]{{0,60}}(?:\r?\n[ \t]*){{1,3}}"
    rf"(?P<code>{_CODE})[ \t]*\.?[ \t]*(?=\r?\n|$)",
    re.IGNORECASE,
)
# "referentienummer: XK 4471 9981": a code written in groups, each with a digit; digit pairs
# too ("klantnummer 12 34 56 78").
_SPACED_GROUPS = re.compile(r"(?:[ ](?:[0-9]{2}|(?=[A-Z0-9]*[0-9])[A-Z0-9]{3,8})(?![\w-])){1,4}")
# "bestelnummers 123456 en 789012": further codes in a list after the first.
_MORE_CODES = re.compile(rf"[ \t]*(?:,|/|&|\b(?:en|and|of|or)\b)[ \t]*(?P<code>{_CODE})", re.I)


_FLIGHT_LIKE = re.compile(r"[A-Z]{2,3}[0-9]{1,5}[A-Z]?")


def _code_ok(code: str, strong: bool, text: str, end: int) -> bool:
    alnum = re.sub(r"[^A-Za-z0-9]", "", code)
    digits = len(_DIGITS.findall(code))
    if _DATE_LIKE.fullmatch(code) or _YEAR.fullmatch(code) or _quantity_after(text, end):
        return False
    if strong:
        # PNRs and booking codes can be all letters ("XKQPLZ"), written in capitals.
        return len(alnum) >= 4 and (
            digits >= 1 or (code.isalpha() and code.isupper() and 5 <= len(code) <= 10)
        )
    # After a plain noun: a number, or a booking code of capitals and digits mixed ("reservering
    # XK9P2L"), not a flight or a model ("KL1234").
    booking_code = (
        code.isupper()
        and code.isalnum()
        and 6 <= len(code) <= 10
        and 2 <= digits <= len(code) - 2
        and not _FLIGHT_LIKE.fullmatch(code)
    )
    return (len(alnum) >= 5 and digits >= 4) or booking_code


def _keyword_matches(text: str) -> Iterator[re.Match]:
    """Each keyword with its code; a plain noun before a keyword gives way to it: "complaint
    reference CMP/2024/00871" is read from its second word."""
    for m in _KEYWORD_REFERENCE.finditer(text):
        if m.group("weak") is not None:
            inner = _KEYWORD_REFERENCE.match(text, m.start("code"))
            if inner is not None and inner.group("strong") is not None:
                yield inner
                continue
        yield m


def _find_keyword_references(text: str) -> Iterator[_Hit]:
    for m in _keyword_matches(text):
        # "order #4471": the hash makes a plain noun's number an identifier.
        strong = m.group("strong") is not None or "#" in text[m.end("weak") : m.start("code")]
        end = m.end("code")
        groups = _SPACED_GROUPS.match(text, end) if strong else None
        if groups and _code_ok(text[m.start("code") : groups.end()], strong, text, groups.end()):
            end = groups.end()
        elif not _code_ok(m.group("code"), strong, text, end):
            continue
        # KvK numbers are a public company register ("bij de KvK onder nummer 12345678").
        if _KVK_BEFORE.search(text[max(0, m.start("code") - 50) : m.start("code")]):
            continue
        yield _hit(m.start("code"), end, REFERENCE, "reference_kw")
        pos = end
        while (more := _MORE_CODES.match(text, pos)) and _code_ok(
            more.group("code"), strong, text, more.end()
        ):
            yield _hit(more.start("code"), more.end("code"), REFERENCE, "reference_kw")
            pos = more.end()
    # The code on a line of its own needs a line break; most stories are one paragraph, and the
    # pattern costs a twentieth of the whole redactor to scan for nothing.
    for m in _REFERENCE_BELOW.finditer(text) if "\n" in text else ():
        if _code_ok(m.group("code"), True, text, m.end("code")):
            yield _hit(m.start("code"), m.end("code"), REFERENCE, "reference_kw")


# Without a keyword: a long digit run (hyphenated ones need more digits: "2024-0012345"), or a
# capitals-and-digits code such as a parcel code ("3SABCD1234567").
_DIGIT_RUN = re.compile(r"(?<![\w.,€$£+/@=-])[0-9]+(?:-[0-9]+)*(?![\w]|[.,][0-9]|-[0-9])")
_CAPS_CODE = re.compile(r"(?<![\w-])[A-Z0-9]{8,30}(?![\w-])")
# A model number names a product, not a person: "koelkast KGN39VIEA", "model WW90T534DAW".
_PRODUCT_BEFORE = re.compile(
    r"(?i:model|type|typenummer|modelnummer|model[ ]no\.?|koelkast|wasmachine|vaatwasser|droger"
    r"|televisie|tv|laptop|printer|router|telefoon|toestel|oven|magnetron|stofzuiger|airfryer"
    r"|fridge|freezer|washing[ ]machine|dishwasher|dryer|television|phone|vacuum|kettle|boiler"
    r"|cv-ketel|ketel|fiets|bike|scooter)(?:[ \t]+[\w!-]+){0,2}[ \t]*[:#]?[ \t]*$"
)
_KVK_BEFORE = re.compile(r"(?i:\bkvk|\bk\.v\.k\.|kamer[ \t]+van[ \t]+koophandel)\b[^0-9\n]{0,30}$")


def _find_bare_references(text: str, shielded: Sequence[tuple[int, int]]) -> Iterator[_Hit]:
    for m in _DIGIT_RUN.finditer(text):
        run = m.group()
        digits = run.replace("-", "")
        long_enough = len(digits) >= 9 if "-" in run else len(digits) >= 7
        if (
            not long_enough
            or _inside(m.start(), shielded)
            or _DATE_LIKE.match(run)
            or _looks_like_date(digits)
            or _currency_before(text, m.start())
            or _quantity_after(text, m.end())
            # KvK numbers are a public company register: they name the company, not the writer.
            or _KVK_BEFORE.search(text[max(0, m.start() - 50) : m.start()])
        ):
            continue
        yield _hit(m.start(), m.end(), REFERENCE)
    for m in _CAPS_CODE.finditer(text):
        code = m.group()
        if (
            len(_DIGITS.findall(code)) >= 5
            and not code.isdigit()
            and not _inside(m.start(), shielded)
            and not _PRODUCT_BEFORE.search(text, max(0, m.start() - 40), m.start())
        ):
            yield _hit(m.start(), m.end(), REFERENCE)


# --- Birth dates --------------------------------------------------------------------------------------

_MONTH_WORD = (
    r"(?i:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|january|february|march|may|june|july|august|october|jan|feb|mrt|mar|apr|jun|jul"
    r"|aug|sep|sept|okt|oct|nov|dec)\.?"
)
# "verhuizen naar Rotterdam 1 juli": a day of the month, not a house number.
_MONTH_AFTER = re.compile(rf"[ \t]+{_MONTH_WORD}(?![\w])")
_FULL_DATE = (
    r"(?:[0-3]?[0-9][ \t]*[-/.][ \t]*[01]?[0-9][ \t]*[-/.][ \t]*(?P<y1>(?:19|20)[0-9]{2}|[0-9]{2})"
    r"|(?P<y2>(?:19|20)[0-9]{2})-[01]?[0-9]-[0-3]?[0-9]"
    rf"|[0-3]?[0-9](?i:st|nd|rd|th|e|ste|de)?[ \t]+(?:(?i:of)[ \t]+)?{_MONTH_WORD}[ \t,]+"
    r"(?P<y3>(?:19|20)[0-9]{2})"
    rf"|{_MONTH_WORD}[ \t]+[0-3]?[0-9](?i:st|nd|rd|th)?,?[ \t]+(?P<y4>(?:19|20)[0-9]{{2}}))"
)
_BIRTH_WORD = (
    r"(?i:geboren|geboortedatum|geboortedag|geb\.|geboorte|verjaardag|jarig|born|birth|birthday"
    r"|birthdate|dob|d\.o\.b\.?)"
)
_DATE = re.compile(rf"(?<![\w/.-]){_FULL_DATE}(?![\w/-]|\.[0-9])")
_BIRTH_BEFORE = re.compile(rf"(?<![\w]){_BIRTH_WORD}(?![\w])[^.!?\n]{{0,40}}$")
_BIRTH_AFTER = re.compile(rf"^[^.!?\n]{{0,25}}(?<![\w]){_BIRTH_WORD}(?![\w])")
# A full date this old is nobody's journey: frictionlog's stories start in the 2020s. A birth date,
# or near enough (the day someone became a customer in 1998 says little but costs nothing to hide).
_OLD_YEAR = 2009
_SINCE_BEFORE = re.compile(r"(?i:sinds|since|vanaf|klant[ \t]+sinds|from)[ \t]*$")


# "twaalf maart negentienvijfentachtig", "12 maart negentien vijfentachtig": only after a birth word.
_SPOKEN_YEAR = (
    r"(?i:negentien|tweeduizend|nineteen|twenty|two[ ]thousand)[a-zë]*"
    r"(?:[ \t-]+(?i:[a-zë]+(?:tig|ig|ty|teen|een|twee|drie|vier|vijf|zes|zeven|acht|negen|one|two"
    r"|three|four|five|six|seven|eight|nine))(?:-[a-z]+)?)?"
)
_SPOKEN_DATE = re.compile(
    rf"(?<![\w])(?:[0-3]?[0-9]|{_NUMBER_WORD})[ \t]+{_MONTH_WORD}[ \t]+{_SPOKEN_YEAR}(?![\w])"
)


def _find_birthdates(text: str) -> Iterator[_Hit]:
    for m in _SPOKEN_DATE.finditer(text):
        if _BIRTH_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
            yield _hit(m.start(), m.end(), BIRTHDATE)
    for m in _DATE.finditer(text):
        year_text = next(y for y in m.group("y1", "y2", "y3", "y4") if y)
        year = int(year_text) if len(year_text) == 4 else None
        before = text[max(0, m.start() - 60) : m.start()]
        near_birth = _BIRTH_BEFORE.search(before) or _BIRTH_AFTER.search(
            text[m.end() : m.end() + 40]
        )
        old = year is not None and year < _OLD_YEAR and not _SINCE_BEFORE.search(before)
        if near_birth or old:
            yield _hit(m.start(), m.end(), BIRTHDATE)


# --- BSN, payment cards, licence plates ---------------------------------------------------------------

_BSN_WORD = (
    r"(?i:bsn|burgerservicenummer|burger[ -]service[ -]?nummer|sofi[ -]?nummer|sofinr\.?"
    r"|citizen[ ]service[ ]number|social[ ]security[ ]number)"
)
_BSN_DIGITS = r"[0-9](?:[ .]?[0-9]){7,8}"
_BSN_KEYWORD = re.compile(
    rf"(?<![\w]){_BSN_WORD}(?![\w])(?:[ \t]*(?:[:#=(]|(?i:is|was|nummer|nr\.?)\b)){{0,3}}[ \t]*"
    rf"(?P<code>{_BSN_DIGITS})(?![\w]|[.,][0-9])"
)
_BSN_BARE = re.compile(
    r"(?<![\w.,€$£+/@=-])(?:[0-9]{9}|[0-9]{3}[ .][0-9]{3}[ .][0-9]{3}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}"
    r"|[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{3})(?![\w]|[.,-][0-9])"
)


def _bsn_ok(digits: str) -> bool:
    """The 11-proof ("elfproef") every BSN passes."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _find_bsns(text: str) -> Iterator[_Hit]:
    for m in _BSN_KEYWORD.finditer(text):
        yield _hit(m.start("code"), m.end("code"), BSN, "bsn_kw")
    for m in _BSN_BARE.finditer(text):
        if _bsn_ok("".join(_DIGITS.findall(m.group()))) and not _currency_before(text, m.start()):
            yield _hit(m.start(), m.end(), BSN)


_CARD_WORD = (
    r"(?i:credit[ -]?card(?:nummer)?|kaartnummer|kaart[ ]?nr\.?|card[ ]?(?:number|no\.?)?"
    r"|creditcard|debitcard|debit[ ]card|betaalkaart|bankpas(?:nummer)?|pinpas(?:nummer)?|visa"
    r"|mastercard|maestro|amex|american[ ]express)"
)
_CVC_WORD = r"(?i:cvc|cvv|cvc2|cvv2|security[ ]code|beveiligingscode)(?:[- ]?code)?"
_CARD_CODE_FILLER = r"(?:[ \t]*(?:[:#=]|(?i:is|was|nummer|number|nr\.?|code)\b)){0,3}[ \t]*"
_CARD_NUMBER = re.compile(
    r"(?<![\w.,€$£+/@=-])(?:[0-9]{4}(?:[ -]?[0-9]{4}){2}(?:[ -]?[0-9]{1,4})?(?:[ -]?[0-9]{3})?"
    r"|[0-9]{4}[ -]?[0-9]{6}[ -]?[0-9]{4,5})(?![\w]|[.,-][0-9])"
)
# After its keyword a card number needs no checksum (a typo is still someone's card).
_CARD_KEYWORD = re.compile(
    rf"(?<![\w]){_CARD_WORD}(?![\w]){_CARD_CODE_FILLER}"
    r"(?P<code>[0-9](?:[ -]?[0-9]){11,18})(?![\w]|[.,][0-9])"
)
# The three or four digits on the back, only after their own name ("visa 2024" is a travel visa).
_CVC_KEYWORD = re.compile(
    rf"(?<![\w]){_CVC_WORD}(?![\w]){_CARD_CODE_FILLER}(?P<code>[0-9]{{3,4}})(?![\w]|[.,][0-9])"
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _find_cards(text: str) -> Iterator[_Hit]:
    for m in _CARD_NUMBER.finditer(text):
        digits = "".join(_DIGITS.findall(m.group()))
        if 13 <= len(digits) <= 19 and _luhn_ok(digits):
            yield _hit(m.start(), m.end(), CARD)
    for pattern in (_CARD_KEYWORD, _CVC_KEYWORD):
        for m in pattern.finditer(text):
            if not _quantity_after(text, m.end("code")):
                yield _hit(m.start("code"), m.end("code"), CARD)


# Dutch side codes 1-14 (L letter, D digit): LL-DD-DD, DD-DD-LL, DD-LL-DD, LL-DD-LL, LL-LL-DD,
# DD-LL-LL, DD-LLL-D, D-LLL-DD, LL-DDD-L, L-DDD-LL, LLL-DD-L, L-DD-LLL, D-LL-DDD, DDD-LL-D.
_SIDE_CODES = [
    ("LL", "DD", "DD"), ("DD", "DD", "LL"), ("DD", "LL", "DD"), ("LL", "DD", "LL"),
    ("LL", "LL", "DD"), ("DD", "LL", "LL"), ("DD", "LLL", "D"), ("D", "LLL", "DD"),
    ("LL", "DDD", "L"), ("L", "DDD", "LL"), ("LLL", "DD", "L"), ("L", "DD", "LLL"),
    ("D", "LL", "DDD"), ("DDD", "LL", "D"),
]  # fmt: skip


def _side_code_pattern(separator: str) -> str:
    shapes = []
    for groups in _SIDE_CODES:
        parts = [f"[A-Za-z]{{{len(g)}}}" if g[0] == "L" else f"[0-9]{{{len(g)}}}" for g in groups]
        shapes.append(separator.join(parts))
    return "(?:" + "|".join(shapes) + ")"


# Without a keyword only the hyphenated form counts (that is how plates are written); after
# "kenteken" also with spaces or none, in any case ("kenteken 12abc3").
_PLATE_BARE = re.compile(rf"(?<![\w-]){_side_code_pattern('-')}(?![\w-])")
_PLATE_WORD = (
    r"(?i:kenteken(?:plaat|nummer)?|nummerplaat|nummerbord|licen[cs]e[ ]plate|number[ ]plate"
    r"|plate[ ]number|registration[ ]plate|registration|reg\.?|plate)"
)
_PLATE_KEYWORD = re.compile(
    rf"(?<![\w]){_PLATE_WORD}(?![\w])(?:[ \t]*(?:[:#=]|(?i:is|was|nummer|nr\.?|van|met)\b)){{0,3}}"
    r"[ \t]*(?P<code>[A-Za-z0-9](?:[A-Za-z0-9]|[- ](?=[A-Za-z0-9])){3,9})(?![\w])"
)
_PLATE_LOOSE = re.compile(rf"{_side_code_pattern('[- ]?')}")


def _plate_shape_ok(plate: str) -> bool:
    letters = [c for c in plate if c.isalpha()]
    # "12-AB-34" is a plate; "ab-12-Cd" (mixed case) is a word game, not a plate.
    return bool(letters) and (plate.upper() == plate or plate.lower() == plate)


# A British plate since 2001: two letters, two digits, a space, three letters ("AB12 CDE").
_PLATE_UK = re.compile(r"(?<![\w-])[A-Z]{2}[0-9]{2}[ ][A-Z]{3}(?![\w-])")
# A Belgian plate since 2010: "1-ABC-234" (a digit, three letters, three digits).
_PLATE_BELGIAN = re.compile(r"(?<![\w-])[1-9]-?[A-Z]{3}-?[0-9]{3}(?![\w-])")
# After a word for a vehicle a plate may go without hyphens: "mijn auto 45TGHK", "de GX-123-B"
# already counts bare. Only the exact side-code shape in capitals.
_VEHICLE_WORD = (
    r"(?i:auto|wagen|bestelbus|busje|caravan|camper|scooter|brommer|motor|aanhanger|vrachtwagen"
    r"|car|van|motorbike|motorcycle|vehicle|voertuig|lease-?auto)"
)
_PLATE_AFTER_VEHICLE = re.compile(
    rf"(?<![\w]){_VEHICLE_WORD}(?:[ \t]*[(:])?[ \t]*(?P<code>{_side_code_pattern('[ ]?')})(?![\w-])"
)


def _find_plates(text: str) -> Iterator[_Hit]:
    for pattern in (_PLATE_UK, _PLATE_BELGIAN):
        for m in pattern.finditer(text):
            yield _hit(m.start(), m.end(), PLATE)
    for m in _PLATE_AFTER_VEHICLE.finditer(text):
        if m.group("code").isupper():
            yield _hit(m.start("code"), m.end("code"), PLATE)
    for m in _PLATE_BARE.finditer(text):
        if _plate_shape_ok(m.group()):
            yield _hit(m.start(), m.end(), PLATE)
    for m in _PLATE_KEYWORD.finditer(text):
        code = m.group("code")
        digits = len(_DIGITS.findall(code))
        # The side-code shape the code is, else any code with letters and digits ("1-XYZ-456" is
        # not "1-XYZ-45" and a "6" left over).
        shape = _PLATE_LOOSE.fullmatch(code) or _PLATE_LOOSE.match(code)
        if shape and shape.end() < len(code) and code[shape.end()] != " ":
            shape = None
        if shape and _plate_shape_ok(shape.group()):
            yield _hit(m.start("code"), m.start("code") + shape.end(), PLATE)
        elif " " not in code and digits >= 1 and digits < len(code) and len(code) >= 5:
            yield _hit(m.start("code"), m.end("code"), PLATE)


# --- Social media handles -----------------------------------------------------------------------------

_HANDLE = re.compile(r"(?<![\w@.+-])@(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_HANDLE_WORD = (
    r"(?i:instagram|insta|twitter|tiktok|snapchat|snap|facebook|threads|bluesky|mastodon|telegram"
    r"|gebruikersnaam|username|user[ ]name|handle|accountnaam|account[ ]name|inlognaam|nickname)"
)
_HANDLE_KEYWORD = re.compile(
    rf"(?<![\w]){_HANDLE_WORD}(?:[- ]?(?:account|naam|name|handle))?(?![\w])"
    r"(?:[ \t]*(?:[:=]|(?i:is|was|als|as|van|of)\b)){0,3}[ \t]*"
    r"@?(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))(?![\w@])"
)
# Handles of companies answer in public on behalf of the company: naming one helps the reader.
_COMPANY_HANDLES = _words(
    """klm ns_online nsonline postnl dhlparcel_nl ziggo kpn kpnwebcare vodafonenl odido
    belastingdienst bol bolcom coolblue ing_nl ingnl rabobank abnamro airlinego transavia
    schiphol tmobile_nl eneco vattenfallnl essent"""
)


def _handle_ok(handle: str) -> bool:
    lower = handle.lower()
    return lower not in _COMPANY_HANDLES and lower not in NOT_NAMES


def _find_handles(text: str) -> Iterator[_Hit]:
    for m in _HANDLE.finditer(text):
        if _handle_ok(m.group("handle")):
            yield _hit(m.start(), m.end(), HANDLE)
    for m in _HANDLE_KEYWORD.finditer(text):
        handle = m.group("handle")
        marked = text[m.start("handle") - 1] == "@"
        looks_made = any(c.isdigit() or c in "_." for c in handle) or handle.lower() != handle
        if _handle_ok(handle) and (marked or looks_made) and not handle.isdigit():
            start = m.start("handle") - (1 if marked else 0)
            yield _hit(start, m.end("handle"), HANDLE)


# --- Personal names -----------------------------------------------------------------------------------

# A name word: capitalised, with an optional second part ("El-Amrani", "O'Brien", "Jansen-Bakker").
# "O'Brien" and "D'Hondt" (a capital before the apostrophe), "McAllister", "MacLeod".
# Latin Extended-A letters too: Turkish "Yıldız", "Şahin", Polish "Łukasz", "Wiśniewski".
_NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ]['’](?=[A-Z]))?(?:Ma?c(?=[A-Z]))?[A-ZÀ-ÖØ-ÞĀ-ž][a-zà-öø-ÿĀ-ž]+"
    r"(?:[-'’][A-ZÀ-ÖØ-Þa-zà-öø-ÿĀ-ž][a-zà-öø-ÿĀ-ž]+)?(?![\w])"
)
_SURNAME_PARTICLE = (
    r"(?:van|de|der|den|het|'t|ter|ten|te|op|in|la|le|du|da|di|del|von|vom|zu|el|al|ben|bin|ibn"
    r"|Van|De|Der|Den|Ter|Ten|Op|El|Al|La|Le|Du|Da|Di|Von)"
)
_INITIALS = r"(?:[A-Z]\.[ \t]?){1,4}"
# "Kees Kanarie", "Fatima de Vries", "J.P. van der Berg", "Jan-Willem Bakker".
_FULL_NAME = (
    rf"(?:{_INITIALS}|{_NAME_WORD}[ \t]+)?"
    rf"(?:{_SURNAME_PARTICLE}[ \t]+){{0,3}}{_NAME_WORD}"
    rf"(?:[ \t]+(?:{_SURNAME_PARTICLE}[ \t]+){{0,3}}{_NAME_WORD}){{0,2}}"
)
# Cues after which a capitalised word is a person: titles, staff, "my name is", relatives, a
# signature. The name itself stays case-sensitive; the cue is not.
_TITLE_CUE = (
    r"(?i:fam\.|familie|meneer|mijnheer|mevrouw|mevr\.?|mw\.?|dhr\.?|de[ ]heer|geachte[ ]heer|juffrouw|dokter"
    r"|dr\.|mr\.?|mrs\.?|ir\.|ing\.|drs\.|prof\."
    r"|ms\.?|miss|sir|madam)"
)
_PERSON_CUE = (
    r"(?i:mijn[ ]naam[ ]is|my[ ]name[ ]is|my[ ]name's|ik[ ]heet|i'm[ ]called|heet|heette|genaamd"
    r"|named|naam:|name:|contactpersoon|medewerk(?:er|ster)|collega|teamleider|leidinggevende|manager|supervisor"
    r"|monteur|bezorger|chauffeur|adviseur|adviseuse|consulent|behandelaar|behandelend[ ]medewerker"
    r"|klantadviseur|advocaat|solicitor|landlady|landlord|engineer|een[ ]zekere|ene"
    r"|makelaar|huisbaas|verhuurder|loodgieter|elektricien|installateur|aannemer|notaris"
    r"|deurwaarder|bewindvoerder|casemanager|accountmanager|schadebehandelaar|conducteur"
    r"|receptioniste?|telefoniste?|verkoper|verkoopster|beveiliger|plumber|electrician|builder"
    r"|caseworker|case[ ]handler|case[ ]manager|account[ ]manager|estate[ ]agent|letting[ ]agent"
    r"|cashier|receptionist"
    r"|(?:lady|man|guy|woman|chap|bloke|person|someone|somebody|engineer|agent)[ ]called"
    r"|(?:was|is)[ ]called|signed[ ]by|ondertekend[ ]door|ingediend[ ]door|geschreven[ ]door"
    r"|written[ ]by|submitted[ ]by"
    r"|employee|representative|rep|advisor|adviser|colleague|agent|operator|technician|driver"
    r"|(?:mijn|my|onze|our)[ ](?:man|vrouw|partner|zoon|dochter|moeder|vader|broer|zus|buurman"
    r"|buurvrouw|oma|opa|husband|wife|son|daughter|mother|father|brother|sister|neighbour"
    r"|neighbor|schoonvader|schoonmoeder|schoonzus|schoonzoon|schoondochter|neef|nicht"
    r"|kleindochter|kleinzoon|vriend|vriendin|mum|mom|dad|nan|gran|grandad|grandma|grandson"
    r"|granddaughter|partner|brother-in-law|sister-in-law|landlady|landlord|solicitor)"
    r"|groet(?:en|jes)?,?|regards,?|cheers,?|vriendelijke[ ]groet(?:en)?,?|hartelijke[ ]groet,?"
    r"|ondertekend|signed,?|thanks,?|many[ ]thanks,?|best[ ]wishes,?|yours[ ]sincerely,?"
    r"|kind[ ]regards,?|love,?|mvg,?|gr\.?,?|liefs,?|doeg,?|hoogachtend,?|dank[ ]en[ ]groet,?"
    r"|met[ ]vr\.?[ ]groet,?|all[ ]the[ ]best,?|best,|ta,|tot[ ]zover[ ]mijn[ ]verhaal\.)"
)
# Weak cues are followed by a company as often as by a person ("sprak met Stedin", "namens Eneco",
# "I called Ziggo", "I am Dutch"): the name must start with a listed first name, or have a surname
# particle between capitals ("Wubbe de Vries"), which company names hardly ever have.
_WEAK_CUE = (
    r"(?i:ik[ ]ben|i[ ]am|i'm|this[ ]is|dit[ ]is|hier[ ]is|u[ ]spreekt[ ]met|met"
    r"|doorverbonden[ ](?:met|naar)|transferred[ ]to|put[ ]through[ ]to|sprak[ ]met"
    r"|spreek[ ]met|spoke[ ](?:to|with)|talked[ ]to|called|vroeg[ ]naar|asked[ ]for|namens"
    r"|on[ ]behalf[ ]of|t\.a\.v\.?|ter[ ]attentie[ ]van|according[ ]to|volgens)"
)
_FULL_NAME_RE = re.compile(_FULL_NAME)
_PARTICLE_BETWEEN_CAPITALS = re.compile(rf"[A-ZÀ-Þ]\w*[ \t]+(?:{_SURNAME_PARTICLE}[ \t]+)+[A-ZÀ-Þ]")
_NAME_AFTER_TITLE = re.compile(
    rf"(?<![\w]){_TITLE_CUE}[ \t]+(?P<name>(?:{_INITIALS}|{_SURNAME_PARTICLE}[ \t]+)?{_FULL_NAME})"
)
# After a job title the name starts with a capital: "monteur van Stedin" is a company.
_NAME_AFTER_CUE = re.compile(
    rf"(?<![\w]){_PERSON_CUE}[ \t:,]*\n?[ \t]*(?P<name>(?=[A-ZÀ-Þ]){_FULL_NAME})"
)
# The writer's own name typed without capitals, after a self-introduction: the first word must be
# a listed first name ("mijn naam is kees kanarie"; "mijn naam is niet belangrijk" stays).
_SELF_CUE = r"(?i:mijn[ ]naam[ ]is|my[ ]name[ ]is|my[ ]name's|ik[ ]heet|i'm[ ]called|naam:|name:)"
_LOWER_PARTICLE = r"(?:van|de|der|den|het|'t|ter|ten|te|el|al|ben|bin)"
_LOWERCASE_NAME_AFTER_SELF_CUE = re.compile(
    rf"(?<![\w]){_SELF_CUE}[ \t]+(?P<name>[a-zà-ÿ]+"
    rf"(?:[ \t]+(?:{_LOWER_PARTICLE}[ \t]+){{0,3}}[a-zà-ÿ]+(?:-[a-zà-ÿ]+)?)?)(?![\w])"
)
_NAME_AFTER_WEAK_CUE = re.compile(rf"(?<![\w]){_WEAK_CUE}[ \t]+(?P<name>{_FULL_NAME})")
# A first name typed without a capital after a cue that only a person follows ("ik ben sanne en",
# "a guy called darren said"): one listed first name, a surname only after a particle ("ik ben
# sanne de vries"). Names that are everyday words in lowercase ("ik ben max 3 dagen weg", "i'm
# jack of all trades") are left.
_LOWER_CUE = (
    r"(?i:ik[ ]ben|ik[ ]heet|i'm|i[ ]am|genaamd|heette|een[ ]zekere|ene|named|collega"
    r"|medewerker|medewerkster|my[ ]colleague"
    r"|(?:lady|man|guy|woman|chap|bloke|girl|someone|somebody|agent)[ ]called)"
)
_LOWERCASE_NAME_AFTER_CUE = re.compile(
    rf"(?<![\w]){_LOWER_CUE}[ \t]+(?P<name>[a-zà-ÿ]+(?:-[a-zà-ÿ]+)?"
    rf"(?:[ \t]+(?:{_LOWER_PARTICLE}[ \t]+){{1,3}}[a-zà-ÿ]+(?:-[a-zà-ÿ]+)?)?)(?![\w'’])"
)
_LOWERCASE_WORD_NAMES = _words(
    """rob bob pat said joke ton jet dean lee ben sem max kim fleur floor bas jan hazel jack dick
    nick stan ed jo cor lea els ina isa gea merel iris amber ruby will mark rose grace hope"""
)
# A person known by the pronoun that takes them up: "sprak met Wubbe, hij zei", "spoke to Shauna
# and she said" (a company is "ze", "het" or "they").
_HE_OR_SHE_AFTER = re.compile(
    r"[ \t]*[,.;]?[ \t]*(?:(?i:en|and|maar|but|want|omdat|because|toen|then)[ \t]+)?"
    r"(?i:hij|zij|he|she)(?![\w])"
)
# A person known by the part of the company they work in: "Shauna in the complaints team",
# "Wubbe van de klantenservice" (a shop, a phone or a chat is where companies are too).
_STAFF_AFTER = re.compile(
    r"[ \t]+(?i:from|in|of|van|bij)[ \t]+(?:(?i:the|de|het)[ \t]+)?(?:[\w-]+[ \t]+){0,2}?"
    r"(?i:team|department|dept|helpdesk|servicedesk|klantenservice|customer[ ]services?"
    r"|afdeling|billing|complaints|klachtenafdeling|incasso|facturatie|webcare|administratie"
    r"|debiteurenadministratie|balie|receptie|planning|boekhouding|backoffice|klantendienst)(?![\w])"
)
# The surname typed in lowercase after a title ("meneer de boer", "mevrouw van der steen"), or
# a single word the part of the company follows ("mevrouw bakker van de administratie"). A title
# before "van de"/"van het" is a place of work ("meneer van de bank"), never a name.
_LOWERCASE_NAME_AFTER_TITLE = re.compile(
    r"(?<![\w])(?i:meneer|mijnheer|mevrouw|mevr\.?|mw\.|dhr\.|de[ ]heer)[ \t]+"
    r"(?P<name>(?P<particles>(?:de|den|ter|ten|'t|van[ \t]+der|van[ \t]+den|op[ \t]+den"
    r"|op[ \t]+de|in[ \t]+'t|van)[ \t]+)?(?!de\b|het\b|den\b)[a-zà-ÿ][a-zà-ÿ'’]+"
    r"(?:-[a-zà-ÿ]+)?)(?![\w])"
)
# A signature: one or two words alone on the last line after a sign-off, in any case ("groet,
# pieter", "thanks, ben"): nothing but a name stands there.
_SIGN_OFF = (
    r"(?i:groet(?:en|jes)?|vriendelijke[ ]groet(?:en)?|hartelijke[ ]groet|met[ ]vr\.?[ ]groet"
    r"|mvg|gr\.?|liefs|doeg|dank[ ]en[ ]groet|hoogachtend|regards|kind[ ]regards|cheers|thanks"
    r"|many[ ]thanks|best[ ]wishes|yours[ ]sincerely|love|ta|best|all[ ]the[ ]best)"
)
# Two signers share the line: "Kim & Roy", "Ank en Piet". Initials and particles in any case:
# "j. de vries".
_SIGN_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)?"
_SIGNER = (
    r"(?:(?:[^\W\d_]\.[ \t]?){1,4}[ \t]*)?"
    rf"(?:{_LOWER_PARTICLE}[ \t]+){{0,3}}{_SIGN_WORD}"
    rf"(?:[ \t]+(?:{_LOWER_PARTICLE}[ \t]+){{0,3}}{_SIGN_WORD})?"
)
_SIGNATURE = re.compile(
    rf"(?<![\w]){_SIGN_OFF}(?![^\W\d_])[ \t]*[,:]?[ \t]*\n?[ \t]*"
    rf"(?P<name>{_SIGNER}(?:[ \t]*(?:&|\+|(?i:en|and))[ \t]*{_SIGNER})?)[ \t.!]*$"
)
_SIGNERS_JOINED = _words("en and")
_PARTICLE_WORDS = _words("van de der den het 't ter ten te el al ben bin")
# A signature with titles and initials, all of it the signer's: "Hoogachtend,\nmr. drs. C.A. van
# Oosterhout".
_TITLED_SIGNATURE = re.compile(
    rf"(?<![\w]){_SIGN_OFF}(?![^\W\d_])[ \t]*[,:]?[ \t]*\n?[ \t]*"
    rf"(?P<name>(?:{_TITLE_CUE}[ \t]*)+(?:{_SURNAME_PARTICLE}[ \t]+)?{_FULL_NAME})[ \t.!]*$"
)
# The writer introducing themselves: "Ik ben Sjoerd, 41", "I'm Aoife and", "Hoi, Jorieke hier".
_SELF_INTRODUCTION = re.compile(
    r"(?<![\w])(?i:ik[ ]ben|ik[ ]heet|i'm|i[ ]am|my[ ]name's)[ \t]+"
    rf"(?P<name>{_NAME_WORD})(?=[ \t]*(?:,|[.!]|$|(?i:en|and)\b))"
    r"|(?<![\w])(?i:hoi|hallo|hi|hey|hiya|dag|hello)[ \t,]+"
    rf"(?P<greeted>{_NAME_WORD})[ \t]+(?i:hier|here)\b"
)
# "Groeten van Riemke", "Love from Siobhan": the sender after "from".
_SIGNED_FROM = re.compile(
    rf"(?<![\w]){_SIGN_OFF}[ \t]+(?i:van|from)[ \t]+(?P<name>{_FULL_NAME})[ \t.!]*$"
)
# "Ik kreeg Dionne aan de lijn", "I got Shauna on the phone".
_ON_THE_LINE = re.compile(
    rf"(?<![\w])(?i:kreeg|had|got)[ \t]+(?P<name>{_FULL_NAME})[ \t]+"
    r"(?i:aan[ \t]+de[ \t]+(?:lijn|telefoon)|on[ \t]+the[ \t]+(?:phone|line))"
)
# "Ik sprak met Hennie, Bart en Shanice": the next names of a list that opens with one.
_NEXT_IN_LIST = re.compile(rf"[ \t]*(?:,|&|(?i:en|and))[ \t]+(?P<name>{_NAME_WORD})")
# Initials before a surname need no cue: "J. de Vries", "A.B. Jansen".
_INITIALS_NAME = re.compile(
    rf"(?<![\w.])(?P<name>{_INITIALS}(?:{_SURNAME_PARTICLE}[ \t]+){{0,3}}{_NAME_WORD})"
)
_NOT_INITIALS = _words("b.v. n.v. p.s. n.b. a.s. a.u.b. i.p.v. o.a. d.w.z. m.b.t. t.z.t. e.d.")
# Any capitalised word, to check against the first-name list.
_CAPITALISED = re.compile(rf"(?<![\w@#/.-]){_NAME_WORD}")
_BOT_BEFORE = re.compile(
    r"(?i:chatbot|bot|assistent|assistente|assistant|chatassistent|robot|avatar|voicebot"
    r"|spraakcomputer)[\"'’)( \t:,]*(?:[\w-]+[ \t]+){0,2}$"
)
_BOT_AFTER = re.compile(
    r"[ \t]*[,(–-][ \t]*(?i:(?:de|onze|hun|het|the|our|their|a|een)[ \t]+)?"
    r"(?i:(?:digitale|virtuele|virtual|slimme)[ \t]+)?"
    r"(?i:chatbot|bot|assistent|assistente|assistant|chatassistent|robot|avatar|voicebot)(?![\w])"
)


def _name_words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)?", name)]


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop trailing words that are not names ("Kees Kanarie Ik"), and refuse a name whose first
    word is a job title, a company or a function word."""
    name = text[start:end]
    words = list(re.finditer(r"[^\s]+", name))
    while words and words[-1].group().lower().strip(".,") in NOT_NAMES:
        # After a particle a common word is a surname: "J. ter Haar", "Piet de Man".
        if (
            len(words) >= 3
            and words[-1].group()[0].isupper()
            and words[-2].group().islower()
            and re.fullmatch(_SURNAME_PARTICLE, words[-2].group())
        ):
            break
        words.pop()
    # Surname particles never end a name.
    while words and re.fullmatch(_SURNAME_PARTICLE, words[-1].group()):
        words.pop()
    if not words:
        return None
    first = words[0].group().lower().strip(".,")
    initial = re.fullmatch(_INITIALS, words[0].group()) is not None  # "A. Vos", not "a"
    if first in NOT_NAMES and not initial and not re.fullmatch(_SURNAME_PARTICLE, words[0].group()):
        return None
    return start + words[0].start(), start + words[-1].end()


# Lowercase words after a title that are no surname: "meneer zei", "mevrouw aan de telefoon".
_NOT_LOWER_SURNAMES = _words(
    """zei zegt vond vroeg belde kwam was is had heeft aan in op aan bij met die wie zelf zelve
    ook nog niet wel erg heel gaf zou kon wilde moest"""
)
# "De Jan van Galenstraat": a name that ends in a street word is a street; one followed by a word
# for a building or an institution names the place ("Wilhelmina Ziekenhuis", "Anton Philipszaal").
_STREET_NAMED_AFTER = re.compile(r"(?:straat|gracht|plein|steeg|plantsoen|kanaal|boulevard)$")
_PLACE_NAMED_AFTER = re.compile(
    r"[ \t]+(?:Arena|Stadion|Stadium|Ziekenhuis|Hospital|College|Lyceum|Museum|Huis|House|School"
    r"|Brug|Bridge|Tunnel|Zaal|Hall|Centrum|Centre|Center|Park|Stichting|Fonds|Prijs|Kazerne"
    r"|Universiteit|University|Kliniek|Clinic|Theater|Theatre|Kerk|Church|Airport|Station)(?![\w])"
)


# Compounds the dictionary lacks that open a sentence: "Vanochtend", "Maandagmiddag", "Helaas".
_TIME_COMPOUND = re.compile(r"(?i)\w*(?:ochtend|morgen|middag|avond|nacht|dag|gisteren)|helaas")


def _dictionary_word(word: str) -> bool:
    """A Dutch or English word ("Hulp van de klantenservice"), not a name ("Ciska")."""
    lower = word.lower()
    return _TIME_COMPOUND.fullmatch(lower) is not None or any(
        simplemma.is_known(lower, lang=lang) for lang in ("nl", "en")
    )


# A job in apposition after a name: "Wubbo, de teamleider, …", "Rinske (teamleider)".
_JOB_AFTER = re.compile(
    r"[ \t]*(?:,|\()[ \t]*(?:(?i:de|onze|hun|een|the|our|their|a)[ \t]+)?"
    r"(?i:teamleider|manager|monteur|medewerker|medewerkster|bezorger|chauffeur|adviseur"
    r"|adviseuse|behandelaar|leidinggevende|supervisor|verkoper|verkoopster|klantadviseur"
    r"|consulent|technicus|planner|receptioniste?|directeur|eigenaar|engineer|technician"
    r"|agent|advisor|adviser|driver|owner|team[ ]leader|store[ ]manager)(?![\w])"
)


def _staff_name(text: str, start: int, end: int) -> bool:
    """ "Ciska van klantenservice", "Wubbe van de afdeling incasso", "Wubbo, de teamleider": a
    word that names no thing, with the part of the company they work in, or their job, after it."""
    word = text[start:end]
    return (
        (_STAFF_AFTER.match(text, end) is not None or _JOB_AFTER.match(text, end) is not None)
        and word.lower() not in NOT_NAMES
        and word not in _SUSPECT_NOT_A_NAME
        and not _dictionary_word(word)
    )


def _lowercase_titled_names(text: str) -> Iterator[_Hit]:
    """ "meneer de boer", "mevrouw van der steen", "mevrouw bakker van de administratie"."""
    for m in _LOWERCASE_NAME_AFTER_TITLE.finditer(text):
        surname = m.group("name").split()[-1]
        if surname in NOT_NAMES or surname in _NOT_LOWER_SURNAMES:
            continue
        particles = m.group("particles")
        # "van" alone is a preposition ("meneer van Ziggo" is capitalised anyway).
        named = (particles and particles.strip() != "van") or (
            not particles
            and (_STAFF_AFTER.match(text, m.end()) or _HE_OR_SHE_AFTER.match(text, m.end()))
        )
        if named:
            yield _hit(m.start("name"), m.end("name"), NAME)


def _listed_first_name(word: str) -> bool:
    """A listed first name, or a hyphenated one with a listed part ("anne-fleur", "jan-peter")."""
    return word in FIRST_NAMES or ("-" in word and any(p in FIRST_NAMES for p in word.split("-")))


def _bot_names(text: str) -> set[str]:
    """Names the story gives to chatbots ("de chatbot Saar"): not people, anywhere in the text."""
    names = set()
    for m in _CAPITALISED.finditer(text):
        if _BOT_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) or _BOT_AFTER.match(
            text, m.end()
        ):
            names.add(m.group().lower())
    return names


def _find_names(text: str) -> Iterator[_Hit]:
    hits = list(_name_candidates(text))
    yield from hits
    yield from _names_listed_after(text, hits)


def _names_listed_after(text: str, hits: Sequence[_Hit]) -> Iterator[_Hit]:
    """The listed first names after a found name in a list ("Hennie, Bart en Sanne"); an
    unlisted word there may be a town or a company ("Jan, Apeldoorn en Heerlen"), and is left to
    `suspects`."""
    for hit in hits:
        if hit.kind != NAME:
            continue
        for m in _names_in_list(text, hit.end):
            if not _listed_first_name(m.group("name").lower()):
                break
            yield _hit(m.start("name"), m.end("name"), NAME)


def _names_in_list(text: str, pos: int) -> Iterator[re.Match]:
    """The capitalised words listed after `pos`, up to the first that is a common word."""
    while (m := _NEXT_IN_LIST.match(text, pos)) is not None:
        word = m.group("name")
        if (
            word.lower() in NOT_NAMES
            or word in _SUSPECT_NOT_A_NAME
            or (_dictionary_word(word) and not _listed_first_name(word.lower()))
        ):
            return
        yield m
        pos = m.end()


def _name_candidates(text: str) -> Iterator[_Hit]:
    bots = _bot_names(text)

    def accept(start: int, end: int, need_listed: bool = False) -> Iterator[_Hit]:
        trimmed = _trim_name(text, start, end)
        if trimmed is None:
            return
        words = _name_words(text[trimmed[0] : trimmed[1]])
        if (words and words[0] in bots) or _names_a_place(text, *trimmed):
            return
        # "Dr. Oetker", "Albert Heijn": the cue or the first name is part of a company's name.
        around = text[max(0, trimmed[0] - 12) : trimmed[1] + 12].lower()
        if any(phrase in around for phrase in NOT_NAME_PHRASES):
            return
        listed = bool(words) and _listed_first_name(words[0])
        if (
            need_listed
            and not listed
            and not _PARTICLE_BETWEEN_CAPITALS.search(text, trimmed[0], trimmed[1])
            and not _STAFF_AFTER.match(text, trimmed[1])
            and not _HE_OR_SHE_AFTER.match(text, trimmed[1])
        ):
            return
        yield _hit(*trimmed, NAME)

    for m in _NAME_AFTER_TITLE.finditer(text):
        yield from accept(m.start("name"), m.end("name"))
    for m in _NAME_AFTER_CUE.finditer(text):
        yield from accept(m.start("name"), m.end("name"))
    for m in _NAME_AFTER_WEAK_CUE.finditer(text):
        cue = m.group()[: m.start("name") - m.start()].strip().lower()
        # "ik ben Wubbe Jansen" is a name; "ik ben Student" is not: one word must be listed.
        several = len(m.group("name").split()) > 1
        yield from accept(
            m.start("name"), m.end("name"), need_listed=not (cue == "ik ben" and several)
        )
    for m in _SIGNATURE.finditer(text.rstrip()):
        words = _signature_words(m.group("name"))
        if words and not any(word in NOT_NAMES for word in words) and words[0] not in bots:
            yield _hit(m.start("name"), m.end("name"), NAME)
    for m in _TITLED_SIGNATURE.finditer(text.rstrip()):
        yield from accept(m.start("name"), m.end("name"))
    # A signature is at the end: only the last line or two are read for "Groeten van …".
    ending = text.rstrip()
    for m in _SIGNED_FROM.finditer(ending, max(0, len(ending) - 160)):
        yield from accept(m.start("name"), m.end("name"))
    for m in _ON_THE_LINE.finditer(text):
        first = m.group("name").split()[0]
        if _listed_first_name(first.lower()) or not _dictionary_word(first):
            yield from accept(m.start("name"), m.end("name"))
    for m in _SELF_INTRODUCTION.finditer(text):
        group = "name" if m.group("name") else "greeted"
        yield from accept(m.start(group), m.end(group))
    for m in _LOWERCASE_NAME_AFTER_SELF_CUE.finditer(text):
        words = m.group("name").split()
        if words[0] in FIRST_NAMES and words[0] not in NOT_NAMES:
            end = m.end("name") if words[-1] not in NOT_NAMES else m.start("name") + len(words[0])
            yield _hit(m.start("name"), end, NAME)
    for m in _LOWERCASE_NAME_AFTER_CUE.finditer(text):
        first = m.group("name").split()[0]
        if _listed_first_name(first) and first not in NOT_NAMES | _LOWERCASE_WORD_NAMES:
            yield _hit(m.start("name"), m.end("name"), NAME)
    for m in _INITIALS_NAME.finditer(text):
        initials = re.match(_INITIALS, m.group("name")).group().replace(" ", "").lower()
        if initials not in _NOT_INITIALS and len(initials) >= 2:
            yield from accept(m.start("name"), m.end("name"))
    # A listed first name anywhere, with the surname that follows it.
    yield from _lowercase_titled_names(text)
    for m in _CAPITALISED.finditer(text):
        word = m.group().lower()
        if word not in bots and _staff_name(text, m.start(), m.end()):
            yield from accept(m.start(), m.end())
            continue
        if not _listed_first_name(word) or word in NOT_NAMES or word in bots:
            continue
        if _month_context(text, m.start(), m.end()):
            continue
        full = _FULL_NAME_RE.match(text, m.start())
        end = full.end() if full else m.end()
        yield from accept(m.start(), max(end, m.end()))


def _names_a_place(text: str, start: int, end: int) -> bool:
    """ "De Jan van Galenstraat", "de Johan Cruijff Arena", "het Antonius Ziekenhuis"."""
    last_word = text.rfind(" ", start, end) + 1 or start
    return bool(
        _STREET_NAMED_AFTER.search(text, start, end)
        or _PLACE_NAMED_AFTER.match(text, end)
        or (last_word > start and _PLACE_NAMED_AFTER.fullmatch(text, last_word - 1, end))
    )


def _signature_words(name: str) -> list[str]:
    """The words of a signature that must be no common word. "en"/"and" joins two signers, never
    opens a name ("Thanks and goodbye"); particles stand between a name's words, or after
    initials ("j. de vries"), which are no words; an abbreviation is no initial ("P.S. see")."""
    words = _name_words(name)
    initials = re.match(r"(?:[^\W\d_]\.[ \t]?)+", name)
    if initials and initials.group().replace(" ", "").lower() in _NOT_INITIALS:
        return []
    if initials:
        words = [w for w in words if len(w) > 1 and w not in _PARTICLE_WORDS]
    inner = [w for w in words[1:-1] if w not in _SIGNERS_JOINED | _PARTICLE_WORDS]
    return words[:1] + inner + words[-1:]


def _month_context(text: str, start: int, end: int) -> bool:
    """ "12 Jan 2024" and "Jan 12": a month, not a man."""
    return bool(
        re.search(r"[0-9][ \t]*$", text[max(0, start - 3) : start])
        or re.match(r"[ \t.]*[0-9]", text[end : end + 3])
    )


# --- Putting it together ----------------------------------------------------------------------------


def _detect(text: str) -> list[_Hit]:
    url_hits, url_extents = _find_urls(text)
    plain_links = [
        extent for extent in url_extents if not any(h.start == extent[0] for h in url_hits)
    ]
    hits: list[_Hit] = [
        *_find_emails(text),
        *url_hits,
        *_find_ibans(text),
        *_find_keyword_references(text),
        *_find_phones(text, plain_links),
        *_find_world_phones(text, plain_links),
        *_find_spelled_phones(text),
        *_find_addresses(text),
        *_find_bare_references(text, plain_links),
        *_find_birthdates(text),
        *_find_bsns(text),
        *_find_cards(text),
        *_find_plates(text),
        *_find_handles(text),
        *_find_names(text),
    ]
    return _merge(hits)


def _render(original: str, hits: Sequence[_Hit]) -> str:
    out, pos = [], 0
    for h in hits:
        out.append(original[pos : h.start])
        out.append(PLACEHOLDERS[h.kind])
        pos = h.end
    out.append(original[pos:])
    return "".join(out)


def _to_original(hits: Sequence[_Hit], found: Sequence[_Hit]) -> list[_Hit]:
    """Map hits found in the rendered text back onto the original; a hit touching a placeholder
    takes the placeholder's whole original extent with it."""
    layout = []  # (rendered start, rendered end, original start, original end) per placeholder
    shift = 0
    for h in hits:
        rendered_start = h.start + shift
        rendered_end = rendered_start + len(PLACEHOLDERS[h.kind])
        layout.append((rendered_start, rendered_end, h.start, h.end))
        shift += len(PLACEHOLDERS[h.kind]) - (h.end - h.start)

    def position(p: int, is_end: bool) -> int:
        delta = 0
        for r_start, r_end, o_start, o_end in layout:
            if p < r_start or (is_end and p == r_start):
                break
            if p < r_end or (is_end and p == r_end):
                return o_end if is_end else o_start
            delta = o_end - r_end
        return p + delta

    return [_Hit(position(f.start, False), position(f.end, True), f.kind, f.rank) for f in found]


# Redacting can join text into something that reads as a new find (a digit run that ended at an
# e-mail address now ends at "]"). Re-detecting on the rendered text until nothing new turns up
# makes `redact` idempotent: what it returns contains nothing it would redact again.
_MAX_PASSES = 5


def redact(text: str) -> Redaction:
    """Redact personal data from a story; see the module docstring for what is kept and why."""
    hits = _detect(text)
    rendered = _render(text, hits)
    # Each pass reads what the last one's placeholders left; a text with nothing to hide is read
    # once (another pass would read the same text again).
    for _ in range(_MAX_PASSES if hits else 0):
        again = _detect(rendered)
        if not again:
            break
        hits = _merge([*hits, *_to_original(hits, again)])
        rendered = _render(text, hits)
    spans = tuple(Span(h.kind, text[h.start : h.end], h.start, h.end) for h in hits)
    return Redaction(rendered, spans)


# Every detector fires at least once on this text, so `warm_up` exercises all of them.
_WARM_UP_TEXT = (
    "Ik ben Kees Kanarie, geboren 12-03-1985, Kerkstraat 12, 1234 AB Amsterdam. Bel 06-12345678 "
    "of mail kees apestaartje gmail punt com of k@example.nl. BSN 123456782, NL91ABNA0417164300, "
    "kaart 4111 1111 1111 1111, kenteken GX-123-B, boekingsnummer ABC123, @kees_k, "
    "https://x.nl/reset?token=abc123def456gh, zes twaalf drie vier vijf zes zeven acht. "
    # The dictionary a name before the part of the company is checked against loads here.
    "Ciska van klantenservice."
)
_ready = False


def warm_up() -> float:
    """Build everything `redact` needs and run it once; seconds taken. Called when a process
    starts (`journeys.apps`), so no request is the one that pays for it."""
    global _ready
    started = time.perf_counter()
    redact(_WARM_UP_TEXT)
    _ready = True
    return time.perf_counter() - started


def is_ready() -> bool:
    return _ready


def apply_redactions(original: str, spans: Sequence[Span]) -> str:
    """Replace each span of `original` by its placeholder. Undoing a false positive is applying
    the spans minus the undone one; a span that no longer matches the text (the story was edited
    after it was found) is refused rather than redacting the wrong words."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    previous_end = 0
    for span in ordered:
        if span.kind not in PLACEHOLDERS:
            raise ValueError(f"unknown redaction kind {span.kind!r}")
        if not 0 <= span.start < span.end <= len(original):
            raise ValueError(f"span {span.start}-{span.end} is outside the text")
        if original[span.start : span.end] != span.original:
            raise ValueError(f"span {span.start}-{span.end} no longer matches the text")
        if span.start < previous_end:
            raise ValueError(f"span {span.start}-{span.end} overlaps the previous one")
        previous_end = span.end
    return _render(original, [_Hit(s.start, s.end, s.kind, 0) for s in ordered])


def manual_spans(text: str, phrase: str, existing: Sequence[Span] = ()) -> list[Span]:
    """Spans for every occurrence of `phrase` (case-insensitive) not already redacted, for a
    moderator hiding what automation cannot know is personal: a name, a nickname."""
    if not phrase:
        return []
    taken = [(s.start, s.end) for s in existing]
    added: list[Span] = []
    for m in re.finditer(re.escape(phrase), text, re.IGNORECASE):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        added.append(Span(MANUAL, m.group(), m.start(), m.end()))
        taken.append(m.span())
    return added


def mask_preview(original: str) -> str:
    """A hint of what a redaction hid, enough for a moderator to judge a false positive without
    reading the personal data: "k•••@•••.nl", "06•••78", "https://example.nl/•••"."""
    mask = "•••"
    if "@" in original:
        local, _, domain = original.partition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}{mask}@{mask}" + (f".{tld}" if tld else "")
    link = re.match(r"(?i)(?:https?://)?(?:www\.)?[^/\s?#]+", original)
    if link and ("://" in original or original.lower().startswith("www.")):
        return f"{link.group()}/{mask}"
    if len(original) <= 4:
        return mask
    return f"{original[:2]}{mask}{original[-2:]}"


def span_to_json(span: Span) -> dict:
    return {"kind": span.kind, "original": span.original, "start": span.start, "end": span.end}


def span_from_json(data: dict) -> Span:
    return Span(str(data["kind"]), str(data["original"]), int(data["start"]), int(data["end"]))


# --- Reporter pseudonyms ------------------------------------------------------------------------------


SUSPECT_NAME = "name"
SUSPECT_CARD = "card"
SUSPECT_BSN = "bsn"
SUSPECT_ADDRESS = "address"
SUSPECT_REFERENCE = "reference"

# Extended here, so the list above stays as the recognisers' section has it.
__all__ += [
    "SUSPECT_ADDRESS",
    "SUSPECT_BSN",
    "SUSPECT_CARD",
    "SUSPECT_NAME",
    "SUSPECT_REFERENCE",
    "Segment",
    "Suspect",
    "bsn_ok",
    "luhn_ok",
    "preview_segments",
    "suspects",
]


@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    kind: str
    # Why it was flagged: the words before a name ("mevrouw"), or the checksum a number passed.
    reason: str
    text: str


@dataclass(frozen=True)
class Segment:
    """A piece of the published story: plain text, a placeholder (`span` set), or text left
    readable that may be personal (`suspect` set)."""

    text: str
    span: Span | None = None
    suspect: Suspect | None = None


# After these, one capitalised word is a name: "mevrouw Jansen", "mijn naam is Sanne".
_SUSPECT_TITLE_TRIGGER = (
    r"meneer|mevrouw|medewerker|medewerkster|de[ \t]+heer|dhr\.|mevr\.|mw\."
    r"|mijn[ \t]+naam[ \t]+is|my[ \t]+name[ \t]+is"
)
# After these only a pair is: "ik ben Jan Jansen", but not "I am Dutch" or "ik ben Boos".
_SUSPECT_SELF_TRIGGER = r"ik[ \t]+ben|i[ \t]+am|i'm"
# "Jansen", "Jansen-Bakker", "O'Brien".
_SUSPECT_NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ]['’])?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]+)?"
)
_SUSPECT_NAME_PARTICLE = r"(?:van|de|der|den|het|ter|ten|te|in|'t|von|la|le|du|da|di|el|al)"
_SUSPECT_NAME_NEXT = rf"[ \t]+(?:{_SUSPECT_NAME_PARTICLE}[ \t]+){{0,3}}{_SUSPECT_NAME_WORD}"
_SUSPECT_INITIALS = r"(?:[A-Z]\.[ \t]?){1,4}[ \t]*"
_SUSPECT_NAME_AFTER_TITLE = re.compile(
    rf"(?<![\w])(?P<trigger>(?i:{_SUSPECT_TITLE_TRIGGER}))[ \t]*:?[ \t]+"
    rf"(?P<name>(?:{_SUSPECT_INITIALS})?(?:{_SUSPECT_NAME_PARTICLE}[ \t]+){{0,3}}{_SUSPECT_NAME_WORD}(?:{_SUSPECT_NAME_NEXT}){{0,2}})"
)
_SUSPECT_NAME_AFTER_SELF = re.compile(
    rf"(?<![\w])(?P<trigger>(?i:{_SUSPECT_SELF_TRIGGER}))[ \t]+"
    rf"(?P<name>{_SUSPECT_NAME_WORD}(?:{_SUSPECT_NAME_NEXT}){{1,2}})"
)
# Capitalised words after a trigger that name a department or start a phrase, not a person.
_SUSPECT_NOT_A_NAME = _words(
    """Klantenservice Klantendienst Helpdesk Servicedesk Service Customer Support Team Afdeling
    Webcare Chat Chatbot Bot Op In Aan Bij Voor Met Niet Nog Ook Al Er Nu Dan Toen Zo Heel Erg
    Ik Jij Je Hij Zij Ze Wij We Mijn Zijn Haar Hun Het Een Die Dat Maar En Of I You He She We They
    My The And But"""
)
# Cues that people and companies share ("ik sprak met Wubbe", "volgens Ziggo"): the recognisers
# leave an unlisted word after them readable, so it is flagged for a person to decide.
_SUSPECT_SHARED_CUE = re.compile(
    r"(?<![\w])(?P<trigger>(?i:sprak[ \t]+met|gesproken[ \t]+met|belde[ \t]+met|zei|volgens"
    r"|spoke[ \t]+(?:to|with)|talked[ \t]+to|said))[ \t]+"
    rf"(?P<name>{_SUSPECT_NAME_WORD})(?![\w])"
)
# Digit groups joined by single spaces, dots or hyphens: "4111 1111 1111 1111", "123.456.782".
_NUMBER_RUN = re.compile(r"(?<![\w.,-])[0-9]+(?:[ .-][0-9]+)*(?![\w]|[.,-][0-9])")


def luhn_ok(digits: str) -> bool:
    """The check digit of payment cards (ISO/IEC 7812)."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def bsn_ok(digits: str) -> bool:
    """The Dutch citizen service number's eleven-proof (weights 9..2, and -1 for the last)."""
    if len(digits) != 9 or digits == "0" * 9:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(c) * w for c, w in zip(digits, weights, strict=True)) % 11 == 0


# Behind `_find_cards` and `_find_bsns`, which hide the usual groupings themselves. Still live for
# groupings they do not read: "4111.1111.1111.1111", digit pairs, a BSN as "1112 22 333".
def _suspect_numbers(text: str) -> Iterator[Suspect]:
    for m in _NUMBER_RUN.finditer(text):
        digits = re.sub(r"[^0-9]", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            yield Suspect(m.start(), m.end(), SUSPECT_CARD, "luhn", m.group())
        elif len(digits) == 9 and bsn_ok(digits):
            yield Suspect(m.start(), m.end(), SUSPECT_BSN, "11-proof", m.group())


def _suspect_shared_cue_names(text: str) -> Iterator[Suspect]:
    for m in _SUSPECT_SHARED_CUE.finditer(text):
        word = m.group("name")
        if word in _SUSPECT_NOT_A_NAME or word.lower() in NOT_NAMES or word.lower() in BOT_WORDS:
            continue
        reason = " ".join(m.group("trigger").lower().split())
        yield Suspect(m.start("name"), m.end("name"), SUSPECT_NAME, reason, word)


# Behind `_find_names`, which hides almost every name after these triggers. Still live for what its
# name word cannot read: "mevrouw O'Brien", "meneer D'Souza", "mevrouw Strauß".
def _suspect_names(text: str) -> Iterator[Suspect]:
    for pattern, least in ((_SUSPECT_NAME_AFTER_TITLE, 1), (_SUSPECT_NAME_AFTER_SELF, 2)):
        for m in pattern.finditer(text):
            # A name ends before a word that starts the next clause: "ik ben Jan Ik …".
            end = m.start("name")
            capitalised = 0
            for word in re.finditer(r"\S+", m.group("name")):
                if word.group() in _SUSPECT_NOT_A_NAME:
                    break
                end = m.start("name") + word.end()
                capitalised += word.group()[0].isupper()
            if capitalised < least:
                continue
            reason = " ".join(m.group("trigger").lower().split())
            start = m.start("name")
            yield Suspect(start, end, SUSPECT_NAME, reason, text[start:end])


# A street with no street word the recognisers know, after a word that leads to a place ("naar
# Esdoorn 14"), and a British postcode with no house number near: left readable, maybe an address.
_SUSPECT_PLACE = re.compile(
    r"(?<![\w])(?P<trigger>(?i:naar|op|aan|bij|at|to|from))[ \t]+(?:(?i:de|het|the)[ \t]+)?"
    r"(?P<place>[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:[ \t]+[A-ZÀ-Þ][a-zà-ÿ'’-]+)?[ \t]+[1-9][0-9]{0,3}[a-zA-Z]?)"
    r"(?![\w.,:/-]|[ \t]*(?i:euro|eur|uur|u\b|min|minuten|keer|procent|%|kg|km|dagen|weken|maanden"
    r"|pm|am|hours|minutes|times|days|weeks))"
)
_SUSPECT_UK_POSTCODE = re.compile(rf"(?<![\w]){_UK_POSTCODE}")
# A Dutch postcode alone ("mijn postcode is 6221 BT"), kept by policy: with a name it narrows
# a person down to a few houses, so the moderator looks.
_POSTBUS_BEFORE = re.compile(r"(?i:postbus|antwoordnummer)[ \t]*[0-9]*[ \t,]*$")
_SUSPECT_POSTCODE = re.compile(
    rf"(?<![\w.,€$-]){_POSTCODE}(?=[ \t]*(?:[.,;:!?)]|$|[ \t][A-Za-zÀ-ÿ]))"
)


def _suspect_places(text: str) -> Iterator[Suspect]:
    for m in _SUSPECT_PLACE.finditer(text):
        if m.group("place").split()[0].lower() in NOT_NAMES:
            continue
        reason = m.group("trigger").lower()
        yield Suspect(m.start("place"), m.end("place"), SUSPECT_ADDRESS, reason, m.group("place"))
    for m in _SUSPECT_UK_POSTCODE.finditer(text):
        yield Suspect(m.start(), m.end(), SUSPECT_ADDRESS, "postcode", m.group())
    for m in _SUSPECT_POSTCODE.finditer(text):
        if _postcode_letters_ok(m.group("letters")) and not _POSTBUS_BEFORE.search(
            text[max(0, m.start() - 30) : m.start()]
        ):
            yield Suspect(m.start(), m.end(), SUSPECT_ADDRESS, "postcode", m.group())


# A first name that is also an everyday word, typed in lowercase after "ik ben" or "called" ("ik
# ben rob", "a guy called jack"): left readable ("ik ben max 3 dagen weg"), maybe a name.
def _suspect_lowercase_names(text: str) -> Iterator[Suspect]:
    for m in _LOWERCASE_NAME_AFTER_CUE.finditer(text):
        first = m.group("name").split()[0]
        if first in _LOWERCASE_WORD_NAMES and _listed_first_name(first):
            reason = " ".join(text[m.start() : m.start("name")].lower().split())
            end = m.start("name") + len(first)
            yield Suspect(m.start("name"), end, SUSPECT_NAME, reason, first)


# Behind `_lowercase_titled_names`, which hides a lowercase surname only with a particle or the
# part of the company after it: "mevrouw wijnands belde" is left readable, maybe a name.
def _suspect_lowercase_titled_names(text: str) -> Iterator[Suspect]:
    for m in _LOWERCASE_NAME_AFTER_TITLE.finditer(text):
        word = m.group("name").split()[-1]
        if word in NOT_NAMES or word in _NOT_LOWER_SURNAMES or _dictionary_word(word):
            continue
        reason = " ".join(text[m.start() : m.start("name")].lower().split())
        yield Suspect(m.start("name"), m.end("name"), SUSPECT_NAME, reason, m.group("name"))


# Behind `_staff_name`, which hides only a word that is no word: "… en Bakker van de
# klantenservice" mid-sentence is left readable, maybe a surname.
def _suspect_staff_names(text: str) -> Iterator[Suspect]:
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        if (
            (staff := _STAFF_AFTER.match(text, m.end()))
            and word.lower() not in NOT_NAMES
            and word not in _SUSPECT_NOT_A_NAME
            and not re.search(r"(?:^|[.!?:]\s*|\n\s*)$", text[max(0, m.start() - 3) : m.start()])
        ):
            reason = staff.group().split()[-1].lower()
            yield Suspect(m.start(), m.end(), SUSPECT_NAME, reason, word)


# Behind `_names_listed_after`, which hides only listed first names further down a list: "Ik sprak
# met Kees, Bart en Shanice" leaves "Shanice" readable, maybe a name (or a town, a company).
def _suspect_listed_names(text: str, spans: Sequence[Span]) -> Iterator[Suspect]:
    for span in spans:
        if span.kind == NAME:
            for m in _names_in_list(text, span.end):
                yield Suspect(m.start("name"), m.end("name"), SUSPECT_NAME, "list", m.group("name"))


# A code kept as a model number ("koelkast KGN39VIEA") may be a customer's own reference.
def _suspect_codes(text: str) -> Iterator[Suspect]:
    for m in _CAPS_CODE.finditer(text):
        code = m.group()
        before = _PRODUCT_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before and len(_DIGITS.findall(code)) >= 5 and not code.isdigit():
            reason = before.group().split()[0].lower()
            yield Suspect(m.start(), m.end(), SUSPECT_REFERENCE, reason, code)


def suspects(text: str, spans: Sequence[Span] = ()) -> list[Suspect]:
    """What may still be personal in `text` outside the redacted `spans`, in reading order."""
    taken = [(s.start, s.end) for s in spans]
    found: list[Suspect] = []
    for suspect in sorted(
        [
            *_suspect_names(text),
            *_suspect_shared_cue_names(text),
            *_suspect_lowercase_names(text),
            *_suspect_lowercase_titled_names(text),
            *_suspect_staff_names(text),
            *_suspect_listed_names(text, spans),
            *_suspect_numbers(text),
            *_suspect_places(text),
            *_suspect_codes(text),
        ],
        key=lambda s: (s.start, -s.end),
    ):
        if any(suspect.start < end and start < suspect.end for start, end in taken):
            continue
        found.append(suspect)
        taken.append((suspect.start, suspect.end))
    return found


def preview_segments(
    original: str, spans: Sequence[Span], flagged: Sequence[Suspect] = ()
) -> list[Segment]:
    """The published text (`apply_redactions(original, spans)`) cut into plain, hidden and
    flagged pieces, so a page can highlight each without changing a character of it."""
    marks: list[tuple[int, int, Span | None, Suspect | None]] = [
        *((s.start, s.end, s, None) for s in spans),
        *((s.start, s.end, None, s) for s in flagged),
    ]
    segments: list[Segment] = []
    pos = 0
    for start, end, span, suspect in sorted(marks, key=lambda m: (m[0], m[1])):
        if start < pos:
            raise ValueError(f"mark {start}-{end} overlaps the previous one")
        if start > pos:
            segments.append(Segment(original[pos:start]))
        if span is not None:
            segments.append(Segment(span.placeholder, span=span))
        else:
            segments.append(Segment(original[start:end], suspect=suspect))
        pos = end
    if pos < len(original):
        segments.append(Segment(original[pos:]))
    return segments
