"""Example texts for the truncation, conflict and structure rules: texts each rule must flag
and texts it must pass. ``dedup explain`` shows them and the test suite checks them.
"""

from .examples import _FIRST as _STORY, _SECOND as _RETOLD  # a story and its reworded second version

# --- truncation ------------------------------------------------------------------------------------

NO_VERB_FLAGGED = (
    "Islamabad refused to negotiate with the group. Officials said the position was final. "
    "As Interior Minister Jana Holt previously.\n",
    "The council delayed the vote on the new library for a third time.\n\n"
    "Despite the objections of residents in Hollis Lane and the harbour quarter.\n",
    "Tickets for the festival sold out within an hour.\n\n"
    "The oldest family in town, owners of the mill on the river since 1890.\n",
    # A reported statement cut after its subject, or a question after "how".
    "The party met in Leeds on Monday. Later at the launch its chairman Ian Cole said his party.\n",
    "The airport is working with the airlines to see how the strict.\n",
    # What was said lost whole ("said" and only when), or the clause after "found that".
    "The ferry will not sail this week. The head of the harbour board said on Monday.\n",
    "Fewer people are reading the paper. A survey by the library found that the number of readers.\n",
)
NO_VERB_PASSES = (
    "Le conseil municipal a adopt\u00e9 lundi soir un budget de 84 millions d'euros.\n\n"
    "L'opposition a vot\u00e9 contre, estimant que la hausse des imp\u00f4ts locaux de 2 % p\u00e8serait "
    "trop lourdement sur les m\u00e9nages modestes.\n",
    "Ten years ago, the engineers carried tablets and phones.\n\nNot anymore.\n\nWhy? Because it works.\n",
    "The coach was asked about the result.\n\n\u201cA remarkable night for a very young team.\u201d\n",
    "What did the survey find? Mostly empty shelves in the smaller branches.\n\n"
    "The Year in Review for Harlow Town.\n\nWhat a night for the club!\n",
    "\u2014 Jane Doe, chair of the Harlow residents\u2019 association.\n\nShe has lived on the street since 1994.\n",
    "Now there are 17 boats, and the biggest is nearly 24 metres long. Fewer boats, bigger boats, and far "
    "fewer people on the quay at five in the morning.\n",
    # A decimal written without its nought, glued to the verb before it.
    "Her best lap on the second day was.4 seconds quicker than her best on the first.\n",
    # "said" after what was said, or with a plain object; other verbs take noun phrases.
    "Ferries will stop in winter, said the report. He said goodbye to the crew. Mr Ebbers denied the allegations.\n",
    # When or where after "said", with what was said before it or asked for by "what" or "as".
    "Ferries will stop in winter, the harbour board said on Monday. That was not what the mayor said at the "
    "meeting. The plan is as the chairman of the board said in May.\n",
    "He found that book in the attic of the old mill. She named that boat The Heron.\n",
)

DANGLING_CLAUSE_FLAGGED = (
    "The plan was delayed again. Because the council had not yet.\n",
    "Work on the bridge stopped in March. When the contractor went bankrupt.\n",
    "Residents were told to keep their windows shut. Although the smoke had cleared by then.\n",
)
DANGLING_CLAUSE_PASSES = (
    "Why do paper maps still matter? Because they work.\n",
    "\u201cWhen I am impatient I open the kiln too early and the colour goes grey.\u201d\n\n"
    "When I am impatient I open the kiln too early.\n",
    "Because of the rain, the match was delayed. While the crowd waited, the band played.\n",
)

DANGLING_END_FLAGGED = (
    "Deputy Mayor Carla Jensen said the revised budget would. The committee meets again in May.\n",
    "The city pays $76 million of the cost, according to the. Staff expect the figure to rise.\n",
    "The ferry will run twice a day, with extra sailings at weekends and. Tickets go on sale on Monday.\n",
    "Asked about the strike, the minister told reporters that it was. Talks resume on Friday.\n",
    "Sales have held up well, however, and the shops have barely. Staff expect a busy winter.\n",
)
DANGLING_END_PASSES = (
    "For many families, the club is the fixed point of the week. That is what the whole thing is all about.\n",
    "The crowd cheered when the lights went out. After an hour, the band gave up.\n",
    "Prices will rise this year, as the board has already. Nobody had ever been that far north, though many had tried.\n",
    "Nobody cares what school you go to or what you're good at. It might be.\n",
    "The repairs took longer than they should have. Asked whether the plan would work, she said it would. "
    "A free advice line can tell you what you are entitled to. He needed someone to split the fee with.\n",
    "It is the only thing he's ever been good at. She is someone the players look up to. It is a noise "
    "the town has had to put up with. The plan is one the council can live with. There is much to be "
    "thankful for. Residents can park on the street if they want to. The company said it would.\n",
    # A hedge at the end, and an auxiliary after a quantifier that stands for a noun said before.
    "The new phone goes on sale on Tuesday\u2026 sort of. Half the tenants said their boilers had been fixed, "
    "while a third said only some had.\n",
)

