"""Questions and answers for programme staff: read, filter, and hide an improper post with a
reason (the action asks for it). Programme staff see the posts on the descriptions the site
shows them (wwidw/permissions.py); superusers see all."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conversation import services
from conversation.models import Answer, Question
from interventions.models import Intervention
from wwidw import admin_base, permissions


class HiddenFilter(admin.SimpleListFilter):
    title = _("hidden")
    parameter_name = "verborgen"

    def lookups(self, request, model_admin):
        return [("ja", _("Hidden")), ("nee", _("Shown"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "nee":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


class HideActionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you hide these posts?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you hide these posts.")},
    )


class PostAdmin(admin_base.ModelAdmin):
    list_filter = [HiddenFilter, "created_at"]
    search_fields = ["body", "author__full_name", "author__email"]
    readonly_fields = ["author", "body", "created_at", "hidden_at", "hidden_by", "hidden_reason"]
    actions = ["hide"]
    date_hierarchy = "created_at"

    @admin.display(description=_("text"))
    def short_body(self, post) -> str:
        return str(post)

    @admin.display(description=_("hidden"), boolean=True)
    def hidden(self, post) -> bool:
        return post.is_hidden

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _visible_descriptions(self, request):
        if request.user.is_superuser:
            return Intervention.objects.all()
        return Intervention.objects.visible_to(request.user)

    @admin.action(description=_("Hide, with a reason"), permissions=["change"])
    def hide(self, request, queryset):
        if not permissions.is_programme_staff(request.user):
            raise PermissionDenied
        form = HideActionForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            posts = [post for post in queryset if not post.is_hidden]
            for post in posts:
                services.hide_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
            count = len(posts)
            message = ngettext("%(count)d post hidden.", "%(count)d posts hidden.", count)
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide, with a reason"),
            "opts": self.model._meta,
            "posts": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/conversation/hide.html", context)


@admin.register(Question)
class QuestionAdmin(PostAdmin):
    list_display = ["short_body", "intervention", "author", "created_at", "hidden"]
    list_filter = [
        HiddenFilter,
        ("intervention__organisation", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["intervention", "author"]
    fields = ["intervention", *PostAdmin.readonly_fields]
    readonly_fields = ["intervention", *PostAdmin.readonly_fields]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(intervention__in=self._visible_descriptions(request))


@admin.register(Answer)
class AnswerAdmin(PostAdmin):
    list_display = ["short_body", "question", "author", "created_at", "hidden", "useful"]
    list_filter = [
        HiddenFilter,
        ("question__intervention__organisation", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["question", "author"]
    fields = ["question", *PostAdmin.readonly_fields, "useful_at", "useful_by"]
    readonly_fields = ["question", *PostAdmin.readonly_fields, "useful_at", "useful_by"]

    @admin.display(description=_("useful"), boolean=True)
    def useful(self, answer) -> bool:
        return answer.is_useful

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(question__intervention__in=self._visible_descriptions(request))
