"""Steps proposed from a consumer's own words, Dutch or English, by rules (no model, no network).

`extract(text)` reads a narrative ("Na drie kwartier in de wacht werd ik doorverbonden en toen
hing hij op") and proposes steps in the order of the text, each with its kind, channel, minutes,
repeats and the span of the words it came from, so the consumer sees why it was proposed and
accepts, edits or drops it. Nothing here stores anything.

How it reads:
1. The text is cut into sentences, and sentences into clauses (at commas, colons and words such
   as "maar", "toen", "daarna", "but", "then").
2. Phrases of each step kind are found with their positions ("in de wacht", "doorverbonden",
   "hing ... op", "automatische beoordeling", "van het kastje naar de muur"). Where two phrases
   overlap, the more specific kind wins; a phrase right after a negation ("geen medewerker",
   "niets opgelost") counts for nothing; one clause proposes a kind once.
3. Durations ("drie kwartier", "20 min", "anderhalf uur") go to the nearest step of their
   sentence that takes time (to the previous step when the sentence has none); counts ("vier
   keer invullen") make the repeats the way the step form reads them: typed four times in all
   is three times again.
4. The channel is the one named in the step's clause when it fits the kind (a form is not filled
   in "by phone"), else the channel the story was on, else the kind's usual one; being told to
   use another channel happens on the old channel and moves the story to the new one.
"""

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from re import _constants, _parser

import simplemma

from . import step_classifier
from .models import INSTANT_KINDS, PROPOSAL_MAX_STEPS, Channel, StepKind

# Numbers up to 99 in words, as people write them: "tweeënvijftig" (also without the diaeresis),
# "fifty two", "fifty-two".
_UNITS_NL = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TEENS_NL = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
             "achttien", "negentien")  # fmt: skip
_TENS_NL = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
_UNITS_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_EN = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen")  # fmt: skip
_TENS_EN = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


_SIMPLE_NUMBER_WORDS = ("één", "eén", "a", "an")


def _number_words() -> dict[str, int]:
    words = dict.fromkeys(_SIMPLE_NUMBER_WORDS, 1)
    for value, (nl, en) in enumerate(zip(_UNITS_NL, _UNITS_EN, strict=True), 1):
        words[nl] = words[en] = value
    for value, (nl, en) in enumerate(zip(_TEENS_NL, _TEENS_EN, strict=True), 10):
        words[nl] = words[en] = value
    for ten, (nl, en) in enumerate(zip(_TENS_NL, _TENS_EN, strict=True), 2):
        words[nl] = words[en] = ten * 10
        for unit, (unit_nl, unit_en) in enumerate(zip(_UNITS_NL, _UNITS_EN, strict=True), 1):
            for join in ("ën", "en") if unit_nl.endswith("e") else ("en",):
                words[unit_nl + join + nl] = ten * 10 + unit
            words[f"{en}-{unit_en}"] = words[f"{en} {unit_en}"] = ten * 10 + unit
    return words


def _either(words) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


NUMBER_WORDS = _number_words()
# The same words as a pattern built the way they are made, not as a list of 290 literals: a long
# list of alternatives is tried one by one at every position of every sentence.
_NUMBER_WORD = (
    "(?:" + _either(_UNITS_NL) + "(?:ën|en)" + _either(_TENS_NL)
    + "|" + _either(_TENS_EN) + "(?:[- ]" + _either(_UNITS_EN) + ")?"
    + "|" + _either((*_SIMPLE_NUMBER_WORDS, *_UNITS_NL, *_TEENS_NL, *_TENS_NL, *_UNITS_EN,
                     *_TEENS_EN, *_TENS_EN))
    + ")"
)  # fmt: skip


ORDINAL_WORDS = {
    "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
}  # fmt: skip
_ORDINAL = "(?:" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:e|ste|de|st|nd|rd|th))"
_NUMBER = r"(?:\d+(?:[.,]5)?|" + _NUMBER_WORD + r")"

# Durations as people write them; the group names say how many minutes.
_DURATION_PATTERN = (
    r"\b(?:(?P<hm>\d+|een|één|an|one|twee|two|drie|three)\s*(?:hours?|hrs?|uur)\s*(?:and |en )?"
    r"(?P<hm_minutes>\d+|" + _NUMBER_WORD + r")\s*"
    r"(?:minutes?|mins?|minuten)\b"
    # "1u10 wachten", "1hr 15 on Tuesday"
    r"|(?P<hh>\d)\s*(?:u|h|hrs?|uur)\s*(?P<hh_minutes>[0-5]\d)\b(?!\s*(?:keer|x\b|times))"
    r"|(?P<threequarters>drie kwartier)"
    r"|(?P<nquarters>\d+|twee|vier|vijf|two|four|five)\s*kwartier"
    r"|(?P<hourhalf>anderhalf uur|an hour and a half|one and a half hours?)"
    r"|(?P<halfhour>half uur|halfuur|half an hour|half hour)"
    r"|(?P<quarter>(?:een |één |a )?(?:kwartier|quarter of an hour))"
    r"|(?P<n>" + _NUMBER + r")\+?\s*(?P<unit>minuten|minuut|min\b\.?|minutes?|mins?\b|"
    r"uur|uren|hours?|hrs?\b|u\b|"
    # "35m hold", "45m on hold": m alone is minutes only before a wait.
    r"(?<=\d)m\b(?=\s*(?:on |in the |in de )?(?:hold|wait|queue|wachten|wacht)))"
    r"|(?P<anhour>an hour|een uur))"
)
_DURATION = re.compile(_DURATION_PATTERN, re.IGNORECASE)
# The same, without its groups, to be part of a rule's phrase.
_A_DURATION = re.sub(r"\?P<\w+>", "?:", _DURATION_PATTERN)
# "vier keer", "twice", "3x", "voor de derde keer"; "nog twee keer" and "two more times" count
# only the repeats.
_COUNT = re.compile(
    r"\b(?P<again>nog |opnieuw )?(?:(?P<n>" + _NUMBER + r")\s*(?:keer|maal|x\b|times|occasions|"
    r"pogingen|tries|attempts)"
    r"(?P<more> more)?|(?P<twice>twice|beide keren|allebei de keren|both times)|(?P<thrice>thrice)|"
    r"(?:voor de|for the|de|the) (?P<nth>" + _ORDINAL + r") (?:keer|time|poging|try|attempt))",
    re.IGNORECASE,
)
# "Ik heb vier keer gebeld", "rang them 5 times", "I have telephoned twice": calls counted.
_A_COUNT = re.sub(r"\?P<\w+>", "?:", _COUNT.pattern)
_CALL_COUNT = re.compile(
    _A_COUNT + r"\s+(?:\w+\s+){0,4}?(?:gebeld|opgebeld)\b"
    r"|\b(?:called|rang|phoned|telephoned|rung)\s+(?:\w+\s+){0,3}?" + _A_COUNT,
    re.IGNORECASE,
)
# A word part before a literal is bounded ("\w{0,24}nummer", not "\w*nummer"), so a pasted run
# of letters cannot make the patterns scan it again at every position.
_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;\n]+|$)")
# Abbreviations whose full stop does not end a sentence ("20 min. gewacht").
_ABBREVIATION = re.compile(r"\b(?:min|ca|o\.a|bijv|resp|nr)\.$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r",|:|\s[-–]\s|\b(?:maar|toen|daarna|vervolgens|waarna|terwijl|daar|but|then|after that|"
    r"afterwards|while|when|so)\b",
    re.IGNORECASE,
)
_NO_APOSTROPHE = (
    r"didnt|doesnt|dont|wasnt|werent|isnt|arent|cant|couldnt|wouldnt|wont|havent|hasnt|hadnt"
)
# A person or a solution right after a negation or a wish is not a step ("geen medewerker", "ik
# wilde mijn geld terug", "I asked for a human").
_NEGATION = re.compile(
    r"(?:\b(?:geen|niet|niets|niks|nooit|nergens|no|not|never|nowhere|without|nothing|nobody|none|"
    r"niemand|misschien|maybe|perhaps|"
    r"wilde|wil|wou|wanted|want|hoopte|hoped|"
    # A promise is not the thing promised: "it would be fixed", "zou opgelost worden", "het
    # wordt binnen een week vervangen".
    r"would|zou|zouden|will|zal|zullen|wordt|worden|promised|beloofd|beloofde|"
    # The same without the apostrophe: "itd be sorted", "theyll refund it".
    r"itd|theyd|youd|hed|itll|theyll|youll|" + _NO_APOSTROPHE + r")|\w+n't)"
    # Forum English drops the apostrophe: "didnt get a human", "couldnt speak to anyone".
    r"\W+(?:\w+\W+){0,2}$"
    r"|\b(?:geen enkel|geen|no|zonder|without)\s+(?:\w+\s+)?(?:contact|gesprek|conversation)\s+"
    r"(?:met|with)\W+(?:\w+\W+){0,2}$"
    # "no option to talk to an actual person", "geen knop om een medewerker te spreken"
    r"|\b(?:geen|no)\s+(?:\w+\s+)?(?:option|way|button|choice|means|knop|manier|optie|keuze|"
    r"mogelijkheid)\s+(?:om|to|for|voor)\W+(?:\w+\W+){0,4}$"
    # A word said to a voice menu or a bot ("roep ik medewerker", "I said agent").
    r"|\b(?:roep|riep|zeg|zei|typ|typte|tik|tikte)\s+ik\s+(?:nog\s+|maar\s+|weer\s+)?$"
    r"|\b(?:i|ik)\s+(?:said|say|shouted|typed|type|roep|riep|zeg|zei|typte|tikte)\s+"
    r"(?:again\s+|weer\s+)?$"
    # "zonder dat er iets geregeld is": a clause after "zonder" is negated as a whole.
    r"|\bzonder\W+(?:\w+\W+){0,4}$"
    # Asking for someone is a wish ("vroeg om een medewerker", "asked to speak to a manager");
    # asking someone something is not ("Ik vroeg de medewerker of…").
    r"|\b(?:vroeg|vroegen|gevraagd|verzocht|asked|asking|begged)\W+(?:\w+\W+){0,2}?"
    r"(?:om|naar|of|for|to speak|to talk|to be put|if|whether)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# "Een medewerker spreken was niet mogelijk", "Opgelost? Nee.": negated after the words.
_NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:was |is |were )?(?:niet mogelijk|onmogelijk|not possible|impossible)"
    r"|^\W*(?:nee|no|nope)\b"
    # "toen ik om een medewerker vroeg": the asking told after the person asked for; not the
    # person asking ("de medewerker vroeg me mijn nummer", "een medewerker gevraagd of…").
    r"|^\W*(?:vroeg|vroegen|gevraagd|verzocht|te vragen)\b"
    r"(?!\s+(?:me|mij|ons|je|u|mijn|onze|of|naar|wat|hoe|waar|wanneer|waarom|welke)\b)"
    # "dat het 'deze week' geregeld wordt": a solution still to come.
    r"|^['’\"”]?\s*(?:wordt|worden|zal|zullen|zou|zouden)\b"
    # "Compensatie aangevraagd", "geld terug gevraagd": asked for, not given.
    r"|^\W*(?:\w+\W+){0,2}?(?:aangevraagd|aanvragen|gevraagd|teruggevraagd|terugvragen|"
    r"requested|claimed|aangemeld)\b",
    re.IGNORECASE,
)


# A wish, a plan or a threat is not a step ("Ik ga naar de ombudsman als dit zo doorgaat", "I only
# wanted to change my address"): what its clause names did not happen (yet).
_NOT_DONE = re.compile(
    r"\b(?:(?:ik|we|wij)\s+(?:ga|gaan|wil|wilde|wou|zal|zullen|overweeg)\b|als dit\b|"
    r"(?:zou|zouden)\s+(?:\w+\s+)?(?:stappen|gaan|indienen)\b|"
    r"i(?:'m| am)\s+going to\b|i(?:'ll| will)\b|if (?:this|it|they)\b|"
    r"(?:i|we)\s+(?:only\s+|just\s+)?(?:want|wanted|would like|'d like)\b|"
    # "Next step is the Ombudsman", "I'm thinking of writing to my MP", "ben van plan"
    r"next step (?:is|will be|would be)\b|(?:de )?volgende stap (?:is|wordt)\b|"
    r"(?:i'm|i am|we're|we are)\s+(?:now\s+)?(?:planning|thinking of|thinking about|considering)\b|"
    r"(?:ben|zijn)\s+(?:\w+\s+)?van plan\b|"
    # Wondering ("Ik vraag me af of een klacht bij de ACM zin heeft", "I wonder if I should go
    # to the ombudsman"), a step still to come ("Geschillencommissie gaat het worden", "dat ik
    # naar de ombudsman ga"), a right only ("says I can appeal to the Ombudsman").
    r"vraag\w*\s+(?:me|mij|ons)\s+af\b|vroeg\w*\s+(?:me|mij|ons)\s+af\b|"
    r"(?:i|we)(?:'m| am| are|'re)?\s+wonder\w*\b|"
    r"gaat het worden\b|(?:once|as soon as|zodra|wanneer)\s+(?:i|we|ik)\s+(?:\w+\s+)?(?:can|kan|could)\b|(?:dat|als)\s+(?:ik|we|wij)\s+(?:\w+\s+){0,6}?(?:ga|gaan)\b|"
    r"(?:i|we)\s+(?:can|could|may)\s+(?:still\s+|only\s+|always\s+)?"
    r"(?:appeal|complain|escalate|go to|take (?:it|this|them)|file|lodge|refer)\b)",
    re.IGNORECASE,
)
# Kinds a wish, a plan or a question names without it having happened.
_NOT_DONE_KINDS = {
    "escalated",
    "resolved",
    "fill_form",
    "repeat_info",
    "chatbot",
    "log_in",
    "create_account",
    "upload_documents",
}
# A question asks; it does not tell that information was given again or a body was written to.
_QUESTION_KINDS = {"escalated", "resolved", "repeat_info", "human"}
# Words between quotes are what someone typed or said ("ik typte 'medewerker'"), not a person, and
# a status shown ("closed as 'resolved'"), not a solution.
_NOT_QUOTED = {StepKind.HUMAN, StepKind.RESOLVED}
_QUOTE_OPEN = re.compile(r"(?:^|[\s(:])['‘\"“][^'’\"”]*$")


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern
    # Where two matches overlap, the higher priority wins (then the longer match).
    priority: int
    # True for words that mean a step only next to a chatbot ("bleef rondjes draaien").
    needs_bot: bool = False
    # True for phrases that may be negated ("geen medewerker" is not a human reached).
    negatable: bool = False
    # Words the sentence must have told before the phrase for it to count.
    needs_before: re.Pattern | None = None
    # True for phrases that a negation right before undoes ("didn't attach them", "geen foto
    # bijgevoegd"); what follows them is another clause ("Sent the photos, no reply").
    unless_negated: bool = False
    # Words that, told before the phrase in its sentence, make it no step.
    unless_before: re.Pattern | None = None
    # True for phrases that are a step only in a sentence that names no person.
    unless_person: bool = False
    # True for a person told only by their saying ("they said", "kreeg ik te horen"): in a
    # sentence that tells what was said as a step of its own, the speaker is part of that step.
    unless_said: bool = False
    # Words one of which every match contains (None: not known); a sentence without any of them
    # is not scanned.
    words: tuple[str, ...] | None = None


# Phrases are written in lower case and read a lower-cased sentence: a case-insensitive pattern
# is about twice as slow, and the rules are most of the time a narrative takes.
_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")


def _rule(kind, priority, *phrases, **flags) -> Rule:
    source = r"\b(?:" + "|".join(phrases) + r")"
    assert not _UPPER_LITERAL.search(source), f"write the phrase in lower case: {source}"
    pattern = re.compile(source)
    return Rule(kind, pattern, priority, words=_needed_words(pattern), **flags)


def _needed_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Literal words one of which every match of the pattern contains, read from its parsed
    form: a sentence without any of them cannot match, and a substring test is much cheaper than
    a scan. None where no such words are known."""
    if pattern.flags & re.IGNORECASE:
        return None
    words = _needed_in(_parser.parse(pattern.pattern, pattern.flags))
    if words is None:
        return None
    # A word that contains another of them is found when that one is.
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def _rarity(words: set[str]) -> float:
    return sum(0.4 ** len(word) for word in words)


def _needed_in(items) -> set[str] | None:
    """Of a parsed sequence: the rarest set of words one of which each match contains."""
    best: set[str] | None = None
    run = ""

    def take(words: set[str] | None) -> None:
        nonlocal best
        if words and (best is None or _rarity(words) < _rarity(best)):
            best = words

    for op, av in items:
        if op is _constants.LITERAL:
            run += chr(av)
            continue
        take({run} if run else None)
        run = ""
        if op is _constants.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None
            take(_needed_in(av[3]))
        elif op is _constants.ATOMIC_GROUP:
            take(_needed_in(av))
        elif op is _constants.BRANCH:
            branches = [_needed_in(branch) for branch in av[1]]
            if all(branches):
                take(set().union(*branches))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                take(_needed_in(av[2]))
        elif op is _constants.IN and all(o is _constants.LITERAL for o, _c in av):
            take({chr(c) for _o, c in av})
        # Anything else (a class, a lookaround, a boundary) tells no word.
    take({run} if run else None)
    return best


def _lowered(text: str) -> str:
    """The text in lower case, letter for letter (a letter whose lower case is longer, as "İ",
    stays as it is, so offsets still match)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_BOT = (
    r"chatbot\w*|\bbot\b|\brobot\b|(?:virtuele|digitale|slimme) assistent|chat-?assistent|"
    r"ai-assistent|"
    r"(?:virtual|digital|ai) assistant"
)
_INFO = (
    r"(?:\b\w{0,24}nummer\w*|gegevens|verhaal|\b\w{0,12}code\b|geboortedatum|adres|naam|"
    r"\b\w{0,24}number|details|story|everything|alles|info\w*)"
)
_AGAIN = (
    r"(?:opnieuw|nogmaals|nog (?:een ?keer|eens)|weer|elke keer|iedere keer|again|from scratch|"
    r"once more)"
)
# Not someone asked for ("om een medewerker", "for a real person").
_NOT_A_PERSON = (
    r"(?!(?:(?:a|an|een|the|de)\s+)?(?:real\s+|echte?\s+)?(?:someone|somebody|iemand|person|"
    r"human|agent|manager|supervisor|medewerker|mens|leidinggevende)\b)"
)
_AGAIN_OR_TIMES = r"(?:" + _AGAIN + r"|\d+\s*x|" + _NUMBER + r"\s*(?:keer|maal|times))"
# "binnen een week", "within 3 days": a short time, for what was done in it.
_WITHIN = (
    r"(?:binnen|within)\s+(?:een|één|a|an|" + _NUMBER + r")\s+(?:dag|dagen|week|weken|kwartier|uur|"
    r"minuten|min|day|days|week|weeks|hour|hours|minutes|mins)\b"
)
# "in tien minuten", "within a day": how soon something was done.
_QUICKLY = (
    r"(?:binnen|within|in)\s+(?:een|één|a|an|" + _NUMBER + r")\s+(?:seconden|seconds?|secs|minuut|"
    r"minuten|min|minutes?|mins|kwartier|uur|hours?|dag|dagen|days?|week|weken|weeks)\b"
)
_DONE = (
    r"(?:geholpen|opgehaald|vervangen|gerepareerd|uitbetaald|replaced|reinstated|"
    r"repaired|delivered|paid)\b"
)
# Someone other than the teller asking ("vroeg de medewerker", not "ik vroeg", "vroeg ik").
_ASKED = (
    r"(?<!\bik )(?<!\bi )(?<!\bwe )(?:vroeg|vroegen|vraagt|vragen|asked|asks)\s+"
    r"(?:(?!(?:ik|we|wij|i)\b)\w+\s+){0,2}?"
)
_TELL = (
    r"(?:vertel\w*|uit(?:te )?leg\w*|uitgelegd|invul\w*|ingevuld|opgegeven|opgeven|opgesomd|"
    r"doorgegeven|doorgeven|doorgeef\w*|geven|typ\w*|intyp\w*|explain\w*|tell\w*|enter\w*|"
    r"fill\w*|repeat\w*|give|gave|hear|noem\w*|genoemd|intik\w*|ingetikt|invoer\w*|ingevoerd|"
    r"omschrijv\w*|omschreven|beschrijv\w*|beschreven|describ\w*|"
    # Being told again is no telling again ("rang again and was told to wait", "Rang again, told
    # to wait", "kreeg weer te horen").
    r"(?<!te )horen|(?<!was )(?<!were )(?<!, )told)"
)
# Giving information by typing it: a repetition on a screen, not on the phone.
_TYPED = (
    r"(?:invul\w*|ingevuld|in te vullen|typ\w*|intyp\w*|ingetypt|invoer\w*|enter\w*|fill\w*|"
    r"intik\w*|ingetikt|tik\w*|"
    # The verb split ("vulde alles opnieuw in", "voerde de code weer in").
    r"\bvul(?:t|de|den|len)?\b|\bvoer(?:t|de|den|en)?\b)"
)
_CHANNEL_WORD = (
    r"(?:bellen|te bellen|mailen|te mailen|e-?mail\w*|mail|app|online|website|site|"
    r"\b\w{0,24}formulier|post|brief|winkel|fabrikant|verkoper|webcare|call|phone|ring|store|shop|"
    r"manufacturer|seller|contact|koerier|bezorger|vervoerder|leverancier|courier|carrier|"
    r"supplier|langs|balie|loket|twitter|facebook|instagram|whatsapp|social media|"
    r"sociale media|\w{0,20}portaal|portal|branch|filiaal|post office|postkantoor)"
)

# Where what was written stands ("op de site", "in de voorwaarden").
_WRITTEN_PLACE = (
    r"(?:online|op de (?:site|website|factuur|bon|pagina)|in de (?:app|voorwaarden|bevestiging))"
)
# A decision named as the state of a thing is no decision told ("a declined claim", "my blocked
# card", "nog steeds geblokkeerd").
_NO_STATE = r"(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bmy )(?<!\bstill )(?<!\bsteeds )"

# No negation right after a phrase ("de monteur kwam", not "de monteur kwam niet").
_NOT_AFTER = r"(?!\s+(?:nog\s+)?(?:steeds\s+)?(?:niet|nooit|never|not)\b)"

