"""Example texts for the rules: each rule lists texts it must flag and texts it must pass.

They are shown by ``dedup explain`` and checked by the test suite.
"""

CLEAN_SHORT = (
    "Harbour Council Approves Library Budget\n\n"
    "The harbour council approved a new budget for the town library on Monday night.\n\n"
    "Councillors voted five to two after a debate that ran past midnight. The plan adds "
    "two reading rooms and extends opening hours on Sundays.\n\n"
    "The library will stay open during the building work, the chief librarian said.\n",
    "How to Repot a Fern\n\n"
    "Water the fern a day before you start, so the roots hold together.\n\n"
    "1. Choose a pot one size larger than the old one.\n"
    "2. Loosen the root ball gently with your fingers.\n"
    "3. Fill around it with fresh compost and water well.\n\n"
    "Keep the plant out of direct sun for a week while it settles.\n",
    "Q&A: The Baker Who Wakes at Three\n\n"
    "Why do you start so early?\n\n"
    "\u201cBread needs time. If I start at six, the first loaves are out at noon, and nobody "
    "wants lunch bread at noon,\u201d Ines Varga said.\n\n"
    "Do you ever sleep in?\n\n"
    "\u201cOn Mondays. The shop is closed, and I do not set an alarm.\u201d\n",
)

EXACT_PARAGRAPH_FLAGGED = (
    "The council met on Monday to discuss the new budget for the library.\n\n"
    "It approved the plan by five votes to two after a long debate.\n\n"
    "The council met on Monday to discuss the new budget for the library.\n",
    "Rain is expected across the valley from Thursday evening onwards.\n\n"
    "Farmers have been told to move livestock to higher ground before the weekend.\n\n"
    "Farmers have been told to move livestock to higher ground before the weekend.\n",
    "Storm Closes Coastal Road\n\n"
    "The coastal road between Arnby and Pelton was closed on Tuesday after waves "
    "threw rocks onto the carriageway.\n\n"
    "Police said the road would stay shut until engineers had checked the sea wall.\n\n"
    "The coastal road between Arnby and Pelton was closed on Tuesday after waves "
    "threw rocks onto the carriageway.\n",
)

NEAR_PARAGRAPH_FLAGGED = (
    "The council met on Monday to discuss the new budget for the town library.\n\n"
    "It approved the plan by five votes to two after a long debate.\n\n"
    "The council met on Monday to discus the new budget for the town libary.\n",
    "Farmers have been told to move their livestock to higher ground before the weekend, "
    "officials said.\n\n"
    "Rain is expected across the valley from Thursday evening onwards.\n\n"
    "Farmers have been told to move their livestock to higher ground before the weekend.\n",
    "Police said the coastal road would stay shut until engineers had checked the sea wall "
    "and cleared the rocks.\n\n"
    "Residents were advised to use the inland route.\n\n"
    "Police said the coastal road would stay shut until engineers had checked the sea-wall, "
    "and cleared the rocks!\n",
)

SENTENCE_FLAGGED = (
    "The bridge will close for repairs on Friday morning. Drivers should use the ring road.\n\n"
    "Engineers found cracks in two of the supports last month. The bridge will close for "
    "repairs on Friday morning.\n",
    "Tickets for the festival go on sale at nine o'clock on Saturday. Prices start at twenty pounds.\n\n"
    "Organisers expect a record crowd this year. Tickets for the festival go on sale at nine "
    "o'clock on Saturday.\n",
    "The museum reopened after a two-year renovation of its east wing. Visitors queued from dawn.\n\n"
    "The new galleries show local pottery. The museum reopened after a two-year renovation "
    "of its east wing.\n",
)

SAID_AGAIN_FLAGGED = (
    "The bridge will close for repairs on Friday morning, the council said. Drivers should use the ring "
    "road.\n\nEngineers found cracks in two supports last month. The bridge will close for repairs on "
    "Friday morning, the council said. A temporary footbridge opens next week.\n",
    "\"We will rebuild the pier,\" the mayor said. Residents cheered.\n\nAt the meeting she listed the "
    "costs. \"We will rebuild the pier,\" the mayor said. Then she took questions from the floor.\n",
    "Tickets for the festival go on sale at nine o'clock on Saturday. Prices start at twenty pounds.\n\n"
    "Organisers expect a record crowd. Tickets for the festival go on sale at nine o'clock on Saturday. "
    "Parking will be limited.\n",
)

TEMPLATE_BRIEFS = (
    "Acme Tools reported third-quarter revenue of $12.1 million, up 8 per cent from a year "
    "earlier, the company said on March 3.\n\n"
    "Birchfield Foods reported third-quarter revenue of $9.4 million, up 3 per cent from a year "
    "earlier, the company said on March 5.\n",
    "Harlow Town Council will hold a public meeting on the proposed cycle lanes on Tuesday at "
    "7 p.m. in the main hall of the civic centre, and residents can submit written comments until "
    "the end of the month.\n\n"
    "Pelton Parish Council will hold a public meeting on the proposed cycle lanes on Thursday at "
    "6 p.m. in the main hall of the civic centre, and residents can submit written comments until "
    "the end of the month.\n",
    "Dr. Maria Lopez of Arnby University will give a free public lecture on coastal erosion at the "
    "town library on Tuesday, March 4, at 7 p.m.; no booking is needed and seats are first come, "
    "first served.\n\n"
    "Prof. Kenji Sato of Pelton College will give a free public lecture on coastal erosion at the "
    "town library on Thursday, March 6, at 6 p.m.; no booking is needed and seats are first come, "
    "first served.\n",
)

