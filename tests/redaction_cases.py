"""Real-world-shaped sentences for `journeys.privacy.redact`, shared by the tests and by
`bench/redaction_quality.py`.

Each case is `(text, expected_kinds, must_not_contain)`. The two lists run in parallel: the i-th
substring must be gone from the redacted text and is expected to be redacted as the i-th kind (the
bench scores recall per kind from this pairing). A case with two empty lists is a negative: the
text must come out unchanged.

Dutch formats come first, written the way consumers write them; English and foreign formats follow.
The IBANs carry valid mod-97 check digits (computed, not real accounts); phone numbers use the
ranges that read as real ones.
"""

import re
from pathlib import Path

CASES: list[tuple[str, list[str], list[str]]] = [
    # --- e-mail ------------------------------------------------------------------------------------
    (
        "Ik heb drie keer gemaild naar klantenservice maar ze antwoordden op jan.devries@gmail.com niet.",
        ["email"],
        ["jan.devries@gmail.com"],
    ),
    (
        "Mail mij gerust terug: Petra_Bakker-76@hotmail.nl.",
        ["email"],
        ["Petra_Bakker-76@hotmail.nl"],
    ),
    (
        "Ze stuurden de bevestiging naar mijn oude adres m.el.amrani@ziggo.nl in plaats van het nieuwe.",
        ["email"],
        ["m.el.amrani@ziggo.nl"],
    ),
    (
        "Mijn mailadres is k.jansen(at)kpnmail.nl, dat stond gewoon in mijn account.",
        ["email"],
        ["k.jansen(at)kpnmail.nl"],
    ),
    (
        "De medewerker gaf me zijn eigen adres, r.smit@service.energiebedrijf.co.uk, om te mailen.",
        ["email"],
        ["r.smit@service.energiebedrijf.co.uk"],
    ),
    # Written out as read aloud (the plain words need a domain ending to count).
    (
        "Mail naar jan punt jansen at gmail punt com, dat schreef ik er nog bij.",
        ["email"],
        ["jan punt jansen at gmail punt com"],
    ),
    (
        "Stuur het naar piet at hotmail punt nl alsjeblieft.",
        ["email"],
        ["piet at hotmail punt nl"],
    ),
    # --- phone numbers, Dutch ------------------------------------------------------------------------
    (
        "Bel me terug op 06-12345678, ik ben de hele dag thuis.",
        ["phone"],
        ["06-12345678"],
    ),
    (
        "Ze zouden terugbellen op 06 1234 5678 maar dat gebeurde nooit.",
        ["phone"],
        ["06 1234 5678"],
    ),
    (
        "Mijn nummer 0612345678 stond er gewoon bij, toch belden ze mijn vaste nummer.",
        ["phone"],
        ["0612345678"],
    ),
    (
        "Ik ben bereikbaar op 020-1234567 of 010 123 4567 (werk).",
        ["phone", "phone"],
        ["020-1234567", "010 123 4567"],
    ),
    (
        "Vanuit het buitenland belde ik +31 6 12345678 en daarna +31(0)20 1234567.",
        ["phone", "phone"],
        ["+31 6 12345678", "+31(0)20 1234567"],
    ),
    (
        "Mijn man belde vanaf 0031 6 87654321 en kreeg een andere medewerker.",
        ["phone"],
        ["0031 6 87654321"],
    ),
    (
        "Eerst 0800-1234 gebeld, daarna het betaalde nummer 0900-1234567, beide 40 minuten in de wacht.",
        ["phone", "phone"],
        ["0800-1234", "0900-1234567"],
    ),
    (
        "Tel.: (030) 234 56 78, vraag naar mij.",
        ["phone"],
        ["(030) 234 56 78"],
    ),
    (
        "Whatsapp kon ook: +316-23456789 zei de chatbot.",
        ["phone"],
        ["+316-23456789"],
    ),
    (
        "Mijn vaste nummer is 0223 - 612345, dat is in Den Helder.",
        ["phone"],
        ["0223 - 612345"],
    ),
    # Written out in words, digit by digit or in pairs.
    (
        "Mijn nummer is zes-twaalf-drie-vier-vijf-zes-zeven-acht, voor de zekerheid uitgeschreven.",
        ["phone"],
        ["zes-twaalf-drie-vier-vijf-zes-zeven-acht"],
    ),
    (
        "Mijn nummer is nul zes twaalf vierendertig zesenvijftig achtenzeventig, bel gerust.",
        ["phone"],
        ["nul zes twaalf vierendertig zesenvijftig achtenzeventig"],
    ),
    (
        "I told the bot: six one two three four five six seven eight, twice.",
        ["phone"],
        ["six one two three four five six seven eight"],
    ),
    # --- phone numbers, international ----------------------------------------------------------------
    (
        "The call centre in London gave me +44 20 7946 0958 as a direct line.",
        ["phone"],
        ["+44 20 7946 0958"],
    ),
    (
        "Their US support (+1 415 555 2671) said it was a European matter.",
        ["phone"],
        ["+1 415 555 2671"],
    ),
    (
        "De Belgische vestiging belde me vanaf +32 2 123 45 67 en later +32 470 12 34 56.",
        ["phone", "phone"],
        ["+32 2 123 45 67", "+32 470 12 34 56"],
    ),
    (
        "Mijn Duitse nummer 0049 170 1234567 werd niet geaccepteerd in het formulier.",
        ["phone"],
        ["0049 170 1234567"],
    ),
    # --- IBAN -------------------------------------------------------------------------------------------
    (
        "Het geld moest terug naar NL91ABNA0417164300 maar het kwam nooit aan.",
        ["iban"],
        ["NL91ABNA0417164300"],
    ),
    (
        "Ik gaf ze mijn rekening NL39 RABO 0300 0652 64 en toch vroegen ze het opnieuw.",
        ["iban"],
        ["NL39 RABO 0300 0652 64"],
    ),
    (
        "Terugstorten op nl20ingb0001234567 (ING) werd drie keer beloofd.",
        ["iban"],
        ["nl20ingb0001234567"],
    ),
    (
        "Mijn Belgische rekening BE68 5390 0754 7034 werd geweigerd, alleen Nederlandse rekeningen.",
        ["iban"],
        ["BE68 5390 0754 7034"],
    ),
    (
        "De incasso kwam van DE89370400440532013000, een Duitse rekening van het incassobureau.",
        ["iban"],
        ["DE89370400440532013000"],
    ),
    (
        "Zelfs met een tikfout (NL12ABNA0417164300) boekten ze het bedrag gewoon af.",
        ["iban"],
        ["NL12ABNA0417164300"],
    ),
    # --- postcode with house number ---------------------------------------------------------------------
    (
        "Het pakket moest naar Kerkstraat 12, 1234 AB Amsterdam maar ging naar de buren.",
        ["address", "address"],
        ["Kerkstraat 12", "1234 AB"],
    ),
    (
        "Bij het formulier vulde ik 1234AB 12 in en toen vond het systeem mijn adres niet.",
        ["address", "address"],
        ["1234AB", "AB 12"],
    ),
    (
        "Postcode 1234 ab, huisnummer 5: zo staat het gewoon in mijn account.",
        ["address", "address"],
        ["1234 ab", "huisnummer 5"],
    ),
    (
        "De monteur kwam naar Laan van Meerdervoort 101-B, 2517 AB Den Haag terwijl ik op een ander adres woon.",
        ["address", "address"],
        ["Meerdervoort 101", "2517 AB"],
    ),
    (
        "Verzendadres:\nVan Woustraat 88 hs\n1073 LN Amsterdam",
        ["address", "address"],
        ["Woustraat 88", "1073 LN"],
    ),
    (
        "Ik gaf mijn huisnummer 23 en postcode 3511 KP door en kreeg een bevestiging voor een ander huis.",
        ["address", "address"],
        ["huisnummer 23", "3511 KP"],
    ),
    (
        "mijn adres is oude rijn 7a, 2312hd leiden, dat weten ze al jaren.",
        ["address", "address"],
        ["7a", "2312hd"],
    ),
    # --- booking, order, case and customer numbers -------------------------------------------------------
    (
        "Ik moest mijn boekingsnummer ABC123 vier keer opnieuw intypen.",
        ["reference"],
        ["ABC123"],
    ),
    (
        "Het bestelnummer 1234567890 kende de chatbot niet.",
        ["reference"],
        ["1234567890"],
    ),
    (
        "Ordernummer: 8812-2231, besteld op 12-03-2024, nooit geleverd.",
        ["reference"],
        ["8812-2231"],
    ),
    (
        "Ze openden een klacht onder zaaknummer 2024-0012345 en sloten die zonder reactie.",
        ["reference"],
        ["2024-0012345"],
    ),
    (
        "Mijn klantnummer is 123456789 maar ze vroegen ook nog mijn geboortedatum.",
        ["reference"],
        ["123456789"],
    ),
    (
        "They opened case number CS-00123456 and then closed it the same day.",
        ["reference"],
        ["CS-00123456"],
    ),
    (
        "De KLM-medewerker vroeg naar mijn PNR XK7Q2L en zei dat het niet bestond.",
        ["reference"],
        ["XK7Q2L"],
    ),
    (
        "Onder referentie R-9981234 zou ik binnen 5 werkdagen antwoord krijgen.",
        ["reference"],
        ["R-9981234"],
    ),
    (
        "Mijn boekingsnummer is KL-4471829 en dat heb ik aan drie mensen gegeven.",
        ["reference"],
        ["KL-4471829"],
    ),
    (
        "De bestelnummers 40071234 en 40071299 hoorden bij dezelfde bestelling.",
        ["reference", "reference"],
        ["40071234", "40071299"],
    ),
    (
        "Uw kenmerk: 2023/0045/KS, staat op de brief, maar de telefoniste kon het niet vinden.",
        ["reference"],
        ["2023/0045/KS"],
    ),
    (
        "Het pakket met track & trace 3SABCD1234567 lag volgens PostNL al bij de buren.",
        ["reference"],
        ["3SABCD1234567"],
    ),
    (
        "Ik noemde mijn contractnummer CN7781234 en werd toch doorverbonden met verkoop.",
        ["reference"],
        ["CN7781234"],
    ),
    (
        "Op de factuur stond 88112233441 als nummer, zonder verdere uitleg.",
        ["reference"],
        ["88112233441"],
    ),
    (
        "Mijn BSN 123456782 moest ik via de chat sturen, wat ik niet vertrouwde.",
        ["bsn"],
        ["123456782"],
    ),
    (
        "The chatbot asked for my booking reference QWERTY twice.",
        ["reference"],
        ["QWERTY"],
    ),
    # The code alone on a line below its keyword's.
    (
        "Mijn ordernummer staat hieronder:\n\nAB-12",
        ["reference"],
        ["AB-12"],
    ),
    (
        "Reserveringscode:\n  XK-4471\nDaarna niets meer gehoord.",
        ["reference"],
        ["XK-4471"],
    ),
    # --- links that carry tokens --------------------------------------------------------------------------
    (
        "De resetlink https://mijn.energiebedrijf.nl/wachtwoord/reset?token=8f3a9c2e1b7d4f60a5e2 werkte niet.",
        ["url"],
        ["token=8f3a9c2e1b7d4f60a5e2"],
    ),
    (
        "Ik klikte op https://www.webshop.nl/account/orders/40071234?session=abc123xyz en zag een leeg scherm.",
        ["url"],
        ["session=abc123xyz"],
    ),
    (
        "Via https://login.provider.nl/auth?code=Zk93Lp2Qa8&state=x1 kwam ik in een lus terecht.",
        ["url"],
        ["code=Zk93Lp2Qa8"],
    ),
    (
        "De bevestigingsmail had https://app.bank.nl/verify/3f2504e0-4f89-11d3-9a0c-0305e82c3301 als link.",
        ["url"],
        ["3f2504e0-4f89-11d3-9a0c-0305e82c3301"],
    ),
    (
        "Check https://www.verzekeraar.nl/download?key=AbC123dEf456&sig=9e8d7c6b5a4f3e2d voor je polis.",
        ["url"],
        ["AbC123dEf456"],
    ),
    (
        "Link uit de sms: https://jouw.postnl.nl/track-and-trace/3SABCD1234567-NL-1234AB.",
        ["url"],
        ["3SABCD1234567-NL-1234AB"],
    ),
    # --- several kinds in one story ---------------------------------------------------------------------------
    (
        "Klantnummer 12345678, IBAN NL63TRIO0212345678, bereikbaar op 06-87654321 of mail a.visser@xs4all.nl.",
        ["reference", "iban", "phone", "email"],
        ["12345678", "NL63TRIO0212345678", "06-87654321", "a.visser@xs4all.nl"],
    ),
    (
        "Na 45 minuten wachten gaf ik voor de vierde keer mijn ordernummer 77120045 en mijn adres "
        "Dorpsstraat 4, 5611 AA Eindhoven.",
        ["reference", "address", "address"],
        ["77120045", "Dorpsstraat 4", "5611 AA"],
    ),
    # --- negatives: must come out unchanged ------------------------------------------------------------------
    ("Ik was at work toen ze belden, en at home kwam de brief punt voor punt binnen.", [], []),
    ("In de wachtrij telde ik af: een, twee, drie, vier, vijf, zes, zeven, acht.", [], []),
    ("Ik heb een twee drie vier vijf keer gebeld en om vijf over vier hing ik op.", [], []),
    ("Mijn klantnummer weet ik niet meer.\nDag 2: weer gebeld.", [], []),
    ("Ik moest € 1.234,56 terugkrijgen maar kreeg maar 250 euro.", [], []),
    ("Op 12-03-2024 belde ik voor het eerst, op 2024-03-12 stond het in hun systeem.", [], []),
    ("Het gesprek op 12 maart om 14:30 duurde 45 minuten, waarvan 38 in de wacht.", [], []),
    ("Ik heb 3 keer gebeld en 2 keer gemaild, en werd 4 keer doorverbonden.", [], []),
    ("Op https://www.example.nl/klantenservice staat nergens een telefoonnummer.", [], []),
    ("Sinds 2019 ben ik klant, in 2023 en 2024 ging het mis.", [], []),
    ("Ze rekenden 21% btw over een bedrag van 1500 euro.", [], []),
    ("Mijn postcode is 1234 AB en toch zei de website dat ze daar niet leveren.", [], []),
    ("Het bedrijf staat bij de KvK ingeschreven onder nummer 12345678.", [], []),
    ("Retour sturen naar Postbus 12345, 1000 AB Amsterdam, op eigen kosten.", [], []),
    ("Mijn vlucht KL1234 van 07:15 werd geannuleerd, de vervangende HV5123 ook.", [], []),
    ("De wachttijd was 1 uur en 20 minuten, en ik was nummer 37 in de wachtrij.", [], []),
    ("Uiteindelijk kreeg ik 12,50 euro compensatie en een excuus.", [], []),
    ("Het contract liep van 01-01-2022 tot 31-12-2023, dus 24 maanden.", [], []),
    ("Ik belde om 09:00, 11:30 en 16:45 en kreeg drie verschillende antwoorden.", [], []),
    ("Volgens https://www.acm.nl/nl/onderwerpen/verkoop-aan-consumenten mag dat niet.", [], []),
    ("De storing duurde 3 dagen; in totaal 72 uur zonder internet.", [], []),
    ("Ze beloofden binnen 48 uur terug te bellen, het werd 14 dagen.", [], []),
    ("Mijn abonnement kost 45,99 per maand en ging zonder overleg naar 52,99.", [], []),
    ("Er stonden 1.000.000 mensen op de wachtlijst volgens de medewerker.", [], []),
    ("Mijn oude iPhone 12 was nog maar 2 jaar oud.", [], []),
    (
        "Het nieuws erover: https://www.nu.nl/economie/6301234/klanten-boos-over-storing.html",
        [],
        [],
    ),
    ("In artikel 7:17 BW staat dat een product moet doen wat je mag verwachten.", [], []),
    ("Ik kreeg 3 verschillende e-mails en 2 sms'jes met 1 en dezelfde tekst.", [], []),
    ("De 0,5% rente werd 1,25% en niemand kon uitleggen waarom.", [], []),
    ("We kregen een tegoedbon van 25 euro, te besteden voor 2025.", [], []),
    ("Tussen 2019 en 2021 heb ik 12 keer een klacht ingediend.", [], []),
    ("The refund of 349.00 was promised within 7 days in March 2024.", [], []),
    ("Boekingsnummer? Dat had ik niet, want ik had telefonisch geboekt.", [], []),
    # Once documented gaps, now redacted.
    ("mijn naam is kees kanarie, met kleine letters getypt.", ["name"], ["kees kanarie"]),
    ("my name is sarah and nobody called me back.", ["name"], ["sarah"]),
    (
        "Mijn geboortedatum is twaalf maart negentienvijfentachtig.",
        ["birthdate"],
        ["twaalf maart negentienvijfentachtig"],
    ),
    ("Ik ben geboren op 3 mei negentien tachtig, zei ik.", ["birthdate"], ["3 mei negentien"]),
    ("mijn naam is niet belangrijk, het gaat om de service.", [], []),
    ("Op twaalf maart tweeduizend vierentwintig belde ik voor het eerst.", [], []),
    ("Mijn adres is jan.jansen op gmail.com, schreef ik.", ["email"], ["jan.jansen op gmail"]),
    ("Bel me op 06 twaalf 34 56 78 als het kan.", ["phone"], ["06 twaalf 34 56 78"]),
    (
        "Mijn nummer: nul zes, een twee, drie vier, vijf zes, zeven acht.",
        ["phone"],
        ["drie vier, vijf zes"],
    ),
]

