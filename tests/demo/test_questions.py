from conversation.models import Answer, Question
from demo.questions import QUESTIONS, seed_questions
from interventions.models import Intervention


def test_the_demo_has_questions_answers_and_a_hidden_one_and_seeding_again_adds_nothing(seeded):
    assert f"{len(QUESTIONS)} new demo questions." in seeded
    assert Question.objects.count() == len(QUESTIONS)
    assert Answer.objects.filter(useful_at__isnull=False).count() == 1
    hidden = Question.objects.get(hidden_at__isnull=False)
    assert hidden.hidden_reason and hidden.hidden_by.memberships.get().is_manager
    for question in Question.objects.select_related("intervention"):
        assert question.intervention.is_shared_with_partners
        assert question.intervention.contact_id is not None
    answers = Answer.objects.count()
    assert seed_questions() == 0
    assert (Question.objects.count(), Answer.objects.count()) == (len(QUESTIONS), answers)


def test_every_demo_description_by_a_member_has_its_author_as_contact(seeded):
    assert not Intervention.objects.filter(contact__isnull=True).exists()
