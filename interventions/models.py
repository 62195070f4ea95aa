"""Intervention descriptions in the WWidW format, and the vocabulary they are described in."""

import re
import uuid
from pathlib import PurePath

import reversion
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce, Concat, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interventions import choices
from interventions.validators import validate_cbs_codes
from wwidw import permissions
from wwidw.models import Organisation

CBS_CODES_PATTERN = r"^((GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})(, )?)*$"
SUMMARY_MAX_LENGTH = 1500


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class InterventionType(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name"), max_length=150, unique=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="intervention_types", verbose_name=_("theme")
    )

    class Meta:
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Effect(models.Model):
    """An effect of the shared effect list (effectordening), e.g. VE.01 minder woonoverlast."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    domain = models.CharField(_("domain"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    example_indicator = models.CharField(_("example indicator"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("effect")
        verbose_name_plural = _("effects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def report_upload_to(instance: "Intervention", filename: str) -> str:
    """Reports are stored under a generated name; the original name is kept on the model."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"reports/{uuid.uuid4().hex}{suffix}"


def _choice_label(enum, value) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value)


class RunningYears(models.Func):
    """The years between a description's start and its end, or `today` while it has no end
    (DOMAIN.md §7): the days between (PostgreSQL's `date - date`) ÷ 365.25, the same years
    as MonitoringPlanQuerySet.with_cost_per_year() divides by. NULL without a start; 0 for a
    description that starts after `today`.

    Used as `RunningYears("start_date", "end_date", today=…)` or with a path prefix.
    """

    arg_joiner = " - "
    template = "((%(expressions)s) / 365.25)"
    output_field = models.DecimalField(max_digits=12, decimal_places=6)

    def __init__(self, start: str, end: str, *, today) -> None:
        ongoing_or_ended = Coalesce(F(end), models.Value(today, output_field=models.DateField()))
        # Not before the start: a description that starts after today has run 0 years.
        super().__init__(Greatest(ongoing_or_ended, F(start)), F(start))


SEARCH_CONFIG = "dutch"
# The title's own vector, matched by the expression index interventions_title_search.
TITLE_VECTOR = SearchVector("title", config=SEARCH_CONFIG)
# Around the matched words in a snippet; private-use characters that no description contains,
# replaced by <mark> tags after the snippet is escaped.
SNIPPET_START = "\ue000"
SNIPPET_END = "\ue001"
SNIPPET_FIELDS = ["summary", "problem_analysis", "main_goal", "approach", "results", "lessons"]


# The fields a row of the list shows: not the sections, a few KB each.
LIST_FIELDS = [
    "title",
    "status",
    "visibility",
    "municipality",
    "phase",
    "evidence_level",
    "completeness",
    "updated_at",
    "organisation__name",
]

# Search at 100,000 descriptions (bench/search.py). The GIN index finds the matches of any word
# cheaply; ranking, counting or grouping all matches of a frequent word reads every search vector.
SEARCH_TEXT_MAX_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Words in most descriptions, and Dutch words too short to tell descriptions apart. A query of
# only such words is answered newest first; next to other words they narrow but do not rank.
COMMON_SEARCH_WORDS = frozenset(
    {
        *("buurt", "buurten", "wijk", "wijken", "bewoner", "bewoners", "woning", "woningen"),
        *("huurder", "huurders", "corporatie", "corporaties", "gemeente", "gemeenten"),
        *("aanpak", "leefbaarheid", "samenwerking", "interventie", "project", "projecten"),
        *("de", "het", "een", "en", "van", "in", "op", "met", "voor", "aan", "te", "of"),
        *("die", "dat", "door", "bij", "om", "naar", "als", "is", "zijn", "er", "niet"),
    }
)
# A search gives at most this many matches: the first found by the index, or the newest for
# common words. Lists show "500+" when a search reaches it.
SEARCH_CANDIDATES = 500
# A search within facets takes the titles with its words from this many, before the facets.
TITLE_CANDIDATES = 5000
# Of each kind of similar description (similar_to) the newest this many are scored.
SIMILAR_CANDIDATES = 200


def _clean_search_text(text) -> str:
    text = CONTROL_CHARACTERS.sub(" ", str(text or ""))[:SEARCH_TEXT_MAX_LENGTH]
    return " ".join(text.split())