# --- The wider set: every category of privacy rule 3, several spellings each ----------------------
#
# Written as marked sentences: "{kind|text}" is a sensitive substring of that kind, the rest must
# stay. `_marked` turns one into the (text, kinds, must_not_contain) triple used above.

_MARK = re.compile(r"\{(\w+)\|([^{}]*)\}")


def _marked(sentence: str) -> tuple[str, list[str], list[str]]:
    kinds, gone = [], []
    for m in _MARK.finditer(sentence):
        kinds.append(m.group(1))
        gone.append(m.group(2))
    return _MARK.sub(lambda m: m.group(2), sentence), kinds, gone


# Planted through the forms by tests/test_canaries.py: every category, several spellings each,
# among them the very forms that were once published after approval.
CANARY_SENTENCES = [
    "Mail me op {email|kees.kanarie apestaartje gmail punt com} als het kan.",
    "Mijn adres is {email|kanarie.piet@gmail punt com} en niet het oude.",
    "Stuur het naar {email|fatima.kanarie @ gmail.com} graag.",
    "Ik ben {name|Kees Kanarie} en ik ben dit zat.",
    "De medewerker {name|Fatima de Vries} zei dat het goed kwam.",
    "Ik woon op {address|Kerkstraat 12, Amsterdam} en niemand kwam.",
    "Ze vroegen mijn geboortedatum: {birthdate|12-03-1985}.",
    "Met mijn creditcard {card|4111 1111 1111 1111} betaalde ik dubbel.",
    "De auto met {plate|GX-123-B} werd weggesleept zonder bericht.",
    "Mijn kenteken {plate|12-ABC-3} stond niet in hun systeem.",
    "Mijn BSN {bsn|123456782} moest ik via de chat sturen.",
    "Bel me op {phone|06-12345678} of {phone|+31 20 123 4567}.",
    "Het geld moest terug naar {iban|NL91ABNA0417164300}.",
    "Mijn boekingsnummer {reference|KL-4471829} heb ik vier keer gegeven.",
    "De resetlink was {url|https://mijn.example.nl/reset?token=8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c}.",
    "Je vindt me als {handle|@kees_kanarie85} op Instagram.",
    "Mevrouw {name|van der Kanarie} beloofde terug te bellen.",
    "Postcode en huisnummer: {address|1012 AB 7}.",
    "Met vriendelijke groet,\n{name|Kees Kanarie}",
    "Ik kreeg dhr. {name|P. de Kanarie} aan de telefoon.",
    "Mijn e-mail: {email|kanarie[at]kpnmail[dot]nl}.",
    "Ik ben geboren op {birthdate|3 maart 1985}, dat moest ik drie keer zeggen.",
    "My date of birth, {birthdate|March 3, 1985}, was asked twice.",
    "Ze vroegen mijn kaartnummer, {card|5500-0000-0000-0004}, via de chat.",
    "Visa {card|4012888888881881} werd twee keer belast.",
    "Burgerservicenummer: {bsn|1112.22.333}, zo stond het op het formulier.",
    "Mijn rekening {iban|NL39 RABO 0300 0652 64} werd niet herkend.",
    "Mijn zaaknummer is {reference|ZK-2024-00881} maar de chat kon het niet vinden.",
    "Klantnummer {reference|KN-20231145} kende niemand.",
    "De activatielink {url|https://mijn.ziggo.nl/activeren/aB3dE5fG7hJ9kL} werkte niet.",
    "Instagram: {handle|kanarie.bakker_}, daar zie je de foto's.",
    "Bel {phone|nul zes, twaalf vierendertig, zesenvijftig achtenzeventig} na zes uur.",
    "Mijn vaste nummer {phone|020 - 123 45 67} kenden ze niet.",
    "Op {address|Dorpsstraat 4, 5611 AA Eindhoven} kwam nooit iemand.",
]

