import re

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Concat

from interventions import choices
from wwidw import permissions

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

        Reads the types from `intervention` (prefetch them), so the result is one query.
        """
        type_ids = [item.pk for item in intervention.intervention_types.all()]
        same_type = models.Exists(
            self.model.intervention_types.through.objects.filter(
                intervention_id=models.OuterRef("pk"), interventiontype_id__in=type_ids
            )
        )
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
        return (
            self.filter(Q(same_type) | same_place | Q(search_vector=query))
            .exclude(pk=intervention.pk)
            .exclude(status=choices.Status.ARCHIVED)
            .annotate(similarity=models.ExpressionWrapper(score, models.FloatField()))
            .order_by("-similarity", "-updated_at")
        )

    def search(self, text: str) -> "InterventionQuerySet":
        """Descriptions matching every word of the Dutch full-text query `text`, best first.

        Annotates `rank`. Any text is safe: websearch syntax ("…", -word, OR) is understood,
        everything else is taken as words. Call it after visible_to() and before other filters:

        - a query of only common words (COMMON_SEARCH_WORDS) gives the newest SEARCH_CANDIDATES
          matches, newest first along the index on the date, without ranking;
        - otherwise the first SEARCH_CANDIDATES descriptions the GIN index finds for the telling
          words, and those with the telling words in their title, are the candidates; those that
          match the whole query are ranked on the telling words.

        Either way counting, ranking and facets read at most SEARCH_CANDIDATES rows.
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
        in_title = (
            self.annotate(title_vector=TITLE_VECTOR)
            .filter(title_vector=telling)
            .order_by()
            .values("pk")[:SEARCH_CANDIDATES]
        )
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
