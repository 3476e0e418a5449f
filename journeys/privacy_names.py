"""Word lists for recognising personal names in stories (`journeys.privacy`).

Pure data, loaded with the module (a few thousand strings, well under a millisecond to build), so
no request ever waits for it. Written for frictionlog, lowercased for lookup.

- FIRST_NAMES: given names common among people living in the Netherlands and Flanders (Dutch,
  Frisian, Moroccan, Turkish, Surinamese, Indonesian, Polish, English and other European names).
  A capitalised word on this list is a name even without a cue ("Kees zei dat…"). Names that are
  also everyday capitalised words (months, "Will", "Ben" as in "Ben ik…") are left out on purpose.
- NOT_NAMES: capitalised words that follow a cue ("medewerker Klantenservice", "ik ben Nederlander")
  or open a sentence and must never become `[naam]`: function words, job titles, nationalities,
  days and months, and the companies and products stories name all the time.
- BOT_WORDS: words after which a name is a chatbot's or a virtual assistant's ("chatbot Saar"),
  which identifies nobody and helps the reader.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


FIRST_NAMES = _words(
    """
    aad aafke aagje aart abdel abdelkader abdellah abdelaziz abdul abdullah abdoel abe abel abraham
    achmed adam adil adje adri adriaan adrie adrianus agnes ahmed ahmet aicha aisha ajay albert
    alberto alex alexander alexandra ali alice alida alie aline allard amal amber amin amina amira
    amy anand ananda andre andré andrea andreas andries anika anita anja anjali anke ankie
    anna anne anneke annelies annemarie annemieke annet annette annie anouk anthony anton antonie
    antonius ard arend arie arian arianne arjan arjen arnold arnoud aron arthur astrid aukje ayoub
    ayse ayşe aziz barbara bart bastiaan bea beatrix bennie benno bep berend berry bert bertus
    bianca bilal birgit bob boris bram brenda brian bridget britt bruno burak carin carla
    carlijn carlo carmen carolien caroline cas casper cathy cees cemal charlotte chantal chris
    christa christiaan christian christine cindy claire clara claudia cor corine corrie cornelis
    cornelia daan dafne daisy daniel daniël danielle daphne dave david debby denise dennis
    derk desiree dewi diana dick diederik dina dirk djoeke dominique donna dorien dorothea dylan
    ed eddy edith edwin eefje eelco egbert elif elisa elisabeth elise ella ellen els elsa elske
    emel emine emma emre erik erika ernst esra esther eva evelien evert ewa fabian farah farid fatih
    fatima fatma femke fenna fenne ferdinand fleur floor floris frans françoise frederik freek
    frits fons gaby gea geert gemma gerard gerben gerda gerdien gerrit gert gerrie gijs gerwin
    gillian gina gonny greet greetje gregor guus hanneke hamid hanna hannah hans harm harrie harry
    hasan hassan hatice hein hendrik hendrika henk henny henri henriëtte herman hetty hilde hilda
    houda huub hugo huseyin hüseyin ibrahim ilse imane ina inge ingrid iris irma isa isabel
    isabelle ivo jaap jacob jacqueline jacques jaap jamal jan janine janneke jannes jannie jantje
    jasper jeanette jelle jennifer jeroen jesse jet jetse jildou joanna jochem joep johan johanna
    johannes john joke jolanda jolien jonas joost joris jorn jos josé josephine joyce judith julia
    julian juliette jurgen jürgen justin kamal karel karim karin katarzyna kees kevin khadija kim
    klaas kelly jordy jeffrey jorrit joshua jayden jamie jens jorien jasmijn
    koen koos kristel laura lars laurens lea leo leon lieke linda lisa lisanne lize lotte
    louis luc lucas lucia luuk maaike maarten magda malika manon marco marcel margriet margreet
    maria marieke mariam marian marianne marie marijke marije marina marit marjan marjolein
    marleen marloes martijn martin martine maryam mathijs matthijs maurice max maxime meike
    melanie melissa mehmet merel michael michel michiel mieke mila milan mirjam mohamed mohammed
    mohammad monique mustafa myrthe nadia naima nadine nancy natasha nathalie naomi niels nienke
    nicole nick nina noah noor nora norbert nour olga olivia omar oscar otto patricia patrick paul
    paula pauline peter petra piet pieter pim priya quinten rachid rachel ramon rania rachida
    raymond rebecca reinier remco rené renée richard rick rik rob robbert robert robin rogier roel
    roland romy ronald rosa ruben rudi rutger ruud ryan said saïd salma sam samira samuel sander
    sandra sanne sara sarah saskia sebastiaan selin sem senna sergio sevda sharon shanti silvia
    simone sjaak sjoerd sofie sophie stan stefan stephanie stijn suzanne sven tamara tanja teun
    theo thijs thomas tim tineke tjeerd tom tomasz ton tonny truus tycho ugur uğur valerie vera
    victor vincent wendy wessel wiebe wieke wilma willem willemijn wim winnie wouter yara yasmina
    yasmin yassine yusuf youssef yvonne zeynep zoë zoe
    emily jessica sarah john michael james oliver jack harry george lucy amelia chloe megan lauren
    matthew andrew christopher luke jake ethan liam noah mason logan samantha ashley heather
    rachael kate katie sophia ava isabella mia abigail elizabeth victoria jennifer susan karen
    steven kenneth brandon tyler aaron kyle justin nathan
    youssra soufiane hamza ilias mehdi anass nassim zakaria othman hind loubna siham nordin
    fatiha latifa zainab khalid tariq nabil rachida mustapha driss hakim
    emre mert berk kerem cem deniz ebru gül gizem özlem sibel tuba yasemin kübra merve
    aoife niamh siobhan sinéad sinead ciara ciarán ciaran declan eoin cormac padraig pádraig
    róisín roisin orla aisling caoimhe saoirse grainne bríd brid fionn oisín oisin seamus séamus
    callum hamish ewan euan angus fraser alasdair alastair morag moira kirsty mhairi iain ailsa
    isla eilidh rhys dylan gareth ffion cerys sian siân bethan owain gwen gwyneth rhiannon dafydd
    steve stephen becky rebekah jo jonno jon jonathan dominic ollie olly nigel graham barry
    keith trevor colin derek gordon malcolm neil stuart craig darren wayne dean lee gary kevin
    shaun sean shane jason carl adam paul simon tony anthony phil philip pete rob robbie bob
    nick nicholas chris dave danny dan tom tommy ben benjamin joe joseph sam charlie alfie archie
    freddie theo toby finn louie reggie ronnie stanley arthur albie teddy harvey jude ellis
    margaret maggie pauline bernadette eleanor harriet gemma shannon kayleigh stacey tracey
    tracy sharon julie jackie janet jean joan joyce doreen brenda pat patricia wendy hazel
    heidi holly molly poppy daisy evie ruby rosie millie ellie phoebe freya imogen esme
    bridget nadia priya anjali sunita raj rajesh sanjay vikram arjun aarav kwame kofi ama
    chidi chinedu ngozi okonkwo femi tunde yaw wojciech bartek bartosz piotr pawel paweł krzysztof
    agnieszka magdalena monika marta joanna kasia zofia jakub michal michał lukasz łukasz
    tjitske wietske sjoukje baukje geeske jikke tjalling sipke wytze hylke fokke jildert
    gerlof douwe sietse tsjalle ytje hiltje aukje anke jorieke marieke hennie gré truus
    riet nel toos cobi corry annie mien bets dien rika hetty ria tiny
    joeri wout jef staf lieven wannes jens jarne warre seppe senne rune kobe lotte lore
    fien nore lien hanne ine ilse evi elke eline ellen greet mieke veerle sofie katrien
    dries pieterjan jeroen tine an goedele hilde kristof bert gert geert dirk dimitri
    maaike marjolein ilona femke fenna saskia esmée esmee loes fleur floor jasmijn liselotte
    mees stijn daan thijs siem sem luuk bram gijs jort jasper teun pepijn olivier hidde
    quirine dewi sevda aysel zeynep ilona karin roel yvonne ingrid annelies wendelien
    priscilla naima nienke tjeerd marloes dennis ahmet mehmet youssef erik gerrit hanneke
    bartholomeus rutger bernadette jolanda lotte joost roel thomas carla bas
    aimee annemiek ans bouchra brooke courtney elin erwin fenneke ger gerbrich gijsbert griet
    harmen ineke ingeborg jacobus jelmer jente jurre kato kerry kimberley leanne lieselotte lowie
    lynn margot marinus marja mathis maud mirte petronella rianne ricardo roderick roy shauna sien
    sietske tess tessel thijmen tijn timo tjerk willeke
    """
)

_NOT_NAMES = """
    ik je jij u hij zij ze wij we jullie men mij me mijn jouw uw zijn haar ons onze hun hen het de
    een en of maar want dus toen dan daarna daarom omdat als die dat dit deze wie wat waar hoe
    waarom wanneer na nadat voor voordat tijdens sinds vanaf tot bij op in aan met van naar om
    uit over onder door zonder nog ook niet geen wel al alleen zelfs eerst later toch echt
    gelukkig helaas uiteindelijk opnieuw nooit altijd soms vandaag gisteren morgen nu hier daar
    ja nee oké ok hallo hoi beste dag goedemorgen goedemiddag geachte groeten groet bedankt dank
    i you he she they we it my your his her our their the a an and or but so then after before
    when while since until at on in to from with of for by about without also not no yes never
    always still finally again today yesterday tomorrow now here there hello hi dear thanks
    regards best kind sincerely
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei
    juni juli augustus september oktober november december monday tuesday wednesday thursday
    friday saturday sunday january february march may june july august october
    medewerker medewerkster collega klantenservice klantendienst servicedesk helpdesk afdeling
    manager teamleider supervisor leidinggevende monteur bezorger chauffeur adviseur consulent
    behandelaar operator agent employee representative advisor colleague customer service support
    klant consument mevrouw meneer heer dame man vrouw dokter arts directeur eigenaar verkoper
    verkoopster receptionist receptioniste telefonist telefoniste
    nederlander nederlandse nederlands belg belgische duits duitse engels engelse frans franse
    dutch british english german french belgian european american
    boos blij moe klaar zeker benieuwd bang verbaasd teleurgesteld woedend ziek thuis
    chatbot bot assistent robot computer systeem
    fries friezin vlaming vlaamse brabander limburger marokkaan turk surinamer pool poolse
    student studente zzp'er gepensioneerd mantelzorger moeder vader oma opa klant
    welsh irish scottish polish spanish italian scot scouser geordie pensioner nurse teacher
    marokkaans marokkaanse turks turkse pools surinaams surinaamse belgisch spaans italiaans
    grieks iers schots brits amerikaans indonesisch chinees japans russisch oekraïens syrisch
    afghaans eritrees somalisch antilliaans antilliaan oekraïner syriër rus hollander groninger
    zeeuw drent twentenaar amsterdammer rotterdammer utrechter hagenaar antwerpenaar gentenaar
    canadian australian indian pakistani nigerian ghanaian romanian bulgarian portuguese
    brazilian chinese japanese londoner yorkshireman mancunian
    furious gutted livid fuming
    team teams klantenservice klantteam
    airlinego belastingdienst klm ns postnl dhl ups gls dpd ziggo kpn vodafone odido tele2 eneco
    vattenfall essent greenchoice budget ing rabobank abn amro sns asn triodos bunq knab bol
    coolblue zalando wehkamp thuisbezorgd heijn jumbo lidl aldi ikea mediamarkt amazon
    google apple iphone ipad samsung galaxy microsoft windows facebook whatsapp instagram twitter
    tiktok linkedin youtube netflix spotify transavia schiphol corendon tui booking airbnb uber
    digid mijnoverheid uwv duo svb cjib rdw gemeente overheid kifid geschillencommissie ombudsman
    vgz cz zilveren kruis menzis achmea centraal beheer interpolis nationale nederlanden
    sky currys argos evri hermes yodel octopus ovo edf eon bt ee o2 virgin tesco sainsbury's asda
    morrisons boots picnic flink hellofresh temu shein aliexpress ryanair easyjet wizz vueling
    lufthansa eurostar nmbs proximus telenet bpost colruyt delhaize hema blokker praxis gamma
    karwei hornbach anwb ohra fbto unive ditzo aegon lyca lebara simyo youfone caiway stedin
    enexis liander greenchoice vandebron
    """
NOT_NAMES = _words(_NOT_NAMES)

# Names of companies and products that start with a first name or a title: never `[naam]`.
NOT_NAME_PHRASES = (
    "albert heijn",
    "dr. oetker",
    "dr oetker",
    "philips hue",
    "jan linders",
    "hans anders",
    "pearle",
    "mr. green",
    "anne frank",
    "john lewis",
    "ted baker",
    "ralph lauren",
    "tommy hilfiger",
    "calvin klein",
    "sint maarten",
    "big ben",
    "pro max",
    "marks & spencer",
    "hugo boss",
    "karl lagerfeld",
    "tom tailor",
    "jack wolfskin",
    "ben & jerry",
    "max verstappen",
    "victoria beckham",
    "kruidvat",
    "willem-alexander",
    "prins hendrik",
    "koning willem",
    "st john",
    "st. john",
    "papa john",
    "dr. martens",
    "dr martens",
    "captain morgan",
    "jamie oliver",
    "gordon ramsay",
    "cruijff arena",
    "johan cruijff",
    "frank energie",
    "royal mail",
)

BOT_WORDS = _words(
    """chatbot chatbots bot bots assistent assistente assistant chatassistent robot avatar
    spraakcomputer voicebot"""
)