_MORE = [
    # --- personal names: the writer's own, staff, titles, initials, signatures, relatives ---------
    "Ik ben {name|Kees Kanarie} en ik ben al tien jaar klant.",
    "Mijn naam is {name|Yusuf Demir} en ik heb drie keer gebeld.",
    "Ik heet {name|Sanne} en dit is mijn verhaal.",
    "My name is {name|Sarah Johnson} and I have been a customer for years.",
    "I am {name|Peter} and the helpdesk hung up on me twice.",
    "Ik sprak met {name|Mohamed} van de afdeling facturatie.",
    "Ik kreeg medewerker {name|Fatima de Vries} aan de lijn, die was vriendelijk.",
    "medewerker {name|Jan-Willem Bakker} zei dat het systeem plat lag.",
    "De medewerkster, {name|Anouk}, beloofde een terugbelverzoek.",
    "Teamleider {name|Rogier van den Heuvel} heeft het daarna afgehandeld.",
    "Mijn contactpersoon {name|Linda Visser} was ineens uit dienst.",
    "Meneer {name|Jansen} van de klantenservice wist het ook niet.",
    "Mevrouw {name|de Boer} zei dat ik moest wachten.",
    "Ik kreeg dhr. {name|P. de Wit} aan de telefoon.",
    "Mw. {name|El Amrani} heeft de klacht in behandeling genomen.",
    "Volgens {name|J.P. van der Berg} van de juridische afdeling klopte het.",
    "De brief was ondertekend door {name|A.B. Smit}.",
    "Mr. {name|Thompson} from the complaints team never answered.",
    "I spoke to {name|Emily} who promised a refund within a week.",
    "The agent, {name|Michael Brown}, transferred me to billing.",
    "Mijn man {name|Henk} heeft ook twee keer gebeld.",
    "Mijn dochter {name|Lotte} heeft het formulier voor me ingevuld.",
    "Met vriendelijke groet,\n{name|Kees Kanarie}",
    "Groeten, {name|Marieke Smit}",
    "Kind regards,\n{name|John Williams}",
    "{name|Pieter} van de helpdesk zei dat ik het formulier opnieuw moest sturen.",
    "Gisteren belde {name|Ahmet Yilmaz} me terug, eindelijk.",
    "Een dame genaamd {name|Ingrid} nam op en verbond me door.",
    "Ik vroeg naar {name|Sophie}, maar die was er niet meer.",
    "Namens {name|Jeroen Mulder} kreeg ik een excuusmail.",
    "De monteur, {name|Dennis}, kwam pas om vier uur.",
    "U spreekt met {name|Fleur}, waarmee kan ik u helpen, zei ze.",
    "Mevrouw {name|Bakker-de Jong} van de incassoafdeling dreigde met een deurwaarder.",
    "Ik werd geholpen door {name|Nadia} en daarna door {name|Tom}.",
    "Lieve groet, {name|Ria}",
    "De medewerker {name|Albert} zei dat het goed kwam.",
    "Ik ben {name|Wubbe Jansen} en ik ben boos.",
    # --- street addresses, with and without postcode -------------------------------------------------
    "Het pakket ging naar {address|Kerkstraat 12, Amsterdam} in plaats van naar mij.",
    "Ik woon op de {address|Dorpsstraat 4} en de bezorger kon het niet vinden.",
    "Mijn adres {address|Stationsweg 15a} stond verkeerd in het systeem.",
    "Bezorgadres: {address|Laan van Meerdervoort 101} Den Haag, drie keer doorgegeven.",
    "De monteur ging naar {address|Hoofdstraat 88 in Utrecht} terwijl ik in Zeist woon.",
    "Wij wonen aan de {address|Prinsengracht 263} en kregen de brief van de buren.",
    "Ze stuurden alles naar {address|Julianalaan 3-2} maar dat is mijn oude adres.",
    "mijn adres is {address|kerkstraat 12} en dat weten ze.",
    "I live at {address|221B Baker Street}, London, and they shipped to Leeds.",
    "The courier went to {address|14 Station Road} instead of my flat.",
    "Adres: {address|Van Woustraat 88}, dat heb ik vijf keer gespeld.",
    "Het verhuisbericht met {address|Molenweg 7, Ede} werd nooit verwerkt.",
    # --- postcode with house number ------------------------------------------------------------------
    "Op het formulier vulde ik {address|3511 KP 23} in.",
    "Postcode {address|2512AB}, huisnummer {address|14}, en toch vonden ze me niet.",
    "Mijn postcode is {address|1234 AB} en mijn huisnummer {address|7}, zei ik drie keer.",
    "Ze bezorgden op {address|1234AB 12A} in plaats van 12.",
    # --- dates of birth ------------------------------------------------------------------------------
    "Ze vroegen mijn geboortedatum: {birthdate|12-03-1985}.",
    "Geboortedatum {birthdate|03/07/1962} klopte niet in hun systeem.",
    "Ik ben geboren op {birthdate|12 maart 1985}, dat moest ik drie keer zeggen.",
    "Mijn geboortedatum is {birthdate|1990-11-05} en dat stond verkeerd.",
    "geb. {birthdate|5-6-1978}, zo stond het op de brief.",
    "I was born on {birthdate|3 March 1985}, which I had to repeat twice.",
    "Date of birth: {birthdate|March 3, 1985}, they asked again.",
    "My DOB {birthdate|07/04/1991} was wrong on the form.",
    "Ter controle noemde ik {birthdate|14-02-1979} en mijn postcode.",
    "De chatbot vroeg om mijn geboortedatum en ik typte {birthdate|01-01-2001}.",
    "Mijn vader ({birthdate|23.08.1948}) kon niet inloggen met DigiD.",
    "Ze wilden mijn geboortedatum ({birthdate|12-03-85}) als wachtwoord.",
    # --- BSN -----------------------------------------------------------------------------------------
    "Mijn BSN {bsn|123456782} moest ik via de chat sturen.",
    "Burgerservicenummer: {bsn|1112.22.333}, zo stond het op het formulier.",
    "Ze vroegen om mijn burgerservicenummer {bsn|111 222 333} via de telefoon.",
    "bsn {bsn|12.34.56.782} heb ik gemaild, wat achteraf dom was.",
    "Op de brief stond {bsn|111222333} gewoon in de aanhef.",
    "Mijn sofinummer is {bsn|123456782} maar ze vonden me niet.",
    "My citizen service number {bsn|987654320} was printed on the envelope.",
    # --- IBAN ----------------------------------------------------------------------------------------
    "Terugbetalen op {iban|NL91 ABNA 0417 1643 00} graag.",
    "Mijn rekeningnummer {iban|nl91abna0417164300} stond er gewoon.",
    "Please refund to {iban|GB82WEST12345698765432} as agreed.",
    "Het bedrag ging naar {iban|NL02-ABNA-0123-4567-89} volgens de chatbot.",
    # --- payment cards -------------------------------------------------------------------------------
    "Met mijn creditcard {card|4111 1111 1111 1111} betaalde ik dubbel.",
    "Ze vroegen mijn kaartnummer, {card|5500-0000-0000-0004}, via de chat.",
    "Card number {card|4012888888881881} was charged twice.",
    "Mijn Amex {card|3782 822463 10005} werd geweigerd.",
    "Ik gaf {card|4111111111111111} en de vervaldatum aan de medewerker.",
    "De cvc-code {card|737} vroegen ze ook nog, wat niet mag.",
    "Visa {card|4242 4242 4242 4242} werd twee keer belast.",
    # --- licence plates ------------------------------------------------------------------------------
    "Mijn kenteken {plate|12-ABC-3} stond niet in hun systeem.",
    "De auto met {plate|GX-123-B} werd weggesleept zonder bericht.",
    "Kenteken: {plate|XX-99-99} heb ik drie keer gespeld.",
    "Ze hadden {plate|1-KBB-12} als mijn auto geregistreerd.",
    "Parkeerboete voor {plate|52-HDK-7} terwijl ik had betaald.",
    "kenteken {plate|12abc3} werd niet herkend door de app.",
    "Mijn nummerplaat {plate|JF 123 K} stond verkeerd op de factuur.",
    "Licence plate {plate|K-123-BB} was registered to someone else.",
    "De garage noteerde {plate|99-XX-99} in plaats van mijn kenteken.",
    "Mijn busje {plate|VDK-12-R} werd niet opgehaald.",
    "De ANWB kwam voor {plate|8-TKL-45} pas na drie uur.",
    # --- phone numbers, more spellings ---------------------------------------------------------------
    "Bel me op {phone|06 12 34 56 78}, zei ik.",
    "Mijn nummer is {phone|06.12.34.56.78} voor het geval dat.",
    "Terugbellen op {phone|+31612345678} is nooit gebeurd.",
    "Call me at {phone|+44 7700 900123} please.",
    "Mijn vaste nummer {phone|020 - 123 45 67} kenden ze niet.",
    # --- e-mail in every spelling --------------------------------------------------------------------
    "Mail me op {email|kees.kanarie apestaartje gmail punt com} als het kan.",
    "Mijn adres is {email|kanarie.piet@gmail punt com} en niet het oude.",
    "Stuur het naar {email|fatima.kanarie @ gmail.com} graag.",
    "Mijn mail is {email|jan apenstaartje hotmail punt nl}.",
    "Schrijf naar {email|j.devries at ziggo dot nl} voor vragen.",
    "Mijn e-mail: {email|kees[at]kpnmail[dot]nl}.",
    "Het adres {email|piet (at) xs4all (punt) nl} werkte niet bij hen.",
    "Ze gebruikten {email|jan.jansen op gmail.com} in plaats van mijn werkmail.",
    "Contact: {email|sanne.devries@outlook . com} zei ik nog.",
    "Email me at {email|john.smith at gmail dot com}, I said.",
    "Mijn adres: {email|kees @gmail.com}, met spatie getypt.",
    "Mail {email|info.kees@live.nl} werd niet herkend.",
    # --- references ----------------------------------------------------------------------------------
    "Mijn klantnummer {reference|KN-20231145} kende niemand.",
    "Order #{reference|88217731} kwam nooit aan.",
    "Mijn zaaknummer is {reference|ZK-2024-00881} maar de chat kon het niet vinden.",
    "Customer ID {reference|C99812344} was not in their system.",
    "Bestelling {reference|1048857221} werd twee keer geannuleerd.",
    "Dossiernummer: {reference|DN/8812/2024}, staat in elke mail.",
    "Het reserveringsnummer {reference|RES8812X} bestond volgens hen niet.",
    "Mijn ticketnummer {reference|INC0012345} werd gesloten zonder antwoord.",
    # --- links with tokens ---------------------------------------------------------------------------
    "De link {url|https://mijn.ziggo.nl/activeren/aB3dE5fG7hJ9kL} werkte niet.",
    "Ik klikte op {url|https://track.postnl.nl/?barcode=3SABCD1234567&postcode=1234AB} en zag niets.",
    "Mijn profiel {url|https://www.facebook.com/kees.kanarie.85} werd gehackt.",
    "Zie {url|https://app.bank.nl/reset-password?token=Zk93Lp2Qa8xYv} voor de fout.",
    "De uitnodiging {url|https://meet.example.com/j/8812773412?pwd=abcDEF123456} verliep.",
    # --- social handles ------------------------------------------------------------------------------
    "Je vindt me als {handle|@kees_kanarie85} op Instagram.",
    "Mijn Twitter-account {handle|@fatima_dv} werd geblokkeerd door de webcare.",
    "Ze stuurden een DM naar {handle|@jan.jansen.1980} in plaats van naar mij.",
    "Mijn gebruikersnaam {handle|kees1985} werkte ineens niet meer.",
    "Instagram: {handle|sanne.bakker_}, daar zie je de foto's.",
    "My TikTok handle {handle|@emily.w_22} got the reply, not me.",
]