# Someone else's words told before ("zei dat", "werd mij verteld", "told me to", "said the"); not
# "om op te zeggen" (to cancel).
_TOLD_BEFORE = re.compile(
    r"(?<!\bik )(?<!\bi )(?<!\bwe )(?<!\bte )\b(?:zei|zeiden|zegt|zeggen|vertelde|vertelden|"
    r"vertelt|verteld|gezegd|uitlegde|uitgelegd|legde\s+(?:\w+\s+)?uit|antwoordde|antwoordden|"
    r"kreeg (?:ik )?te horen|te horen gekregen|said|says|told|tells|explained|replied|answered)\b"
)

# A wait announced, not waited: "'uw wachttijd is langer dan 30 minuten'", "wachttijd 'meer dan
# 60 minuten'", "I'm told the wait is more than 30 minutes", "the site said the waiting time was
# an hour". On the phone it is the recorded message; no wait on hold either way.
_WAIT_TIME = r"(?:wachttijd|waiting time|wait time)"
_ANNOUNCED_WAIT = (
    r"(?:(?:uw|your|verwachte|geschatte|estimated|expected)\s+(?:" + _WAIT_TIME + r"|wait)"
    r"|(?:" + _WAIT_TIME + r"|the wait)\s+(?:is|bedraagt|wordt|will be)\b"
    r"|" + _WAIT_TIME + r"(?=\W+(?:(?:is|was|of|van)\s+)?['‘\"“])"
    r"|(?:said|says|told|zei|zegt|stond|showed|shows)\s+(?:\w+\s+){0,2}?" + _WAIT_TIME + r")"
    r"\W+(?:\w+\W+){0,3}?" + _A_DURATION
)
_ANNOUNCED_WAIT_IN = re.compile(_ANNOUNCED_WAIT)
_ANNOUNCED_WAIT_ANY_CASE = re.compile(_ANNOUNCED_WAIT, re.IGNORECASE)
_ON_A_SCREEN = re.compile(r"\b(?:site|website|web|app|online|internet)\b")

# A form that was not there, not sent or not whole, named without being filled in: "Dat
# formulier bestond niet meer", "het formulier werd mij nooit bezorgd", "the form was not
# received", "omdat het formulier 'niet volledig' is".
_FORM_NOT_AFTER = (
    r"(?!\W+(?:(?:is|was|werd|wordt|bestond|bestaat|kwam|komt|were|has|had|been|mij|me|ons|us|"
    r"ook|nog|toch|also|still)\W+){0,3}?(?:niet|nooit|never|not|nie|nergens)\b)"
)
# Not a thing pointed to ("naar het formulier", "link to a form").
_NOT_POINTED_TO = (
    r"(?<!naar )(?<!naar een )(?<!naar het )(?<!naar hetzelfde )(?<!naar dat )(?<!\bto )"
    r"(?<!\bto a )(?<!\bto the )(?<!to the same )(?<!to their )(?<!naar hun )"
)

RULES = [
    _rule(
        StepKind.CHANNEL_SWITCH,
        9,
        r"van het kastje naar de muur|kastje[- ](?:naar[- ]de[- ])?muur",
        r"from pillar to post",
        r"(?:zei|zeiden|zegt|zeggen|vertelde|vertelden|vertelt|vroeg|vroegen|vraagt|verwees|"
        r"uitlegde|legde uit|explained|"
        r"verwezen|verwijst|kreeg (?:ik )?te horen|te horen gekregen|hoorde|told|tells|asked|"
        r"asks|directed|referred|advised|said|says|telling)\b[^.;!?]{0,20}?"
        r"\b(?:dat ik|dat je|dat we|dat ge|dat u|that i|that we|me|mij|us|ons)\b[^.;!?]{0,40}?\b"
        + _CHANNEL_WORD
        + r"\b",
        r"(?:stuurde|stuurden|sent)\s+(?:me|mij|us|ons)\s+(?:\w+\s+){0,3}?"
        r"(?:terug|door|naar|back|to)\b[^.;!?]{0,20}?\b" + _CHANNEL_WORD + r"\b",
        r"(?:je|u) (?:moest|moet|moeten)\b[^.;!?]{0,25}?\b" + _CHANNEL_WORD + r"\b",
        r"(?:you|one) (?:had|have|must|need(?:ed)?) to\b[^.;!?]{0,20}?\b" + _CHANNEL_WORD + r"\b",
        r"(?:alleen|only)\s+['‘\"]?(?:online|digitaal|telefonisch|schriftelijk|in writing|by phone|"
        r"over the phone|aan de (?:service)?balie|in (?:de|the) (?:winkel|store|shop|branch))\b",
        r"(?:kan|kon|mag|mocht|alleen|only)\b[^.;!?,]{0,25}?\b(?:alleen|only)\s+"
        r"(?:per|via|by|through|in|on)\s+\w+",
        r"(?:instead|in plaats daarvan)",
    ),
    _rule(
        StepKind.CHATBOT_LOOP,
        8,
        r"rondje\w*",
        r"kringetje\w*",
        r"in circles",
        r"(?:bleef|bleven|blijft|blijven|kept|keeps|keep)\s+(?:maar\s+|me\s+|steeds\s+)*\w+",
        r"(?:tegen|to) (?:een|a) (?:muur|wall)",
        r"(?:zegt|zei|zeggen|zeiden|says|said|gave|gaf|geeft|asked|vroeg)\s+(?:\w+\s+)?"
        r"(?:steeds\s+|weer\s+|again\s+)?(?:hetzelfde|the same)",
        r"van voren af aan",
        r"(?:begon|started)\s+(?:hij|het|ze|it|he|she)?\s*(?:weer|over|again)",
        r"geen (?:knop|manier|optie|mogelijkheid) om\s+(?:een\s+)?(?:mens|medewerker|persoon)",
        r"no way to (?:reach |talk to |get to )?(?:a |an )?(?:human|person|agent)",
        r"(?:snapte|begreep|begrijp|begrijpt|snap|snapt|verstond|verstaat|understood|understand)\b"
        r"[^.;!?]{0,20}?\b(?:niet|niks|niets|nie)\b",
        r"(?:didn't|did not|doesn't|does not) understand",
        r"(?:steeds |elke keer |bij elke vraag )?(?:hetzelfde|dezelfde) (?:antwoord\w*|artikel\w*|"
        r"links?|faq|pagina)",
        r"the same (?:answers?|repl\w+|links?|articles?|questions?|faq|page)",
        # "een bot die hetzelfde zegt", "chatbot kon niks", "Their chatbot is useless"
        r"(?:steeds |weer |telkens )?hetzelfde\s+(?:zegt|zei|zeggen|zeiden|antwoordt|antwoordde|"
        r"herhaalt|herhaalde)",
        r"(?:kon|kan)\s+(?:me\s+)?(?:niks|niets|nergens)(?:\s+mee)?\b",
        r"(?:couldn't|could not|can't|cannot) help",
        r"(?:is|was|=)\s+(?:\w+\s+)?(?:nutteloos|waardeloos|useless|hopeless|worthless)",
        # "vraagt me voor de 6e keer"
        r"(?:voor de|for the)\s+(?:" + _ORDINAL + r")\s+(?:keer|time)",
        r"(?:couldn't|could not|can't|cannot) get (?:past|beyond|through)",
        r"only (?:offered|gave|sent|showed)\b",
        r"(?:kwam|kom) (?:er )?niet (?:langs|voorbij|verder)",
        r"(?:medewerker|mens|persoon|human|person|agent)\s+(?:\w+\s+){0,2}?(?:was |is )?"
        r"(?:niet mogelijk|onmogelijk|not possible|impossible)",
        needs_bot=True,
    ),
    _rule(
        StepKind.REPEAT_INFO,
        7,
        _AGAIN + r"(?:\W+\w+){0,5}?\W+" + _TELL,
        # Not again for what came next ("typte 'mens' en kreeg weer het menu").
        _TELL + r"(?:\W+(?!(?:en|and|maar|but|kreeg|got)\b)\w+){0,4}?\W+" + _AGAIN,
        _INFO + r"\b[^.;!?,]{0,25}?\b" + _NUMBER + r"\s*(?:keer|maal|times)"
        r"(?:\s+(?:moeten\s+|te\s+)?" + _TYPED + ")?",
        _INFO + r"\b[^.;!?,]{0,25}?\b(?:twice|thrice)",
        # Asked for it again, by someone else than the teller: "De bot vroeg 3x mijn klantnummer",
        # "vroeg de collega opnieuw naar mijn bsn", "die vraagt mij alles opnieuw".
        _ASKED + _AGAIN_OR_TIMES + r"\s+(?:\w+\s+){0,3}?" + _INFO,
        _ASKED + r"(?:\w+\s+){0,3}?" + _INFO + r"\s+(?:\w+\s+)?" + _AGAIN_OR_TIMES,
        # Asked for anything again, not for a person, by someone named before: "new one asked for
        # the invoice again", "vroeg opnieuw om de factuur"; not "Asked for a manager 3x".
        r"(?<=\w\s)" + _ASKED + r"(?:for|om|naar)\s+" + _NOT_A_PERSON + r"(?:[\w'’]+\s+){1,4}?"
        r"(?:twice|thrice|" + _AGAIN_OR_TIMES + ")",
        r"(?<=\w\s)" + _ASKED + _AGAIN_OR_TIMES + r"\s+(?:for|om|naar)\s+" + _NOT_A_PERSON + r"\w+",
        # The same told verb-last: "een collega die opnieuw om de verzendbon vraagt", "als de
        # medewerker er weer naar vraagt"; not "toen ik weer om een medewerker vroeg".
        r"(?<!\bik )(?<!\bwe )(?<!\bik er )"
        + _AGAIN
        + r"\s+(?:om|naar)\s+"
        + _NOT_A_PERSON
        + r"(?:[\w'’]+\s+){0,3}?(?:vraagt|vroeg|vroegen|vragen|gevraagd)\b",
        _NUMBER + r"\s*(?:keer|maal|times)\b[^.;!?,]{0,25}?\b(?:om|for)?\s*(?:mijn |my )?" + _INFO,
        _NUMBER + r"\s*(?:keer|maal|times)\s+(?:hetzelfde|the same)",
        # "3 keer mijn bsn opgegeven", "4x mn ordernummer gegeven", "drie keer doorgegeven"
        # and as what had to be done: "drie keer moeten uitleggen", "twee keer moeten indienen".
        _NUMBER + r"\s*(?:keer|maal|x)\s+(?:\w+\s+){0,3}?(?:opgegeven|doorgegeven|gegeven|"
        r"ingevoerd|ingetypt|ingetikt|uitgelegd|genoemd|verteld|ingediend|opgeven|doorgeven|"
        r"invoeren|intypen|intikken|uitleggen|noemen|vertellen|indienen|ingevuld|invullen)\b",
        r"(?:al|eerder)\s+(?:wisten|wist|gegeven|doorgegeven|verteld|gemeld)",
        # "dat ze mijn gegevens al hadden", "die ik al had doorgegeven"; not another thing done
        # before ("een factuur die ik al had betaald").
        r"(?:al|eerder)\s+(?:hadden|had)(?=\s*(?:[.,;:!?)]|$)|\s+(?:ge|door|op|in|toe)?"
        + _TELL
        + r"|\s+(?:geüpload|gestuurd|opgestuurd|ingestuurd|gemaild|gemeld|verteld))",
        r"already\s+(?:knew|had|gave|given|told|sent)",
        r"(?:dezelfde|the same) (?:vra(?:ag|gen)|gegevens|questions?|details|information)\b",
        r"(?:voor de|for the|de|the) "
        + _ORDINAL
        + r" (?:keer|time)\b(?:\W+\w+){0,6}?\W+(?:"
        + _TELL
        + "|"
        + _INFO
        + ")",
        r"re-?enter\w*|re-?typ\w*|re-?submit\w*|re-?do\b|redid|re-?done|"
        r"nogmaals\s+(?:\w+\s+){0,3}?" + _TELL,
        # "I gave it at least five times", "heb het drie keer doorgegeven"
        r"(?:gave|given|told|sent|gegeven|doorgegeven|verteld|gestuurd|heb|had)\s+"
        r"(?:it|them|that|het|dat|die)\s+(?:\w+\s+){0,3}?" + _NUMBER + r"\s*(?:keer|maal|times)",
        r"already on file|al bekend|al bij (?:jullie|hen|ze) bekend",
        # "Na vijf pogingen gelukt", "after 6 tries", "bij de derde poging": the same done again.
        r"(?:na|after|bij de|at the|on the)\s+(?:" + _NUMBER + "|" + _ORDINAL + r")\s+"
        r"(?:pogingen|poging|tries|try|attempts|attempt)\b",
        r"hetzelfde (?:verhaal|opnieuw)",
        # The Dutch verb split around the again: "vulde alles opnieuw in", "gaf ik mijn gegevens
        # nog een keer door", "legden we het weer uit".
        r"(?:(?:vul|vult|vulde|vulden|vullen|voer|voert|voerde|voerden|voeren|typ|typt|typte|"
        r"typten|typen|tik|tikt|tikte|tikten|tikken)\s+(?:\w+\s+){0,4}?" + _AGAIN + r"\s+"
        r"(?:\w+\s+){0,3}?in|(?:geef|geeft|gaf|gaven|geven)\s+(?:\w+\s+){0,4}?" + _AGAIN + r"\s+"
        r"(?:\w+\s+){0,3}?door|(?:leg|legt|legde|legden|leggen)\s+(?:\w+\s+){0,4}?"
        + _AGAIN
        + r"\s+(?:\w+\s+){0,3}?uit)\b",
    ),
    _rule(
        StepKind.CLOSED_UNRESOLVED,
        7,
        # "klacht werd gewoon afgehandeld", "each ticket gets closed", "has been closed"
        r"(?:zaak|ticket|dossier|klacht|melding|case|complaint|ticket)\w*\s+"
        r"(?:is\s+|werd\s+|wordt\s+|was\s+|gewoon\s+|gets\s+|got\s+|has\s+|had\s+|been\s+|"
        r"were\s+|simply\s+|just\s+)*(?:gesloten|afgesloten|dichtgezet|afgehandeld|closed)",
        # Closed with a status that says otherwise: "closed as 'contractor attending'".
        r"(?:closed|gesloten|afgesloten)\s+(?:as|als)\s+['‘\"“]",
        r"(?:gesloten|afgesloten|closed)\s+(?:\w+\s+){0,3}?zonder",
        r"(?:closed|gesloten)\s+(?:my|the|mijn|de|het)\s+(?:\w+\s+)?(?:case|ticket|complaint|"
        r"zaak|melding)",
        r"als (?:afgehandeld|opgelost)",
        r"(?:staat|stond|status)\s+(?:\w+\s+)?(?:op|is)\s+'?\"?"
        r"(?:afgehandeld|gesloten|opgelost|closed|resolved)",
        r"'?(?:afgehandeld|gesloten|closed|resolved)'?\s+(?:\w+\s+){0,2}?(?:terwijl|maar|while|but|"
        r"even though)",
        # "marked my ticket as solved", "set to 'resolved'", "op 'opgelost' gezet"
        r"marked (?:\w+\s+){0,3}?as ['‘\"“]?(?:resolved|solved|closed|complete|completed|done)",
        r"(?:set|changed|gezet)\s+(?:to|op)\s+['‘\"“]?(?:resolved|solved|closed|opgelost|"
        r"afgehandeld|gesloten)",
        r"(?:op|naar)\s+['‘\"“]?(?:opgelost|afgehandeld|gesloten)['’\"”]?\s+(?:gezet|gesteld)",
        # "Ze sloten mijn klacht", "hebben het ticket dichtgegooid"
        r"(?:sloot|sloten|sluit|sluiten)\s+(?:mijn|de|het|onze|ons)\s+(?:\w+\s+)?(?:klacht|zaak|"
        r"ticket|melding|dossier)\b",
        r"(?:zaak|ticket|dossier|klacht|melding)\w*\s+(?:\w+\s+){0,3}?dicht(?:gegooid|gedaan|gezet)",
    ),
    _rule(
        StepKind.AUTOMATED_DECISION,
        7,
        r"automatisch\w*\s+(?:\w+\s+)?(?:beoordeling|afgewezen|afwijzing|geweigerd|besluit|"
        r"beslissing|geblokkeerd|beoordeeld)",
        r"automatisch\w* (?:antwoord|bericht|mail) dat",
        # A system that is down decides nothing ("was told the system was down").
        # "in het systeem", "on the system" is where something is, not what decided.
        r"(?<!\bin )(?<!\bop )(?<!\bon )(?:door |by )?"
        r"(?:het systeem|'het systeem'|\"het systeem\"|the system)"
        r"(?!\s+(?:was|is|lag|ligt|were)\s+(?:\w+\s+)?(?:down|plat|eruit|offline|traag|slow))",
        r"algoritme|algorithm",
        r"computer says no",
        r"(?:een|de|a|the) computer\s+(?:die |that )?(?:beslist|besliste|besloot|decides|decided)",
        r"binnen \w+ (?:minuten|minuut|seconden) (?:een )?(?:afwijzing|afgewezen)",
        r"(?:instant|immediate) (?:rejection|refusal)",
        r"(?:rejected|refused|declined|denied|blocked)\s+automatically",
        r"automatically\s+(?:rejected|refused|declined|denied|blocked)",
        r"automated\s+(?:decision|assessment|rejection|check)",
    ),
    _rule(
        StepKind.BROKEN_PROMISE,
        6,
        # "zoals beloofd", "as promised": a promise kept.
        r"(?<!zoals )(?<!\bas )(?:beloofde|beloofden|beloofd|beloven|belooft|toegezegd|promised|"
        r"would call|"
        r"zou(?:den)? (?:me )?(?:terug)?bellen)",
        r"(?:zou|zouden)\s+(?:\w+\s+){0,4}(?:komen|bellen|terugbellen|mailen|reageren)",
        r"(?:hoorde|heard|gehoord)\s+(?:ik\s+|i\s+)?(?:niks|niets|nothing)(?:\s+meer)?",
        r"niks meer gehoord|nothing (?:back|more)",
        r"nooit\s+(?:\w+\s+)?(?:gebeurd|gebeld|teruggebeld|gekomen|gehoord|beantwoord)",
        r"niemand\s+(?:is\s+)?(?:gekomen|teruggebeld)",
        r"(?:nog\s+(?:steeds\s+)?)?geen\s+(?:reactie|antwoord|bericht)",
        r"(?:en daarna )?niets meer",
        r"(?:daarna|sindsdien|since then|after that)\s+(?:\w+\s+)?(?:niets|niks|nothing|silence)\b",
        r"nooit\s+(?:\w+\s+){0,2}?(?:gereageerd|contact opgenomen|teruggekomen|teruggemaild)",
        r"geen\s+(?:enkele\s+)?(?:reactie|antwoord)\b",
        r"toezegde|zegde\s+(?:\w+\s+){0,3}?toe\b|toezegging",
        r"(?:er )?gebeurde (?:niks|niets)|nothing (?:ever )?happened|er is (?:niks|niets) gebeurd",
        r"(?:never|nobody)\s+(?:ever\s+)?(?:did|called|came|happened|heard|replied|answered)",
        r"no (?:reply|answer|response|callback)",
        r"still (?:no|nothing)",
    ),
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:het |the )?tegenovergestelde|tegenstrijdig\w*|iets anders dan|een ander verhaal",
        r"(?:wist|wisten) niemand\s+(?:er\s*)?(?:van|iets van|ervan)",
        r"niet (?:geregistreerd|bekend|geboekt|ontvangen)|nergens (?:te vinden|bekend)",
        r"terwijl\b[^.;!?]{0,50}?\b(?:zei|zeiden|had gezegd|beweerde|beloofde)",
        # "told me four different dates", "drie verschillende antwoorden"
        r"(?:" + _NUMBER + r")\s+(?:different|verschillende|andere)\s+(?:dates|answers|stories|"
        r"explanations|reasons|antwoorden|verhalen|data|datums|verklaringen|redenen)\b",
        # Charged despite it all: "got charged £11.99 anyway", "toch een rekening gekregen"
        r"(?:charged|billed|debited)\s+(?:\S+\s+){0,3}?anyway|toch\s+(?:\w+\s+){0,3}?"
        r"(?:afgeschreven|geïncasseerd|gefactureerd|in rekening gebracht)|toch een (?:rekening|"
        r"factuur|aanmaning|incasso)",
        # What was written says otherwise: "Maar op de site staat 2 jaar garantie", "In de app
        # stond: opzeggen alleen aan de balie", "Op de factuur stond ineens 350 euro".
        _WRITTEN_PLACE
        + r"\s+(?:staat|stond)(?:\s+er)?\s*(?::|ineens|opeens|gewoon|echter|toch|juist|nog steeds)",
        r"(?:maar|echter|terwijl)\s+" + _WRITTEN_PLACE + r"\s+(?:staat|stond)\b",
        r"contradict\w*|the opposite|a different (?:answer|story)|nobody knew|no record",
        r"(?:while|whereas)\b[^.;!?]{0,50}?\b(?:said|told)",
        r"(?:would|zou) only get|alleen maar (?:een )?\w+ (?:krijgen|kreeg)",
        r"(?:zei|zeiden|zegt|beweerde|beweert|said|says|claimed)\b[^.;!?]{0,60}?,?\s+"
        r"(?:maar|but)\s+(?:ik|i)\b",
        r"bestond niet|bestaat niet|niet (?:bestond|bestaat|bestonden)\b|"
        r"(?:didn't|did not|doesn't|does not) exist",
        r"ontken\w*|van (?:niks|niets) (?:wist|wisten)\b|wisten?\s+(?:\w+\s+)?van geen\b",
        r"(?:dat |het )?(?:klopt|klopte) (?:helemaal |dus )?niet|(?:that|it) (?:was|is)n't true|"
        r"(?:that|it) (?:was|is) not true",
    ),
    _rule(
        StepKind.ESCALATED,
        6,
        r"geschillencommissie",
        # "de Nationale ombudsman", "de Ombudsdienst voor Energie", "de ombudsfunctionaris"
        r"ombuds\w*",
        # A complaint lodged with a body: "klacht ingediend bij de gemeente", "diende een klacht in
        # bij", "lodged a complaint with"; not one written to the company ("via het formulier").
        r"klacht\w*\s+(?:\w+\s+){0,2}?(?:ingediend|ingestuurd|neergelegd)\s+bij\b",
        r"klacht\w*\s+bij\s+(?:de|het)\s+(?:\w+\s+){1,3}?(?:ingediend|neergelegd)\b",
        r"(?:dien|diende|dienden)\s+(?:ik\s+|we\s+)?(?:een\s+)?klacht\s+in\s+bij\b",
        r"(?:filed|lodged)\s+(?:a|an)\s+(?:\w+\s+)?complaint\s+(?:with|to|against)\b",
        r"kifid",
        r"klachtencommissie",
        r"(?:formele|officiële|officiele) klacht",
        r"ingebrekestelling",
        r"consuwijzer|autoriteit consument|\bacm\b|klachteninstituut",
        r"(?:formal|official) complaint",
        r"escalat\w*",
        r"small claims|county court|money claim online|letter before (?:action|claim)|"
        r"section 75\b|legal action",
        r"naar de (?:kanton)?rechter|kantonrechter|in (?:hoger )?beroep (?:gegaan|gaan|ging)|"
        r"sommatie\w*|juridische stappen|rechtsbijstand\w*\s+(?:\w+\s+)?ingeschakeld",
        r"consumentenbond|juridisch loket|advocaat",
        r"disputes? committee|complaints? (?:committee|board)|regulator|toezichthouder",
        r"\b\w{0,24}geschillen\w*",
    ),
    _rule(
        StepKind.TRANSFER,
        6,
        r"doorverbonden|doorverbond\w*|doorverbinden|doorgeschakeld|doorgezet|doorverwezen",
        r"verbond(?:en)?\s+(?:me|mij|ons)\s+door",
        r"verwees\s+(?:me|mij)\s+door",
        # Not money sent ("my own transfer to my savings", "a bank transfer").
        r"(?<!bank )(?<!money )(?<!\bown )(?<!\bmy )(?<!wire )(?<!balance )transferr?\w{0,24}",
        # "put me thru": forum spelling.
        r"put (?:me |us )?(?:through|thru)\b",
        r"forwarded",
        r"(?:verkeerde|wrong) (?:afdeling|department|dept)",
    ),
    _rule(
        StepKind.DISCONNECTED,
        6,
        r"hing\b[^.,;!?]{0,25}?\bop\b",
        r"opgehangen|hangt op|ophangen",
        r"(?:verbinding|lijn|gesprek|chat)\w*\s+(?:\w+\s+){0,4}?(?:verbroken|afgebroken|weg)",
        r"(?:verbroken|afgebroken|weggevallen|viel weg)",
        r"eruit gegooid|uit de lijn",
        # "the line plays a message and hangs up", "then the cutoff hit and I was dropped"
        r"hung up|hangs up|hanging up",
        r"(?:i|we)\s+(?:was|were|got|get)\s+dropped",
        r"(?:call|chat|line)\s+(?:\w+\s+)?(?:dropped|ended|went dead)",
        r"cut off|disconnected|cut me off",
        r"afgekapt|(?:killed|ended) the (?:call|chat)",
    ),
    _rule(
        StepKind.UPLOAD_DOCUMENTS,
        5,
        r"upload\w*|geüpload|ge-upload",
        r"bijgevoegd|bijvoegen|bijlage\w*",
        r"attach\w*",
        # A plural with its apostrophe ("foto's erbij") is the same word.
        r"(?:foto|kopie|scan)\w*(?:['’]s)?\s+(?:van|of|mee)",
        r"(?:foto|kopie|scan|bewijs)\w*(?:['’]s)?\s+(?:\w+\s+)?(?:erbij|bijgevoegd|meegestuurd)",
        r"(?:paspoort|passport|bankafschrift|bonnetje|receipts?|uittreksel\w*|kopie|bewijs)\b"
        r"[^.;!?]{0,30}?\b"
        r"(?:sturen|opsturen|send|upload)",
        unless_negated=True,
    ),
    _rule(
        StepKind.CREATE_ACCOUNT,
        5,
        r"account\w*\s+(?:\w+\s+){0,2}?(?:aan te maken|aanmaken|aangemaakt|maken)",
        # The verb split: "maakte ik een account aan", "maken we een nieuw account aan".
        r"(?:maak|maakt|maakte|maakten|maken)\s+(?:\w+\s+){0,4}?account\w*\s+(?:\w+\s+){0,2}?aan\b",
        r"(?:aanmaken|aangemaakt) van (?:een |mijn )?account",
        r"registreren|registreerde|(?:heb|had|ben|was)\s+(?:me\s+|mij\s+)?geregistreerd",
        # "create a Mijn Eneco account"; not a bank account opened.
        r"(?:create|created|make|made|set up|open|opened)\s+(?:an |a new |my |a )?"
        r"(?!(?:\w+\s+)?(?:bank|savings|current|checking|joint|business)\s+account)(?:\w+\s+){0,2}?"
        r"account",
        r"sign(?:ed)? up|register(?:ed)?\b(?! (?:post|letter|mail))",
    ),
    _rule(
        StepKind.HOLD,
        5,
        r"in de wacht",
        r"wachtmuziek|wachtrij|wachttijd",
        r"on hold|hold music|in (?:the|a) queue",
        # Waiting counts as hold with minutes or hours next to it ("twintig minuten wachten");
        # "drie dagen gewacht" is not on hold.
        r"(?:wacht\w*|gewacht|waited|waiting)\s+(?:\w+\s+){0,2}?" + _NUMBER + r"\+?\s*"
        r"(?:minuten|minuut|min|minutes?|uur|hours?|kwartier)",
        _NUMBER + r"\+?\s*(?:minuten|minuut|min|minutes?|uur|hours?)\s+(?:\w+\s+)?"
        r"(?:wacht\w*|gewacht|waited|waiting)",
        r"(?:kwartier|half uur|halfuur|anderhalf uur|half an hour)\s+(?:\w+\s+)?"
        r"(?:wacht\w*|gewacht)",
        r"(?:waited|wachtte|gewacht)\s+(?:\w+\s+)?(?:half an hour|an hour|een uur|"
        r"een kwartier|een half uur)",
    ),
    _rule(
        StepKind.PHONE_MENU,
        5,
        r"keuzemenu|menu",
        r"druk(?:te|ken|t)?\s+(?:op\s+)?(?:\d|nul|een|twee|drie|vier|vijf)",
        r"toets\w*",
        r"bandje|computerstem|robotstem|spraakcomputer|spraakherkenning",
        r"automated voice|recorded (?:message|voice)|voice menu",
        r"press(?:ed)?\s+(?:\d|zero|one|two|three|four|five)",
    ),
    _rule(StepKind.PHONE_MENU, 6, _ANNOUNCED_WAIT, unless_before=_ON_A_SCREEN),
    _rule(
        StepKind.LOG_IN,
        4,
        r"inlog\w*|ingelogd|log(?:ged)?\s+in|logging in|pincode|\bpin\b(?!-)",
        # The Dutch verb split: "logde ik weer in", "loggen we in", "log je in met DigiD".
        r"(?:logt|logde|logden|loggen|log)\s+(?:\w+\s+){0,3}?in\b",
        # "inloggen met DigiD"; not "kon alleen met DigiD" (a requirement) or "DigiD kwijt".
        r"(?<!alleen )(?<!only )(?:met|with|via|through|using|my|mijn)\s+digid\b"
        r"(?!\s+(?:niet|not|kwijt|lost))",
        r"(?:nieuw|nieuwe) wachtwoord|wachtwoord (?:aanvragen|aangevraagd|resetten|gereset|"
        r"vergeten|herstellen)",
        r"(?:reset|forgot|new)\s+(?:my\s+)?password|password reset",
        r"(?:e-?mailadres|e-?mail address)\s+(?:\w+\s+)?(?:bevestigen|bevestigd|confirm\w*)",
        r"(?:bevestigen|confirm)\s+(?:\w+\s+)?(?:e-?mailadres|e-?mail address)",
        # "confirm my e-mail", "verified my email"; not "confirmed by email".
        r"(?:confirm|confirmed|confirming|verify|verified|verifying)\s+(?:my|your)\s+"
        r"e-?mail\b",
        r"inlogcode|sms-code|tweestaps\w*|two-factor|beveiligingsvra\w*|security questions?",
        r"(?:e-?mail\w*|mail)\s+(?:\w+\s+)?(?:bevestigen|bevestigd)\b",
        r"activatie\w*|activation (?:e-?mail|link|code)|verification (?:e-?mail|link|code)",
        unless_before=_TOLD_BEFORE,
    ),
    _rule(
        StepKind.RESOLVED,
        4,
        r"opgelost|oploste|opgelost|rechtgezet",
        r"geld terug(?! te)|geld teruggekregen|terugbetaald|teruggestort|\bvergoed\b",
        r"sorted(?: out)?|resolved|fixed(?! (?:term|rate|price|fee|date|contract))|refunded|"
        r"solved|got my money back",
        r"geregeld|teruggekregen|gecrediteerd|paid (?:me |it |the \w+ )?back|reimbursed|credited|"
        r"compensat\w*",
        # Done quickly: "binnen twee dagen opgehaald", "Reinstated within a day". Only what was
        # done: a time alone ("binnen 30 dagen uit te betalen") is a term, and "u krijgt het
        # binnen een week terug" a promise.
        _WITHIN + r"\s+(?:\w+\s+)?" + _DONE,
        _DONE + r"\s+(?:\w+\s+){0,4}?" + _WITHIN,
        negatable=True,
    ),
    _rule(
        StepKind.RESOLVED,
        4,
        # Done quickly, told by how it ended: "Dat lukte binnen twee dagen", "passport ready in
        # 10 minutes", "was binnen een kwartier rond", "binnen een dag was mijn rekening actief".
        r"(?:lukte|gelukt|ready|done)\s+(?:\w+\s+)?" + _QUICKLY,
        r"(?:was|waren)\s+(?:het\s+|alles\s+)?"
        + _QUICKLY
        + r"\s+(?:klaar|rond|geregeld|in orde)\b",
        _QUICKLY + r"\s+(?:was|waren|had|were)\s+(?:\w+\s+){0,3}?(?:gelukt|klaar|rond|ready|done|"
        r"actief|active|terug|back)\b(?!\s+te)",
        # Told without a verb: "Geld teruggevraagd, binnen een week terug." ("u krijgt het binnen
        # een week terug" is a promise).
        r"(?:(?<=^)|(?<=^ )|(?<=[,:;] ))" + _QUICKLY + r"\s+(?:terug|back)\b(?!\s+te)",
        negatable=True,
    ),
    # A form named in what someone said is their advice or their word, not one filled in ("zei
    # dat ik het formulier moest gebruiken", "told me to fill in the form", "said the form was
    # lost"). A form someone points to is not filled in either ("stuurde me naar hetzelfde
    # formulier", "a link to the form"): "vul het in" tells the filling.
    _rule(
        StepKind.FILL_FORM,
        3,
        _NOT_POINTED_TO
        + r"(?:\b\w{0,24}formulier\w*\b"
        + _FORM_NOT_AFTER
        + r"|vragenlijst|\bforms?\b"
        + _FORM_NOT_AFTER
        + r"|questionnaire)",
        r"fill (?:in|out)",
        unless_before=_TOLD_BEFORE,
        unless_negated=True,
    ),
    _rule(
        StepKind.FILL_FORM,
        3,
        r"(?:stuurde|gestuurd|mailde|gemaild|schreef|geschreven)\s+(?:\w+\s+){0,2}?"
        r"(?:e-?mail|mail|mailtje|bericht)",
        r"(?:een )?(?:e-?mail|mail|mailtje) (?:gestuurd|gestuurd)",
        r"(?:sent|wrote|emailed|e-mailed)\s+(?:them\s+)?(?:an\s+|a\s+)?(?:e-?mail|message|letter)",
        r"(?:brief|klachtbrief)\s+(?:\w+\s+){0,2}?(?:gestuurd|geschreven|verstuurd)",
        r"(?:stuurde|schreef|verstuurde)\s+(?:\w+\s+){0,2}?(?:brief|klachtbrief)",
        r"filled (?:in|out)|filled (?:it|them|that)\b",
        r"(?:opened|made|started) (?:a|an|another) (?:complaint|case|ticket|claim|dispute)\b",
    ),
    _rule(
        StepKind.CHATBOT,
        3,
        _BOT,
    ),
    _rule(
        StepKind.HUMAN,
        2,
        # Not a business ("our letting agent has known since May", "the estate agent's fees").
        r"(?:een |de |die |the |an? )?(?:medewerk\w*|klantenservicemedewerker|"
        r"(?<!letting )(?<!estate )(?<!travel )(?<!'s )agent)",
        r"iemand aan de lijn|iemand aan de telefoon|iemand te spreken",
        # Not a way of doing something ("cancel in person", "alleen in persoon").
        r"(?:een )?(?:echt )?mens(?:en)?\b|(?:a |an )?(?:real )?(?:human|(?<!in )person)\b",
        r"(?:someone|somebody) (?:finally )?(?:picked up|answered)",
        r"(?:kreeg|had)\s+(?:ik\s+)?(?:eindelijk\s+)?iemand",
        r"werd (?:ik )?(?:goed |netjes |snel )?geholpen",
        r"(?:spoke|talked) (?:to|with)",
        # "drie verschillende medewerkers", "four different agents": people spoken to.
        _NUMBER + r"\s+(?:verschillende|andere|different|other)\s+(?:mensen|medewerkers|people|"
        r"agents)\b",
        r"(?:naar|langs) (?:de|het) (?:winkel|filiaal|balie|servicepunt|loket) (?:gegaan|geweest|"
        r"gelopen)",
        r"went to the (?:store|shop|branch|desk|counter)",
        negatable=True,
    ),
]