def _search_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _without_common_words(text: str) -> str:
    """The query text without its common words; quotes, minus signs and OR stay."""
    return re.sub(
        r"\w+", lambda word: "" if word[0].lower() in COMMON_SEARCH_WORDS else word[0], text
    )


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


class EqualsAny(models.Func):
    """`expression = ANY(array)`, a condition."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = models.BooleanField()
    conditional = True


class InterventionQuerySet(models.QuerySet):
    def published(self) -> "InterventionQuerySet":
        return self.filter(status=choices.Status.PUBLISHED)

    def for_list(self) -> "InterventionQuerySet":
        """What a row of the knowledge base shows, in one query for any number of rows:
        `type_names` holds the names of its intervention types, in alphabetical order."""
        types = self.model._meta.get_field("intervention_types").related_model.objects
        types = types.filter(interventions=OuterRef("pk")).order_by("name")
        return (
            self.select_related("organisation")
            .annotate(type_names=ArraySubquery(types.values("name")))
            .only(*LIST_FIELDS)
        )

    def title_similar_to(self, text: str) -> "InterventionQuerySet":
        """Titles with a word like `text` (typos allowed), most similar first; at most
        SEARCH_CANDIDATES of them.

        `title %> text` is answered by the trigram index interventions_title_trgm.
        """
        # Like search(): the first SEARCH_CANDIDATES titles the index finds, then ordered.
        candidates = (
            self.filter(title__trigram_word_similar=text)
            .order_by()
            .values("pk")[:SEARCH_CANDIDATES]
        )
        return self.model.objects.filter(pk__in=candidates).by_title_similarity(text)

    def by_title_similarity(self, text: str) -> "InterventionQuerySet":
        """Annotate `similarity` of the title to `text`, most similar first."""
        similarity = TrigramWordSimilarity(text, "title")
        return self.annotate(similarity=similarity).order_by("-similarity", "-updated_at", "-pk")

    def with_snippet(self, text: str) -> "InterventionQuerySet":
        """Annotate `snippet`: fragments of the text around the words of the query `text`.

        Matched words stand between SNIPPET_START and SNIPPET_END; the rest is raw text that
        must be escaped before display.
        """
        parts = []
        for name in SNIPPET_FIELDS:
            parts += [F(name), models.Value("\n")]
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        headline = SearchHeadline(
            Concat(*parts, output_field=models.TextField()),
            query,
            config=SEARCH_CONFIG,
            start_sel=SNIPPET_START,
            stop_sel=SNIPPET_END,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        return self.annotate(snippet=headline)

    def visible_to(self, user) -> "InterventionQuerySet":
        """Everything of the user's own organisations; of others, what they published for all."""
        shared = Q(status=choices.Status.PUBLISHED, visibility=choices.Visibility.PARTNERS)
        return self.filter(permissions.visible_q(user, shared=shared))

    def editable_by(self, user) -> "InterventionQuerySet":
        return self.filter(permissions.changeable_q(user))

    def reportable_by(self, user) -> "InterventionQuerySet":
        return self.filter(permissions.reportable_q(user))

    def similar_to(self, intervention) -> "InterventionQuerySet":
        """Others of the same type, in the same municipality or with title words, closest first.
        Call it after visible_to(): the result keeps only what `self` holds.

        Reads the types from `intervention` (prefetch them), so the result is one query.
        """
        type_ids = [item.pk for item in intervention.intervention_types.all()]
        of_type = self.model.intervention_types.through.objects.filter(
            interventiontype_id__in=type_ids
        )
        same_type = models.Exists(of_type.filter(intervention_id=models.OuterRef("pk")))
        # The candidates of the same type are looked up by key from the type's own rows (a few
        # thousand at 100,000 descriptions), not found by testing the type of every description
        # in the place or of every description until enough are found.
        among_type = EqualsAny(F("pk"), ArraySubquery(of_type.values("intervention_id")))
        same_place = Q(pk__in=[])
        for place in intervention.municipality.split(","):
            if place.strip():
                same_place |= Q(municipality__icontains=place.strip())
        # Any of the title's longer words; stripped, so a leading "-" cannot mean "not".
        words = [word.strip("-\"'.,;:!?()") for word in intervention.title.split()]
        words = [word for word in words if len(word) >= 4][:8]
        query = SearchQuery(
            " or ".join(words) or intervention.title, config=SEARCH_CONFIG, search_type="websearch"
        )
        score = (
            models.Case(models.When(same_type, then=2.0), default=0.0)
            + models.Case(models.When(same_place, then=1.0), default=0.0)
            + SearchRank(F("search_vector"), query)
        )
        # Scored are at most SIMILAR_CANDIDATES of each kind (the same type and place, the same
        # type, the same place, the title's words), the first that a scan or index finds, so
        # that ranking reads a few hundred search vectors, not every description of the type.
        others = self.exclude(pk=intervention.pk).exclude(status=choices.Status.ARCHIVED)

        def first(condition: Q) -> models.QuerySet:
            return others.filter(condition).order_by().values("pk")[:SIMILAR_CANDIDATES]

        candidates = (
            first(Q(among_type) & same_place)
            .union(first(Q(among_type)))
            .union(first(same_place))
            .union(first(Q(search_vector=query)))
        )
        return (
            self.model.objects.filter(pk__in=candidates)
            .annotate(similarity=models.ExpressionWrapper(score, models.FloatField()))
            .order_by("-similarity", "-updated_at")
        )

    def search(self, text: str, *, titles_among=None) -> "InterventionQuerySet":
        """Descriptions matching every word of the Dutch full-text query `text`, best first.

        Annotates `rank`. Any text is safe: websearch syntax ("…", -word, OR) is understood,
        everything else is taken as words. Call it after visible_to() and before other filters:

        - a query of only common words (COMMON_SEARCH_WORDS) gives the newest SEARCH_CANDIDATES
          matches, newest first along the index on the date, without ranking;
        - otherwise the first SEARCH_CANDIDATES descriptions the GIN index finds for the telling
          words, and those with the telling words in their title, are the candidates; those that
          match the whole query are ranked on the telling words.

        Either way counting, ranking and facets read at most SEARCH_CANDIDATES rows.

        `titles_among` (a queryset that holds `self`, e.g. everything the user may see, where
        `self` is narrowed by facets) finds the titles with the words there first, by their
        index, and keeps those in `self`: a facet's rows are then not each given a title
        vector. Up to TITLE_CANDIDATES titles are taken there.
        """
        text = _clean_search_text(text)
        words = _search_words(text)
        no_rank = models.Value(0.0, output_field=models.FloatField())
        if not words:
            return self.none().annotate(rank=no_rank)
        query = _query(text)
        matches = self.filter(search_vector=query)
        telling_text = _without_common_words(text)
        if not [word for word in _search_words(telling_text) if word != "or"]:
            newest = matches.order_by("-updated_at", "-pk").values("pk")[:SEARCH_CANDIDATES]
            return self.filter(pk__in=newest).annotate(rank=no_rank).order_by("-updated_at", "-pk")
        # The candidates match the telling words: a selective query keeps the planner on the
        # GIN index. The common words then narrow those candidates.
        telling = _query(telling_text)
        candidates = self.filter(search_vector=telling).order_by().values("pk")[:SEARCH_CANDIDATES]
        # Descriptions with the words in their title always make it into the candidates: the
        # index on the title's vector (interventions_title_search) finds them.
        source = self if titles_among is None else titles_among
        in_title = (
            source.annotate(title_vector=TITLE_VECTOR)
            .filter(title_vector=telling)
            .order_by()
            .values("pk")
        )
        if titles_among is None:
            in_title = in_title[:SEARCH_CANDIDATES]
        else:
            # `id = ANY(ARRAY(titles))` beside the facets' own `id = ANY(…)`: PostgreSQL looks
            # up both arrays in the primary key, so no titles means no rows read. As a
            # semi-join it read every description of a facet (2,775 for "met SROI" at
            # 100,000 rows) to join them to no titles: 16 ms.
            titles = ArraySubquery(in_title[:TITLE_CANDIDATES])
            in_title = self.filter(EqualsAny(F("pk"), titles)).order_by().values("pk")
            in_title = in_title[:SEARCH_CANDIDATES]
        # The candidates carry every condition of `self` (visibility, facets), so the outer
        # query starts from them alone: the planner then looks up 500 rows by primary key
        # instead of scanning and testing every description that passes those conditions.
        chosen = self.model.objects.filter(pk__in=candidates.union(in_title))
        if telling_text != text or "-" in text:
            # The candidates match the telling words; the whole query has more to say.
            chosen = chosen.filter(search_vector=query)
        return chosen.ranked(text)

    def ranked(self, text: str) -> "InterventionQuerySet":
        """Annotate `rank` on the telling words of the query `text` (see search()), best first;
        newest first when it has only common words."""
        text = _clean_search_text(text)
        telling_text = _without_common_words(text)
        if not [word for word in _search_words(telling_text) if word != "or"]:
            no_rank = models.Value(0.0, output_field=models.FloatField())
            return self.annotate(rank=no_rank).order_by("-updated_at", "-pk")
        rank = SearchRank(F("search_vector"), _query(telling_text))
        return self.annotate(rank=rank).order_by("-rank", "-updated_at", "-pk")

    def ids(self) -> list[int]:
        """The primary keys in this order, in one query."""
        return list(self.values_list("pk", flat=True))

    def with_form_draft(self, user) -> "InterventionQuerySet":
        """Annotate `form_draft_data` and `form_draft_saved_at`: the user's unsaved work in the
        description's form, written after its last save (None without), in the same query."""
        drafts = FormDraft.objects.filter(
            user=user, intervention=OuterRef("pk"), saved_at__gt=OuterRef("updated_at")
        )
        return self.annotate(
            form_draft_data=models.Subquery(
                drafts.values("data")[:1], output_field=models.JSONField()
            ),
            form_draft_saved_at=models.Subquery(drafts.values("saved_at")[:1]),
        )