# --- Sentences that must stay: companies, products, chatbots, job titles, amounts, journey dates ---
_MORE_NEGATIVES = [
    "AirlineGo annuleerde mijn vlucht en de Belastingdienst reageerde niet.",
    "De Belastingdienst stuurde drie brieven met een ander bedrag.",
    "Bij AirlineGo kreeg ik na 40 minuten iemand aan de lijn.",
    "KLM verwees me naar de reisorganisatie, die weer naar KLM.",
    "Ik belde KPN, Ziggo en Odido en niemand wilde het oplossen.",
    "De chatbot Saar bleef vragen of ik mijn wachtwoord wilde resetten.",
    "Saar, de digitale assistent, begreep mijn vraag niet. Saar zei steeds hetzelfde.",
    "De chatbot Billie stuurde me in een rondje, Billie kende geen medewerker.",
    "Assistent Eva gaf drie keer hetzelfde antwoord.",
    "Medewerker Klantenservice reageerde binnen vijf werkdagen niet.",
    "De medewerker van AirlineGo zei dat ik moest wachten.",
    "Een medewerker van de Belastingdienst verwees me naar DigiD.",
    "De teamleider was niet beschikbaar, zei de medewerker.",
    "De manager belde nooit terug, de supervisor ook niet.",
    "Mijn iPhone 14 Pro werd na de reparatie niet teruggestuurd.",
    "De Samsung Galaxy S23 die ik bestelde kwam kapot aan.",
    "Het pakket van PostNL lag bij de buren, volgens Track & Trace.",
    "Bol.com en Coolblue hadden allebei een andere levertijd.",
    "Ik had een abonnement bij Netflix en Spotify via Odido.",
    "Volgens het UWV moest ik bij de gemeente zijn, volgens de gemeente bij het UWV.",
    "De Geschillencommissie gaf me gelijk, AirlineGo betaalde niet.",
    "Ik ben klant sinds 2015 en nog nooit zo slecht geholpen.",
    "Ik ben Nederlander en woon in Amsterdam.",
    "Ik ben boos, teleurgesteld en moe van het bellen.",
    "I am British and was told to call a Dutch number.",
    "Maandag belde ik, dinsdag mailde ik, woensdag kwam er niets.",
    "Op 12 maart 2024 ging mijn vlucht, op 14 maart kreeg ik een mail.",
    "Vanaf 3 januari 2025 werd het abonnement duurder.",
    "Mijn vlucht op 2024-06-15 werd geannuleerd en verplaatst naar 2024-06-17.",
    "De retour van 15-08-2024 is nog steeds niet verwerkt.",
    "I booked on 3 March 2024 and flew on March 10, 2024.",
    "Ik kreeg 35 euro terug in plaats van 349,00 euro.",
    "De rekening was € 129,95 terwijl het € 49,95 had moeten zijn.",
    "Na 2 uur en 15 minuten wachten kreeg ik de derde medewerker.",
    "Ze beloofden het bedrag binnen 14 werkdagen terug te storten.",
    "Gate D7 was dicht en de balie in Terminal 2 ook.",
    "Mijn trein van 08:12 naar Utrecht Centraal viel uit.",
    "Het formulier op de website gaf foutcode 500 en daarna 404.",
    "Na de update naar Windows 11 werkte de printer niet meer.",
    "Ik moest naar het servicepunt op Schiphol Plaza.",
    "Het hoofdkantoor in Den Haag verwees me naar Rotterdam.",
    "Klantenservice Amsterdam was alleen op werkdagen open.",
    "Toen ik eindelijk iemand sprak, zei die dat de chat beter was.",
    "Daarna kwam er niets meer, ook geen bevestiging.",
    "Uiteindelijk heb ik het opgegeven en een klacht ingediend bij Kifid.",
    "Helaas kreeg ik drie verschillende antwoorden van drie medewerkers.",
    "Gelukkig hielp de ombudsman binnen een week.",
    "Zilveren Kruis en VGZ verwezen allebei naar elkaar.",
    "Albert Heijn bezorgde de boodschappen bij het verkeerde huis.",
    "De monteur van Eneco kwam niet opdagen, de tweede keer ook niet.",
    "Via Mijn ING kon ik het verzoek niet indienen.",
    "Ik betaalde met iDEAL en het bedrag werd twee keer afgeschreven.",
    "Mijn klantnummer staat op de factuur, zei de chatbot.",
    "Vul uw geboortedatum in, zei het formulier, maar het veld bestond niet.",
    "De Nederlandse Spoorwegen gaven een vergoeding van 50%.",
    "Volg @KLM of @NS_online voor updates, zei de medewerker.",
    "Ik stuurde een DM naar @AirlineGo en kreeg na twee dagen antwoord.",
    "Ze schreven 'Beste klant' en verder geen naam.",
    "Beste AirlineGo, ik wacht nog steeds op mijn geld.",
    "Geachte heer of mevrouw, schreven ze, terwijl ik mijn naam had gegeven.",
    "Dear customer, they wrote, after six weeks.",
    "De Kerkstraat was afgesloten, dus de bezorger kwam niet.",
    "Ik woon aan een straat zonder huisnummers op de kaart van de app.",
    "In 1998 werd ik klant, in 2024 zegde ik op.",
    "Mijn nummer is nooit doorgegeven aan de monteur.",
    "Het pakket was 12 kg en de verzendkosten 6,95.",
    "Ik had 3 pakketten besteld en kreeg er 2.",
    "De sms met code kwam pas na 20 minuten.",
    "Bericht 1 van 3: uw klacht is ontvangen.",
    "De storing op lijn 12 duurde van 09:00 tot 17:30.",
    "Ik stond in de wacht bij 0800-nummers van twee bedrijven.",
    "Versie 2.4.1 van de app crashte bij het inloggen.",
    "Artikel 6:96 BW regelt de incassokosten, zei de rechtsbijstand.",
    "Ze gaven me 10% korting op de volgende 3 maanden.",
    "Mijn lening van 15.000 euro liep tot 2027.",
    "Mark my words: I will never fly with AirlineGo again.",
    "Na de fusie met Vodafone werd alles anders.",
    "Tele2 en T-Mobile heten nu Odido, zei de winkel.",
    "ABN AMRO en de Rabobank wezen naar elkaar.",
    "Ik belde Centraal Beheer voor schade aan mijn auto.",
    "Ik stuurde mijn klacht naar Postbus 100, 9700 AC Groningen.",
    "De Consumentenbond raadde aan een ingebrekestelling te sturen.",
    "Ik gebruikte het contactformulier op www.airlinego.nl/contact.",
    "In de app van de NS stond dat de trein reed.",
    "Klantnummer, ordernummer, factuurnummer: ik heb alles gegeven.",
    "Ik was de 25e beller in de wachtrij.",
    "Mijn contract van 24 maanden liep af op 31-12-2024.",
    "De wachtmuziek was 45 minuten lang hetzelfde.",
    "The chatbot named Billie could not transfer me to a human.",
    "Ik had het gevoel dat ik met een robot sprak, geen mens.",
    "Ze stuurden een monteur, die ging naar het verkeerde adres.",
    "Ik kreeg een mail van noreply zonder naam of nummer.",
    "Zaterdag 14 september kwam er eindelijk iemand kijken.",
    # Words that end like a street ("-ring", "-dam", "-baan") before a number.
    "Aflevering 3 van de podcast ging over precies deze storing.",
    "Verzekering 2 van het pakket dekte de schade niet.",
    "Vanuit Rotterdam 2 keer gebeld, vanuit Amsterdam nog eens.",
    "Publiekverhaalmarkering 1. Niets aan de hand.",
    # Cues that are followed by companies as often as by people.
    "Ik sprak met Stedin en daarna met Enexis, allebei zonder resultaat.",
    "Namens Greenchoice kreeg ik een brief, namens Liander een sms.",
    "I called Stedin twice and spoke to Enexis once.",
    # Products and occupations that look like a title or a self-introduction.
    "Een Dr. Oetker pizza was het enige wat de bezorger nog had.",
    "Ik ben Student en kon de boete niet betalen.",
    "Bij Albert Heijn en Jumbo lag hetzelfde kapotte product.",
    "Mijn visa 2024 voor de reis kwam te laat, dus de vlucht van 749 euro was voor niets.",
    "Ik heb gevraagd naar Liander en toen kwam er een kenteken van Tesla ter sprake.",
]