# What people write around the phrases above: a closing told verb-last, a person only implied,
# a contradiction or a broken promise told as a story, a split Dutch verb.
_PERSON = (
    r"(?:dame|mevrouw|meneer|vrouw|jongen|gast|vent|meid|meisje|collega|adviseur|adviseuse|"
    r"medewerkster|helpdeskmedewerker|lady|guy|woman|chap|bloke|gentleman|girl|colleague|"
    r"advisor|adviser|consultant|operator|manager|leidinggevende|supervisor|teamleider|"
    r"moderator|verkoper|verkoopster|\w{0,12}chauffeur|man|mannetje|representative|rep|"
    r"bediende|receptionist\w*|telefonist\w*|baliemedewerk\w*|loketbediende|kassière|"
    r"cashier|clerk|employee|staff member|werknemer|specialist|behandelaar|caseworker|"
    r"case handler|sachbearbeiter|lad|fella|knul|gozer)"
)
RULES += [
    _rule(
        StepKind.CLOSED_UNRESOLVED,
        7,
        r"(?:zaak|ticket|dossier|klacht|melding|case|complaint|ticket)\w*\b[^.;!?]{0,40}?\b"
        r"(?:gesloten|afgesloten|dichtgezet)",
        r"(?:closed|sloten|sloot)\s+(?:it|hem|het)\s+(?:again|weer|opnieuw)",
    ),
    _rule(
        StepKind.HUMAN,
        2,
        r"(?:een|de|die|ene|ne|nen|a|the|another|'n|some)\s+(?:\w+\s+){0,3}?" + _PERSON + r"\b",
        r"(?:had|kreeg|sprak|spreken|got|reached)\s+(?:ik\s+|we\s+)?(?:\w+\s+){0,2}?"
        r"(?:iemand|someone|somebody|a human|a person)\b",
        r"(?:iemand|someone|somebody)\s+(?:\w+\s+)?(?:sprak|spoke|aan de lijn|picked up|answered|"
        r"opnam|opneemt|reageerde)",
        r"got (?:through|thru) to (?:a |an |someone|somebody)",
        # "Aan de balie kreeg ik een formulier": someone behind the desk, not "alleen aan de balie".
        r"(?<!alleen )(?<!alleen ')(?<!only )aan de (?:service)?balie\b",
        # "Third go, got through", not "my wife … and got through", "got through the menu"
        r"(?<!\bshe )(?<!\bhe )(?<!\band )(?<!\bthey )got (?:through|thru)\b"
        r"(?!\s+(?:to\b|the|a|an|all|my|it|this|that)\b)",
        r"(?:antwoord|reactie|reply|response|dm)\s+(?:van|from)\s+(?:de |een |the |a |their |hun |"
        r"het |its )?"
        r"(?:webcare|medewerker|agent|person)",
        # Not "een monteur die niet kwam opdagen".
        r"(?:monteur|engineer)\s+(?:(?!(?:niet|nooit|never|not)\b)\w+\s+){0,4}?"
        r"(?:kwam|was er|turned up|came|langs)" + _NOT_AFTER,
        # Called back, or called by someone: a person on the line ("werd ik teruggebeld", "a
        # manager rang me back"); "zouden terugbellen" is a promise, not a call.
        r"teruggebeld|(?:gebeld|opgebeld) door|(?:called|rang|phoned) (?:me |us )?back",
        r"(?:belde|belden)\s+(?:me|mij|ons)\s+(?:\w+\s+){0,3}?terug\b",
        # "later van een ander dat het niet kon": another person, not another thing.
        r"(?:van een andere?|from (?:another|someone else))\b(?=\s*(?:[,.;!?]|dat|die|that|who))",
        negatable=True,
    ),
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:bleek|bleken|turned out)\b[^.;!?]{0,40}?\b(?:wel|niet|juist|toch|not|no|never)\b",
        r"(?:een\s+|totally\s+|completely\s+|weer\s+)?(?:ander|andere|different|verschillende)\s+"
        r"(?:bedrag\w*|antwoord\w*|verhaal|verhalen|answers?|explanations?|amounts?|stor(?:y|ies)|"
        r"information|informatie|uitleg)",
        r"(?:niets|niks|nothing|never|nooit)\s+(?:\w+\s+)?(?:ontvangen|received)",
        r"(?:geen|no)\s+(?:record|registratie|annulering|betaling|opzegging|storing)\b",
        r"(?:wisten|wist|knew)\s+(?:er\s+)?(?:van\s+)?(?:niets|niks|nothing)(?:\s+van)?",
        r"(?:zei|zegt|zeggen|zeiden|beweert|beweerde|vertelt|vertelde|says|said|told me|claims|"
        r"claimed)\b[^.;!?]{0,40}?\b"
        r"(?:dat er (?:geen|nooit)|there (?:was|is|had been) (?:no|never)|dat het niet kon|"
        r"it (?:couldn't|could not|wasn't)|dat ik (?:toch |wel )?moest betalen)",
        r"volgens (?:hen|hun|de \w+)\b[^.;!?]{0,40}?\b(?:niets|niks|geen|niet|nooit)\b",
    ),
    _rule(
        StepKind.BROKEN_PROMISE,
        6,
        r"nog (?:steeds )?(?:niks|niets)\b",
        r"(?:nobody|no one|niemand)\s+(?:\w+\s+)?(?:came|comes|kwam|komt|gekomen|showed|shows|"
        r"turned up|turns up|rings?|gehoord|gebeld|belde|called)",
        # The verb first: "telkens komt er niemand", "kwam er weer niemand".
        r"(?:kwam|kwamen|komt|komen|belde|belt)\s+(?:er\s+)?(?:weer\s+|ook\s+|nog\s+|toch\s+)?"
        r"niemand\b",
        r"(?:kwam|came)\s+(?:weer\s+)?(?:niet|never)\b",
        r"(?:it|that) (?:wasn't|didn't happen|never happened|never came)",
        r"\bno(?:\s+phone)?\s+call\b|never got (?:it|one|a \w+)",
        r"\bno-shows?\b|never (?:arrived|came|turned up|called)",
        r"(?:didn't|did not|didnt) (?:show|turn) up|(?:never|didn't|did not|didnt) showed? up",
        r"(?:didn't|did not|didnt|hasn't|has not|haven't|have not)\s+(?:yet\s+)?(?:arrive|arrived|"
        r"shown up|turned up)\b",
        r"(?:went |bleef |bleven )?(?:unanswered|onbeantwoord)|(?:not|never) (?:been )?acknowledged",
        # Nothing came of it: "Juni: niks.", "Nothing." on its own, "weer niemand".
        r"(?<=:\s)(?:niks|niets|nothing)\b|(?:(?<=^)|(?<=^\s))(?:niks|niets|nothing|nada)(?=\W*$)",
        r"(?:weer|opnieuw|again)\s+(?:niemand|nobody|no one)\b",
        r"(?:dat|that) was (?:\w+ )?(?:weken|dagen|maanden|weeks|days|months) (?:geleden|ago)",
        r"(?:geen|no) (?:mail|e-mail|email|telefoontje|reactie|antwoord)\s*[.!]",
        r"(?:afspraak|appointment)\s+(?:\w+\s+)?(?:verzet|afgezegd|cancelled|canceled)\b|"
        r"belde\s+(?:\w+\s+){0,3}?af\b",
    ),
    _rule(
        StepKind.AUTOMATED_DECISION,
        7,
        r"standaard(?:antwoord|brief|mail|reactie|bericht)\w*|standard (?:letter|reply|response|email)",
        # "berekend door ons systeem", "op basis van uw verbruiksprofiel", "volgens hun gegevens"
        r"(?:door|by) (?:ons|het|hun|our|the|their) (?:systeem|system)\b",
        r"(?:op basis van|volgens|based on) (?:\w+\s+)?(?:gegevens|verbruiksprofiel|profiel|"
        r"registratie|administratie|records|data)\b",
        r"auto-?repl\w*|automatic(?:ally)? (?:email|e-mail|reply|generated)|"
        # "an auto-acknowledgement", "een automatische ontvangstbevestiging"
        r"auto-?acknowledg\w*|automatic(?:ally)? acknowledg\w*|automatische ontvangstbevestiging|"
        r"automatisch (?:gegenereerd\w*|mailtje|antwoord)|geautomatiseerde \w+",
        r"automated system|door (?:de|een) computer|by (?:the|a) computer",
        r"automatisch\w*\s+\w*(?:check|controle|toets\w*|screening|keuring)",
        r"automatisch\w* (?:reactie|antwoord|bericht|e-?mail\w*)",
        r"(?:declined|rejected|refused|afgewezen|geweigerd)\s+(?:instantly|immediately|meteen|direct)",
    ),
    _rule(
        StepKind.TRANSFER,
        6,
        # "passed from one dept to another", "passed us back and forth"
        r"passed (?:me )?(?:between|around|on to|to)\b",
        r"passed (?:(?:me|us) from|(?:me |us )?from one|(?:me |us )?back and forth)\b",
        r"doorgestuurd naar (?:de |een |het )?(?:afdeling|tweede lijn|collega|specialist\w*)",
        # A split verb in any tense: "verbindt me door", "zetten je door", "verbonden me terug".
        r"(?:verbond|verbonden|verbind|verbindt|verbinden|zette|zetten|zet|stuurde|stuurden|stuur|"
        r"stuurt|sturen)\s+(?:me|mij|ons|je|u|hem|het)\s+(?:\w+\s+){0,3}?door\b",
        r"(?:verbond|verbonden|verbindt|verbinden)\s+(?:me|mij|ons|je|u)\s+(?:weer\s+)?terug\b",
        r"(?:stuurde|stuurden|sent)\s+(?:hem|het|it)\s+(?:weer\s+)?(?:terug|back)\b",
        # "moved me to the refunds team", "handed me over to billing"
        r"(?:moved|handed|transferred)\s+(?:me|us)\s+(?:over\s+|back\s+)?to\b",
        # "bounced between departments", "kept passing me around", "shunted from sales to billing"
        r"(?:bounced|bouncing|passing|shunted|shunting|pushed|pushing)\s+(?:me\s+|us\s+)?"
        r"(?:around|about|between|back and forth|from \w+ to)\b",
    ),
    _rule(
        StepKind.HOLD,
        5,
        r"aan de (?:lijn|telefoon)\s+(?:gehangen|gezeten|gestaan|gewacht|gehad)",
        r"(?:spent|was|been)\s+(?:\w+\s+){0,5}?on the phone",
        r"\bqueued\b|in de rij (?:gestaan|gewacht)|stond in de rij",
        # A length right before a queue or a line: "45 min in de rij", "40 min queue", "4 min
        # wait", "45 mins on the phone".
        _A_DURATION + r"\s+(?:in de (?:wacht)?rij|in (?:the|a) (?:queue|line)|queue\w*|wait|"
        r"waiting|on the (?:phone|line))\b",
    ),
    _rule(
        StepKind.CHATBOT_LOOP,
        8,
        r"(?:typte|typed|type|tikte)\b[^.;!?]{0,30}?['‘\"“](?:medewerker|mens|human|agent|"
        r"person|speak to a human|klantenservice)",
        r"(?:steeds |telkens )?(?:hetzelfde|dezelfde) (?:lijst\w*|menu|vraag|knoppen)",
        r"(?:same|standard) (?:list|page|link|menu)\b",
        needs_bot=True,
    ),
    _rule(
        StepKind.FILL_FORM,
        3,
        # The verb split in any tense, "in" ending the clause or before where or what next ("vul
        # het in, krijg een bevestiging", "vulden we alles in op de site"); not "in de app".
        r"(?:vul|vult|vullen|vulde|vulden)\b[^.;!?]{0,40}?\bin\b"
        r"(?=\s*[.,;!?]|\s*$|\s+(?:en|maar|op|via|online|bij)\b)",
        r"(?:klacht|bezwaar|aanvraag|\w{0,12}verzoek|complaint)\s+(?:\w+\s+)?(?:ingediend|indienen|gemaakt|"
        r"filed|submitted|lodged)",
        r"(?:wrote|written)\s+to\s+(?:them|you|him|her|(?:the|their|my)\s+\w+)\b",
        r"(?:sent|send|emailed)\s+(?:them\s+)?(?:\w+\s+)?(?:e-?mails?|letters?|messages?)\b",
        r"aangetekend\w*\s+(?:\w+\s+){0,2}?(?:brief|verzonden|verstuurd|gestuurd|opgestuurd)|"
        r"(?:per|een) aangetekende brief|registered letter|recorded delivery",
        r"(?:posted|complained|gepost|geklaagd)\s+(?:it\s+|het\s+)?(?:on|op)\s+(?:their|the|hun|de)\s+"
        r"(?:\w+\s+){0,2}?(?:facebook|twitter|instagram|forum|community)",
        r"(?:verhuizing|meterstand\w*|wijziging)\s+(?:\w+\s+){0,5}?doorgegeven",
        r"(?:put|sent) in an? (?:\w+\s+){0,2}?(?:claim|complaint|request)",
    ),
    # A form told by its filling alone: "alles netjes ingevuld", "filled everything in"; not
    # "nog niet alles ingevuld".
    _rule(
        StepKind.FILL_FORM,
        3,
        r"alles\s+(?:netjes\s+|keurig\s+|braaf\s+)?ingevuld\b",
        r"filled\s+(?:everything|it all|all (?:the )?(?:details|fields|questions))\s+(?:in|out)\b",
        negatable=True,
    ),
    _rule(
        StepKind.DISCONNECTED,
        6,
        r"gooide\b[^.;!?]{0,20}?\beruit|chat (?:was |werd )?(?:gesloten|closed)",
        r"line went dead|verbinding (?:was )?weg\b",
        # "put the phone down on me", "slammed the phone down"
        r"(?:put|slammed|slams|puts)\s+(?:the\s+)?(?:phone|receiver)\s+down\b",
    ),
]