UNCLOSED_QUOTE_FLAGGED = (
    "Councillor Ahmed Rahimi was blunt. \u201cIf the province will not help, we are stuck.\n\n"
    "The vote is next week.\n",
    'He said "we will not move the depot. The vote is next week.\n',
    "The mayor called it \u201ca disgrace and a waste of money. Councillors agreed with her.\n",
    # A quotation continued inside the paragraph is reopened, and then left open.
    '"We lost the hall in March. "Since then we have rehearsed in a car park and nobody\n',
)
UNCLOSED_QUOTE_PASSES = (
    "\u201cWe started with eight players and one borrowed set.\n\n"
    "\u201cNow we have seventy,\u201d the founder said.\n",
    'The new pipe is 12" wide, the report said.\n',
    "\u201cIt was a good year,\u201d she said. \"We will grow again,\" he added.\n",
    # Paragraph breaks lost: each paragraph of the quotation but the last was left open.
    '"We lost the hall in March. "Since then we have rehearsed in a car park," she said.\n',
    'The choir sang "Carols 1962" at the station, as it does every year.\n',
)

UNCLOSED_BRACKET_FLAGGED = (
    "The board (which met on Monday voted to close the pool.\n",
    "Prices rose 4 per cent [the highest in a decade, the report said.\n",
    "The route (from Arnby to Pelton runs every 15 minutes. Tickets cost two pounds.\n",
)
UNCLOSED_BRACKET_PASSES = (
    "The board (which met on Monday) voted to close the pool.\n",
    "Residents can choose one of three options: a) repair, b) replace or c) wait.\n",
    "[Photo: A lantern on Quay Street. Credit: Tomas Reyna]\n\nThe procession set off at dusk.\n",
)

NO_TERMINAL_FLAGGED = (
    "Stadium Plan Hits Funding Gap\n\nUnder the current agreement, the city pays $76 million of the cost, according to the\n\n"
    "The team said it would not cover the shortfall.\n",
    "The shower peaks on the night of Dec. 13.\n\nThe best viewing will be between midnight and",
    "Parking Fees Scrapped\n\nThe hospital said each patient would receive a free pass from the office,\n\nVisitors will still pay.\n",
    # A last line that names someone and stops: cut, though it could pass for a heading.
    "Rovers Win Again\n\nThe match was played in heavy rain.\n\n"
    "Midfielder Tom Reed, signed from Hull in June, scored twice as Rovers beat\n",
    # A lead cut on a word no sentence ends on, though alone on its line like a heading.
    "Games Get Bigger\n\nThe current crop of sports games offers players unparalleled opportunities for\n\n"
    "Sales rose by a fifth last year.\n",
)
NO_TERMINAL_PASSES = (
    "The council signed the contract on Monday.\n\nIn brief: Greyford signs $62 million recycling deal\n\n"
    "Greyford council has agreed a seven-year recycling contract.\n",
    "# How to repot a fern\n\n- A pot one size larger than the old one\n- Fresh compost\n\nWater the fern first.\n",
    "[Photo: A child carries a lantern along Quay Street on Saturday. Credit: Tomas Reyna]\n\n"
    "The procession set off at 7:30 p.m.\n",
    "By Priya Raman\nScience correspondent\n\nThe lake is deep and cold.\n\nWhere to go\n\n"
    "Light pollution is the biggest obstacle.\n\nContact: press@example.org\n",
    "Eleanor Crane obituary\n\nBotanist who catalogued the wild flowers of the Tamsin Hills and founded a seed bank\n\n"
    "\u201cI have never met a weed, only a plant that has lost an argument with a gardener.\u201d\n"
    "\u2014 Eleanor Crane, 1986\n\nShe died on 11 August aged 93.\n",
    "The K4 is quiet and rarely gets stuck.\n\n"
    "Pros: reliable rug detection; rarely gets stuck; quiet, clean app; long-lasting dock bags\n"
    "Cons: basic mop; side brush scatters debris; an account is required to use the app\n",
    # A team sheet on one line, a quoted fragment closed by its writer, and a complete clause
    # whose full stop the writer forgot inside the article: no sign of a cut.
    "The coach named her crew on Monday.\n\n"
    "Ada Moss (Leeds), Ben Ito (York), Cy Law (Hull), Dee Park (Bath), Eli Tran (York)\n\n"
    "\u201c\u2026 a crew that will row better in August than in May\u201d\n\n"
    "The captain said the young rowers had earned their seats at the winter trials in Dunmore\n\n"
    "The regatta starts on Saturday.\n",
    # A caption and a credit line at the end of the article: the present tense, and "by" a name.
    "The council met on Monday.\n\nIt agreed the budget after a long debate.\n\n"
    "Council leader Ann Lee speaks to reporters outside the town hall\n\n"
    "Additional reporting by Sam Jones and Priya Raman\n",
    # A hard-wrapped paragraph the segmenter split at a line: it runs on on the next line.
    "Party drafts plan to lift growth\n\n"
    "    These steps are urgent, partly because of the trade gap with the U.S., he said.\n"
    "    The new rules will be explained to the U.S. This week when\n"
    "Trade Minister Anna Kovacs visits Washington for the\n"
    "International Monetary Fund (IMF) meeting, he added.\n",
)