# A second batch, written after the redactor and run once before any rule was changed for it: the
# misses it showed then are in the README; what is still missed is in KNOWN_GAPS below.
_BLIND = [
    "Hallo, ik ben {name|Noor Hendriks} en dit is mijn ervaring met de energieleverancier.",
    "De vriendelijke medewerker {name|Thijs} heeft me uiteindelijk wel geholpen.",
    "Na drie keer bellen kreeg ik {name|Esther van Leeuwen} van de klachtenafdeling.",
    "Volgens collega {name|Bram} was mijn pakket al bezorgd.",
    "Mevr. {name|Yilmaz} zei dat de monteur morgen zou komen.",
    "Meneer {name|Van Dijk} zou me terugbellen, dat gebeurde nooit.",
    "De brief kwam van mr. {name|R. de Graaf}, advocaat van de incassobureau.",
    "My husband {name|David} called them every day for a week.",
    "The manager, {name|Jessica Taylor}, apologised but did nothing.",
    "I talked to {name|Daniel} and later to {name|Olivia}, both said something else.",
    "{name|Femke} van de webcare stuurde een DM met excuses.",
    "Groetjes,\n{name|Lisa de Jong}",
    "Met vriendelijke groet, {name|Hans Kanarie}",
    "Ik, {name|Willem Bakker}, verklaar dat dit klopt.",
    "Mijn buurvrouw {name|Truus} nam het pakket aan maar het was leeg.",
    "Mijn zoon {name|Daan} had het account aangemaakt op zijn naam.",
    "Ik werd doorverbonden naar {name|Kevin} in plaats van naar de technische dienst.",
    "{name|Mohammed El Idrissi} van de klantenservice gaf zijn directe nummer niet.",
    "De adviseur, mevrouw {name|Jansen-Smit}, beloofde een compensatie.",
    "I'm {name|Hannah} and this happened to me last winter.",
    "Ons huis aan de {address|Esdoornlaan 22} kreeg twee keer een verkeerde meterstand.",
    "Ze bezorgden op {address|Marktplein 3} terwijl ik op nummer 5 woon.",
    "Mijn factuuradres {address|Oranjestraat 9, 4811 KP Breda} stond er verkeerd op.",
    "Adres: {address|Burgemeester de Withstraat 14}, Rotterdam.",
    "De verhuizing naar {address|Tulpweg 6 te Almere} werd niet verwerkt.",
    "Woonachtig op {address|Havenkade 31}, dat gaf ik door.",
    "The parcel went to {address|10 Downing Street} apparently.",
    "Het verhuisformulier kende {address|3584 CS 1} niet.",
    "Na de verhuizing naar {address|5611 AB, nummer 14} bleef de post naar het oude adres gaan.",
    "Mijn geboortedatum ({birthdate|24-12-1972}) stond er verkeerd in.",
    "Geboren: {birthdate|7 juli 1990}, dat moest ik er ook bij zetten.",
    "She asked for my date of birth, {birthdate|22/09/1988}, three times.",
    "Mijn moeder, geboren {birthdate|02-02-1941}, kreeg de brief niet.",
    "Geboortedatum {birthdate|1983-07-30} werd niet geaccepteerd in het formulier.",
    "Mijn BSN is {bsn|111222333} en dat stond ineens in de chat.",
    "Ze stuurden mijn burgerservicenummer ({bsn|123.456.782}) per gewone post.",
    "BSN: {bsn|987654320}.",
    "Mijn Mastercard {card|5555 5555 5555 4444} werd twee keer belast.",
    "Creditcardnummer {card|4000-0566-5566-5556} stond volledig op de bevestiging.",
    "De webshop mailde mijn kaart {card|4111-1111-1111-1111} terug in platte tekst.",
    "Mijn auto ({plate|HF-321-T}) stond niet in hun systeem.",
    "Kenteken {plate|7-XZN-38} werd twee keer geflitst, zei de brief.",
    "De wagen met kenteken {plate|ZB 483 J} is nooit opgehaald.",
    "Ze verwisselden {plate|34-KL-NB} met de auto van de buren.",
    "Bel {phone|06-98765432} als het pakket er is.",
    "Mijn werknummer is {phone|085 - 303 21 00} en mijn privénummer {phone|06 1122 3344}.",
    "WhatsApp: {phone|+31 6 55 44 33 22}.",
    "Ik mailde vanaf {email|r.kanarie@hetnet.nl} maar kreeg geen antwoord.",
    "Mijn adres is {email|sanne punt bakker apenstaartje outlook punt com}.",
    "Email: {email|m.jansen (at) live.nl}",
    "Je kunt me bereiken via {email|piet.kanarie@ziggo .nl} zei ik.",
    "Mijn ordernummer is {reference|202411-88712} maar ze vonden het niet.",
    "Klachtnummer {reference|KL00987123} werd gesloten.",
    "Referentie: {reference|REF-77812-AB}.",
    "Het pakket {reference|3SPOST99887766} is nooit bezorgd.",
    "Mijn rekening {iban|NL44RABO0123456789} werd niet herkend.",
    "Terugstorten op {iban|BE71 0961 2345 6769} lukte niet, zeiden ze.",
    "Op {url|https://mijn.energie.nl/account/klant/88124456/facturen} zag ik een andere naam.",
    "De link {url|https://www.example.nl/bevestig/Xk39Pq0Lm2} was verlopen.",
    "Mijn Instagram {handle|@noor.hendriks} kreeg een bericht van een nep-account.",
    "Ze tagden {handle|@kees_kanarie} in een openbare reactie.",
]
_BLIND_NEGATIVES = [
    "Bij de balie van AirlineGo op Schiphol stond een rij van twee uur.",
    "De Belastingdienst BelastingTelefoon was 's ochtends onbereikbaar.",
    "Mijn Philips Hue lampen werkten niet meer na de update van de app.",
    "De medewerkster van de Rabobank was behulpzaam maar kon niets doen.",
    "Ik vroeg naar de manager, maar die was er niet.",
    "Sophie, de chatbot van de verzekeraar, verwees me naar de website.",
    "De chatbot heet Billie en kan alleen standaardvragen beantwoorden.",
    "Op 1 april 2024 ging de nieuwe prijs in, zonder bericht.",
    "Het ging om 3 facturen van samen € 412,80.",
    "Ik kreeg een tegoedbon van € 75 die na 6 maanden verliep.",
    "Na 4 weken en 6 telefoontjes was het geregeld.",
    "Het bericht kwam op vrijdag 13 december om 23:59.",
    "De vlucht HV6011 naar Malaga werd verplaatst naar 06:05.",
    "Intercity 3045 naar Den Haag Centraal had 40 minuten vertraging.",
    "Mijn Galaxy A54 en de iPad Air zaten in hetzelfde pakket.",
    "Lidl, Aldi en Jumbo hadden hetzelfde probleem met de app.",
    "Ik heb het via het KvK-loket en de gemeente Utrecht geprobeerd.",
    "Ze verwezen naar artikel 12 van de algemene voorwaarden.",
    "Na stap 3 van 5 in het formulier liep de website vast.",
    "Mijn abonnement ging van 19,99 naar 24,99 per maand.",
    "Het eerste gesprek duurde 12 minuten, het tweede 47.",
    "De servicedesk van de gemeente was op maandag gesloten.",
    "Toen kwam er een monteur van Stedin, die wist van niets.",
    "Dit is echt de slechtste service die ik ooit heb gehad.",
    "Met de app van Bunq kon ik niet inloggen.",
]