# Told as people tell it rather than as the phrases above: a channel refused ("dat kon niet
# online", "that needs a phone call"), a promise told verb-last ("dat het gecorrigeerd zou
# worden"), an answer that changed over time ("eerst hoorde ik dat het kon, later … niet").
# A word between the parts of a phrase that is no negation ("het geld stond er", not "het geld
# stond er nog steeds niet"), and none right after it (`_NOT_AFTER`).
_UNNEGATED = r"(?:(?!(?:niet|nooit|never|not|nog|still|geen|no)\b)\w+\s+)"
_SAID = (
    r"(?:zei|zeiden|zegt|zeggen|vertelde|vertelden|verteld|gezegd|hoorde|kreeg (?:ik )?te horen|"
    r"beweerde|said|says|told|heard|was told|claimed|replied|answered|responded|antwoordde|"
    r"antwoordden)"
)
RULES += [
    _rule(
        StepKind.CHANNEL_SWITCH,
        9,
        r"(?:kon|kan)\s+(?:dat\s+|het\s+|je\s+)?niet\s+(?:online|digitaal|telefonisch|"
        r"via\s+(?:de\s+|het\s+)?(?:site|website|app|chat|e-?mail|mail|telefoon)|"
        r"per\s+(?:e-?mail|mail|telefoon|post))\b",
        r"(?:needs?|required|requires)\s+(?:a\s+)?(?:phone call|call|visit|letter)\b",
        r"(?:can't|cannot|couldn't|could not)\s+(?:be\s+)?(?:do|done|arrange\w*|sort\w*|change\w*|"
        r"cancel\w*|fix\w*|handle\w*|process\w*|help\w*)\s+(?:\w+\s+){0,2}?(?:online|over the "
        r"phone|by (?:e-?mail|phone|post)|in the app|in (?:the )?(?:store|shop|branch))\b",
        r"(?:we|i|you)(?:'d| would)\s+(?:have|need)\s+to\s+(?:\w+\s+){0,2}?"
        r"(?:write|call|ring|phone|e-?mail|visit)\b",
    ),
    _rule(
        StepKind.BROKEN_PROMISE,
        6,
        r"\b\w+(?:d|t)\s+(?:zou|zouden)\s+(?:worden|zijn)\b",
        r"(?:zou|zouden)\s+(?:\w+\s+){0,6}?\w+(?:d|t|en)\s+(?:worden|zijn)\b",
        r"(?:would|'d|itd|theyd|youd|hed|shed)\s+(?:be\s+)?(?:\w+\s+){0,2}?(?:fixed|sorted|refunded|corrected|credited|"
        r"resolved|replaced|repaired|called back|call (?:me )?back|ring (?:me )?back)\b",
    ),
    _rule(
        StepKind.HUMAN,
        2,
        r"(?:(?<=through )|(?<=thru ))to (?:someone|somebody|a (?:person|human)|an agent)\b",
        r"(?:they|ze|zij)\s+(?:told|said|zeiden|vertelden)\s+(?:me\s+|us\s+|mij\s+|ons\s+)?"
        r"(?:on|over|at|aan|op|in)\s+(?:the\s+|de\s+|het\s+)?(?:phone|telefoon|desk|counter|"
        r"balie|winkel|store|shop|chat)\b",
        negatable=True,
    ),
    _rule(
        StepKind.BROKEN_PROMISE,
        6,
        r"(?:days|weeks|months|dagen|weken|maanden)\s+(?:of\s+)?(?:nothing|silence|niks|niets|"
        r"stilte)\b",
        # The promised day passed: "10 days came and went", "de afgesproken datum verstreek".
        r"came and went|kwam en ging|(?:verstreek|verstreken|passed)\s+(?:\w+\s+)?(?:zonder|"
        r"without)\b",
        r"(?:without|zonder)\s+(?:a\s+|any\s+|enige\s+)?(?:reply|response|answer|antwoord|"
        r"reactie)\b",
    ),
    _rule(
        StepKind.CLOSED_UNRESOLVED,
        7,
        r"(?:closed|gesloten|afgesloten)\s+(?:\w+\s+){0,3}?without\b",
    ),
    _rule(
        StepKind.CHATBOT_LOOP,
        8,
        r"rephras\w*|herformul\w*|anders (?:te )?formuleren",
        r"(?:wouldn't|would not|won't|didn't|did not) let me (?:past|through|get|speak|talk)",
        r"liet me niet (?:door|verder|praten)",
        needs_bot=True,
    ),
    _rule(
        StepKind.LOG_IN,
        4,
        r"(?:logged|logging|logs|kicked) (?:me )?out\b|uitgelogd",
    ),
    _rule(
        StepKind.RESOLVED,
        4,
        r"(?:refund|money|payment|geld|terugbetaling|bedrag)\s+" + _UNNEGATED + r"{0,2}?(?:arrived|"
        r"came through|came in|kwam binnen|kwam er|was er|is er|staat er|stond er)\b" + _NOT_AFTER,
        r"(?:kwam|was|stond)\s+(?:het\s+)?(?:geld|bedrag)\s+"
        + _UNNEGATED
        + r"?(?:binnen|er|op)\b"
        + _NOT_AFTER,
        negatable=True,
    ),
    _rule(
        StepKind.AUTOMATED_DECISION,
        7,
        r"(?:cancel+ed|rejected|refused|declined|denied|blocked|closed|stopped|suspended)\s+"
        r"(?:\w+\s+){0,3}?automatically\b",
        r"(?<!\bin )(?<!\bop )(?<!\bon )(?:their|hun) (?:system|systeem)"
        r"(?!\s+(?:was|is|lag|ligt|were)\s+(?:\w+\s+)?(?:down|plat|eruit|offline|traag|slow))",
    ),
    _rule(
        StepKind.CHANNEL_SWITCH,
        9,
        # "Webshop zegt: bel PostNL", "hij zegt ga naar website", "they say come into a shop":
        # the order told as said.
        r"(?:zegt|zei|zeggen|zeiden|says|said|say)(?:\s+(?:ze|zij|hij|men))?\s*:?\s*['‘\"“]?"
        r"(?:bel|bellen|mail|mailen|ga naar|ga langs|ga terug naar|kom langs|kom naar|neem contact|"
        r"call|ring|e-?mail|go to|go back to|go in(?:to)?|come in(?:to)?|come to|come back to|"
        r"pop in(?:to)?|visit|contact)\b",
    ),
    _rule(
        StepKind.REPEAT_INFO,
        7,
        # "ze vroegen mijn klantnummer, dat ik al in het bericht had gezet"
        r"(?:vroeg|vroegen|vraagt|vragen|asked|asking|wanted)\s+(?:\w+\s+){0,3}?"
        + _INFO
        + r"\b[^.;!?]{0,40}?\b(?:al|already)\b",
    ),
    _rule(
        StepKind.RESOLVED,
        4,
        r"(?:was|is|werd|had|heeft|hebben)\s+" + _UNNEGATED + r"{0,4}?(?:gerepareerd|hersteld|"
        r"verholpen)\b",
        r"(?:was|is|werd|had|heeft|hebben)\s+(?:het|alles|hij|ze|de \w+)\s+"
        + _UNNEGATED
        + r"{0,3}?gemaakt\b",
        negatable=True,
    ),
    _rule(
        StepKind.HUMAN,
        2,
        r"(?:zei|zegt|zeiden|vertelde|vertelt|wist|beweerde)\s+men\b",
        # Forum style drops the article: "lad behind the counter said", "andere man zegt".
        _PERSON + r"\s+(?:\w+\s+){0,3}?(?:said|says|told|tells|explained|replied|zei|zegt|"
        r"vertelde|vertelt|antwoordde)\b",
        negatable=True,
    ),
    _rule(
        StepKind.HOLD,
        5,
        # "Het duurde twintig minuten voordat ik iemand kreeg": waiting for a person.
        r"(?:duurde|duurt|took|takes)\s+(?:\w+\s+){0,3}?(?:minuten|minuut|min|minutes?|uur|hours?|"
        r"kwartier)\s+(?:voordat|voor|before|until|tot)\b",
        r"tijdens het wachten|while (?:i was )?(?:waiting|on hold)",
        r"\bon the (?:phone|line) for\b",
    ),
    _rule(
        StepKind.HUMAN,
        2,
        r"(?:kwam|came)\s+(?:\w+\s+)?(?:de|een|the|an?)\s+(?:monteur|engineer|technician)\b",
        r"werd\s+(?:ik\s+)?(?:\w+\s+){0,4}?gebeld\b",
        negatable=True,
    ),
    _rule(
        StepKind.DISCONNECTED,
        6,
        r"(?:chat|gesprek|call)\w*\s+(?:\w+\s+){0,6}?(?:afgesloten|beëindigd|gestopt)\b",
    ),
    _rule(
        StepKind.HUMAN,
        2,
        r"(?:iemand|someone|somebody)\s+(?:die|who)\s+(?:me|mij|ons|us|het)\b",
        # A reply in someone's own words ("Ze reageerden met 'vervelend, vul het formulier in'"),
        # or told as a person's ("then a real reply", "een persoonlijk antwoord").
        r"(?:reageerde|reageerden|gereageerd|antwoordde|antwoordden|replied|responded)\s+"
        r"(?:met|with)\s*:?\s*['‘\"“]",
        r"(?:a|an|een)\s+(?:real|human|personal|proper|echte?|persoonlijke?)\s+(?:reply|response|"
        r"answer|antwoord|reactie)\b",
        # "de tweede zei precies het tegenovergestelde": the next person, told by their order.
        r"(?:de|the)\s+(?:eerste|tweede|derde|vierde|volgende|vorige|first|second|third|next|"
        r"previous|last)\b(?=\s+(?:zei|zegt|vertelde|beweerde|said|says|told|claimed)\b)",
        negatable=True,
    ),
    _rule(
        StepKind.FILL_FORM,
        3,
        # Reported, requested or changed on a screen: a form filled in ("storing gemeld via de
        # website", "via de app een nieuwe pas aangevraagd").
        r"(?:gemeld|aangevraagd|aangemeld|doorgegeven|gewijzigd|ingediend)\s+(?:\w+\s+){0,3}?"
        r"(?:via|op|in|through|on)\s+(?:de\s+|het\s+|hun\s+|the\s+|their\s+)?(?:website|site|"
        r"app|\w{0,20}pagina|portaal|portal|online)\b",
        r"(?:via|op|in|through|on)\s+(?:de\s+|het\s+|hun\s+|the\s+|their\s+)?(?:website|site|app|"
        r"\w{0,20}pagina|portaal|portal)\s+(?:\w+\s+){0,4}?(?:gemeld|aangevraagd|aangemeld|"
        r"doorgegeven|gewijzigd|ingediend)\b",
        # An answer to my letter: the letter was written.
        r"(?:answer|reply|response|antwoord|reactie)\s+(?:to|on|op)\s+(?:my|mijn)\s+(?:letter|"
        r"e-?mail|mail|brief|complaint|klacht|message|bericht)\b",
    ),
    _rule(
        StepKind.REPEAT_INFO,
        7,
        r"(?:every|each|elke|iedere)\s+(?:\w+\s+){0,2}?(?:asked|wanted|vroeg|wilde)\b[^.;!?]{0,20}?"
        + _INFO,
        r"(?:verhaal|story)\s+(?:\w+\s+)?(?:opnieuw|again|weer)\b",
        _AGAIN + r"\s+(?:\w+\s+){0,2}?(?:verhaal|story)\b",
        # What is mine given again, named right after the again, in any spelling of "mijn":
        # "elke keer opnieuw mn bsn", "weer m'n postcode en geboortedatum", "again my details";
        # not "then again" (on the other hand).
        r"(?<!\bthen )"
        + _AGAIN
        + r"\s+(?:(?:al|all)\s+)?(?:mijn|mn|m'n|me|my|our|onze|ons)\s+(?:\w+\s+)?"
        r"(?:" + _INFO + r"|bsn|postcode|iban|probleem|situatie|klacht|problem|situation|"
        r"complaint|issue)\b",
    ),
    _rule(
        StepKind.CHANNEL_SWITCH,
        9,
        # Sent to another body, not another department ("verwees naar de gemeente").
        r"(?:verwees|verwezen|verwijst|referred)\s+(?:me\s+|mij\s+|us\s+|ons\s+)?(?:door\s+)?"
        r"(?:naar|to)\s+(?:de|het|een|the|a)\s+(?!\w*afdeling|collega|medewerker|department|"
        r"specialist|team)\w+",
        r"(?:advies|advice|advised)\s+(?:\w+\s+){0,3}?(?:te bellen|te mailen|e-?mail|brief|"
        r"to call|to ring|to e-?mail|to write)\b",
        r"link (?:naar|to) (?:een|het|de|a|the|their) (?:\w+\s+)?(?:formulier|website|site|app|"
        r"form|webpage)\b",
    ),
    _rule(
        StepKind.UPLOAD_DOCUMENTS,
        5,
        r"(?:bewijs|proof|kopie|copy|scan|foto\w*(?:['’]s)?|photos?)\s+(?:\w+\s+){0,3}?(?:gemaild|gestuurd|"
        r"opgestuurd|emailed|sent)\b",
        r"(?:sent|send|gemaild|stuurde|mailde|opgestuurd)\s+(?:\w+\s+){0,3}?(?:bewijs|proof|kopie|"
        r"copy|scan|foto\w*|photos?|bankafschrift|(?:bank )?statement|receipts?|bonnetje|paspoort|"
        r"passport)\b",
        r"(?:proof|prove|bewijzen|aantonen)\s+(?:\w+\s+)?(?:address|identity|income|adres|"
        r"identiteit|inkomen)\b",
        unless_negated=True,
    ),
    _rule(
        StepKind.LOG_IN,
        4,
        r"selfie",
        # Proving who one is on a screen: "mijn identiteit bevestigen met iDIN", "mij opnieuw
        # identificeren met itsme", "froze during identity verification".
        r"(?:met|via|with|using|through)\s+(?:itsme|idin)\b|identificeren|ge[iï]dentificeerd|identiteit\s+(?:\w+\s+)?(?:bevestig\w*|"
        r"verifi\w*)|(?:verify|verified|verifying|confirm|confirmed|prove|proved)\s+(?:my|your|"
        r"our)\s+identity|identity (?:check|verification)",
        r"(?:paspoort|passport|id|identiteitsbewijs|rijbewijs)\s+(?:\w+\s+)?(?:laten zien|tonen|"
        r"showed|show)\b",
    ),
    # A rejection told on its own is the system's; one told beside a person is theirs.
    _rule(
        StepKind.AUTOMATED_DECISION,
        3,
        r"afwijzing|rejection|" + _NO_STATE + r"(?:afgewezen|rejected|declined|geweigerd)",
        unless_person=True,
    ),
    # A payment or a contract stopped by the company, where no person is named: "mijn toeslag
    # wordt stopgezet", "the gym cancelled my membership"; not the teller's own ("I cancelled my
    # subscription", "Cancelled my contract via the app"), nor a flight cancelled.
    _rule(
        StepKind.AUTOMATED_DECISION,
        3,
        r"stopgezet",
        r"(?<=\w )(?<!\bi )(?<!\bwe )(?<!\band )(?<!\bthen )(?<!\bso )(?:cancel+ed|stopped|"
        r"terminated|ended)\s+(?:my|our)\s+(?:\w+\s+)?(?:account|subscription|membership|"
        r"benefits?|payments?|allowance|policy|insurance|contract|card|direct debit|application)\b",
        unless_person=True,
    ),
    # The second answer, where the sentence told the first one before it.
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:dat|that|" + _SAID + r")\s+(?:\w+\s+){0,2}?"
        r"(?:niet|wel|toch|geen|nooit|anders|not|no|never|\w+n't)\b(?:\s+\w+)?",
        needs_before=re.compile(
            r"\b(?:eerst|first|at first)\s+(?:\w+\s+){0,2}?" + _SAID + r"\b.*\b"
            r"(?:later|daarna|toen|then|now|nu|next|de volgende|another|een ander)\b",
            re.IGNORECASE,
        ),
    ),
]