class Intervention(models.Model):
    """One description (praktijkbeschrijving) of a neighbourhood intervention."""

    Status = choices.Status
    Visibility = choices.Visibility
    Phase = choices.Phase

    # Management
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("owner organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="authored_interventions",
        blank=True,
        verbose_name=_("authors"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=choices.Status.choices, default=choices.Status.CONCEPT
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=choices.Visibility.choices,
        default=choices.Visibility.ORGANISATION,
        help_text=_("Who may read the description once it is published."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    # Share of the required items that are filled in, kept by the save service for lists.
    completeness = models.PositiveSmallIntegerField(
        _("completeness (%)"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The description's key in the organisation's own records: an import with the same key
    # updates this description (interventions/imports.py).
    # A default in the database too: rows written without the column (older code, a migration's
    # historical model of before the column) get the empty reference.
    external_reference = models.CharField(
        _("external reference"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The key of this description in your organisation's own system, such as a project "
            "number. A spreadsheet import finds the description by this key in the column "
            "“Extern kenmerk” and updates it, instead of adding a new one. Leave it empty if "
            "you do not import."
        ),
    )

    # 1 Basis
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_(
            "At most 1,500 characters: what you do, for whom, and what it should achieve."
        ),
    )
    # The member of the owning organisation whom readers' questions go to (conversation app);
    # the form chooses it, the author by default.
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_for",
        verbose_name=_("contact person (member)"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=choices.Phase.choices, default=choices.Phase.IDEA
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    duration_kind = models.CharField(
        _("duration"), max_length=20, choices=choices.DurationKind.choices, blank=True
    )
    scale = models.CharField(_("scale"), max_length=20, choices=choices.Scale.choices, blank=True)
    municipality = models.CharField(
        _("municipality"),
        max_length=200,
        blank=True,
        help_text=_("Several? Separate with commas."),
    )
    neighbourhood = models.CharField(
        _("district or neighbourhood"),
        max_length=300,
        blank=True,
        help_text=_("Several? Separate with commas."),
    )
    cbs_codes = models.CharField(
        _("CBS codes"),
        max_length=300,
        blank=True,
        validators=[validate_cbs_codes],
        help_text=_(
            "Municipality GM + 4 digits, district WK + 6 digits, neighbourhood BU + 8 digits, "
            "separated by commas, e.g. GM0599, WK059901, BU05990110."
        ),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    intervention_types = models.ManyToManyField(
        InterventionType,
        related_name="interventions",
        blank=True,
        verbose_name=_("intervention types"),
    )
    themes = models.ManyToManyField(
        Theme, related_name="interventions", blank=True, verbose_name=_("themes")
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separate with commas.")
    )

    # 2 Probleem en doelgroep
    occasion = models.TextField(_("occasion"), blank=True)
    problem_analysis = models.TextField(
        _("problem analysis"),
        blank=True,
        help_text=_("What is the problem, for whom, how big is it and since when?"),
    )
    causes = models.TextField(_("causes"), blank=True)
    baseline = models.TextField(_("baseline situation"), blank=True)
    sources = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("For example Leefbaarometer, CBS, a residents' survey or police figures."),
    )
    null_alternative = models.TextField(
        _("null alternative"),
        blank=True,
        help_text=_("What would happen without this intervention?"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="interventions", blank=True, verbose_name=_("target groups")
    )
    target_group_note = models.TextField(_("about the target group"), blank=True)
    intermediate_target_group = models.CharField(
        _("intermediate target group"), max_length=300, blank=True
    )
    target_group_size = models.PositiveIntegerField(
        _("size of the target group"), null=True, blank=True
    )
    target_group_unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_("For example households or homes.")
    )

    # 3 Doelen
    main_goal = models.TextField(_("main goal"), blank=True)

    # 4 Aanpak
    approach = models.TextField(_("approach"), blank=True)
    method_link = models.URLField(_("method or handbook"), blank=True)
    participation_level = models.CharField(
        _("participation level"),
        max_length=20,
        choices=choices.ParticipationLevel.choices,
        blank=True,
    )

    # 5 Werking
    preconditions = models.TextField(_("preconditions"), blank=True)
    risks = models.TextField(_("risks and pitfalls"), blank=True)

    # 6 Middelen
    total_budget = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    own_contribution = models.DecimalField(
        _("own resources (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fte = models.DecimalField(
        _("staff (fte)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(
        _("source of funding"), max_length=30, choices=choices.FundingSource.choices, blank=True
    )

    # 7 Resultaat
    results = models.TextField(_("results"), blank=True)
    evaluation_form = models.CharField(
        _("form of evaluation"),
        max_length=30,
        choices=choices.EvaluationForm.choices,
        default=choices.EvaluationForm.NONE,
    )
    evaluated_by = models.CharField(_("evaluated by"), max_length=200, blank=True)
    report_url = models.URLField(_("link to the report"), blank=True)
    report_file = models.FileField(_("report"), upload_to=report_upload_to, blank=True)
    report_filename = models.CharField(_("report file name"), max_length=255, blank=True)
    evidence_level = models.PositiveSmallIntegerField(
        _("evidence level"),
        choices=choices.EvidenceLevel.choices,
        default=choices.EvidenceLevel.IMPLICIT,
    )
    lessons = models.TextField(_("lessons"), blank=True)
    dos = models.TextField(_("do's"), blank=True)
    donts = models.TextField(_("don'ts"), blank=True)
    would_repeat = models.CharField(
        _("would you do it again?"), max_length=10, choices=choices.WouldRepeat.choices, blank=True
    )

    search_vector = SearchVectorField(null=True, editable=False)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=choices.Status.values),
                name="interventions_intervention_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(visibility__in=choices.Visibility.values),
                name="interventions_intervention_visibility_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__in=choices.Phase.values),
                name="interventions_intervention_phase_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_kind__in=["", *choices.DurationKind.values]),
                name="interventions_intervention_duration_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(scale__in=["", *choices.Scale.values]),
                name="interventions_intervention_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    participation_level__in=["", *choices.ParticipationLevel.values]
                ),
                name="interventions_intervention_participation_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(funding_source__in=["", *choices.FundingSource.values]),
                name="interventions_intervention_funding_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(evaluation_form__in=choices.EvaluationForm.values),
                name="interventions_intervention_evaluation_form_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(would_repeat__in=["", *choices.WouldRepeat.values]),
                name="interventions_intervention_would_repeat_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_level__gte=0, evidence_level__lte=5),
                name="interventions_intervention_evidence_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="interventions_intervention_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(total_budget__isnull=True) | models.Q(total_budget__gte=0),
                name="interventions_intervention_total_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(own_contribution__isnull=True)
                | models.Q(own_contribution__gte=0),
                name="interventions_intervention_own_contribution_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(fte__isnull=True) | models.Q(fte__gte=0),
                name="interventions_intervention_fte_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(cbs_codes__regex=CBS_CODES_PATTERN),
                name="interventions_intervention_cbs_codes_format",
            ),
            models.CheckConstraint(
                condition=~models.Q(title=""), name="interventions_intervention_title_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(completeness__lte=100),
                name="interventions_intervention_completeness_range",
            ),
            # A published description has at least the fields every reader relies on.
            models.CheckConstraint(
                condition=~models.Q(status=choices.Status.PUBLISHED)
                | (
                    ~models.Q(summary="")
                    & ~models.Q(main_goal="")
                    & models.Q(start_date__isnull=False)
                    & models.Q(published_at__isnull=False)
                ),
                name="interventions_intervention_published_complete",
            ),
            # An import finds the description to update by its external reference.
            models.UniqueConstraint(
                fields=["organisation", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="interventions_intervention_external_reference_unique",
            ),
        ]
        indexes = [
            # Full-text search in Dutch: Intervention.objects.search().
            GinIndex(fields=["search_vector"], name="interventions_search_gin"),
            # Title matches among the candidates of a search (TITLE_VECTOR).
            GinIndex(TITLE_VECTOR, name="interventions_title_search"),
            # Typo-tolerant title search (pg_trgm similarity).
            GinIndex(
                fields=["title"], opclasses=["gin_trgm_ops"], name="interventions_title_trgm"
            ),
            # The list page, newest first per status: the page's keys, its count and the facet
            # counts read only this index (index-only scans; see bench/search.py).
            models.Index(
                fields=["status", "-updated_at", "-id"],
                include=[
                    "visibility",
                    "organisation",
                    "municipality",
                    "phase",
                    "evidence_level",
                    "start_date",
                ],
                name="interventions_list",
            ),
            # Search for common words only: the newest matches first (InterventionQuerySet.search).
            models.Index(fields=["-updated_at", "-id"], name="interventions_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interventions:detail", kwargs={"pk": self.pk})

    # The labels of the list's rows; get_FOO_display hashes every choice on each call.

    @property
    def phase_label(self) -> str:
        return _choice_label(choices.Phase, self.phase)

    @property
    def evidence_level_label(self) -> str:
        return _choice_label(choices.EvidenceLevel, self.evidence_level)

    @property
    def is_shared_with_partners(self) -> bool:
        return (
            self.status == choices.Status.PUBLISHED
            and self.visibility == choices.Visibility.PARTNERS
        )

    @property
    def is_concept(self) -> bool:
        return self.status == choices.Status.CONCEPT

    @property
    def is_published(self) -> bool:
        return self.status == choices.Status.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == choices.Status.ARCHIVED


class InterventionChild(models.Model):
    """Common ground of the repeating parts of a description."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(getattr(self, "name", "") or self.pk)


class TheoryStep(InterventionChild):
    """One link of the theory of change: if … then … because …"""

    Support = choices.Support
    Confidence = choices.Confidence

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="theory_steps"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    if_text = models.TextField(_("if"))
    then_text = models.TextField(_("then"))
    because_text = models.TextField(_("because"), blank=True)
    support = models.CharField(
        _("support"), max_length=20, choices=choices.Support.choices, blank=True
    )
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=choices.Confidence.choices, blank=True
    )

    class Meta:
        verbose_name = _("step of the theory of change")
        verbose_name_plural = _("theory of change")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support__in=["", *choices.Support.values]),
                name="interventions_theorystep_support_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__in=["", *choices.Confidence.values]),
                name="interventions_theorystep_confidence_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.if_text[:40]} → {self.then_text[:40]}"


class ActiveIngredient(InterventionChild):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="active_ingredients"
    )
    name = models.CharField(_("name"), max_length=200)
    explanation = models.TextField(_("explanation"), blank=True)
    is_essential = models.BooleanField(_("essential"), default=False)

    class Meta:
        verbose_name = _("active ingredient")
        verbose_name_plural = _("active ingredients")


class Activity(InterventionChild):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    performed_by = models.CharField(_("by whom"), max_length=200, blank=True)
    frequency = models.CharField(_("frequency"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")


class Partner(InterventionChild):
    """A partner in carrying out the intervention (samenwerkingspartner)."""

    Role = choices.PartnerRole

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=choices.PartnerRole.choices)
    contribution = models.TextField(_("contribution"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=choices.PartnerRole.values),
                name="interventions_partner_role_valid",
            ),
        ]


class IntendedEffect(InterventionChild):
    Level = choices.EffectLevel

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="intended_effects"
    )
    effect = models.ForeignKey(Effect, on_delete=models.PROTECT, verbose_name=_("effect"))
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=choices.EffectLevel.choices,
        default=choices.EffectLevel.FINAL,
    )
    indicator = models.CharField(
        _("indicator"), max_length=300, blank=True, help_text=_("How will you know?")
    )
    target_value = models.CharField(_("target value"), max_length=100, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        verbose_name = _("intended effect")
        verbose_name_plural = _("intended effects")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "effect"], name="interventions_intendedeffect_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=choices.EffectLevel.values),
                name="interventions_intendedeffect_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.effect_id)


# Every save of a description is a version that includes its repeating parts.
for child in (TheoryStep, ActiveIngredient, Activity, Partner, IntendedEffect):
    reversion.register(child)
reversion.register(
    Intervention,
    follow=["theory_steps", "active_ingredients", "activities", "partners", "intended_effects"],
    exclude=["search_vector", "completeness", "revision"],
)


class ListVersion(models.Model):
    """A single row that changes in the same transaction as every write the knowledge base's
    counts and the cached pages depend on: descriptions and all their rows, the vocabularies,
    the organisations, their members, the monitoring, the budget rounds, the archetypes and the
    theme sessions. Database triggers keep it (migrations 0006 and 0007, monitoring 0012,
    events 0003), so no code path can forget it. The cached facet counts (facets.py) and the
    cached parts of pages (wwidw/pagecache.py) are keyed by it.

    After a new row (an empty database, a flushed test database) the token is new, so counts
    cached for an earlier row with the same number are never taken for current ones.
    """

    token = models.UUIDField()
    number = models.BigIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="interventions_listversion_one")
        ]

    def __str__(self) -> str:
        return f"{self.token}/{self.number}"


def import_upload_to(instance: "DescriptionImport", filename: str) -> str:
    """Imported files are kept privately under a generated name; the original name is on the
    model."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"private/imports/{uuid.uuid4().hex}{suffix}"


class DescriptionImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DescriptionImportQuerySet":
        """A manager sees every import of the organisation, a member the imports they ran
        there, programme staff the imports they ran for any partner."""
        if not user.is_authenticated:
            return self.none()
        own = Q(created_by=user)
        if not permissions.is_programme_staff(user):
            own &= permissions.organisation_member_q(user)
        return self.filter(permissions.managed_q(user) | own)


class DescriptionImport(models.Model):
    """One spreadsheet of descriptions brought in: checked first, then imported at once."""

    Status = choices.ImportStatus

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="description_imports",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=import_upload_to)
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=choices.ImportStatus.choices,
        default=choices.ImportStatus.CHECKING,
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    errors_summary = models.TextField(_("errors"), blank=True)
    # What the check found, per row (interventions/imports.py, Preview.as_json()).
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    # The task that checks or imports a large file, while it runs.
    task_result_id = models.CharField(max_length=64, blank=True)

    objects = DescriptionImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import of descriptions")
        verbose_name_plural = _("imports of descriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=choices.ImportStatus.values),
                name="interventions_descriptionimport_status_valid",
            ),
        ]
        indexes = [
            # The history page: an organisation's imports, newest first.
            models.Index(
                fields=["organisation", "-created_at"], name="interventions_import_history"
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("interventions:import_detail", kwargs={"pk": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}

    @property
    def is_checked(self) -> bool:
        return self.status == self.Status.CHECKED

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class FormDraftQuerySet(models.QuerySet):
    def of_form(self, user, intervention: Intervention | None) -> "FormDraftQuerySet":
        """The user's draft of the description form: of `intervention`, or of a new one (None)."""
        if intervention is None or intervention.pk is None:
            return self.filter(user=user, intervention__isnull=True)
        return self.filter(user=user, intervention=intervention)

    def newer_than_saved(self, user, intervention: Intervention) -> "FormDraftQuerySet":
        """The user's draft of the form, written after the description was last saved."""
        drafts = self.of_form(user, intervention)
        if intervention.pk is None:
            return drafts
        return drafts.filter(saved_at__gt=intervention.updated_at)


class FormDraft(models.Model):
    """What one person typed in the description form and did not save yet, kept when they leave
    a section of the form, so that a lost session or a closed tab loses nothing. Only its
    author sees it; it is not a version of the description, and saving the form deletes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    # Empty: the form of a new description.
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention"),
    )
    # The form's fields: name → the list of its values, as the browser's form holds them.
    data = models.JSONField(_("fields"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    objects = FormDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("unsaved form")
        verbose_name_plural = _("unsaved forms")
        constraints = [
            # One per person and description, one for a new description: the form's lookup.
            models.UniqueConstraint(
                fields=["user", "intervention"],
                nulls_distinct=False,
                name="interventions_formdraft_one_per_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.intervention_id or '-'}"