GLUED_HEADING_FLAGGED = (
    "The talks ended without a deal.## What Comes Next\n\nBoth sides will meet again in May.\n",
    "Prices rose again in March.# Analysis\n\nEconomists expect a slowdown.\n",
    "\u201cWe will not give up,\u201d she said.### Reactions\n\nNeighbours welcomed the decision.\n",
)
GLUED_HEADING_PASSES = (
    "The talks ended without a deal.\n\n## What Comes Next\n\nBoth sides will meet again in May.\n",
    "Use C# or F# for the service. Both compile to the same runtime.\n",
    "Item #3 on the agenda was postponed. The vote moves to June.\n",
)

MISSING_SPACE_FLAGGED = (
    "The minister said.The talks would resume next week.\n",
    "Turnout was 64%.Officials called it a record.\n",
    "Nobody was hurt, police said.Traffic was diverted for two hours.\n",
    'She stepped onto the new carpet."It is lovely," she said.\n',
)
MISSING_SPACE_PASSES = (
    "Read the report at example.org.Nothing else is needed.\n".replace("org.Nothing", "org. Nothing"),
    "Contact press@example.com for details. The office opens at nine.\n",
    "The U.S. team arrived on Jan. 3. Training starts on Monday.\n",
    # The quote may close this sentence or open the next (a quotation run on): no fix is sure.
    '"We stood on the carpet."It is new," she said.\n',
)

_FIRST = (
    "Flood Defences Fail in Arnby\n\n"
    "Flood barriers along the River Arn gave way on Tuesday night, sending water into more than "
    "two hundred homes in the lower town of Arnby.\n\n"
    "The Environment Office said the barriers had been built in 1998 and were due for "
    "replacement next spring. Engineers found that two of the steel panels had rusted through "
    "at their base.\n\n"
    "Residents were moved to the sports hall on Mill Lane, where volunteers handed out blankets "
    "and hot food. Mayor Clara Wendt said the town would pay for temporary housing.\n\n"
)
_SECOND = (
    "## Arnby Homes Flooded After Barrier Collapse\n\n"
    "More than two hundred homes in Arnby's lower town were flooded late on Tuesday when the "
    "barriers along the River Arn failed.\n\n"
    "According to the Environment Office, the barriers dated from 1998 and were to be replaced "
    "next spring. Two steel panels had rusted through at the base, its engineers said.\n\n"
    "Volunteers at the Mill Lane sports hall gave out blankets and hot food to residents who had "
    "been moved there. The town will cover temporary housing, said Mayor Clara Wendt.\n"
)

SECOND_VERSION_FLAGGED = (
    _FIRST + _SECOND,
    _FIRST.replace("Mill Lane", "Mill Road") + _SECOND.replace("Mill Lane", "Mill Road"),
    _FIRST + _SECOND.replace("the base, its engineers said.", "the base, its engineers said on Wednesday, "
                              "and a third panel was bent."),
)

ONLY_IN_REMOVED_FLAGGED = (
    _FIRST + _SECOND.replace("Two steel panels had rusted through at the base, its engineers said.",
                             "Two steel panels had rusted through at the base, its engineers said, and a "
                             "third panel was bent out of shape."),
    _FIRST + _SECOND.replace("hot food to residents who had been moved there.",
                             "hot food and dry clothes to residents who had been moved there, many of them "
                             "elderly and frightened."),
    _FIRST + _SECOND.replace("The town will cover temporary housing, said Mayor Clara Wendt.",
                             "The town will cover temporary housing, said Mayor Clara Wendt, and pets are "
                             "welcome in the shelter kennels."),
)

# A copy that brings a fact the kept text lacks: that sentence stays, and is reported.
NEWS_IN_COPY_FLAGGED = (
    SECOND_VERSION_FLAGGED[2],
    _FIRST + _SECOND.replace("hot food to residents who had been moved there.",
                             "hot food to residents who had been moved there; about 340 people slept in the hall."),
    _FIRST + _SECOND.replace("said Mayor Clara Wendt.", "said Mayor Clara Wendt, who toured the Quay Street "
                             "shelter with Fire Chief Omar Haddad."),
)

RELATED_STORY = (
    _FIRST
    + "## Arnby Clean-Up Begins\n\n"
    "A day after the River Arn barriers failed, the first residents returned to the lower town "
    "on Wednesday to find mud up to their knees.\n\n"
    "Insurers said claims could reach four million pounds. A loss adjuster from Pelton began "
    "visiting streets near the bridge in the afternoon.\n\n"
    "The school on Quay Street will stay closed until Monday while its hall dries out.\n",
)