# Told rather than named: what a person said ("daar zeiden ze", "I was told"), a channel only
# allowed ("kan alleen nog via de app", "said I must call"), an outcome in other words ("the
# money was back", "goedgekeurd"), a denial of what the consumer knows ("they said I never
# cancelled", "wat helemaal niet klopt").
_SUBJECT = r"(?:ze|zij|hij|die|men|they|he|she|someone|somebody|iemand)"
_MUST = (
    r"(?:must|had to|have to|has to|should|needed to|need to|moet|moest|moeten|moesten|"
    r"zou moeten|best)"
)
RULES += [
    _rule(
        StepKind.HUMAN,
        2,
        r"(?<!\bit )(?<!\bhet )" + _SUBJECT + r"\s+(?:\w+\s+)?(?:zei|zeiden|zegt|zeggen|vertelde|"
        r"vertelden|said|says|told|explained|legde uit|legden uit)\b",
        # "Rang again, told there was no note": told as a note, without "was".
        r"(?:was|were|werd|word|got)\s+told\b|(?<=, )told\b(?!\s+(?:me|us|him|her|them|you)\b)|"
        r"kreeg\s+(?:ik\s+|we\s+)?te horen|"
        r"te horen gekregen",
        r"(?:daar|toen|then|there)\s+(?:zeiden|zei|zegt|zeggen|said|told)\s+(?:ze|zij|hij|they|he|"
        r"she)\b",
        r"\bgeholpen\b|helped me\b",
        negatable=True,
        unless_said=True,
    ),
    _rule(
        StepKind.CHANNEL_SWITCH,
        9,
        _SAID
        + r"\s+(?:\w+\s+)?(?:that\s+|dat\s+)?(?:i|ik|je|u|ge|we|wij|you)\s+(?:\w+\s+){0,2}?"
        + _MUST
        + r"\b[^.;!?]{0,40}?\b(?:"
        + _CHANNEL_WORD
        # "said I should have asked at the service desk", "says I must go to the counter"
        + r"|desk|counter)\b",
        # "address changes are only in the app", "the club says only in the app"
        r"(?:kan|kon|kunt|kunnen|can|could|mag|moet|must|is|was|are|were|zijn|waren|gaat|goes|"
        r"says|said|zegt|zei|zeggen|zeiden)\s+(?:\w+\s+){0,4}?"
        r"(?:alleen|only|enkel|uitsluitend)\s+(?:nog\s+|maar\s+)?(?:via|per|by|through|on|"
        r"online|bellen|call|telefonisch|schriftelijk|in writing|"
        # Not whose it is: "it was only in my name".
        r"in(?!\s+(?:my|his|her|your|our|their|mijn|zijn|haar|jouw|uw|onze|hun)\b))\b",
        r"(?:by|per|via|through)\s+(?:e-?mail|mail|phone|telefoon|post|the app|de app|chat)\s+"
        r"(?:is\s+|was\s+)?(?:not possible|niet mogelijk|kan niet|gaat niet)\b",
        r"(?:online|digitaal)\s+\w+\s+(?:gaat|ging|kan|kon)\s+(?:niet|nie)\b",
        r"(?:kan|kon)\s+(?:blijkbaar\s+|dus\s+)?(?:niet|nie)\s+(?:online|digitaal|telefonisch)\b",
        r"(?:stuurt|sturen|sends|keeps sending|kept sending)\s+(?:me|mij|us|ons)\s+(?:\w+\s+){0,3}?"
        r"(?:naar|to)\b[^.;!?]{0,20}?\b" + _CHANNEL_WORD + r"\b",
        r"(?:zegt|zei|zeggen|zeiden|says|said)\s*:?\s*['‘\"“]?(?:use|gebruik|claim|stuur|dien|"
        r"fill in|vul)\b",
        # "was told to go online", "got told to do it in the app"
        r"told\s+to\s+(?:\w+\s+){0,3}?(?:online|in the app|via the app|on the website|by post|"
        r"in writing)\b",
        r"(?:moet|moest|must)\s+(?:u|je|ge|ik|you|i)\s+(?:\w+\s+){0,3}?(?:online|per post|via de "
        r"(?:app|website|site)|in the app|on the website|by post)\b",
    ),
    _rule(
        StepKind.RESOLVED,
        4,
        r"goedgekeurd|approved|gefikst|vrijgegeven|unblocked|paid up|"
        r"(?:werkt|works|working)\s+(?:weer|terug|again)\b",
        r"(?:money|geld|refund|bedrag)\s+(?:was\s+|is\s+|came\s+|kwam\s+)?(?:back|terug)\b(?! te)",
        r"(?:paid|betaalden|betaalde|refunded)\s+(?:me\s+|us\s+)?(?:the\s+)?[£€$]\s?\d+",
        negatable=True,
    ),
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:according to|volgens)\b[^.;!?]{0,40}?\b(?:but|maar)\b",
        r"(?:says?|said|zegt|zei|zeggen)\s+(?:\w+\s+){0,2}?['‘\"“]?(?:delivered|bezorgd|geleverd|"
        r"afgeleverd)\b",
        r"(?:said|says|zei|zegt|zeiden|zeggen|claimed|claims|beweerde)\s+(?:that\s+|dat\s+)?"
        r"(?:i|ik|we)\s+(?:\w+\s+)?(?:never|nooit|didn't|did not|hadn't|had not|niet|geen)\b",
        r"wat\s+(?:\w+\s+){0,2}?(?:niet|nie)\s+(?:klopt|zo is|waar is)\b|"
        r"(?:which|that) (?:is|was)(?:n't| not) (?:true|the case|right)",
        r"(?:confirmed|bevestigde)\s+(?:\w+\s+){0,4}?(?:was wrong|were wrong|fout|verkeerd)",
    ),
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:de|het|the)\s+(?:andere|ander|other|tweede|second)\s+(?:\w+\s+)?(?:dat|zegt|zei|zeggen|"
        r"that|said|says)\b",
        needs_before=re.compile(
            r"\b(?:de ene|het ene|one (?:\w+\s+)?(?:said|says)|the first|de eerste)\b",
            re.IGNORECASE,
        ),
    ),
]

# A wait before someone answered ("na een half uur had ik iemand"; a wait told by its length
# alone is `_told_waits`), a document sent ("met foto's erbij", "sent them the screenshot"), a
# decision that came by itself ("froze my account", "they sent me a reminder", an auto-reply).
_CALL = re.compile(
    r"\b(?:gebeld|belde|belden|bel|bellen|rang|ring|ringing|called|calling|call|phoned|"
    r"telefonisch|hotline|klantenservice|helpdesk|servicelijn|customer service|on the line)\b",
    re.IGNORECASE,
)
RULES += [
    _rule(
        StepKind.HOLD,
        5,
        r"(?:na|after|within|binnen|in)\s+(?:about\s+|ongeveer\s+|zo'?n\s+|ruim\s+|bijna\s+|"
        r"maar\s+|only\s+|just\s+)?" + _A_DURATION + r"(?=\s+(?:\w+\s+){0,2}?(?:iemand|someone|"
        r"somebody|a person|an agent|a human|een mens|een medewerker|had ik|kreeg ik|got|answered|"
        r"picked up|opgenomen|antwoord|(?:de|een|the|a)\s+(?:\w+\s+)?" + _PERSON + r"\b))",
        needs_before=_CALL,
    ),
    # Someone right after the wait, also where no call was named: "kreeg na 25 minuten iemand".
    _rule(
        StepKind.HOLD,
        5,
        r"(?:na|after)\s+" + _A_DURATION + r"(?=\s+(?:iemand|someone|"
        r"somebody|een medewerker|an agent))",
    ),
    # The person named before the wait: "rang, got a real person after about 5 mins", "got
    # through to a human after 12 minutes".
    _rule(
        StepKind.HOLD,
        5,
        r"(?:na|after|within|binnen)\s+(?:about\s+|ongeveer\s+|zo'?n\s+|ruim\s+|bijna\s+|"
        r"only\s+|just\s+)?" + _A_DURATION,
        needs_before=re.compile(
            rf"(?:{_CALL.pattern}|\bgot (?:through|thru)\b).*\b(?:iemand|someone|somebody|person|human|"
            rf"agent|medewerk\w*|{_PERSON}|picked up)\s+$"
        ),
    ),
    _rule(
        StepKind.UPLOAD_DOCUMENTS,
        5,
        r"(?:foto|photo|screenshot|scan|kopie|copy|copies|bewijs|proof|bonnetje|receipt|"
        r"verklaring|loonstro\w*|bankafschrift|statement|document|papieren|bewijsstuk|stukken)\w*"
        r"(?:['’]s)?\s+"
        r"(?:\w+\s+){0,4}?(?:erbij|meegestuurd|opgestuurd|gemaild|gestuurd|doorgestuurd|"
        r"bijgevoegd|ingeleverd|binnengebracht)\b",
        # "met foto's", "inclusief de verklaring van de arts"
        r"(?:with|met|inclusief|including)\s+(?:a |an |the |my |all |de |het |mijn |alle |een )?"
        r"(?:\w+\s+)?(?:photo|foto|"
        r"screenshot|scan|kopie|copy|proof|bewijs|receipt|bonnetje|verklaring|bewijsstuk)\w*",
        r"ingescand|gefotografeerd|scanned|photographed",
        r"(?:sent|send|posted|emailed|e-mailed|mailed|stuurde|mailde)\s+(?:them\s+|it\s+|hun\s+|"
        r"hen\s+)?(?:\w+\s+){0,2}?(?:screenshots?|photos?|cop(?:y|ies)|proof|receipts?|documents?|"
        r"invoice|certificate|evidence|foto's|bewijs)\b",
        unless_negated=True,
    ),
    _rule(
        StepKind.AUTOMATED_DECISION,
        7,
        # Not a state named ("about a blocked card", "still frozen"), nor an app that hung ("the
        # app froze"): "froze my account".
        _NO_STATE + r"(?:blocked|frozen|suspended|blokkeerde|geblokkeerd|bevroren|opgeschort|"
        r"afgekeurd)\b",
        r"froze\s+(?:my|our|his|her|their|the|all|it|them)\b",
        r"(?:stuurde|stuurt|sturen|sent|sends|kreeg|krijg|got|get|received|ontving)\s+"
        r"(?:me\s+|mij\s+|ik\s+|us\s+)?(?:\w+\s+){0,2}?(?:aanmaning|herinnering|reminder|final bill|"
        r"debt collector|incassobrief|blue envelope|blauwe envelop)\w*",
        r"auto[- ]?repl\w*|automated (?:reply|response|e-?mail|message)",
    ),
]

# A promise broken in other words: nothing came ("bleef uit", "nooit gekregen"), nobody answers
# ("neemt niet meer op", "doesn't answer"), a date moved ("vijfmaal verschoven"), time passing
# with nothing ("we zijn nu twee maanden verder").
_SPAN_OF_TIME = (
    r"(?:" + _NUMBER + r"|een paar|a few|several|enkele)\s+(?:weken|dagen|maanden|weeks|days|"
    r"months|wk|wks)\b"
)
RULES += [
    _rule(
        StepKind.BROKEN_PROMISE,
        6,
        r"(?:nog|still)\s+(?:steeds\s+|altijd\s+)?(?:geen|niemand|niets|no|nothing|nobody)\b",
        r"(?:nooit|never)\s+(?:\w+\s+)?(?:gekregen|ontvangen|got|received|did|showed|turned up|"
        r"rang|called)\b",
        r"bleef\s+uit|bleven\s+uit|(?:kwam|kwamen)\s+(?:\w+\s+)?(?:niet|nooit)\b",
        r"(?:reageert|reageren|reageerde|reageerden|antwoordt|antwoorden)\s+(?:\w+\s+)?(?:niet|nooit)\b",
        r"(?:neemt|nemen|nam|namen)\s+(?:\w+\s+)?niet\s+(?:meer\s+)?op\b",
        r"(?:doesn't|don't|didn't|won't|never|do not|does not|did not)\s+(?:\w+\s+)?"
        r"(?:answer|reply|respond|ring back|call back|get back)\b",
        r"(?:niemand|nobody|no one)\s+(?:belt|belde|calls|called|rang|kwam|came|showed)\b",
        r"(?:verschoven|uitgesteld|verzet|postponed|rescheduled|pushed back)\b",
        r"(?:niet|never|not)\s+(?:komen\s+|kwam\s+|kwamen\s+|komt\s+)?(?:opdagen|opgedaagd|"
        r"show(?:ed)? up|turned up)",
        r"(?:nu|inmiddels|intussen|now)\s+(?:\w+\s+){0,3}?"
        + _SPAN_OF_TIME
        + r"\s+(?:verder|geleden|later|ago|on)\b",
    ),
]

# Nothing came, told by when: "en dan niks", "Then nothing for 4 days", "Both times nothing",
# "4 maart niks", "Na de wettelijke maand niks", "stayed in, nothing."; not "beter dan niks".
_MONTH_OR_DAY = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|january|february|march|june|july|august|october|maandag|dinsdag|woensdag|"
    r"donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)"
)
_NOTHING = r"(?:nog\s+|weer\s+|again\s+)?(?:niks|niets|nothing|nada)\b"
RULES += [
    _rule(
        StepKind.BROKEN_PROMISE,
        6,
        r"(?<!beter )(?<!meer )(?<!minder )(?<!liever )(?<!erger )(?:dan|then)\s+"
        + _NOTHING
        + r"(?!\s+(?:van|mee|aan|anders|else|of|to|about|with|wrong|mis)\b)",
        r"(?:both times|each time|every time|beide keren|allebei de keren|telkens|elke keer|"
        r"iedere keer)\s+(?:weer\s+|again\s+)?(?:niks|niets|nothing|niemand|nobody|no one)\b",
        _MONTH_OR_DAY + r"\s+" + _NOTHING + r"(?=\s*(?:[.,;!?]|$))",
        r"(?:na|after)\s+(?:\w+\s+){0,3}?(?:dag|dagen|week|weken|maand|maanden|day|days|weeks|"
        r"month|months)\s+" + _NOTHING + r"(?=\s*(?:[.,;!?]|$))",
        r"(?<=,\s)(?:niks|niets|nothing|nada)(?=\W*$)",
        # None of them came: "Not one of them showed up", "geen van beiden belde terug",
        # "ik ben geen enkele keer teruggebeld".
        r"(?:not one|none|not a single one|geen van|geen een|geen één)\s+(?:of\s+)?(?:them|those|"
        r"hen|allen|beiden|beide|de)?\s*(?:\w+\s+)?(?:showed up|turned up|came|rang|called|"
        r"replied|answered|got back|kwam|kwamen|belde|belden|reageerde|reageerden)\b",
        r"(?:geen enkele keer|geen één keer|niet één keer|not once)\s+(?:\w+\s+){0,2}?"
        r"(?:teruggebeld|gebeld|gekomen|gereageerd|geantwoord|called|rang|replied|answered|"
        r"showed up|turned up|came)\b",
    ),
]

# Written to the company in other words ("Emailed support", "raised a dispute in the app",
# "opgezegd per brief", "een review geplaatst"); sent elsewhere in other words ("'neem contact
# op met PostNL'", "says I must contact PostNL", "refunds are online only", "dat ik naar mijn
# kantoor moest").
RULES += [
    _rule(
        StepKind.FILL_FORM,
        3,
        r"(?:e-?mailed|mailed|gemaild|mailde|submitted|resubmitted|applied|reported|raised|"
        r"complained|appealed|lodged)\b",
        r"(?:review|recensie|post|klacht)\s+(?:\w+\s+){0,2}?(?:geplaatst|achtergelaten|gepost|"
        r"posted|left)\b",
        r"(?:opgezegd|gewijzigd|aangepast|aangevraagd|aangegeven|gemeld|cancel+ed|changed|updated|"
        r"renewed)\s+(?:\w+\s+){0,3}?(?:via|per|through|online|in the app|in de app|op de "
        r"website|on the website|on their website)\b",
        r"ticket\s+(?:\w+\s+)?(?:aangemaakt|geopend|opened|raised)",
        # "Sent them a complaint by email", "de zaak heropend", "made an appointment online"
        r"(?:sent|send|stuurde|stuurden|gestuurd|verstuurd|verstuurde)\s+(?:\w+\s+){0,4}?"
        r"(?:by|per|via)\s+(?:e-?mail|mail|post|letter|brief)\b",
        r"(?:heropend|reopened)\b",
        r"(?:made|booked) an appointment (?:online|via|through|in the app|on the website)",
        # "Melding gedaan bij de gemeente", "Geld terug aangevraagd", "Retour aangemeld"
        r"(?:melding|aangifte)\s+(?:\w+\s+)?(?:gedaan|gemaakt)",
        r"(?:retour|terugbetaling|restitutie|geld terug)\s+(?:\w+\s+)?(?:aangemeld|aangevraagd)",
        negatable=True,
    ),
    _rule(
        StepKind.CHANNEL_SWITCH,
        9,
        r"['‘\"“](?:neem contact op|please (?:contact|use|call|ring|visit|e-?mail|go to|fill)|"
        r"call us|ring us|bel ons|mail ons|kom langs|ga naar|use the|gebruik)",
        r"(?:zegt|zei|zeggen|zeiden|says|said)\s+(?:\w+\s+)?(?:dat\s+|that\s+)?(?:ik\s+|je\s+|u\s+|"
        r"ge\s+|i\s+|we\s+)?" + _MUST + r"\s+(?:\w+\s+){0,3}?(?:mailen|bellen|schriftelijk|langs|"
        r"per post|online|via|e-?mail|call|ring|write|in person|contact|opsturen|indienen)\b",
        r"(?:zegt|zei|zeggen|zeiden|says|said)(?:\s+(?:ook|also|gewoon))?\s*:\s*['‘\"“]?"
        r"(?:bel|bellen|mail|mailen|ga naar|neem contact|call|ring|e-?mail|go to|contact)\b",
        r"\b(?:dat|that)\s+(?:ik|je|u|ge|we|i)\s+(?:\w+\s+)?(?:naar|bij|to)\s+(?:de|het|mijn|een|hun|"
        r"the|my|a|their)\s+\w+\s+(?:moest|moet|moesten|moeten|ga|ging|had to|must|should)\b",
        # Told verb-last, by whatever verb: "dat ik de app moest gebruiken", "dat ik een formulier
        # per post moest aanvragen"; not "dat ik het formulier opnieuw moest invullen".
        r"\bdat\s+(?:ik|je|u|ge|we|wij)\s+(?:\w+\s+){0,3}?" + _CHANNEL_WORD + r"\s+(?:\w+\s+){0,2}?"
        r"(?:moest|moet|moesten|moeten)\s+(?:gebruiken|doen|regelen|proberen|aanvragen|melden|"
        r"aanmelden|indienen|opsturen|versturen)\b",
        r"(?:online|in person|in writing|by post|per post|schriftelijk|persoonlijk|in the app|"
        r"in de app)\s+only\b|only\s+(?:reachable|available|possible|bereikbaar|mogelijk)\s+"
        r"(?:by|via|through|in|on|online|per)\b",
        r"(?:online|digitaal|telefonisch)\s+(?:\w+\s+)?(?:niet mogelijk|kan niet|not possible)\b",
        r"(?:says|said|telling|tells|told)\s+(?:you\s+|me\s+|us\s+|her\s+|him\s+)?to\s+(?:ring|call|"
        r"phone|use|check|visit|go to|e-?mail|write|contact|fill)\b",
    ),
]

# A person told by what they said, without an article ("meneer zegt", "Winkel zei"), in the
# passive ("werd mij verteld"), or reached after a wait ("kreeg ik na 25 minuten iemand").
_SPEAKER = (
    r"(?:meneer|mevrouw|dude|gast|winkel|balie|loket|chef\w*|eigenaar|directeur|assistente|juf|"
    r"adviseur|consulent|leveraars?|monteurs?|installateur|verkoopster|verkoper|medewerker|"
    r"medewerkster|agent|officer|manager|filiaalmanager|receptionist\w*|receptie|reception|"
    r"bediende|meisje|engineer|technician|technicus)"
)
RULES += [
    _rule(
        StepKind.HUMAN,
        2,
        _SPEAKER
        + r"\s+(?:\w+\s+)?(?:zegt|zei|zeggen|zeiden|beloofde|vertelde|antwoordde|says|said|"
        r"told|promised)\b",
        r"(?:zegt|zei|zeggen|zeiden|says|said)\s+(?:de|het|een|the|a|some)\s+(?:\w+\s+)?"
        + _SPEAKER,
        # "meisje aan de lijn zegt", "the engineer on site said": where the speaker is.
        _SPEAKER + r"\s+(?:aan|op|at|on|in)\s+(?:de|het|the)\s+\w+\s+(?:zegt|zei|zeiden|vertelde|"
        r"says|said|told)\b",
        r"(?:binnen|within|in)\s+(?:\w+\s+)?" + _NUMBER + r"\s*(?:min\w*|minutes?|uur|hours?)\s+"
        r"(?:\w+\s+)?(?:iemand|someone|somebody|antwoord|an answer|a person|an agent)\b",
        negatable=True,
    ),
    # "kreeg ik na 25 minuten iemand": the person where they are named, after the wait.
    _rule(
        StepKind.HUMAN,
        2,
        r"(?:iemand|someone|somebody)\b",
        negatable=True,
        needs_before=re.compile(
            r"\b(?:kreeg|had|got|reached)\s+(?:ik\s+|i\s+|we\s+)?(?:\w+\s+){1,4}$", re.IGNORECASE
        ),
    ),
    _rule(
        StepKind.HUMAN,
        2,
        # "Bij de club zeggen ze", "Vorige week zei hij": the verb before its subject.
        # Not after what they said ("wordt vervangen, zeggen ze"): that is only their words.
        r"(?<!, )(?:zegt|zei|zeggen|zeiden|vertelde|vertelden|vertelt|beweerde|beweerden)\s+"
        r"(?:ze|zij|hij)\b",
        r"(?:werd|wordt)\s+(?:mij|me|ons|hem|haar)\s+(?:\w+\s+)?(?:verteld|gezegd|uitgelegd)\b",
        r"(?:mij|me|ons)\s+(?:werd|wordt)\s+(?:\w+\s+)?(?:verteld|gezegd|uitgelegd)\b",
        negatable=True,
        unless_said=True,
    ),
]

# What the consumer sent or did, denied by the company ("dat mijn brief niet was aangekomen",
# "Openreach say they have no order", "kon mijn brief niet vinden"), where the sentence tells who
# said so.
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:niet|nooit|geen|no|never|not|nothing)\s+(?:\w+\s+){0,3}?(?:ontvangen|aangekomen|"
        r"binnengekomen|toegekomen|aangemeld|gevonden|vinden|terug te vinden|received|arrived|"
        r"found|logged|recorded|registered)\b",
        r"(?:no|geen)\s+(?:\w+\s+)?(?:order|note|record|reading|trace|aantekening|afspraak|"
        r"appointment|spoor)\b",
        r"(?:couldn't|could not|can't|cannot|kon|konden|kan|kunnen)\s+(?:\w+\s+){0,3}?"
        r"(?:find|vinden)\b",
        needs_before=re.compile(
            r"\b(?:zegt|zei|zeggen|zeiden|says|say|said|claim\w*|volgens|according|bericht|brief|"
            r"letter|e-?mail|mail|saying|told|dat|that|medewerk\w*|agent)\b",
            re.IGNORECASE,
        ),
    ),
]