CASES += [
    _marked(sentence)
    for sentence in dict.fromkeys(_MORE + _BLIND + CANARY_SENTENCES)  # canary rows once
]
CASES += [(sentence, [], []) for sentence in _MORE_NEGATIVES + _BLIND_NEGATIVES]
CANARIES = [_marked(sentence) for sentence in CANARY_SENTENCES]


# Forms the redactor is known to miss, kept here so the bench measures them honestly and the tests
# notice (as strict xfails) the day one starts to pass.
KNOWN_GAPS: list[tuple[str, list[str], list[str]]] = [
    # A given name not on the list, with no cue before it or only one that companies share ("sprak
    # met Stedin"): deduce's far longer lists would know it.
    ("Gisteren zei Wubbe dat het geregeld was.", ["name"], ["Wubbe"]),
    ("Ik sprak met Wubbe, die beloofde terug te bellen.", ["name"], ["Wubbe"]),
    # A house number in words.
    ("Ik woon op de Kerkstraat twaalf, vlakbij het station.", ["address"], ["Kerkstraat twaalf"]),
    # A plate without hyphens and without its keyword reads like any code.
    ("De GX123B stond dubbel geparkeerd voor mijn deur.", ["plate"], ["GX123B"]),
]


# --- The 2026-12 corpus: many voices, split once into a tuning part and a frozen held-out part ----
#
# tests/redaction_corpus/{tuning,held_out}.txt, one marked case a line after its language. The
# held-out part is never written against; bench/redaction_quality.py prints only its figures.

_CORPUS = Path(__file__).resolve().parent / "redaction_corpus"


def corpus(part: str) -> list[tuple[str, list[str], list[str], str]]:
    """The cases of one part ("tuning" or "held_out") as (text, kinds, gone, language)."""
    cases = []
    for line in (_CORPUS / f"{part}.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            language, sentence = line.split("| ", 1)
            cases.append((*_marked(sentence.replace("\\n", "\n")), language))
    return cases