PREFIX_FLAGGED = (
    "Patient advocates say the cost of parking falls hardest on people with long illnesses who are often\n\n"
    "The board met on Monday.\n\n"
    "Patient advocates say the cost of parking falls hardest on people with long illnesses who are often "
    "too ill to work.\n",
    "The hearing will be held on Tuesday at. Residents may speak for five minutes.\n\n"
    "The hearing will be held on Tuesday at 7 p.m. in the community hall.\n",
    "The museum reopened after a two-year renovation. Visitors queued along the quay from dawn, and the first "
    "hundred were given free guidebooks.\n\n"
    "The new galleries show local pottery and a restored pilot cutter.\n\n"
    "The museum reopened after a two-year renovation of its east wing. Visitors queued along the quay from dawn, and "
    "the first hundred were given free guidebooks.\n",
)
PREFIX_PASSES = (
    "The hearing will be held on Tuesday. Residents may speak.\n\n"
    "The hearing will be held on Tuesday, March 11, at 7 p.m.\n",
    "The council voted to approve the plan. Later, the council voted to reject the rival plan.\n",
    "The library will stay open during the work. The library will stay open during the work on weekdays only.\n"
    .replace("work. The", "work, the chief librarian said. The"),
)

# --- conflicts ---------------------------------------------------------------------------------------

_TEMPLATE_BRIEFS = (
    "Acme Tools reported third-quarter revenue of $12.1 million, up 8 per cent from a year "
    "earlier, the company said on March 3.\n\n"
    "Birchfield Foods reported third-quarter revenue of $9.4 million, up 3 per cent from a year "
    "earlier, the company said on March 5.\n"
)
_COURT_BRIEFS = (
    "Jordan Pike, 34, of Allerby, was sentenced on Tuesday to 18 months for three break-ins at storage units.\n\n"
    "Sofia Marchenko, 41, of Denholm, was sentenced on Thursday to 12 months for selling counterfeit handbags.\n"
)

CONFLICT_NUMBER_FLAGGED = (
    "Officials said 42 people were injured in the blast at the Harlow depot on Monday morning.\n\n"
    "The depot has been closed while investigators examine the site.\n\n"
    "Officials said 24 people were injured in the blast at the Harlow depot on Monday morning.\n",
    "The museum received 4,200 visitors in the first week after the renovation of its east wing. "
    "It now opens daily.\n\n"
    "Staff were surprised by the crowds. The museum received 2,400 visitors in the first week after "
    "the renovation of its east wing.\n",
    _STORY + _RETOLD.replace("More than two hundred homes", "More than three hundred homes"),
)
CONFLICT_NUMBER_PASSES = (
    _TEMPLATE_BRIEFS,
    "The storm dropped 71 centimetres of snow on Fenwick by Sunday morning.\n\n"
    "The previous record, 64 centimetres, was set in February 1978.\n",
    "The council met on Monday to discuss the budget for the town library.\n\n"
    "It approved the plan by five votes to two.\n\n"
    "The council met on Monday to discuss the $4 million budget for the town library.\n",
)