# What the company's records show, denied ("er staat niks in het systeem", "geen afspraak in het
# dossier", "geen terugbelverzoek genoteerd", "it isn't on the system").
_RECORDS = r"(?:systeem|system|dossier|administratie|records|file|computer)"
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:niks|niets|nergens|geen|nothing|no|not|isn't|aren't|wasn't|weren't|niet)\s+"
        r"(?:\w+\s+){0,2}?(?:in|on|op)\s+(?:het|hun|ons|uw|de|mijn|the|their|our|your|my)\s+"
        + _RECORDS
        + r"\b",
        r"(?:niks|niets|geen)\s+(?:\w+\s+)?(?:genoteerd|geregistreerd|vastgelegd)\b",
    ),
]

# Charged after all, again or still: "werd er gewoon weer geïncasseerd", "premie nog steeds
# afgeschreven", "na mijn opzegging nog drie maanden gefactureerd", "still being charged"; not
# charged twice for one thing ("weer dubbel afgeschreven").
_CHARGED_NL = r"(?:afgeschreven|geïncasseerd|gefactureerd|in rekening gebracht)"
_CHARGED_EN = r"(?:charged|billed|debited)"
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:weer|opnieuw|alsnog|nog steeds|nog altijd)\s+(?!dubbel)(?:\w+\s+)?" + _CHARGED_NL,
        r"(?:still|again)\s+(?:being\s+|getting\s+)?" + _CHARGED_EN + r"\b",
        r"(?:na|after)\s+(?:mijn\s+|de\s+|my\s+|the\s+)?(?:opzegging|annulering|cancellation|"
        r"cancelling|i cancelled)\b[^.;!?]{0,30}?(?:" + _CHARGED_NL + "|" + _CHARGED_EN + r")\b",
    ),
]

# Delivered by their word only: "an email saying the parcel had been delivered", "PostNL claims
# they delivered it", "zogenaamd bezorgd bij de buren".
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:saying|stating|claims?|claimed|claiming|beweert|beweerde|beweren|beweerden)\s+"
        r"(?:\w+\s+){0,4}?['‘\"“]?(?:delivered|bezorgd|geleverd|afgeleverd)\b",
        r"(?:zogenaamd|zogezegd|supposedly|allegedly)\s+(?:\w+\s+)?['‘\"“]?(?:delivered|bezorgd|"
        r"geleverd|afgeleverd|verstuurd|verzonden|sent|posted|shipped|opgelost|fixed|resolved|"
        r"gerepareerd|repaired|terugbetaald|refunded)\b",
    ),
]

# Not known on their side, what the consumer was told or did: "die wisten nergens van", "de
# laatste keer wist men niet waar het toestel was"; not the teller's ("ik weet er niks van").
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?<!\bik )(?<!\bwe )(?:wist|wisten|weet|weten)\s+(?:ze\s+|zij\s+|men\s+|hij\s+)?"
        r"(?:er\s+|het\s+)?(?:nergens|helemaal niks|helemaal niets)\s+(?:van|vanaf)\b",
        r"(?:wist|wisten|weet|weten)\s+(?:ze|zij|men|hij|niemand)\s+(?:\w+\s+)?niet\s+"
        r"(?:waar|wat|wie|van)\b",
    ),
]

# Done already, by their word: "hogeschool zegt dat ze het al in 2021 hebben doorgegeven", "the
# agent said it had already been sent"; not the teller's ("ik zei al dat"), nor "al mijn" (all).
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?<!\bik )(?<!\bi )(?<!\bwe )(?:zegt|zei|zeggen|zeiden|beweert|beweerde|beweren|"
        r"beweerden|says|said|say|claims?|claimed)\s+(?!ik\b)(?:\w+\s+){0,6}?"
        r"(?:al|already)\b(?!\s+(?:mijn|m'n|de|het|die|dat|deze|onze|zijn|haar|hun|jullie)\b)",
        # Never had, by their word: "the guy said they never got it", "zeiden dat ze hem niet
        # hadden gekregen" (the teller's "I never got it" is a promise broken).
        r"(?:zegt|zei|zeggen|zeiden|beweert|beweerde|beweren|beweerden|says|said|say|claims?|"
        r"claimed)\s+(?:that\s+|dat\s+)?(?:they|ze|zij|we|wij|he|she|hij)\s+(?:\w+\s+){0,3}?"
        r"(?:never|nooit|niet|didn't|did not|hadn't|had not|haven't|have not)\s+(?:\w+\s+){0,2}?"
        r"(?:got|gotten|gekregen|had|gehad|received|ontvangen)\b",
    ),
]

# An answer given before, called wrong: "de chat had 'verkeerde info' gegeven", "dan heeft mijn
# collega dat verkeerd gezegd", "they said EDF were wrong"; not a screen's error ("it said the
# file type was wrong").
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:verkeerde|onjuiste|foute)\s+(?:info\w*|informatie|advies)\b|"
        r"wrong (?:info\w*|advice)\b|misinform\w*|"
        r"(?:gave|given|told)\s+(?:me\s+|us\s+)?(?:the\s+)?wrong\s+(?:info\w*|advice|answer)\b",
        r"verkeerd\s+(?:gezegd|verteld|geïnformeerd|doorgegeven)\b",
        r"(?<!\bit )(?:said|says|zei|zegt|zeiden|zeggen|confirmed|admitted)\b[^.;!?]{0,60}?"
        r"\b(?:was|were) wrong\b",
        # The answer denied outright: "bank says no it hasn't", "zegt nee, dat klopt niet"; not
        # the teller's "I said no".
        r"(?<!\bi )(?<!\bik )(?:says|said|zegt|zei|zeggen|zeiden)\s*:?\s*['‘\"“]?(?:no|nee)\b,?\s+"
        r"(?:it|that|he|she|they|het|dat|hij|zij|ze)\b",
    ),
]

# What the record plainly shows, against what was said: "Op de jaaroverzichten staat gewoon 4.500
# euro", "in de app staat mijn lidmaatschap gewoon op actief". The next person's answer, against
# the one before: "The next engineer said the fault was inside", "de derde medewerker zei…".
RULES += [
    _rule(
        StepKind.CONTRADICTION,
        6,
        r"(?:staat|stond|stonden|staan)\s+(?:\w+\s+){0,3}?gewoon\b(?!\s+(?:stil|open|aan|uit)\b)",
        r"(?:the|de)\s+(?:next|third|fourth|fifth|volgende|derde|vierde|vijfde)\s+(?:"
        r"(?:agent|engineer|person|advisor|adviser|rep|operator|medewerker|medewerkster|monteur|"
        r"collega|adviseur)\s+)?(?:said|says|told|claimed|zei|zegt|zeiden|beweerde|vertelde)\b",
    ),
]

# Information given again in other words: sent again ("opnieuw ingediend", "nog eens alles
# geüpload"), tried again ("5x geprobeerd").
_SENT = (
    r"(?:ingediend|indienen|gestuurd|opgestuurd|verstuurd|gemaild|geüpload|geupload|"
    r"binnengebracht|gemeld|ingesproken|submitted|sent|uploaded|e-?mailed|posted|resubmitted)"
)
RULES += [
    _rule(
        StepKind.REPEAT_INFO,
        7,
        _AGAIN + r"\s+(?:\w+\s+){0,3}?" + _SENT + r"\b",
        _NUMBER + r"\s*(?:x|keer|maal|times)\s+(?:\w+\s+)?(?:geprobeerd|tried|opnieuw)\b",
    ),
]

# Bodies and means beyond the company ("de Huurcommissie ingeschakeld", "a chargeback"), a case
# closed in other words ("auto-closed", "afgedaan met een standaardbrief", "a final response
# letter"), a solution in other words ("ze stort het geld terug", "opzegging bevestigd").
RULES += [
    _rule(
        StepKind.ESCALATED,
        6,
        r"huurcommissie|autoriteit persoonsgegevens|bovag|consumentencentrum|euclaim|rechtbank|"
        r"beroep ingesteld|klachtenfunctionaris|chargeback|charge-back|terugboeking|"
        r"in gebreke (?:gesteld|stellen)|adr scheme|deposit protection|trading standards|"
        r"ofcom|ofgem|citizens advice|\bcab\b",
    ),
    _rule(
        StepKind.CLOSED_UNRESOLVED,
        7,
        r"auto-?closed|automatisch (?:gesloten|afgesloten)|afgedaan\b",
        r"(?:verzoek|claim|dispute|aanvraag|request|bezwaar|appeal)\w*\s+(?:\w+\s+){0,3}?"
        r"(?:gesloten|afgesloten|closed)\b",
        r"final response(?: letter)?|deadlock letter",
        r"(?:niets|niks) meer voor (?:u|je|jou) (?:betekenen|doen)|nothing (?:more|further) we can do|"
        r"(?:can't|cannot) do anything (?:more|further)",
    ),
    _rule(
        StepKind.RESOLVED,
        4,
        r"(?:stort|storten|stortte|stortten)\s+(?:\w+\s+){0,3}?terug\b",
        # Exchanged, undone, or proven right: "heeft hem toch omgeruild", "draaide alles terug",
        # "die gaf me gelijk"; not "gelijk" as "at once" ("kreeg ik gelijk een medewerker").
        r"omgeruild|teruggedraaid|(?:ruilde|ruilden)\s+(?:\w+\s+){0,3}?om\b|"
        r"(?:draaide|draaiden)\s+(?:\w+\s+){0,3}?terug\b",
        r"(?:gaf|gaven|geeft|geven|gegeven|kreeg|kregen|krijg|gekregen)\s+(?:\w+\s+){0,2}?"
        r"gelijk\b(?=\s*(?:[.,;!?]|$|en\b|maar\b|in\b|dat\b))|in het gelijk (?:gesteld|gezet)",
        r"(?:kreeg|ontving|got|received)\s+(?:ik\s+|i\s+)?(?:\w+\s+){0,3}?(?:creditnota|credit note|"
        r"refund|terugbetaling)\b",
        r"(?:opzegging|cancellation)\s+(?:\w+\s+)?(?:bevestigd|confirmed)",
        negatable=True,
    ),
]

# A bot going round in other words ("I typed 'human', it asked…", "weer die aanbieding", "only let
# me pick from 4 options"); a voice menu.
RULES += [
    _rule(
        StepKind.CHATBOT_LOOP,
        8,
        r"(?:typed|typte|tikte|said|zei)\s+['‘\"“][^'’\"”]{1,30}['’\"”]\s*,?\s*(?:and\s+|en\s+)?"
        r"(?:it|hij|ze|the bot|de bot|die)\s+(?:\w+\s+)?(?:asked|vroeg|said|zei|gave|gaf|sent|"
        r"stuurde)",
        r"(?:weer|again)\s+(?:die|dezelfde|diezelfde|datzelfde|the same)\b",
        r"only (?:let|lets) me (?:pick|choose)|alleen (?:kiezen|keuze) uit",
        r"(?:telkens|steeds|elke keer|every time|each time)\s+['‘\"“]",
        needs_bot=True,
    ),
    _rule(
        StepKind.PHONE_MENU,
        5,
        r"spraakmenu|voice (?:system|recognition)|spraakherkenning",
    ),
]

# Verbs that name a step on their own, by lemma (`simplemma`, whose Dutch and English data ship
# inside the package), so every form and tense matches without a phrase per form.
_LEMMA_KINDS = {
    StepKind.TRANSFER: "doorverbinden doorschakelen doorzetten doorsturen transfer",
    StepKind.DISCONNECTED: "verbreken disconnect",
    StepKind.CREATE_ACCOUNT: "registreren",
    StepKind.UPLOAD_DOCUMENTS: "uploaden upload",
    StepKind.LOG_IN: "inloggen",
    StepKind.ESCALATED: "escaleren escalate",
    StepKind.RESOLVED: "terugbetalen terugstorten regelen oplossen rechtzetten",
}
# Money sent is no call put through ("a bank transfer", "my own transfer").
_UNLESS_LEMMA = {"transfer": re.compile(r"\b(?:bank|money|own|my|wire|balance)\s+$")}
LEMMA_RULES = {
    lemma: Rule(
        kind,
        re.compile(lemma),
        1,
        negatable=kind == StepKind.RESOLVED,
        unless_negated=kind == StepKind.UPLOAD_DOCUMENTS,
        unless_before=_TOLD_BEFORE if kind == StepKind.LOG_IN else _UNLESS_LEMMA.get(lemma),
    )
    for kind, lemmas in _LEMMA_KINDS.items()
    for lemma in lemmas.split()
}
_WORD = re.compile(r"[^\W\d_]{4,}")

# Channels named in a clause, in the order they are tried ("chatbot" before "chat").
CHANNEL_CUES = [
    (Channel.CHATBOT, _BOT),
    (Channel.LIVE_CHAT, r"\bchat\w*|live ?chat"),
    (Channel.SOCIAL_MEDIA, r"twitter|facebook|instagram|linkedin|tiktok|social media|"
     r"sociale media|\bdm\b|webcare"),
    (Channel.EMAIL, r"e-?mail\w*|\b\w{0,24}mail\w*|inbox"),
    (Channel.APP, r"\bapp\b|\bapps\b"),
    (Channel.LETTER, r"\bbrief\b|aangetekend\w*|per post|\bpost\b|\bletter\b|by post|"
     r"schriftelijk|in writing"),
    (Channel.IN_PERSON, r"winkel|filiaal|balie|loket|servicepunt|in person|\bstore\b|\bshop\b|"
     r"\bdesk\b|counter"),
    (Channel.WEB_FORM, r"website|\bsite\b|online|\b\w{0,24}formulier|portal|portaal|mijn omgeving|"
     r"\bforms?\b|webpage|digid"),
    (Channel.PHONE, r"\bbel(?:len|de|den|t)?\b|gebeld|terugbel\w*|terug te bellen|telefo\w*|"
     r"aan de lijn|\b\w{0,24}lijn\b|hotline|\bcall\w*|\bphone\w*|\brang\b|\bring\b"),
]  # fmt: skip
# Read on the lower-cased text, as the rules are.
_CHANNEL_CUES = [(channel, re.compile(pattern)) for channel, pattern in CHANNEL_CUES]

# Kinds that happen on a screen: a phone named in their clause is not theirs ("a code sent to
# my phone"), and without a cue they are on a web form.
_SCREEN_KINDS = {
    StepKind.CREATE_ACCOUNT,
    StepKind.LOG_IN,
    StepKind.FILL_FORM,
    StepKind.UPLOAD_DOCUMENTS,
}
_SCREEN_CHANNELS = {Channel.WEB_FORM, Channel.APP, Channel.EMAIL, Channel.LETTER}
# Kinds with a channel of their own, or only a few that fit.
_FIXED = {StepKind.CHATBOT: Channel.CHATBOT, StepKind.CHATBOT_LOOP: Channel.CHATBOT}
_VOICE_KINDS = {StepKind.HOLD, StepKind.PHONE_MENU, StepKind.TRANSFER}
_VOICE_CHANNELS = {Channel.PHONE, Channel.LIVE_CHAT}
# Where a step with no channel named and none before it most likely happened.
_USUAL_CHANNEL = {
    StepKind.AUTOMATED_DECISION: Channel.EMAIL,
    StepKind.CLOSED_UNRESOLVED: Channel.EMAIL,
    StepKind.ESCALATED: Channel.WEB_FORM,
    StepKind.RESOLVED: Channel.EMAIL,
}
# A second mention of these in the next clause is the same step told twice ("De bot begreep me
# niet. Geen knop om een mens te spreken.").
_MERGE_WHEN_CONSECUTIVE = {
    StepKind.PHONE_MENU,
    StepKind.CHATBOT,
    StepKind.CHATBOT_LOOP,
    StepKind.HUMAN,
    StepKind.BROKEN_PROMISE,
    StepKind.CLOSED_UNRESOLVED,
    StepKind.RESOLVED,
    StepKind.UPLOAD_DOCUMENTS,
    StepKind.AUTOMATED_DECISION,
}
# Kinds of that set told again in a sentence of their own: another step, not the same one.
_AGAIN_APART = {StepKind.AUTOMATED_DECISION, StepKind.CLOSED_UNRESOLVED}
# (kind, kind it absorbs when both are told in one clause)
_ABSORBED = {
    (StepKind.REPEAT_INFO, StepKind.HUMAN),
    (StepKind.ESCALATED, StepKind.FILL_FORM),
    (StepKind.UPLOAD_DOCUMENTS, StepKind.FILL_FORM),
}
_BESIDE = 15
# Channels a person answers on; told on another channel, a person most likely answered the phone.
_SPOKEN_CHANNELS = {Channel.PHONE, Channel.LIVE_CHAT, Channel.SOCIAL_MEDIA, Channel.IN_PERSON}


@dataclass(frozen=True)
class ProposedStep:
    kind: str
    channel: str
    minutes: int
    repeats: int
    # The words it came from, as (start, end) offsets in the text, in the text's order: the
    # phrase that names the kind, and any number that set its minutes or repeats.
    spans: tuple[tuple[int, int], ...]

    def words(self, text: str) -> str:
        return " … ".join(text[start:end] for start, end in self.spans)


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    sentence: int
    clause: int


_DECIMAL_POINT = re.compile(r"\d\.\d")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        # Only the last few characters of the sentence so far: it grows with every merge.
        if spans and _ABBREVIATION.search(text, max(spans[-1][0], spans[-1][1] - 8), spans[-1][1]):
            spans[-1] = (spans[-1][0], end)  # "20 min. gewacht" is one sentence
        elif spans and _DECIMAL_POINT.match(text, start - 2):
            spans[-1] = (spans[-1][0], end)  # "£11.99", "om 14.30": a number, not a full stop
        elif text[start:end].strip():
            spans.append((start, end))
    return spans


# Each sentence's clauses are asked for by the rules, the model, the durations and every step of
# it; they are read once.
@functools.lru_cache(maxsize=256)
def _clause_starts(text: str, start: int, end: int) -> tuple[int, ...]:
    return (start, *(start + m.start() for m in _CLAUSE_BREAK.finditer(text[start:end])))


def _number(word: str) -> float:
    word = word.lower().replace(",", ".")
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else float(word)


def _duration_minutes(match: re.Match) -> int:
    if match["hm"]:
        return round(_number(match["hm"]) * 60 + _number(match["hm_minutes"]))
    if match["hh"]:
        return int(match["hh"]) * 60 + int(match["hh_minutes"])
    if match["threequarters"]:
        return 45
    if match["nquarters"]:
        return round(_number(match["nquarters"]) * 15)
    if match["hourhalf"]:
        return 90
    if match["halfhour"]:
        return 30
    if match["quarter"]:
        return 15
    if match["anhour"]:
        return 60
    amount = _number(match["n"])
    unit = match["unit"].lower()
    if unit.startswith(("u", "h")):
        amount *= 60
    return round(amount)


def _repeats(match: re.Match) -> int:
    """Typed four times in all is three times again; "nog twee keer" is two times again."""
    if match["nth"]:
        nth = match["nth"].lower()
        total = ORDINAL_WORDS.get(nth) or int(re.match(r"\d+", nth).group())
    elif match["twice"]:
        total = 2
    elif match["thrice"]:
        total = 3
    else:
        total = int(_number(match["n"]))
    if match["again"] or match["more"]:
        return total
    return max(total - 1, 1)


