from django.urls import path

from conversation import views

app_name = "conversation"
urlpatterns = [
    # Questions and answers on a description (under /kennisbank/, beside its page).
    path("<int:pk>/vragen/nieuw/", views.question_create, name="question_create"),
    path(
        "<int:pk>/vragen/<int:question_pk>/beantwoorden/",
        views.answer_create,
        name="answer_create",
    ),
    path(
        "<int:pk>/vragen/<int:question_pk>/verbergen/", views.question_hide, name="question_hide"
    ),
    path("<int:pk>/antwoorden/<int:answer_pk>/nuttig/", views.answer_useful, name="answer_useful"),
    path("<int:pk>/antwoorden/<int:answer_pk>/verbergen/", views.answer_hide, name="answer_hide"),
    path(
        "<int:pk>/vragen/<int:question_pk>/weer-tonen/", views.question_show, name="question_show"
    ),
    path("<int:pk>/antwoorden/<int:answer_pk>/weer-tonen/", views.answer_show, name="answer_show"),
]