CONFLICT_DATE_FLAGGED = (
    "The hearing will be held on Tuesday, March 11, at 7 p.m. in the Brockhurst Community Hall. "
    "Residents who wish to speak must register by March 4.\n\n"
    "The company says the expansion would protect 38 jobs.\n\n"
    "The hearing will be held on Thursday, March 13, at 7 p.m. in the Brockhurst Community Hall. "
    "Residents who wish to speak must register by March 4.\n",
    "The Harlow bridge will close for repairs on Friday morning, the council said in a statement.\n\n"
    "Drivers should use the ring road.\n\n"
    "The Harlow bridge will close for repairs on Monday morning, the council said in a statement.\n",
    "The barriers were built in 1998 and are due for replacement next spring, the office said.\n\n"
    "Residents were moved to the sports hall.\n\n"
    "The barriers were built in 1989 and are due for replacement next spring, the office said.\n",
)
CONFLICT_DATE_PASSES = (
    "The hearing is on Tuesday at the community hall. The council votes on Thursday.\n",
    _COURT_BRIEFS,
    "The bridge will close for repairs in the morning, the council said in a statement.\n\n"
    "Drivers should use the ring road.\n\n"
    "The bridge will close for repairs on Friday morning, the council said in a statement.\n",
)

CONFLICT_NAME_FLAGGED = (
    "\u201cWe knew they\u2019d come at us,\u201d said Hallam head coach Tom Reyes. \u201cThe boys held their rhythm.\u201d\n\n"
    "The win capped a remarkable season for the crew.\n\n"
    "\u201cWe knew they\u2019d come at us,\u201d said Hallam head coach Dan Reyes. \u201cThe boys held their rhythm.\u201d\n",
    "At Harlow town hall the plan was approved after a long debate, said council leader Clara Wendt.\n\n"
    "Work starts in May.\n\n"
    "At Harlow town hall the plan was approved after a long debate, said council leader Nadia Wendt.\n",
    _STORY + _RETOLD.replace("said Mayor Clara Wendt", "said Mayor Nadia Wendt"),
)
CONFLICT_NAME_PASSES = (
    _TEMPLATE_BRIEFS,
    "The Harbour Centre opened its doors to the public on Monday after a long restoration.\n\n"
    "Visitors queued from dawn.\n\n"
    "The Harbour Center opened its doors to the public on Monday after a long restoration.\n",
    "Coach Tom Reyes said the crew had trained hard. Tom Reyes has coached at Hallam since 2015.\n",
)

CONFLICT_NEGATION_FLAGGED = (
    "Superintendent Marisol Vega said the district will reopen Holbrook to students on Monday, Feb. 3.\n\n"
    "Staff will return to the building on Jan. 29.\n\n"
    "Superintendent Marisol Vega said the district will not reopen Holbrook to students on Monday, Feb. 3.\n",
    "Residents can use the footbridge while the work on the main bridge goes on, the council said.\n\n"
    "The work will take six months.\n\n"
    "Residents cannot use the footbridge while the work on the main bridge goes on, the council said.\n",
    "The inspectors found that the wall had been built to the standard required by the 1998 plan.\n\n"
    "The report was published on Friday.\n\n"
    "The inspectors found that the wall had never been built to the standard required by the 1998 plan.\n",
)
CONFLICT_NEGATION_PASSES = (
    "The council did not approve the plan on Monday, the mayor said after the meeting.\n\n"
    "A new vote is due in May.\n\n"
    "The council did not approve the plan on Monday, the mayor told reporters after the meeting.\n",
    "The union failed to reach a deal with the port employers after nine hours of talks on Thursday.\n\n"
    "Workers walked out on Friday morning.\n\n"
    "After nine hours of talks on Thursday, the union and the port employers did not reach a deal.\n",
    "The library will not close on Sundays. It will open later on Mondays.\n",
)