def _negated(text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """A negation before or after the words, within their sentence ("Zonder uitleg gesloten.
    Toen kreeg ik een medewerker." reaches a person)."""
    before = text[max(sentence[0], start - 40) : start]
    after = text[end : min(sentence[1], end + 30)]
    return bool(_NEGATION.search(before) or _NEGATION_AFTER.search(after))


# "ben ik maar opgehangen", "I hung up": the consumer gave up; nobody cut them off.
_HANG_UP = re.compile(
    r"opgehangen|ophangen|hung up|hing|hang up|hanging up|(?:put|puts|slammed|slams)\s",
    re.IGNORECASE,
)
_MYSELF_BEFORE = re.compile(
    r"\b(?:ik|i|we|wij)\s+(?!(?:werd|word|was|were|got)\b)(?:\w+\s+){0,2}$", re.IGNORECASE
)
_HUNG_UP_BY = re.compile(r"hing\s+(?P<who>ik|we|hij|ze|zij|men|die|de|het)\b", re.IGNORECASE)


def _hung_up_myself(text: str, start: int, end: int, s_start: int) -> bool:
    words = text[start:end]
    if not _HANG_UP.match(words):
        return False
    # "hing hij op", "hing ik op": the one who hung up is inside; "Ik hing op": before.
    if words.lower().startswith("hing") and (inside := _HUNG_UP_BY.match(words)):
        return inside["who"].lower() in ("ik", "we")
    return bool(_MYSELF_BEFORE.search(text, max(s_start, start - 20), start))


def _not_done(text: str, start: int, clause: tuple[int, int], kind: str) -> bool:
    if kind in _NOT_DONE_KINDS and _NOT_DONE.search(text, clause[0], clause[1]):
        return True
    return kind in _QUESTION_KINDS and _asks(text[clause[0] : clause[1]])


def _asks(words: str) -> bool:
    """Whether the words are the teller's question; a question quoted is what someone else asked
    ("kreeg weer dezelfde vraag: 'Heeft u de router opnieuw opgestart?'")."""
    words = words.rstrip()
    return words.endswith("?") and not _QUOTE_OPEN.search(words)


def _phrase_matches(sentence: str, near_bot: bool) -> Iterator[tuple[Rule, re.Match]]:
    for rule in RULES:
        if rule.words is not None and not any(word in sentence for word in rule.words):
            continue
        if not rule.needs_bot or near_bot:
            for match in rule.pattern.finditer(sentence):
                if rule.needs_before is None or rule.needs_before.search(
                    sentence, 0, match.start()
                ):
                    yield rule, match
    yield from _told_waits(sentence)


# A wait told by its length on a call: "Called, 25 mins hold", "Rang Outfox, 20 mins". Read only
# where a duration starts, so the long duration pattern scans a sentence once.
_TOLD_WAIT = Rule(StepKind.HOLD, _DURATION, 5)
_WAIT_AFTER = re.compile(
    r"\s+(?:hold|wait|waiting|wachten|in de rij|in de wachtrij|stilte|silence|muziek\w*|music|"
    r"queue|queueing|queuing)\b",
    re.IGNORECASE,
)
_ALONE_AFTER = re.compile(r"\s*(?:[,.;!?)]|$)")
# "om 8 uur", "until 5 hours", "een keuzemenu van vier minuten": a time, or the length of
# something else.
_NO_WAIT_BEFORE = re.compile(r"\b(?:om|at|tot|until|voor|before|by|per|van|of)\s+$", re.IGNORECASE)


def _told_waits(sentence: str) -> Iterator[tuple[Rule, re.Match]]:
    # A call named before a duration (its start is a word's) is named in the whole sentence.
    if not _CALL.search(sentence):
        return
    for duration in _DURATION.finditer(sentence):
        if _NO_WAIT_BEFORE.search(sentence, max(0, duration.start() - 8), duration.start()):
            continue
        told = _WAIT_AFTER.match(sentence, duration.end()) or _ALONE_AFTER.match(
            sentence, duration.end()
        )
        if told and _CALL.search(sentence, 0, duration.start()):
            yield _TOLD_WAIT, duration


@functools.lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    """A lower-cased word's lemma; the same words come back in every story, so each is looked up
    once per process."""
    return simplemma.lemmatize(word, lang=("nl", "en"))


def _lemma_matches(sentence: str) -> Iterator[tuple[Rule, re.Match]]:
    """Single words whose lemma names a step, in any form or tense ("doorgeschakeld",
    "transferring", "geüpload"): the lowest priority, so a phrase rule wins where both read."""
    for match in _WORD.finditer(sentence):
        lemma = _lemma(match.group())
        if lemma in LEMMA_RULES:
            yield LEMMA_RULES[lemma], match


# Kinds someone tells: a person's words may be part of their phrase too.
_SPOKEN_KINDS = {
    StepKind.CONTRADICTION,
    StepKind.CHANNEL_SWITCH,
    StepKind.BROKEN_PROMISE,
    StepKind.TRANSFER,
}
# What a person "told" may be: their speaker is part of the step, or no person at all ("per
# mail kreeg ik te horen dat het systeem…").
_SAID_KINDS = {*_SPOKEN_KINDS, StepKind.AUTOMATED_DECISION, StepKind.CLOSED_UNRESOLVED}


# What a call is told by, besides who answered: a sentence telling one of these of its calls
# ("drie keer gebeld en steeds een half uur in de wacht") does not count a person each call.
_CALL_TOLD = {
    StepKind.HUMAN,
    StepKind.HOLD,
    StepKind.PHONE_MENU,
    StepKind.TRANSFER,
    StepKind.DISCONNECTED,
    StepKind.REPEAT_INFO,
}
# "Ik heb drie keer gebeld. De eerste keer …": the calls are told one by one after the count.
_ONE_BY_ONE = re.compile(r"\W*(?:de eerste keer|the first time|eerst|first)\b", re.IGNORECASE)


# A call and the words of its answer: "Gebeld: 'ja, er is een storing'", "Rang back, 'no card has
# been ordered'", "Elke dag gebeld, elke dag 'morgen'".
_CALL_ANSWERED = re.compile(
    r"\b(?:gebeld|opgebeld|belde|rang|phoned|telephoned|called|rung)\b(?:\s+\w+){0,4}?\s*[:,]\s*"
    r"(?:\w+\s+){0,2}?['‘\"“]\w[^'’\"”]{0,80}['’\"”]?",
    re.IGNORECASE,
)


def _calls(text: str, sentences: list[tuple[int, int]], index: int, told: set[str]):
    """A person reached each call of a count of calls ("Ik heb in die periode zes keer gebeld"),
    or on a call told by its answer, where nothing else is told of them (a menu or a wait may
    have said the words)."""
    if told & _CALL_TOLD:
        return []
    s_start, s_end = sentences[index]
    count = _CALL_COUNT.search(text, s_start, s_end) or _CALL_ANSWERED.search(text, s_start, s_end)
    after = sentences[index + 1][0] if index + 1 < len(sentences) else s_end
    if not count or _ONE_BY_ONE.match(text, after):
        return []
    clause = sum(1 for c in _clause_starts(text, s_start, s_end) if c <= count.start())
    return [_Hit(StepKind.HUMAN, count.start(), count.end(), index, clause)]


def _their_words(speaker: tuple[int, int, int], said: list[tuple[int, int, int]]) -> bool:
    """Whether a step someone tells is told by this speaker: after them in their clause ("zeiden ze
    dat mijn brief niet was aangekomen", "They said someone would call back"), not elsewhere in
    the sentence ("Dat kon niet online, dus ik belde en kreeg te horen dat …" reached someone)."""
    start, _end, clause = speaker
    return any(s_clause == clause and s_end > start for _s, s_end, s_clause in said)


# Someone else's experience, told to compare or as hearsay: "Mijn buurvrouw heeft drie keer
# gebeld en werd twee keer opgehangen", "My neighbour told me you get a human quickly". Its
# steps are not the teller's, up to a clause of the teller's own ("…, bij mij ging het in een
# keer"); nor is it someone acting for the teller ("Mijn zus heeft voor mij gebeld", "my sister
# and I").
_SOMEONE_ELSE = re.compile(
    r"\W*(?:(?:en|and|maar|but|ook|even|zelfs|want|because|omdat)\s+)?"
    r"(?:(?:mijn|my|onze|our)\s+(?:[\w-]+\s+){0,2}?(?:buurvrouw|buurman|buren|bovenburen|"
    r"benedenburen|vrienden|collega'?s?|kennis(?:sen)?|zus(?:sen)?|broers?|zwager|schoonzus|"
    r"neighbou?rs?|friends?|mates?|colleagues?|sisters?|brothers?|cousins?)"
    r"|(?:een|a)\s+(?:vriend|vriendin|kennis|friend|mate|neighbou?r))\b",
    re.IGNORECASE,
)
_FOR_ME = re.compile(
    r"\b(?:voor (?:mij|me)|namens mij|for me|on my behalf|met mij|with me|(?:en|and) (?:ik|i))\b",
    re.IGNORECASE,
)
_TELLER = re.compile(r"\b(?:ik|i|mij|me|we|wij)\b", re.IGNORECASE)


def _someone_elses(text: str, bounds: list[int]) -> tuple[int, int] | None:
    """Where a sentence (its clause bounds) tells someone else's steps, from their clause up to
    the next clause that names the teller."""
    if _FOR_ME.search(text, bounds[0], bounds[-1]):
        return None
    for i in range(len(bounds) - 1):
        if _SOMEONE_ELSE.match(text, bounds[i], bounds[i + 1]):
            ends = (
                b
                for j, b in enumerate(bounds[i + 1 : -1], i + 1)
                if _TELLER.search(text, b, bounds[j + 1])
            )
            return bounds[i], next(ends, bounds[-1])
    return None


# A code or a log-in mail that never came is a log-in that failed, not a promise broken: "de
# sms-code kwam niet aan", "the password reset email never came", "a code sent to my phone,
# which never arrived".
_CODE_BEFORE = re.compile(
    r"\b(?:\w*code|pin|\w*(?:reset|verificatie|verification|activatie|activation|"
    r"registratie|registration|wachtwoord|password|inlog|login)\w*)\b\W+(?:\w+\W+){0,5}$"
)


# What the teller typed or said, quoted, is no step of its own: "typte 'aanslag klopt niet'",
# "I said 'you never refunded me'", "Finn snapt 'mijn rekening is geblokkeerd' niet".
_TELLERS_QUOTE = re.compile(
    r"\b(?:typ\w*|getypt|ingetypt|intyp\w*|tik\w*|ingetikt|(?:zei|zeg|riep|roep) ik|"
    r"(?:ik|i) (?:zei|zeg|riep|roep|said|say|shouted)|snap\w*|begrijpt|begreep|verstaat|verstond|"
    r"understands?|understood)(?:\s+(?:\w+\s+){0,2}?|\s*:\s*)['‘\"“][^'’\"”]*"
)


# A count of times told by its number ("drie keer", "4x", "twice"), not by its order, nor once
# more ("nog een keer").
_TIMES = re.compile(
    r"\b(?:(?!(?:een|één|eén|a|an)\b)" + _NUMBER + r"\s*(?:keer|maal|x\b|times)|twice|thrice)",
    re.IGNORECASE,
)


def _hits(text: str, lowered: str, sentences: list[tuple[int, int]], classify: bool) -> list[_Hit]:
    found = []
    # (sentence, kind) the rules read and turned down: a person asked for, typed or negated.
    refused: set[tuple[int, str]] = set()
    bots = [bool(_CHANNEL_CUES[0][1].search(lowered, start, end)) for start, end in sentences]
    for index, (s_start, s_end) in enumerate(sentences):
        sentence = text[s_start:s_end]
        # A loop is a chatbot's when a bot is named in this sentence or the one before.
        near_bot = bots[index] or (index > 0 and bots[index - 1])
        clauses = _clause_starts(text, s_start, s_end)
        bounds = [*clauses, s_end]
        question = _asks(sentence)
        elsewhere = _someone_elses(text, bounds)
        if elsewhere == (s_start, s_end):
            refused.update((index, kind) for kind in StepKind.values)
        candidates = []
        words = lowered[s_start:s_end]
        announced = [m.span() for m in _ANNOUNCED_WAIT_IN.finditer(words)]
        typed = [m.span() for m in _TELLERS_QUOTE.finditer(words)]
        for rule, match in [*_phrase_matches(words, near_bot), *_lemma_matches(words)]:
            start, end = s_start + match.start(), s_start + match.end()
            clause = sum(1 for c in clauses if c <= start)
            if (
                (rule.negatable and _negated(text, start, end, (s_start, s_end)))
                or (rule.unless_negated and _NEGATION.search(text, max(s_start, start - 40), start))
                or _not_done(text, start, (bounds[clause - 1], bounds[clause]), rule.kind)
                or (question and rule.kind in _QUESTION_KINDS)
                or (rule.kind in _NOT_QUOTED and _QUOTE_OPEN.search(text, s_start, start))
                or (rule.unless_before and rule.unless_before.search(words, 0, match.start()))
                or (elsewhere and elsewhere[0] <= start < elsewhere[1])
                or any(a < match.start() < b for a, b in typed)
                or (
                    rule.kind == StepKind.BROKEN_PROMISE
                    and _CODE_BEFORE.search(words, max(0, match.start() - 40), match.start())
                )
                or (
                    rule.kind == StepKind.HOLD
                    and any(a < match.end() and match.start() < b for a, b in announced)
                )
            ):
                refused.add((index, rule.kind))
                continue
            if rule.kind == StepKind.DISCONNECTED and _hung_up_myself(text, start, end, s_start):
                refused.add((index, rule.kind))
                continue
            candidates.append((rule, start, end, clause))
        # A bare rejection counts only where no person and no fuller phrase of it is told.
        fuller = {rule.kind for rule, *_ in candidates if not rule.unless_person}
        if StepKind.HUMAN in fuller:
            candidates = [c for c in candidates if not c[0].unless_person]
        candidates = [c for c in candidates if not (c[0].unless_person and c[0].kind in fuller)]
        said = [c[1:] for c in candidates if c[0].kind in _SAID_KINDS]
        candidates = [c for c in candidates if not (c[0].unless_said and _their_words(c[1:], said))]
        candidates.sort(key=lambda c: (-c[0].priority, -(c[2] - c[1]), c[1]))
        taken: list[tuple[int, int, str]] = []
        chosen = []
        for rule, start, end, clause in candidates:
            # A person may share words with what they said ("zegt een andere medewerker dat er
            # nooit…"), and a screen with its count of times ("heb het formulier drie keer
            # ingevuld" is the form, then twice again), not with anything else.
            spoken = rule.kind == StepKind.HUMAN
            screen = rule.kind in _SCREEN_KINDS
            overlaps = [
                (t_start, t_end, t_kind)
                for t_start, t_end, t_kind in taken
                if start < t_end and t_start < end
            ]
            if any(
                not (spoken and t_kind in _SPOKEN_KINDS)
                and not (
                    screen
                    and t_kind == StepKind.REPEAT_INFO
                    and _TIMES.search(text, t_start, t_end)
                )
                for t_start, t_end, t_kind in overlaps
            ):
                continue
            taken.append((start, end, rule.kind))
            # The speaker comes first, with the words that tell what they said.
            if spoken:
                start = min([start, *(t_start for t_start, _e, _k in overlaps)])
            chosen.append((rule, _Hit(rule.kind, start, end, index, clause)))
        found.extend(hit for _rule, hit in chosen)
        calls = _calls(text, sentences, index, {hit.kind for _rule, hit in chosen})
        found.extend(c for c in calls if not (elsewhere and elsewhere[0] <= c.start < elsewhere[1]))
    if classify:
        found.extend(_modelled(text, sentences, found, refused))
    # The speaker before what they said when both start at the same word.
    found.sort(key=lambda hit: (hit.start, hit.kind != StepKind.HUMAN))
    hits: list[_Hit] = []
    seen: set[tuple[int, int, str]] = set()
    for hit in found:
        key = (hit.sentence, hit.clause, hit.kind)
        if key in seen:
            continue  # one clause proposes a kind once
        seen.add(key)
        hits.append(hit)
    return _one_resolution(_merge(_wait_first(text, hits), text, sentences))


# "got a real person after about 5 mins", "kreeg een medewerker na 20 minuten": the wait told
# right after the person came before them; so did the wait before being cut off or put through
# ("got cut off after 1 hour on hold", "hung up after 40 minutes", "transferred after 20 mins").
_AFTER_A_WAIT = re.compile(r"(?:na|after|within|binnen)\b", re.IGNORECASE)
_AFTER_BETWEEN = re.compile(
    r"(?:\s+on\s+(?:me|us))?\s*(?:(?:na|after)\s+(?:about\s+|almost\s+|nearly\s+|over\s+|"
    r"ruim\s+|bijna\s+|ongeveer\s+)?(?:een\s+|a\s+)?(?:" + _A_DURATION + r"\s*)?)?",
    re.IGNORECASE,
)
_WAIT_WORD = re.compile(r"\b(?:na|after)\b", re.IGNORECASE)
_WAIT_BEFORE_KINDS = {StepKind.HUMAN, StepKind.DISCONNECTED, StepKind.TRANSFER}


def _wait_first(text: str, hits: list[_Hit]) -> list[_Hit]:
    hits = list(hits)
    for i, (person, wait) in enumerate(itertools.pairwise(list(hits))):
        if (
            person.kind in _WAIT_BEFORE_KINDS
            and wait.kind == StepKind.HOLD
            and person.sentence == wait.sentence
            and wait.start >= person.end
            and (
                (wait.start - person.end <= 3 and _AFTER_A_WAIT.match(text, wait.start))
                or (
                    (between := _AFTER_BETWEEN.fullmatch(text, person.end, wait.start))
                    and (_WAIT_WORD.search(between[0]) or _AFTER_A_WAIT.match(text, wait.start))
                )
            )
        ):
            hits[i], hits[i + 1] = wait, person
    return hits


def _one_resolution(hits: list[_Hit]) -> list[_Hit]:
    """A journey is resolved once: "Eindelijk opgelost! De ombudsman heeft het geregeld." is one
    resolution, told last where the story ends."""
    resolved = [i for i, hit in enumerate(hits) if hit.kind == StepKind.RESOLVED]
    return [hit for i, hit in enumerate(hits) if i not in resolved[:-1]]


_TOLD_AS_STORY = {StepKind.HUMAN, StepKind.CONTRADICTION, StepKind.BROKEN_PROMISE}
_KIND_ORDER = StepKind.values
_NEGATED_ANYWHERE = re.compile(
    r"\b(?:geen|niemand|niet|nooit|nobody|no one|not|never|no|" + _NO_APOSTROPHE + r")\b|n't",
    re.IGNORECASE,
)


def _modelled(
    text: str, sentences: list[tuple[int, int]], found: list[_Hit], refused: set[tuple[int, str]]
) -> list[_Hit]:
    """Steps the rules did not read, from the classifier, where the rules found no step of that
    kind in the sentence or the ones beside it, nor read one there and turned it down (a person
    asked for). What is told as a story (a person only implied, a contradiction, a broken promise)
    may sit beside what the rules found; any other kind only in a sentence where they found
    nothing, so the model fills gaps rather than second-guessing a phrase. A person needs a
    sentence without a negation, and none where the rules found what someone said (the speaker
    of "zeiden ze dat ik moest mailen" is part of the channel switch). A person stands at the
    start of the sentence, anything else at its end (its last clause): the words they came from."""
    added = []
    said = step_classifier.sentence_kinds([text[start:end] for start, end in sentences])
    for index, kinds in enumerate(said):
        here = {hit.kind for hit in found if hit.sentence == index}
        ruled = {hit.kind for hit in found if abs(hit.sentence - index) <= 1}
        ruled |= {kind for sentence, kind in refused if sentence == index}
        if here:
            ruled |= kinds - _TOLD_AS_STORY
        if here & _SPOKEN_KINDS or _NEGATED_ANYWHERE.search(text, *sentences[index]):
            ruled.add(StepKind.HUMAN)
        start, end = sentences[index]
        words = text[start:end]
        start += len(words) - len(words.lstrip())
        end -= len(words) - len(words.rstrip(" \t\n.!?;"))
        clauses = _clause_starts(text, *sentences[index])
        last = clauses[-1] + len(text[clauses[-1] : end]) - len(text[clauses[-1] : end].lstrip())
        last += len(text[last:end]) - len(text[last:end].lstrip(" ,:-–"))
        # In the taxonomy's order: a set's order changes with each process's string hashing.
        for kind in sorted(kinds - ruled, key=_KIND_ORDER.index):
            if kind == StepKind.HUMAN:
                added.append(_Hit(kind, start, end, index, 1))
            else:
                added.append(_Hit(kind, last, end, index, len(clauses)))
    return added


# A step told again in a sentence of its own is another one ("Suspended again.", "Weer
# afgewezen."); not a second letter about the same one ("nog een brief met dezelfde afwijzing").
_TOLD_AGAIN = re.compile(r"\b(?:weer|opnieuw|nogmaals|alweer|again|once more)\b", re.IGNORECASE)


# A promise told after one broken in the sentence before is another one ("De monteur kwam niet.
# Toen werd een nieuwe datum toegezegd.").
_PROMISED = re.compile(r"(?:beloofde|beloofden|beloofd|belooft|toegezegd|promised)", re.I)


def _told_twice(last: _Hit, hit: _Hit, text: str) -> bool:
    """A step of a kind told over two sentences is one: "Ze zouden dinsdag bellen. Niemand belde."
    A promise is broken in the next sentence, not three sentences on ("4 maart niks. 11 maart
    niks. … Ze hebben drie keer beloofd terug te bellen." are other promises), and a promise
    told after a broken one is a new one."""
    if hit.kind not in _MERGE_WHEN_CONSECUTIVE:
        return False
    if hit.kind == StepKind.BROKEN_PROMISE and _PROMISED.fullmatch(text, hit.start, hit.end):
        return False
    return hit.kind != StepKind.BROKEN_PROMISE or hit.sentence - last.sentence <= 1


# Another person than the one before: named as another ("een collega", "different agent", "de
# volgende medewerker"), or reached on a new call ("Phoned the council, they said …").
_NEW_PERSON = re.compile(
    r"\b(?:ander|andere|anders|another|different|other|next|volgende|nieuwe|new|tweede|derde|"
    r"vierde|laatste|second|third|fourth|last|collega|colleague)\b",
    re.IGNORECASE,
)
_NEW_CALL = re.compile(
    r"\b(?:gebeld|opgebeld|belde|belden|called|rang|phoned|telephoned|rung)\b(?! back)",
    re.IGNORECASE,
)
_NEW_PERSON_BEFORE = 25


def _another_person(hit: _Hit, last: _Hit, text: str, sentences: list[tuple[int, int]]) -> bool:
    """Whether a person is told as another one after the person before, by words between them."""
    after = max(sentences[hit.sentence][0], last.end)
    near = max(after, hit.start - _NEW_PERSON_BEFORE)
    return bool(_NEW_PERSON.search(text, near, hit.end) or _NEW_CALL.search(text, after, hit.start))


def _merge(hits: list[_Hit], text: str, sentences: list[tuple[int, int]]) -> list[_Hit]:
    merged: list[_Hit] = []
    # Clauses telling what someone said as a step of its own: its speaker is part of it.
    spoken = {(hit.sentence, hit.clause) for hit in hits if hit.kind in _SPOKEN_KINDS}
    # Clauses telling a repetition ("I had to redo the selfie"): a screen of the sentence before
    # done again is that repetition, not a screen of its own.
    redone = {(hit.sentence, hit.clause) for hit in hits if hit.kind == StepKind.REPEAT_INFO}
    for hit in hits:
        if (
            hit.kind in _SCREEN_KINDS
            and (hit.sentence, hit.clause) in redone
            and any(m.kind == hit.kind and m.sentence == hit.sentence - 1 for m in merged)
        ):
            continue
        last = merged[-1] if merged else None
        same_clause = last and (last.sentence, last.clause) == (hit.sentence, hit.clause)
        same_sentence = last and last.sentence == hit.sentence
        told_again = (
            last
            and not same_sentence
            and hit.kind in _AGAIN_APART
            and _TOLD_AGAIN.search(text, *sentences[hit.sentence])
        )
        # One sentence tells a step once ("inloggen lukte niet, de sms-code kwam niet aan"); some
        # kinds are told twice over two sentences too.
        # Being put through, on hold, cut off or sent elsewhere again in another clause is
        # another step ("zette me door, die zette me weer door", "the store told me to contact
        # the manufacturer, and the manufacturer sent me back to the store").
        again = hit.kind in (*_COUNTED_KINDS, StepKind.CHANNEL_SWITCH) and not same_clause
        # A person told again in another clause is a step again when it is another person ("De
        # medewerker zei … Later kreeg ik een collega"), unless their words are a step of their
        # own ("the next agent says there is no refund" is the contradiction).
        other = (
            last
            and last.kind == hit.kind == StepKind.HUMAN
            and not same_clause
            and (hit.sentence, hit.clause) not in spoken
            and _another_person(hit, last, text, sentences)
        )
        if (
            last
            and last.kind == hit.kind
            and ((same_sentence and not again) or (_told_twice(last, hit, text) and not told_again))
            and not other
        ):
            continue
        # "bleef de chatbot rondjes draaien": the bot named after its loop is the same step.
        if same_sentence and last.kind == StepKind.CHATBOT_LOOP and hit.kind == StepKind.CHATBOT:
            continue
        # "De chatbot bleef rondjes draaien": the loop says it all; the bot is not a step apart.
        if same_sentence and last.kind == StepKind.CHATBOT and hit.kind == StepKind.CHATBOT_LOOP:
            merged[-1] = hit
            continue
        # "Het verhaal opnieuw vertellen aan de volgende medewerker": the person is part of the
        # repetition; "een brief met een ingebrekestelling": the letter is the escalation.
        # A form is part of an upload only right beside it ("een formulier uploaden"), not in
        # "het formulier ingevuld en een kopie van de factuur bijgevoegd".
        upload = last and {last.kind, hit.kind} == {StepKind.UPLOAD_DOCUMENTS, StepKind.FILL_FORM}
        beside = last and (not upload or hit.start - last.end <= _BESIDE)
        # People counted are that many steps ("told it again to three different agents").
        many = hit.kind == StepKind.HUMAN and _MANY_PEOPLE.search(text, hit.start, hit.end)
        if same_clause and beside and (last.kind, hit.kind) in _ABSORBED and not many:
            continue
        # A person named before the repetition asked for it and is a step of their own ("De
        # medewerker vroeg me alles opnieuw te vertellen").
        subject = (last.kind, hit.kind) == (StepKind.HUMAN, StepKind.REPEAT_INFO) if last else False
        if same_clause and beside and (hit.kind, last.kind) in _ABSORBED and not subject:
            merged[-1] = hit
            continue
        # "Drie keer hetzelfde formulier invullen": the form first, then the times again.
        if same_clause and last.kind == StepKind.REPEAT_INFO and hit.kind in _SCREEN_KINDS:
            merged[-1:] = [hit, last]
            continue
        merged.append(hit)
    return merged


def _channel_cues(lowered: str) -> list[tuple[str, int]]:
    cues = []
    taken: list[tuple[int, int]] = []
    for channel, pattern in _CHANNEL_CUES:
        for match in pattern.finditer(lowered):
            if any(match.start() < t_end and t_start < match.end() for t_start, t_end in taken):
                continue
            taken.append(match.span())
            cues.append((channel, match.start()))
    return cues


def _fits(kind: str, channel: str) -> bool:
    if kind in _SCREEN_KINDS:
        return channel in _SCREEN_CHANNELS
    if kind == StepKind.AUTOMATED_DECISION:
        return channel in _SCREEN_CHANNELS  # "the system" decides in writing, not in a talk
    if kind == StepKind.HUMAN:
        return channel in _SPOKEN_CHANNELS or channel == Channel.CHATBOT
    if kind == StepKind.HOLD and channel == Channel.IN_PERSON:
        return True  # a queue at the desk ("aan de balie een uur in de rij")
    if kind in _VOICE_KINDS:
        return channel in _VOICE_CHANNELS
    return True


def _channel(
    kind: str, cues: list[tuple[str, int]], at: int, current: str | None
) -> tuple[str, bool]:
    """The step's channel, and whether the story is now known to be on it (False for a guess)."""
    if kind in _FIXED:
        return _FIXED[kind], True
    fitting = [(abs(position - at), channel) for channel, position in cues if _fits(kind, channel)]
    if fitting:
        return min(fitting)[1], True
    if kind == StepKind.HUMAN:
        if current == Channel.CHATBOT:
            return Channel.LIVE_CHAT, True  # the person behind a chatbot answers in the chat
        if current in _SPOKEN_CHANNELS:
            return current, True
        return Channel.PHONE, False
    on_bot = current == Channel.CHATBOT and kind != StepKind.REPEAT_INFO
    if current and not on_bot and _fits(kind, current):
        return current, True
    if kind in _VOICE_KINDS:
        return Channel.PHONE, True  # on hold, the story is on the phone from here on
    if kind in _SCREEN_KINDS:
        return Channel.WEB_FORM, True  # an account or a form: the story is on the website now
    return _USUAL_CHANNEL.get(kind, Channel.PHONE), False


# The steps that close a journey. A journey whose status says it ended without a solution ("Niet
# opgelost", "Opgegeven") and that has none of them gets the case closed proposed after its steps.
CLOSING_KINDS = (StepKind.CLOSED_UNRESOLVED, StepKind.ESCALATED, StepKind.RESOLVED)


def with_closing(steps: list[ProposedStep]) -> list[ProposedStep]:
    """The steps, then the case closed without a solution unless one of them closes the journey:
    in writing, as cases are closed, with no words of its own (the status is its source)."""
    if any(step.kind in CLOSING_KINDS for step in steps):
        return steps
    channel = _USUAL_CHANNEL[StepKind.CLOSED_UNRESOLVED]
    closing = ProposedStep(StepKind.CLOSED_UNRESOLVED, channel, 0, 0, ())
    return [*steps[: PROPOSAL_MAX_STEPS - 1], closing]


def extract(text: str, *, classify: bool = True) -> list[ProposedStep]:
    """The steps a narrative tells of, in its order (at most PROPOSAL_MAX_STEPS)."""
    # A typographic apostrophe is read as a plain one ("didn’t", "I’ll", "they’d"), so negations,
    # plans and promises read as typed on a phone; letter for letter, so the spans still fit.
    text = text.replace("’", "'")
    sentences = _sentences(text)
    # The rules and the channel cues read one lower-cased copy, letter for letter the text's.
    lowered = _lowered(text)
    hits = _hits(text, lowered, sentences, classify)[:PROPOSAL_MAX_STEPS]
    cues = _channel_cues(lowered)
    steps: list[ProposedStep] = []
    # The channel the story is on: the last one named before the step's clause, or the last
    # step's own when that was not a guess.
    current: str | None = None
    read_up_to = 0
    for hit in hits:
        s_start, s_end = sentences[hit.sentence]
        clauses = [*_clause_starts(text, s_start, s_end), s_end]
        c_start, c_end = clauses[hit.clause - 1], clauses[hit.clause]
        for channel, position in cues:
            if read_up_to <= position < c_start:
                current = channel
        read_up_to = max(read_up_to, c_end)
        here = [(channel, position) for channel, position in cues if c_start <= position < c_end]
        span = ((hit.start, hit.end),)
        if hit.kind == StepKind.CHANNEL_SWITCH:
            # Told on the old channel; the story goes on on the new one.
            before = [channel for channel, position in here if position < hit.start]
            after = [channel for channel, position in here if position >= hit.start]
            channel = before[-1] if before else (current or Channel.PHONE)
            steps.append(ProposedStep(hit.kind, channel, 0, 0, span))
            current = after[0] if after else channel
            continue
        # Typing a booking number again happens where forms are filled in.
        typed = hit.kind == StepKind.REPEAT_INFO and re.search(
            _TYPED, text[hit.start : hit.end], re.I
        )
        as_kind = StepKind.FILL_FORM if typed else hit.kind
        channel, known = _channel(as_kind, here, hit.start, current)
        repeats = 1 if hit.kind == StepKind.REPEAT_INFO else 0
        steps.append(ProposedStep(hit.kind, channel, 0, repeats, span))
        if known:
            current = channel
    return _counted(text, sentences, hits, _with_numbers(text, sentences, hits, steps))[
        :PROPOSAL_MAX_STEPS
    ]


# Kinds a count makes that many steps of ("vijf keer doorgeschakeld", "cut off three times", "twee
# keer een account moeten aanmaken"); a count of information given again is its repeats instead.
_COUNTED_KINDS = {
    StepKind.AUTOMATED_DECISION,
    StepKind.LOG_IN,
    StepKind.TRANSFER,
    StepKind.DISCONNECTED,
    StepKind.HOLD,
    StepKind.BROKEN_PROMISE,
    StepKind.CLOSED_UNRESOLVED,
    StepKind.UPLOAD_DOCUMENTS,
    StepKind.CREATE_ACCOUNT,
}
_COUNTABLE = {*_COUNTED_KINDS, StepKind.FILL_FORM, StepKind.REPEAT_INFO}
# Kinds a count makes one step of, and the same given again as many times less one.
_SENT_AGAIN_KINDS = {StepKind.FILL_FORM, StepKind.UPLOAD_DOCUMENTS}
# "Ik heb drie keer gebeld en stond steeds een half uur in de wacht": a hold each call.
_EACH_TIME = re.compile(r"\b(?:steeds|elke keer|iedere keer|telkens|each time|every time)\b", re.I)
_CALLS = re.compile(r"\b(?:gebeld|belde|bellen|called|rang|phoned|calls)\b", re.I)
_COUNT_REACH = 12
# A count reaches its verb past the thing done, however long its name ("driemaal een
# terugbelverzoek toegezegd", "twee keer een reparatiedatum beloofd").
_AN_OBJECT = re.compile(r"\s+(?:een|de|het|mijn|a|an|the|my)\s+[^\W\d_]+\s+", re.IGNORECASE)
# A quote or a "before" between a count and a step keeps them apart ("said 'billing' six times
# before it put me through").
_NOT_BETWEEN = re.compile(r"['‘’\"]|\b(?:before|voordat|after|nadat|until|totdat)\b", re.I)


def _counted(
    text: str, sentences: list[tuple[int, int]], hits: list[_Hit], steps: list[ProposedStep]
) -> list[ProposedStep]:
    """Each step of a counted kind as many times as its count says."""
    result: list[ProposedStep] = []
    last_of_sentence = {hit.sentence: index for index, hit in enumerate(hits)}
    rounds = _rounds(text, sentences, hits)
    for index, (hit, step) in enumerate(zip(hits, steps, strict=True)):
        result.append(step)
        if index in rounds:
            first, times = rounds[index]
            if first is not None:
                result.extend(steps[first : index + 1] * (times - 1))
            continue
        s_start, s_end = sentences[hit.sentence]
        if hit.kind == StepKind.HUMAN:
            # "drie medewerkers gesproken", "three different people": that many people.
            # "spoke to three different people": the count may follow the words of the step.
            many = _MANY_PEOPLE.search(text, max(s_start, hit.start - 25), min(s_end, hit.end + 30))
            # A queue of 200 people is not 200 conversations.
            near = many and many.start() <= hit.end + 5
            if near and (people := _number(many["n"])) <= _PEOPLE_MAX:
                result[-1] = _widened(step, many.span(), text)
                result.extend([result[-1]] * (int(people) - 1))
                continue
            # "zes keer gebeld": a person each call.
            if _CALL_COUNT.fullmatch(text, hit.start, hit.end):
                count = _COUNT.search(text, hit.start, hit.end)
                times = 1 if count["nth"] else min(_times(count), _PEOPLE_MAX)
                result.extend([step] * (times - 1))
                continue
            # "Vier keer monteur langs geweest": someone came each time.
            if not _VISITOR.search(text, hit.start, hit.end):
                continue
        elif hit.kind == StepKind.CONTRADICTION:
            # "vier verschillende antwoorden": each answer after the first contradicts one before.
            many = _MANY_ANSWERS.search(text, max(s_start, hit.start - 20), min(s_end, hit.end + 5))
            if many:
                answers = min(int(_number(many["n"])), _PEOPLE_MAX)
                result.extend([step] * (answers - 2))
            continue
        elif hit.kind not in _COUNTED_KINDS and hit.kind not in _SENT_AGAIN_KINDS:
            continue
        times = 1
        # "They hung up on me. Twice.": a sentence that is only a count counts the step before.
        if last_of_sentence[hit.sentence] == index and hit.sentence + 1 < len(sentences):
            alone = _COUNT.fullmatch(text[slice(*sentences[hit.sentence + 1])].strip(" \n.!?;"))
            if alone and not (alone["nth"] or alone["again"] or alone["more"]):
                times = _times(alone)
        for match in _COUNT.finditer(text, s_start, s_end):
            if match["nth"] or match["again"] or match["more"]:
                continue
            if not _nearest_to_count(hit, match, hits):
                continue
            between = text[min(hit.end, match.end()) : max(hit.start, match.start())]
            near = (
                _distance(hit, *match.span()) <= _COUNT_REACH or _AN_OBJECT.fullmatch(between)
            ) and not _NOT_BETWEEN.search(between)
            calls = (
                hit.kind == StepKind.HOLD
                and _EACH_TIME.search(text, s_start, s_end)
                and _CALLS.search(text, match.end(), min(s_end, match.end() + 15))
            )
            if near or calls:
                times = _times(match)
                break
        if hit.kind in _SENT_AGAIN_KINDS:
            # "drie formulieren invullen", "sent two emails": that many forms.
            many = hit.kind == StepKind.FILL_FORM and _MANY_FORMS.search(
                text, max(s_start, hit.start - 20), min(s_end, hit.end + 5)
            )
            if many:
                result.extend([step] * (min(int(_number(many["n"])), PROPOSAL_MAX_STEPS) - 1))
                continue
            # "al vier keer gemaild", "sent the receipts 4 times": a form filled in or documents
            # sent, then the same given three times again, unless the sentence tells the
            # repetition itself.
            told = any(h.kind == StepKind.REPEAT_INFO and h.sentence == hit.sentence for h in hits)
            if times > 1 and not told:
                result.append(replace(step, kind=StepKind.REPEAT_INFO, repeats=times - 1))
            continue
        # "had to redo the selfie four times": the repetition tells the times, not more log-ins.
        if hit.kind in _SCREEN_KINDS and any(
            h.kind == StepKind.REPEAT_INFO and (h.sentence, h.clause) == (hit.sentence, hit.clause)
            for h in hits
        ):
            times = 1
        if hit.kind in _MANY_OF and times == 1:
            pattern, before, after = _MANY_OF[hit.kind]
            many = pattern.search(
                text, max(s_start, hit.start - before), min(s_end, hit.end + after)
            )
            times = min(int(_number(many["n"])), _PEOPLE_MAX) if many else times
        result.extend([step] * (min(times, PROPOSAL_MAX_STEPS) - 1))
    return result


# A count put before the verb ("Driemaal werd ik na het keuzemenu uit de lijn gegooid", "vier keer
# kwam ik na het keuzemenu in een wachtrij die … werd afgebroken") tells how often all that
# follows it in its clause happened, each time in turn.
_FRONTED_COUNT = re.compile(
    _COUNT.pattern + r"\s+(?=(?:werd|werden|word|wordt|ben|is|was|waren|kwam|kwamen|hing|hingen|"
    r"heb|had|hadden|ging|gingen|kreeg|kregen|zat|stond)\s+(?:ik|we|wij|hij|ze|zij|men|de|het)\b)",
    re.IGNORECASE,
)
_AFTER_TRIES = re.compile(r"\b(?:na|after|bij)\s+$", re.IGNORECASE)
_TRIES = re.compile(r"poging|tries|attempts|occasions", re.IGNORECASE)
# Kinds a count of their own counts otherwise (information given again, forms).
_NOT_IN_ROUNDS = {StepKind.REPEAT_INFO, StepKind.FILL_FORM}


def _rounds(
    text: str, sentences: list[tuple[int, int]], hits: list[_Hit]
) -> dict[int, tuple[int | None, int]]:
    """The steps a fronted count repeats: for each, the first step of its round where it is the
    last one (None elsewhere) and how many times the round happened."""
    rounds: dict[int, tuple[int | None, int]] = {}
    # A round is of steps of its sentence: one without steps is not read.
    told = {hit.sentence for hit in hits}
    for index, (s_start, s_end) in enumerate(sentences):
        if index not in told:
            continue
        for match in _FRONTED_COUNT.finditer(text, s_start, s_end):
            # "Na vier pogingen werd ik afgekapt": cut off once, after the tries.
            after = _AFTER_TRIES.search(text, max(s_start, match.start() - 6), match.start())
            if match["nth"] or match["again"] or match["more"] or after or _TRIES.search(match[0]):
                continue
            clauses = [*_clause_starts(text, s_start, s_end), s_end]
            clause = sum(1 for c in clauses[:-1] if c <= match.start())
            end = clauses[clause]
            members = [
                i
                for i, hit in enumerate(hits)
                if hit.sentence == index and match.end() <= hit.start < end
            ]
            if not members or any(hits[i].kind in _NOT_IN_ROUNDS for i in members):
                continue
            times = min(_times(match), _PEOPLE_MAX)
            rounds.update({i: (None, times) for i in members})
            rounds[members[-1]] = (members[0], times)
    return rounds


_PEOPLE_MAX = 10
_MANY_PEOPLE = re.compile(
    r"\b(?P<n>" + _NUMBER + r")\s+(?:\w+\s+)?(?:medewerkers|mensen|personen|collega'?s|agents|"
    r"people|persons|advisors|advisers|operators|staff members|employees)\b",
    re.IGNORECASE,
)
_VISITOR = re.compile(r"\b(?:monteur|engineer|technician|technicus|bezorger)\b", re.IGNORECASE)
# A count told as things rather than times, as many steps (at most ten, as people), with how
# far before and after the step's words it is looked for: "passed to four different
# departments" is four transfers, "three no-shows" three promises broken.
_MANY_OF = {
    StepKind.TRANSFER: (
        re.compile(
            r"\b(?P<n>" + _NUMBER + r")\s+(?:\w+\s+)?(?:departments|depts|teams|afdelingen|desks|"
            r"loketten)\b",
            re.IGNORECASE,
        ),
        0,
        40,
    ),
    StepKind.BROKEN_PROMISE: (
        re.compile(
            r"\b(?P<n>" + _NUMBER + r")\s+(?:\w+\s+)?(?:no-shows|no shows)\b", re.IGNORECASE
        ),
        20,
        5,
    ),
}
# "three different answers" are two contradictions: the second and the third answer.
_MANY_ANSWERS = re.compile(
    r"\b(?P<n>" + _NUMBER + r")\s+(?:\w+\s+)?(?:verschillende|andere|different|conflicting|"
    r"tegenstrijdige)\s+(?:\w+\s+)?(?:antwoord\w*|verhalen|data|datums|verklaringen|redenen|"
    r"bedragen|uitleg|answers|dates|stories|explanations|reasons|amounts|figures|quotes)\b",
    re.IGNORECASE,
)
_MANY_FORMS = re.compile(
    r"\b(?P<n>" + _NUMBER + r")\s+(?:\w+\s+)?(?:formulieren|forms|e-?mails|mails|mailtjes|brieven|"
    r"letters|berichten|messages)\b",
    re.IGNORECASE,
)


# A count told after the words of a step belongs to them rather than to a step after it ("written
# to you on four occasions without reply").
_AFTER_COUNT = 8


def _nearest_to_count(hit: _Hit, match: re.Match, hits: list[_Hit]) -> bool:
    """Whether a count is of this step: the one of its sentence nearest to it that counts."""

    def distance(step: _Hit) -> int:
        return _distance(step, *match.span()) + (_AFTER_COUNT if step.start >= match.end() else 0)

    return not any(
        distance(other) < distance(hit)
        for other in hits
        if other.sentence == hit.sentence and other is not hit and other.kind in _COUNTABLE
    )


def _times(match: re.Match) -> int:
    return 2 if match["twice"] else 3 if match["thrice"] else int(_number(match["n"]))


_CLOCK_BEFORE = re.compile(r"\b(?:om|at|sinds|since)\s+$", re.IGNORECASE)


def _with_numbers(
    text: str, sentences: list[tuple[int, int]], hits: list[_Hit], steps: list[ProposedStep]
) -> list[ProposedStep]:
    """Durations to the nearest step that takes time, counts to the repeated information; each
    widens its step's span so the consumer sees where the number came from."""
    steps = list(steps)
    for index, (s_start, s_end) in enumerate(sentences):
        mine = [i for i, hit in enumerate(hits) if hit.sentence == index]
        announced = [m.span() for m in _ANNOUNCED_WAIT_ANY_CASE.finditer(text, s_start, s_end)]
        # Durations and counts are read only where a step could take them: a step takes time
        # once, and a kind never changes here.
        before = [i for i, hit in enumerate(hits) if hit.sentence < index][-1:]
        takes_time = any(
            steps[i].kind not in INSTANT_KINDS and not steps[i].minutes for i in mine or before
        )
        repeated_here = any(steps[i].kind == StepKind.REPEAT_INFO for i in mine)
        for match in _DURATION.finditer(text, s_start, s_end) if takes_time else ():
            if _CLOCK_BEFORE.search(text, max(s_start, match.start() - 6), match.start()):
                continue  # "om 8 uur gebeld", "sinds twaalf uur klaar": a time of day
            if any(a <= match.start() < b for a, b in announced):
                continue  # "'uw wachttijd is langer dan 30 minuten'": no time spent
            timed = [i for i in mine if steps[i].kind not in INSTANT_KINDS and not steps[i].minutes]
            if not timed and not mine:
                # "Dat kostte me een half uur." is about the step just before.
                earlier = [i for i, hit in enumerate(hits) if hit.sentence < index]
                timed = [i for i in earlier[-1:] if steps[i].kind not in INSTANT_KINDS]
                timed = [i for i in timed if not steps[i].minutes]
            if not timed:
                continue
            # The wait the duration is told of ("put through after 30 mins on hold"), then a step
            # of the same clause, then one told before the duration ("een account aanmaken, dat
            # kostte tien minuten, en daarna inloggen"), then the nearest.
            clause = sum(1 for c in _clause_starts(text, s_start, s_end) if c <= match.start())
            target = min(
                timed,
                key=lambda i: (
                    not (hits[i].kind == StepKind.HOLD and 0 <= hits[i].start - match.end() <= 1),
                    hits[i].clause != clause,
                    hits[i].start > match.start(),
                    _distance(hits[i], *match.span()),
                ),
            )
            steps[target] = _widened(
                replace(steps[target], minutes=_duration_minutes(match)), match.span(), text
            )
        # A count in the words of the step is its own; one further on in the sentence does not
        # replace it ("het drie keer moeten vertellen, twee keer gebeld").
        counted_within: set[int] = set()
        for match in _COUNT.finditer(text, s_start, s_end) if repeated_here else ():
            repeated = [
                i
                for i in mine
                if steps[i].kind == StepKind.REPEAT_INFO and _nearest_to_count(hits[i], match, hits)
            ]
            if repeated:
                target = min(repeated, key=lambda i: _distance(hits[i], *match.span()))
                within = _distance(hits[target], *match.span()) == 0
                if target in counted_within and not within:
                    continue
                if within:
                    counted_within.add(target)
                steps[target] = _widened(
                    replace(steps[target], repeats=_repeats(match)), match.span(), text
                )
    return steps


def _distance(hit: _Hit, start: int, end: int) -> int:
    if start < hit.end and hit.start < end:
        return 0
    return min(abs(hit.start - end), abs(start - hit.end))


def _widened(step: ProposedStep, span: tuple[int, int], text: str) -> ProposedStep:
    """The step with the words of its number; words apart only by spaces become one span."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((*step.spans, span)):
        if spans and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return replace(step, spans=tuple(spans))
