"""Reports written from one template are not copies: a batch clusters re-sent items, never two reports.

The same daily money-market notice on another day, or an export sale of another tonnage,
shares nearly every word with the last one; only its figures, dates and names differ,
and they are the news. A wire item sent again, re-wrapped or lightly reworded, keeps them.
"""

from __future__ import annotations

import itertools
import textwrap

from dedup.batch.facts import ArticleFacts, differing, differing_sentences
from dedup.batch.verify import ArticleView, Link, other_facts, unchained

from .test_batch_clusters import clusters_by_name
from .test_batch_helpers import article, write_files

NOTICE = (
    "The Reserve Bank of Halvania will sell {amount} billion crowns of treasury bills tomorrow under a "
    "{term}-day repurchase agreement maturing on May {maturity}, money market dealers said.\n"
    "    {reason}\n"
    "    The yield on the bills for sales to banks and brokers will be {rate} pct against the 6.1250 pct "
    "rate for three-month commercial paper and the {deposit} pct yield today on three-month deposits.\n"
    "    The sale will put outstanding bill supply at about {supply} billion crowns.\n"
    " Reuter\n"
)
SALE = (
    "Private exporters reported sales of {tonnes} tonnes of soft red winter wheat to {buyer} for delivery "
    "in the 1987/88 season, the Agriculture Department said.\n"
    "    {reason}\n"
    "    Exporters also reported sales of {corn} tonnes of corn to unknown destinations for delivery in the "
    "current season, the department said in its daily report of export sales.\n"
    " Reuter\n"
)
MONDAY = dict(amount="150", term="40", maturity="4", rate="6.2481", deposit="6.34/28", supply="1,900",
              reason="The operation is meant to absorb a money market surplus expected from tax refunds paid to "
                     "companies ahead of the end of the quarter.")
TUESDAY = dict(amount="250", term="52", maturity="16", rate="6.2496", deposit="6.31/25", supply="2,150",
               reason="The bills will drain a projected surplus arising largely from interest and principal "
                      "payments on a maturing government bond issue.")
WEDNESDAY = dict(amount="100", term="45", maturity="9", rate="6.2470", deposit="6.30/24", supply="2,250",
                 reason="Dealers said the sale would mop up funds that the central government is paying out "
                        "to regional councils this week.")


def wrapped(text: str, width: int) -> str:
    """A wire item hard-wrapped at ``width`` columns, its paragraphs kept apart."""
    return "\n".join(textwrap.fill(line.strip(), width) if line.strip() != "Reuter" else " Reuter"
                     for line in text.splitlines()) + "\n"


def distractors() -> dict[str, str]:
    """Unrelated articles, so that words are weighted by their rarity in more than a few texts."""
    return {f"other/{i}.txt": article(400 + i) for i in range(6)}


def test_daily_notices_with_other_figures_and_days_do_not_cluster(tmp_path):
    notices = {f"notices/{name}.txt": wrapped(NOTICE.format(**values), 64)
               for name, values in (("mon", MONDAY), ("tue", TUESDAY), ("wed", WEDNESDAY))}
    write_files(tmp_path, {**notices, **distractors()})
    assert clusters_by_name(tmp_path) == []


def test_export_sales_of_other_tonnages_do_not_cluster(tmp_path):
    first = SALE.format(tonnes="120,000", buyer="Morocco", corn="250,000",
                        reason="The department said it was the second sale of wheat to Morocco this month, and "
                               "that shipments would start in May.")
    second = SALE.format(tonnes="45,000", buyer="Morocco", corn="100,000",
                         reason="Shipments under the sale, the third to Morocco reported in March, are due to "
                                "begin in June, the department said.")
    write_files(tmp_path, {"sales/a.txt": wrapped(first, 66), "sales/b.txt": wrapped(second, 66), **distractors()})
    assert clusters_by_name(tmp_path) == []


def test_a_re_sent_item_with_the_same_facts_clusters_with_its_first_sending(tmp_path):
    notice = NOTICE.format(**TUESDAY)
    # Sent again, wrapped at another width, with two phrases reworded.
    again = notice.replace("money market dealers said", "dealers in the money market said")
    again = again.replace("The sale will put outstanding bill supply at", "The sale will bring the supply of bills to")
    write_files(tmp_path, {"notices/tue.txt": wrapped(notice, 64), "notices/tue-again.txt": wrapped(again, 72),
                           **distractors()})
    found = clusters_by_name(tmp_path)
    assert [[name for name, _ in c] for c in found] == [["notices/tue-again.txt", "notices/tue.txt"]]


def test_reports_from_one_template_do_not_chain_through_a_re_sent_one(tmp_path):
    """Each notice may have its copy; no link joins two days, so each cluster holds one day."""
    texts = {f"notices/{name}.txt": wrapped(NOTICE.format(**values), 64)
             for name, values in (("mon", MONDAY), ("tue", TUESDAY), ("wed", WEDNESDAY))}
    texts["notices/tue-again.txt"] = wrapped(NOTICE.format(**TUESDAY), 70)
    write_files(tmp_path, {**texts, **distractors()})
    found = clusters_by_name(tmp_path)
    assert [[name for name, _ in c] for c in found] == [["notices/tue-again.txt", "notices/tue.txt"]]