CONFLICT_QUOTE_FLAGGED = (
    "\u201cWe will keep the public informed at every stage,\u201d said Mayor Ines Varga after the meeting.\n\n"
    "The work starts in May.\n\n"
    "\u201cWe will keep the people informed at every stage,\u201d said Mayor Ines Varga after the meeting.\n",
    "\u201cThe figures speak for themselves,\u201d said finance director Omar Haddad on Tuesday evening.\n\n"
    "Shares rose 4 per cent.\n\n"
    "\u201cThe numbers speak for themselves,\u201d said finance director Omar Haddad on Tuesday evening.\n",
    "\"Nobody wants to see costs rise again,\" said Greta Holm, the chief executive of the trust.\n\n"
    "The trust runs three hospitals.\n\n"
    "\"Nobody wants to see prices rise again,\" said Greta Holm, the chief executive of the trust.\n",
)
CONFLICT_QUOTE_PASSES = (
    "Officials conveyed their \u201cfinal position,\u201d insisting that the regime must act first.\n\n"
    "Talks went on into the night.\n\n"
    "Officials conveyed their \u201cfinal position.\u201d They insisted that the regime must act first.\n",
    "\u201cThe colour of the glaze depends on the kiln,\u201d said potter Odile Marchetti on Monday.\n\n"
    "Her show opens in May.\n\n"
    "\u201cThe color of the glaze depends on the kiln,\u201d said potter Odile Marchetti on Monday.\n",
    "\u201cWe will rebuild,\u201d the mayor said. The crowd answered: \u201cWe will rebuild.\u201d\n",
)

# --- structure ---------------------------------------------------------------------------------------

MULTIPLE_TITLES_FLAGGED = (
    "Calloway Port Strike: Talks Collapse Over Automation\n\n"
    "Calloway Dockworkers Walk Out as Automation Talks Fail\n\n"
    "Talks between the port employers and the union broke down late on Thursday.\n",
    "Record Snowfall Buries Kestrel Valley, Closing Schools\n\n"
    "Kestrel Valley Digs Out After Heaviest Snow in 60 Years\n\n"
    "A storm dropped 71 centimetres of snow on Fenwick by Sunday morning.\n",
    "# Tarnley broadband reaches its first 2,000 homes\n\n"
    "The first homes were connected on Monday.\n\n"
    "# Tarnley's own broadband network goes live\n\n"
    "Prices start at 24 pounds a month.\n",
)
MULTIPLE_TITLES_PASSES = (
    "Mud at the bottom of Lake Orrin holds 9,000 years of wildfire history\n\n"
    "By Priya Raman\nScience correspondent\n\n"
    "The clearest record of the fires lies under 14 metres of water.\n",
    "FOR IMMEDIATE RELEASE\n\n"
    "Brightwater Foods to open plant-based protein factory in Kellan Falls\n\n"
    "KELLAN FALLS \u2014 Brightwater Foods will open a factory employing 130 people.\n",
    "Ten-man Calder Town hold on for first away win of the season\n\n"
    "Brackwater Rovers 1 Calder Town 2\n\n"
    "Calder Town ended a run of nine away games without a win.\n",
    "Court roundup: sentences handed down in Allerby court\n\n"
    "Allerby man jailed for break-ins at three storage units\n\n"
    "Jordan Pike, 34, was sentenced on Tuesday to 18 months.\n",
)

_SNOW_STORY = (
    "Record Snowfall Buries Kestrel Valley\n\n"
    "A storm that stalled over the Kestrel Valley for two days dropped 71 centimetres of snow on Fenwick, "
    "the most since records began in 1963.\n\n"
    "Highway 14 was closed and all 19 schools in the district shut on Monday. About 8,200 homes lost power "
    "as heavy snow brought down lines across the valley.\n\n"
    "Crews are working around the clock to clear roads, and residents are urged to check on neighbours.\n\n"
)
RESTATEMENT_FLAGGED = (
    _SNOW_STORY + "Summary:\nA record storm dropped 71 centimetres of snow on Fenwick in the Kestrel Valley, "
    "closing Highway 14 and the schools and cutting power to thousands of homes. Crews are clearing roads.\n",
    _SNOW_STORY + "TL;DR: Record snow closed Highway 14 and the schools in the Kestrel Valley, and crews are "
    "still clearing the roads.\n",
    _SNOW_STORY + "Key points:\n\n- 71 centimetres of snow fell on Fenwick, a record\n"
    "- Highway 14 and all 19 schools closed\n- About 8,200 homes lost power\n",
)
RESTATEMENT_PASSES = (
    _SNOW_STORY + "Correction: An earlier version of this article said 81 centimetres of snow fell on Fenwick.\n",
    _SNOW_STORY + "Summary:\nForecasters expect a second storm from the north-west on Thursday, bringing "
    "freezing rain to the coast and gales over the hills.\n",
    _SNOW_STORY,
)

