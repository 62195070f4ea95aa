"""The words of the format, one per idea: the form, the page, the PDF and the spreadsheet name an
idea the same way, so a professional who learns "uitdoving" on the form finds "uitdoving" in
the report. `tests/test_glossary.py` holds the Dutch catalogue to it.

Each entry: the Dutch term, the other words that have been used for the same idea and may no
longer appear in the Dutch interface, and what the "Begrippen" page (/begrippen/) says about it:
its anchor there, its heading, a plain explanation and, where the term enters a calculation,
how (the formulas of DOMAIN.md). `words` and `english` are the forms of the term that link to
its explanation where a help text of a form uses them (wwidw/templatetags/glossary.py).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Term:
    term: str
    not_to_use: tuple[str, ...]
    # Its place on the page: /begrippen/#anchor (default: the term as a slug).
    anchor: str = ""
    # The heading on the page (default: the term); Dutch, it starts with the term.
    name: str | Promise = ""
    explanation: str | Promise = ""
    calculation: tuple[str | Promise, ...] = ()
    # Dutch and English forms of the term that link to the explanation in a help text; none
    # for a word too common to link (afgerond, afgelopen).
    words: tuple[str, ...] = ()
    english: tuple[str, ...] = ()
    # A template that shows more, such as the steps of the evidence scale.
    more: str = ""

    def __post_init__(self):
        object.__setattr__(self, "anchor", self.anchor or slugify(self.term))
        object.__setattr__(self, "name", self.name or self.term.capitalize())


VALUE_FORMULA = _(
    "The value of a valued outcome in year t = quantity × financial proxy × (1 − deadweight) × "
    "(1 − displacement) × (1 − attribution) × (1 − drop-off)^(t − 1), and zero after its "
    "duration."
)

TERMS = [
    Term(
        "nulmeting",
        ("basismeting", "beginmeting", "0-meting", "voormeting"),
        anchor="nulmeting",
        name=pgettext_lazy("glossary", "Baseline measurement"),
        explanation=_(
            "The value of an indicator measured before the intervention starts: the starting "
            "point that every later measurement is compared with. Without a baseline "
            "measurement nobody can see what changed."
        ),
        calculation=(
            _(
                "Change = latest measurement − baseline measurement; relative change = change ÷ "
                "|baseline measurement|, which cannot be computed when the baseline measurement "
                "is 0."
            ),
            _(
                "Improvement = the relative change, turned around when lower is better. From "
                "+5 percent the indicator counts as improved, from −5 percent as worsened, in "
                "between as unchanged."
            ),
        ),
        words=("nulmeting", "nulmetingen"),
        english=("baseline measurement", "baseline"),
    ),
    Term(
        "nulalternatief",
        (),
        anchor="nulalternatief",
        name=pgettext_lazy("glossary", "Null alternative"),
        explanation=_(
            "What would happen without this intervention: the situation the intervention is "
            "compared with. It is the basis of the deadweight, the part that would have happened "
            "anyway."
        ),
        words=("nulalternatief",),
        english=("null alternative",),
    ),
    Term(
        "deadweight",
        ("nuleffect", "dood gewicht"),
        anchor="deadweight",
        name=pgettext_lazy("glossary", "Deadweight"),
        explanation=_(
            "The part of a change that would have happened anyway, without the intervention, "
            "as a percentage. Example: 20 percent if one in five households would have found work "
            "without help as well. A comparison area or the null alternative helps to estimate "
            "it."
        ),
        calculation=(
            VALUE_FORMULA,
            _("A deadweight of 20 percent leaves 80 percent of the value."),
        ),
        words=("deadweight",),
        english=("deadweight",),
    ),
    Term(
        "attributie",
        ("toe te schrijven aan anderen",),
        anchor="attributie",
        name=pgettext_lazy("glossary", "Attribution"),
        explanation=_(
            "The part of a change that is thanks to others: other projects, the police, the "
            "neighbourhood team. Example: 40 percent if others did almost half of the work. "
            "Only the rest counts as the result of this intervention."
        ),
        calculation=(
            VALUE_FORMULA,
            _("An attribution of 40 percent leaves 60 percent of the value."),
        ),
        words=("attributie",),
        english=("attribution",),
    ),
    Term(
        "verdringing",
        ("verplaatsing",),
        anchor="verdringing",
        name=pgettext_lazy("glossary", "Displacement"),
        explanation=_(
            "The part of a change that merely moved elsewhere instead of disappearing, such as "
            "nuisance that shifts to the next street (the waterbed effect). Example: 30 percent "
            "if the nuisance partly shifted to the next street."
        ),
        calculation=(
            VALUE_FORMULA,
            _("A displacement of 30 percent leaves 70 percent of the value."),
        ),
        words=("verdringing",),
        english=("displacement",),
    ),
    Term(
        "uitdoving",
        ("afname per jaar",),
        anchor="uitdoving",
        name=pgettext_lazy("glossary", "Drop-off"),
        explanation=_(
            "How much of an effect fades each following year, as a percentage of the year "
            "before. Example: 25 percent if a quarter of the effect is gone a year later."
        ),
        calculation=(
            VALUE_FORMULA,
            _(
                "With a drop-off of 25 percent the value in year 2 is 75 percent and in year 3 "
                "56.25 percent of that of the first year."
            ),
        ),
        words=("uitdoving",),
        english=("drop-off",),
    ),
    Term(
        "financiële proxy",
        (),
        anchor="proxy",
        name=pgettext_lazy("glossary", "Financial proxy"),
        explanation=_(
            "The value in euros of one unit of a change that has no price of its own, such as "
            "a prevented eviction or a year with less nuisance. Take it from the shared library "
            "of proxies where you can, with its source and price year, so that descriptions can "
            "be compared."
        ),
        calculation=(
            VALUE_FORMULA,
            _(
                "The sensitivity analysis also takes every proxy 25 percent lower and 25 percent "
                "higher and shows the range of the SROI ratio that follows."
            ),
        ),
        words=("financiële proxy", "financiële proxy's", "proxy", "proxy's"),
        english=("financial proxy", "financial proxies", "proxy", "proxies"),
    ),
    Term(
        "maatschappelijke waarde",
        (),
        anchor="maatschappelijke-waarde",
        name=pgettext_lazy("glossary", "Social value"),
        explanation=_(
            "What the changes an intervention brings about are worth to society in euros: its "
            "valued outcomes together, after the corrections for deadweight, displacement, "
            "attribution and drop-off. A euro later counts for less than a euro now, so the "
            "values of later years are discounted to their present value."
        ),
        calculation=(
            _(
                "Present value of the benefits = the sum, over the years t and the valued "
                "outcomes, of the value in year t ÷ (1 + r)^t, with r the discount rate."
            ),
        ),
        words=(
            "maatschappelijke waarde",
            "maatschappelijke opbrengsten",
            "maatschappelijke opbrengst",
            "contante waarde",
        ),
        english=("social value", "social returns", "present value"),
    ),
    Term(
        "disconteringsvoet",
        (),
        anchor="disconteringsvoet",
        name=pgettext_lazy("glossary", "Discount rate"),
        explanation=_(
            "The percentage per year by which a future euro counts for less than a euro now. "
            "3.5 percent is usual for social returns."
        ),
        calculation=(
            _(
                "The benefits of year t are divided by (1 + r)^t and the costs by "
                "(1 + r)^(t − 1): the costs of the first year are not discounted."
            ),
        ),
        words=("disconteringsvoet",),
        english=("discount rate",),
    ),
    Term(
        "sroi",
        (),
        anchor="sroi",
        name=pgettext_lazy("glossary", "SROI (social return on investment)"),
        explanation=_(
            "How many euros of social value one euro of cost yields. A ratio above 1 : 1 means "
            "the intervention yields more than it costs. Read the ratio with its range: the "
            "estimates behind it are uncertain."
        ),
        calculation=(
            _(
                "SROI ratio = present value of the benefits ÷ present value of the costs; net "
                "present value = present value of the benefits − present value of the costs. "
                "Without costs the ratio cannot be computed."
            ),
            _(
                "The range: the ratio computed again with deadweight and attribution each 10 "
                "percentage points lower and higher, and every proxy 25 percent lower and higher."
            ),
        ),
        words=("sroi", "sroi-ratio", "maatschappelijk rendement"),
        english=("sroi", "sroi ratio", "social return"),
    ),
    Term(
        "belanghebbende",
        ("actor", "actoren", "stakeholder"),
        anchor="belanghebbende",
        name=pgettext_lazy("glossary", "Stakeholder"),
        explanation=_(
            "Who invests in an intervention or gains from it: residents, the corporation, the "
            "municipality, the police, care. Costs and social value are counted per "
            "stakeholder, so that each sees what it puts in and what it gets back."
        ),
        calculation=(
            _(
                "Balance of a stakeholder = present value of the benefits that go to the "
                "stakeholder − present value of the costs the stakeholder bears."
            ),
        ),
        words=("belanghebbende", "belanghebbenden"),
        english=("stakeholder", "stakeholders"),
    ),
    Term(
        "directe resultaten",
        (),
        anchor="directe-resultaten",
        name=pgettext_lazy("glossary", "Direct results (outputs)"),
        explanation=_(
            "What the intervention itself delivers and you can count directly: talks held, "
            "households reached, repairs done. They show that the work was done, not yet "
            "whether the neighbourhood changed; the effects show that."
        ),
        calculation=(
            _(
                "Realisation = realised ÷ target × 100 %. Cost per unit of result = total cost "
                "÷ the realised total, which cannot be computed while nothing is realised."
            ),
        ),
        words=("directe resultaten", "direct resultaat", "output", "outputs"),
        english=("direct results", "direct result", "output", "outputs"),
    ),
    Term(
        "beoogd effect",
        (),
        anchor="beoogd-effect",
        name=pgettext_lazy("glossary", "Intended effect"),
        explanation=_(
            "A change in the neighbourhood or for its residents that the intervention aims at, "
            "chosen from the shared list of effects (for example VE.01 less nuisance from "
            "neighbours), as an intermediate or final goal. Because everyone chooses from the "
            "same list, descriptions and archetypes can be compared per effect."
        ),
        words=("beoogd effect", "beoogde effect", "beoogde effecten"),
        english=("intended effect", "intended effects"),
    ),
    Term(
        "effectindicator",
        (),
        anchor="effectindicator",
        name=pgettext_lazy("glossary", "Effect indicator"),
        explanation=_(
            "The figure that shows whether an intended effect occurs, such as the share of "
            "residents who feel safe in the neighbourhood: with its unit, its direction (is "
            "higher or lower better?), its method, a baseline measurement, a target and "
            "measurements over time."
        ),
        calculation=(
            _(
                "Target attainment = change ÷ (target − baseline measurement) × 100 %. The status "
                "(improved, unchanged, worsened) follows from the improvement since the baseline "
                "measurement."
            ),
        ),
        words=("effectindicator", "effectindicatoren"),
        english=("effect indicator", "effect indicators"),
    ),
    Term(
        "vergelijkingsgebied",
        (),
        anchor="vergelijkingsgebied",
        name=pgettext_lazy("glossary", "Comparison area"),
        explanation=_(
            "An area without the intervention, measured in the same way on the same dates, "
            "such as the whole city or a similar neighbourhood. It shows what would have "
            "changed anyway, so that the change that is due to the approach remains."
        ),
        calculation=(
            _(
                "Net change = change in the area − change in the comparison area; net "
                "improvement = net change ÷ |baseline measurement|, turned around when lower is "
                "better. The status then follows the net improvement: a before and after "
                "measurement with a comparison group, one step up the evidence scale."
            ),
        ),
        words=("vergelijkingsgebied", "vergelijkingsgebieden"),
        english=("comparison area", "comparison areas"),
    ),
    Term(
        "verandertheorie",
        ("veranderingstheorie",),
        anchor="verandertheorie",
        name=pgettext_lazy("glossary", "Theory of change (assumptions)"),
        explanation=_(
            "The chain of assumptions of how the approach leads to the intended effects, step "
            "by step: if … then … because …. The form calls it the assumptions. Each step names "
            "its support (own experience, experience of others, theory, research) and how sure "
            "it is (assumption, plausible, demonstrated). Example: if the caretaker is in the "
            "porches every day, then nuisance and litter are noticed sooner, because there is "
            "a point of contact and social control."
        ),
        words=("verandertheorie", "veranderingstheorie", "veronderstellingen", "als-dan-keten"),
        english=("theory of change", "assumptions"),
    ),
    Term(
        "werkzaam bestanddeel",
        ("werkzaam element", "werkzame elementen", "kandidaat werkzame"),
        anchor="werkzaam-bestanddeel",
        name=pgettext_lazy("glossary", "Active ingredient"),
        explanation=_(
            "A part of an approach that makes it work: leave it out and the effect disappears. "
            "Example: a caretaker who is there every day and whom residents know by name. "
            "Professionals define them together in theme sessions, and programme staff record "
            "them in the archetype. Mark an ingredient as essential when the approach does not "
            "work without it."
        ),
        words=("werkzaam bestanddeel", "werkzame bestanddelen"),
        english=("active ingredient", "active ingredients"),
    ),
    Term(
        "bewijskracht",
        (),
        anchor="bewijskracht",
        name=pgettext_lazy("glossary", "Evidence level"),
        explanation=_(
            "How strong the evidence is that an intervention works, on a scale from 0 to 5 in "
            "line with the Dutch recognition levels. A higher level means the effects have been "
            "shown more firmly, not that the intervention works better; a low level does not "
            "mean that it does not work."
        ),
        words=("bewijskracht",),
        english=("evidence level", "evidence levels"),
        more="wwidw/glossary_evidence_levels.html",
    ),
    Term(
        "archetype",
        (),
        anchor="archetype",
        name=pgettext_lazy("glossary", "Archetype"),
        explanation=_(
            "A synthesis of many practice examples of one type of intervention, written by "
            "programme staff: the problem, the target groups, how it works, the active "
            "ingredients, what research says per intended effect and what the figures of the "
            "partners show."
        ),
        calculation=(
            _(
                "Figures from practice appear only from three practice examples with shared "
                "monitoring; with fewer the page says there are too few practice data. A range "
                "is shown from the lowest to the highest value, never as an average of ratios."
            ),
        ),
        words=("archetype", "archetypen"),
        english=("archetype", "archetypes"),
    ),
    Term(
        "themabijeenkomst",
        ("themasessie", "themasessies"),
        anchor="themabijeenkomst",
        name=pgettext_lazy("glossary", "Theme session"),
        explanation=_(
            "A meeting “Wat werkt in …” where professionals of the partners define together the "
            "active ingredients of one type of intervention. Its outcome is recorded in the "
            "archetype of that type."
        ),
        words=("themabijeenkomst", "themabijeenkomsten"),
        english=("theme session", "theme sessions"),
    ),
    # A round whose applications are all decided: "besloten" reads as "private".
    Term(
        "afgerond",
        ("besloten",),
        anchor="afgerond",
        name=pgettext_lazy("glossary", "Completed"),
        explanation=_(
            "A description in the phase completed is about an intervention that has ended; its "
            "results and lessons are then required. A budget round is completed when every "
            "application in it has a decision."
        ),
    ),
    Term(
        "afgelopen",
        ("voorbij",),
        anchor="afgelopen",
        name=pgettext_lazy("glossary", "Past sessions"),
        explanation=_(
            "Sessions whose date has gone by. Their pages keep the programme and, after a theme "
            "session, its outcome."
        ),
    ),
]