def view(text: str) -> ArticleView:
    return ArticleView(text, text, frozenset(), text.split())


def test_other_facts_reads_figures_dates_and_first_names_but_not_a_shorter_copy():
    monday, tuesday = NOTICE.format(**MONDAY), NOTICE.format(**TUESDAY)
    assert other_facts(view(monday), view(tuesday))
    shorter = monday.split("\n")[0] + "\n"  # the first paragraph alone: values missing, none other
    assert not other_facts(view(monday), view(shorter))
    assert not other_facts(view(wrapped(monday, 50)), view(wrapped(monday, 80)))  # "1.45\nbillion" is 1.45 billion
    said = "Finance minister Tom Reyes said the budget would be cut. Reyes spoke in Halvania on Friday."
    assert other_facts(view(said), view(said.replace("Tom Reyes", "Dan Reyes")))
    assert not other_facts(view(said), view(said.replace("Tom Reyes", "Mr Reyes")))  # a title is no first name
    rose = "Output rose 5.0 pct in May from April, the ministry said."
    assert not other_facts(view(rose), view(rose.replace("5.0", "five")))  # one value, written two ways
    paid = "Acme paid 1.5 billion dlrs for the mine in March, the company said."
    assert not other_facts(view(paid), view(paid.replace("1.5 billion", "1,500 million")))
    assert other_facts(view(paid), view(paid.replace("1.5 billion", "1,500 thousand")))
    fire = "The fire broke out at 05:30 GMT on Sunday in the old mill, police said."
    assert not other_facts(view(fire), view(fire.replace("05:30", "5:30")))
    assert other_facts(view(fire), view(fire.replace("05:30", "6:30")))


_VALUES = ["5.0", "five", "7.3", "7.3 billion", "7.3\nbillion", "1,200", "1200", "$40", "March 3", "April 3", "Friday"]
_PHRASES = [f"{value} {unit}" for value in _VALUES for unit in ("tonnes", "pct")] + [
    "Tom Reyes", "Dan Reyes", "Mr Reyes", "But Reyes", "Acme Corp", "Acme Corporation"]


def test_value_marks_never_hide_other_values():
    """When one text's marks are all among the other's, reading the texts finds no other value either.

    Every text of one phrase against every text of one or two.
    """
    singles = [f"Dealers reported wheat sales of {p}." for p in _PHRASES]
    doubles = singles + [f"Dealers reported wheat sales of {p}, {q}." for p, q in itertools.product(_PHRASES, repeat=2)]
    hidden = []
    for a, b in itertools.product(singles, doubles):
        first, second = ArticleFacts(a), ArticleFacts(b)
        if first.marks <= second.marks or second.marks <= first.marks:
            if differing(first, second) or differing_sentences(first, second):
                hidden.append((a, b))
    assert hidden == []


def test_a_brief_without_figures_does_not_chain_two_days():
    """Monday ~ brief and brief ~ Tuesday are both verified; the weaker link goes, as Monday and Tuesday differ."""
    monday, tuesday = ArticleFacts(NOTICE.format(**MONDAY)), ArticleFacts(NOTICE.format(**TUESDAY))
    brief = ArticleFacts("The Reserve Bank of Halvania will sell treasury bills tomorrow, money market dealers said.")
    told = {0: monday, 1: brief, 2: tuesday}
    links = [Link(0, 1, "reworded", 0.7), Link(1, 2, "reworded", 0.6)]
    assert unchained(links, told) == [Link(0, 1, "reworded", 0.7)]
    # Two copies of one day and its brief stay one group.
    told[2] = ArticleFacts(NOTICE.format(**MONDAY).replace("dealers said", "dealers in the market said"))
    assert unchained(links, told) == links


SPREADS = (
    "Cash soybean meal spreads at {hour} hrs, in dlrs per short ton, as quoted by dealers at the exchange.\n"
    " MONTHS     BID            OFFER\n"
    + "".join(f" {months:10} {{v{i}}} under     {{w{i}}} over\n" for i, months in enumerate(
        ["Jul/Aug", "Aug/Sep", "Sep/Oct", "Oct/Dec", "Dec/Jan", "Jan/Mar", "Mar/May", "May/Jul"]))
    + "Dealers said trade was light and spreads moved with the nearby futures contract.\n"
    " Reuter\n"
)


def spreads(hour: str, start: float) -> str:
    """The table at ``hour``, its figures counted up from ``start``."""
    values = {f"{side}{i}": f"{start + 0.15 * i + (0.05 if side == 'w' else 0):.2f}" for i in range(8) for side in "vw"}
    return SPREADS.format(hour=hour, **values)


def test_hourly_price_tables_from_one_template_do_not_cluster(tmp_path):
    ten, eleven = spreads("1000", 1.20), spreads("1100", 2.35)
    write_files(tmp_path, {"spreads/1000.txt": ten, "spreads/1100.txt": eleven,
                           "spreads/1000-again.txt": ten.replace("light", "quiet"), **distractors()})
    found = clusters_by_name(tmp_path)
    assert [[name for name, _ in c] for c in found] == [["spreads/1000-again.txt", "spreads/1000.txt"]]