ACRONYM_FLAGGED = (
    "The Coastal Flood Defence Board (CFDB) will oversee the works.\n\n"
    "Its chair said the Coastal Flood Development Board (CFDB) would meet landowners.\n",
    "Pakistan presented evidence about the Balochistan Liberation Army (BLA).\n\n"
    "Officials named the Baloch Liberation Army (BLA) in their statement.\n",
    "The Harbour and Dock Workers' Union (HDWU) called the strike.\n\n"
    "The HDWU (Harbour and Dock Wardens' Union) says the offer is not enough.\n",
)
ACRONYM_PASSES = (
    "The Coastal Flood Defence Board (CFDB) will oversee the works. The CFDB meets in May.\n",
    "The Coastal Flood Defence Board (CFDB) will oversee the works.\n\n"
    "A spokesman for the coastal flood defence board (CFDB) said work starts in May.\n",
    "Groups such as Tehreek-i-Taliban Pakistan (TTP) operate across the border.\n\n"
    "Pakistan asked Kabul to act against Tehreek i Taliban Pakistan (TTP).\n",
)

ACRONYM_REDEFINED_FLAGGED = (
    "The Coastal Flood Defence Board (CFDB) will oversee the works.\n\n"
    "The Coastal Flood Defence Board (CFDB) will publish its plan in September.\n",
    "The World Health Organization (WHO) issued a warning.\n\n"
    "A spokesman for the World Health Organization (WHO) said more data was needed.\n",
    "The HDWU (Harbour and Dock Workers' Union) called the strike.\n\n"
    "The Harbour and Dock Workers' Union (HDWU) says the offer is not enough.\n",
)
ACRONYM_REDEFINED_PASSES = ACRONYM_PASSES[:1] + (
    "The Coastal Flood Defence Board (CFDB) will oversee the works.\n\n"
    "Its chair said the Coastal Flood Development Board (CFDB) would meet landowners.\n",
    "The board (which met on Monday) said the works (about 23 kilometres of sea wall) start in May.\n",
)

ENTITY_VARIANT_FLAGGED = (
    "Hazelnut prices doubled after a poor harvest in Türkiye. Most of the supply comes from Türkiye.\n\n"
    "Traders in Turkey expect prices to ease slowly.\n",
    "The delegation flew to Kyiv on Monday. Talks in Kiev lasted two days.\n",
    "NATO ministers met in Brussels. A Nato spokesman said the talks went well.\n",
)
ENTITY_VARIANT_PASSES = (
    "The United Nations (UN) sent observers. The UN said the vote was fair.\n",
    "The turkey farm near the coast exports to Türkiye and to Greece.\n",
    "The Federal Reserve held rates. The Fed meets again in June. Britain and Great Britain differ.\n",
)

BOILERPLATE_FLAGGED = (
    "The law takes effect on Jan. 1.\n\nRead more: Councillors push for repair caf\u00e9s in every ward\n\n"
    "Repair shops welcomed the change.\n",
    "The law takes effect on Jan. 1.\n\nSubscribe to our newsletter\n\nRepair shops welcomed the change.\n",
    "The law takes effect on Jan. 1.\nShare this article\nRepair shops welcomed the change.\n\nAdvertisement\n",
    "The law takes effect on Jan. 1.\n\nShare this article: Facebook Twitter Email\n\nRepair shops welcomed the change.\n",
)
BOILERPLATE_PASSES = (
    "Residents can share the survey by email, on Facebook or on Twitter, the council said.\n",
    "Residents can subscribe to a newsletter about the road works, the council said.\n",
    "[Photo: Volunteers build a lantern at the Brook Street workshop. Credit: Tomas Reyna]\n\n"
    "The lanterns took six weeks to make.\n",
    "Read more about the plan on the council's website, which lists every street affected.\n",
)
