"""The fixed lists of the WWidW format. Module level, so CHECK constraints can name the values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    CONCEPT = "concept", _("draft")
    PUBLISHED = "gepubliceerd", _("published")
    ARCHIVED = "gearchiveerd", _("archived")


class Visibility(models.TextChoices):
    ORGANISATION = "organisatie", _("own organisation only")
    PARTNERS = "partners", _("all partners")


class Phase(models.TextChoices):
    IDEA = "idee", _("idea")
    PLAN = "plan", _("plan")
    RUNNING = "in_uitvoering", _("running")
    FINISHED = "afgerond", _("finished")
    STOPPED = "gestopt", _("stopped")


class DurationKind(models.TextChoices):
    ONE_OFF = "eenmalig", _("one-off")
    TEMPORARY = "tijdelijk", _("temporary")
    STRUCTURAL = "structureel", _("structural")


class Scale(models.TextChoices):
    COMPLEX = "complex", _("housing complex")
    STREET = "straat", _("street")
    NEIGHBOURHOOD = "buurt", _("neighbourhood")
    DISTRICT = "wijk", _("district")
    CITY = "stad", _("city")
    REGION = "regio", _("region")


class ParticipationLevel(models.TextChoices):
    INFORM = "informeren", _("inform")
    CONSULT = "raadplegen", _("consult")
    ADVISE = "adviseren", _("advise")
    COPRODUCE = "coproduceren", _("co-produce")
    CODECIDE = "meebeslissen", _("co-decide")
    SELF_MANAGE = "zelf_beheren", _("self-manage")


class FundingSource(models.TextChoices):
    LIVEABILITY_BUDGET = "leefbaarheidsbudget", _("liveability budget")
    NEIGHBOURHOOD_BUDGET = "wijkbudget", _("neighbourhood budget")
    PROPERTY_PROJECT = "projectbudget_vastgoed", _("property project budget")
    SUBSIDY = "subsidie", _("subsidy")
    FUND = "fonds", _("fund")
    MIX = "mix", _("mix")


class EvaluationForm(models.TextChoices):
    NONE = "geen", _("none")
    SELF = "zelfevaluatie", _("self-evaluation")
    RESIDENTS_SURVEY = "bewonersenquete", _("residents' survey")
    PROCESS = "procesevaluatie", _("process evaluation")
    PRE_POST = "voor_nameting", _("before and after measurement")
    QUASI_EXPERIMENTAL = "quasi_experimenteel", _("quasi-experimental")
    SCBA = "mkba", _("social cost-benefit analysis (MKBA)")
    SROI = "sroi", _("SROI")


class EvidenceLevel(models.IntegerChoices):
    IMPLICIT = 0, _("0 Implicit")
    DESCRIBED = 1, _("1 Well described")
    THEORETICAL = 2, _("2 Theoretically founded")
    FIRST_INDICATIONS = 3, _("3 First indications of effectiveness")
    GOOD_INDICATIONS = 4, _("4 Good indications")
    STRONG_INDICATIONS = 5, _("5 Strong indications")


EVIDENCE_LEVEL_EXPLANATIONS = {
    0: _("The approach is not written down; it lives in the heads of the people who do it."),
    1: _(
        "The approach is described well enough for others to repeat it; nothing is known yet "
        "about its effects."
    ),
    2: _(
        "The approach rests on an explicit theory of change backed by theory or research; "
        "its effects have not been measured."
    ),
    3: _(
        "Measurements before and after show change, but without a comparison group the change "
        "cannot be attributed to the intervention."
    ),
    4: _(
        "A comparison with a group or area without the intervention points to an effect; one "
        "study is not yet proof."
    ),
    5: _(
        "Several (quasi-)experimental studies show an effect; even then it may not work "
        "everywhere or for everyone."
    ),
}


class WouldRepeat(models.TextChoices):
    YES = "ja", _("yes")
    PARTLY = "deels", _("partly")
    NO = "nee", _("no")


class PartnerRole(models.TextChoices):
    LEAD = "trekker", _("lead")
    EXECUTOR = "uitvoerder", _("carries out")
    FUNDER = "financier", _("funder")
    SIGNALLER = "signaleerder", _("signals")
    ADVISER = "adviseur", _("adviser")
    VENUE = "locatie", _("venue")


class Support(models.TextChoices):
    OWN_EXPERIENCE = "eigen_ervaring", _("own experience")
    OTHERS_EXPERIENCE = "ervaring_anderen", _("experience of others")
    THEORY = "theorie", _("theory")
    RESEARCH = "onderzoek", _("research")


class Confidence(models.TextChoices):
    ASSUMPTION = "aanname", _("assumption")
    PLAUSIBLE = "aannemelijk", _("plausible")
    DEMONSTRATED = "aangetoond", _("demonstrated")


class EffectLevel(models.TextChoices):
    INTERMEDIATE = "tussendoel", _("intermediate goal")
    FINAL = "einddoel", _("final goal")


class ImportStatus(models.TextChoices):
    CHECKING = "controleren", _("being checked")
    CHECKED = "gecontroleerd", _("checked, not imported yet")
    IMPORTING = "importeren", _("being imported")
    DONE = "geimporteerd", _("imported")
    FAILED = "mislukt", _("failed")
