"""The fixed lists of the monitoring module (DOMAIN.md §6). Module level, so CHECK constraints
can name the values."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Granularity(models.TextChoices):
    QUARTER = "kwartaal", _("quarter")
    HALF_YEAR = "halfjaar", _("half year")
    YEAR = "jaar", _("year")
    FREE = "vrij", _("free range")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "ingediend", _("submitted")
    APPROVED = "vastgesteld", _("approved")


class CostGroup(models.TextChoices):
    INVESTMENT = "investering", _("investment")
    OPERATION = "exploitatie", _("operating costs")
    PERSONNEL = "personeel", _("own staff (hours × rate)")
    NEGATIVE = "negatief", _("negative revenue")


class CostCategory(models.TextChoices):
    # Investment
    CONSTRUCTION = "bouw", _("construction or physical work")
    FURNISHING = "inrichting", _("furnishing")
    ACQUISITION = "verwerving", _("acquisition")
    DEVELOPMENT = "ontwikkeling", _("development")
    # Operating costs
    STAFF = "personeel", _("own staff (hours × rate)")
    HIRED = "inhuur", _("hired third parties")
    MATERIALS = "materiaal", _("materials")
    ACCOMMODATION = "huisvesting", _("accommodation")
    ACTIVITIES = "activiteiten", _("activities budget")
    COMMUNICATION = "communicatie", _("communication")
    RESEARCH = "onderzoek", _("research and evaluation")
    OVERHEAD = "overhead", _("overhead")
    # Negative revenue
    RENT_LOSS = "huurderving", _("loss of rent")
    BOOK_LOSS = "boekverlies", _("book loss")


# Which group each category belongs to (DOMAIN.md §6: investering, exploitatie, negatieve
# opbrengsten; own staff is counted apart as hours × rate).
CATEGORY_GROUPS = {
    CostCategory.CONSTRUCTION: CostGroup.INVESTMENT,
    CostCategory.FURNISHING: CostGroup.INVESTMENT,
    CostCategory.ACQUISITION: CostGroup.INVESTMENT,
    CostCategory.DEVELOPMENT: CostGroup.INVESTMENT,
    CostCategory.STAFF: CostGroup.PERSONNEL,
    CostCategory.HIRED: CostGroup.OPERATION,
    CostCategory.MATERIALS: CostGroup.OPERATION,
    CostCategory.ACCOMMODATION: CostGroup.OPERATION,
    CostCategory.ACTIVITIES: CostGroup.OPERATION,
    CostCategory.COMMUNICATION: CostGroup.OPERATION,
    CostCategory.RESEARCH: CostGroup.OPERATION,
    CostCategory.OVERHEAD: CostGroup.OPERATION,
    CostCategory.RENT_LOSS: CostGroup.NEGATIVE,
    CostCategory.BOOK_LOSS: CostGroup.NEGATIVE,
}


class FinancingKind(models.TextChoices):
    OWN = "eigen_middelen", _("own funds")
    LIVEABILITY = "leefbaarheidsbudget", _("liveability budget")
    MUNICIPAL = "wijkbudget", _("municipal neighbourhood budget")
    SUBSIDY = "subsidie", _("subsidy")
    NATIONAL = "rijksmiddelen", _("national government funds")
    FOUNDATION = "fonds", _("foundation")
    RESIDENTS = "bewonersbijdrage", _("residents' contribution")
    SPONSORING = "sponsoring", _("sponsoring")
    IN_KIND = "in_natura", _("in kind")


class Direction(models.TextChoices):
    HIGHER = "hoger", _("higher is better")
    LOWER = "lager", _("lower is better")


class EffectMethod(models.TextChoices):
    SURVEY = "enquete", _("survey")
    # Not the registration for a theme session ("aanmelding").
    REGISTRATION = "registratie", pgettext_lazy("effect method", "registration")
    POLICE = "politiecijfers", _("police figures")
    LEEFBAAROMETER = "leefbaarometer", _("Leefbaarometer")
    CBS = "cbs", _("CBS statistics")
    INSPECTION = "schouw", _("inspection (schouw)")
    INTERVIEWS = "interviews", _("interviews")
    OTHER = "anders", _("other")


class Scale(models.TextChoices):
    """What kind of number an effect indicator is; a percentage lies between 0 and 100, and
    its change is said in percentage points."""

    PERCENTAGE = "procent", _("percentage (0–100)")
    GRADE = "rapportcijfer", _("report mark (1–10)")
    COUNT = "aantal", _("number")
    SCORE = "score", _("score or other number")


class EffectStatus(models.TextChoices):
    """Formula 13; the values are those of calculations.py."""

    IMPROVED = "verbeterd", _("improved")
    UNCHANGED = "gelijk", _("unchanged")
    WORSENED = "verslechterd", _("worsened")
    NOT_MEASURED = "niet_gemeten", _("not measured yet")


class ReminderKind(models.TextChoices):
    """What passed without figures, so that the description's contact is reminded once."""

    PERIOD = "periode", _("reporting period without figures")
    BASELINE = "nulmeting", _("baseline not measured")
    MEASUREMENT = "meting", _("planned measurement not done")
