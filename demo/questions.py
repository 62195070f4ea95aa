"""Demo questions and answers on shared demo descriptions: members of other partners ask, the
contact person answers (one answer marked useful), and one improper question is hidden by a
manager, with the reason. Every demo description gets its author as contact person where it has
none and the author is a member, as the migration that brought the contact did.

Deterministic and safe to repeat: a question is known by its description, author and text, and
one that exists is left alone with its answers.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from conversation.models import Answer, Question
from demo import accounts as cast
from demo import interventions as descriptions
from interventions.models import Intervention
from wwidw.models import Membership, User


@dataclass(frozen=True)
class DemoQuestion:
    """A question on demo description `number` by the first staff member of the partner
    `asker`, with the contact person's answers and the asker's reaction."""

    number: int
    asker: str
    body: str
    answers: tuple[str, ...] = ()
    useful: bool = False
    hidden_reason: str = ""


QUESTIONS = [
    DemoQuestion(
        0,
        "hofstad-woonkracht",
        "Hoeveel uur per week is de huismeester in de portieken, en wie betaalt dat? We "
        "overwegen hetzelfde in Moerwijk.",
        answers=(
            "Vier dagen per week, ongeveer 30 uur. De corporatie betaalt het grootste deel; de "
            "gemeente draagt een kwart bij uit het wijkbudget.",
            "Dank je, dat helpt. Mogen we jullie functieomschrijving hebben?",
        ),
        useful=True,
    ),
    DemoQuestion(
        2,
        "maasoever",
        "Hoe hebben jullie de nulmeting gedaan voordat de aanpak begon?",
        answers=(
            "Met de bewonersenquête van de gemeente en een eigen telling van de meldingen "
            "in het halfjaar ervoor.",
        ),
    ),
    DemoQuestion(
        6,
        "domstad-woongoed",
        "Werkten jullie samen met het wijkteam, of alleen met de wijkagent?",
    ),
    DemoQuestion(
        6,
        "amstelkring",
        "Bel ons voor goedkope schoonmaakdiensten, 50% korting deze maand!",
        hidden_reason="Reclame, geen vraag over de aanpak.",
    ),
]


def _first_staff_member(slug: str) -> User | None:
    item = next(item for item in cast.ORGANISATIONS if item.slug == slug)
    return User.objects.filter(email=cast.email_for(item, item.staff[0])).first()


def _manager(slug: str) -> User | None:
    item = next(item for item in cast.ORGANISATIONS if item.slug == slug)
    return User.objects.filter(email=cast.email_for(item, item.manager)).first()


def _fill_contacts() -> None:
    """The author is the contact person of a description without one, while a member."""
    author_is_member = Membership.objects.filter(
        organisation=OuterRef("organisation"), user=OuterRef("created_by")
    )
    Intervention.objects.filter(contact__isnull=True).filter(Exists(author_is_member)).update(
        contact=F("created_by")
    )


def _description(number: int) -> Intervention | None:
    plan = descriptions.plans()[number]
    found = Intervention.objects.filter(organisation__slug=plan.organisation, title=plan.title)
    return found.select_related("contact").first()


def _moment(intervention: Intervention, days: int) -> datetime.datetime:
    """Some weeks after the description was published, so the thread reads naturally."""
    start = intervention.published_at or timezone.now() - datetime.timedelta(days=60)
    return start + datetime.timedelta(days=days)


def _create(item: DemoQuestion, intervention: Intervention, asker: User) -> None:
    contact = intervention.contact
    question = Question.objects.create(intervention=intervention, author=asker, body=item.body)
    Question.objects.filter(pk=question.pk).update(created_at=_moment(intervention, 21))
    for step, body in enumerate(item.answers):
        author = contact if step % 2 == 0 else asker
        answer = Answer.objects.create(question=question, author=author, body=body)
        fields = {"created_at": _moment(intervention, 22 + step)}
        if item.useful and step == 0:
            fields |= {"useful_at": _moment(intervention, 23 + step), "useful_by": contact}
        Answer.objects.filter(pk=answer.pk).update(**fields)
    if item.hidden_reason:
        manager = _manager(descriptions.plans()[item.number].organisation)
        Question.objects.filter(pk=question.pk).update(
            hidden_at=_moment(intervention, 22),
            hidden_by=manager,
            hidden_reason=item.hidden_reason,
        )


@transaction.atomic
def seed_questions() -> int:
    """Create the demo questions that do not exist yet; return how many were created."""
    _fill_contacts()
    created = 0
    for item in QUESTIONS:
        intervention = _description(item.number)
        asker = _first_staff_member(item.asker)
        if intervention is None or asker is None or intervention.contact is None:
            continue
        exists = Question.objects.filter(intervention=intervention, author=asker, body=item.body)
        if exists.exists():
            continue
        _create(item, intervention, asker)
        created += 1
    return created
