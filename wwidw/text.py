"""Invisible control characters in text that people type or paste.

C0 control characters (U+0000 to U+001F) come in with text copied from Word (a vertical tab is
Word's soft line break) or other programs. An xlsx file cannot hold most of them, and a line break
in an e-mail subject stops the e-mail. Every form text field refuses them (`refuse_in_forms`,
called once at start-up); what was stored before is cleaned where it leaves the site: spreadsheets
(wwidw/spreadsheets.py) and e-mail headers (`single_line`).
"""

import re
from functools import wraps

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Every C0 control character but the null character, which Django's own
# ProhibitNullCharactersValidator refuses with its own message.
SINGLE_LINE_CONTROLS = re.compile(r"[\x01-\x1f]")
# In text of several lines a tab and the line breaks (\n, \r) are ordinary typing.
MULTI_LINE_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
# Line breaks and control characters, for making one line of a text.
LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
# Word's soft line break (vertical tab) and page break (form feed) read best as a line break.
WORD_BREAKS = re.compile(r"[\x0b\x0c]")
# What text of several lines cannot show: every control character but tab and line breaks.
INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f]")


@deconstructible
class ProhibitControlCharactersValidator:
    """Refuse control characters: any of them on one line, all but tab and line breaks in text of
    several lines."""

    code = "control_characters"
    messages = {
        False: _(
            "This field holds an invisible control character (such as a tab or a line break) "
            "that is not allowed here. Remove it and try again."
        ),
        True: _(
            "This field holds an invisible control character (for instance from text pasted "
            "from Word) that is not allowed here; tabs and line breaks are fine. Remove it and "
            "try again."
        ),
    }

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        pattern = MULTI_LINE_CONTROLS if self.multiline else SINGLE_LINE_CONTROLS
        if isinstance(value, str) and pattern.search(value):
            raise ValidationError(self.messages[self.multiline], code=self.code)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, ProhibitControlCharactersValidator)
            and self.multiline == other.multiline
        )


def refuse_in_forms() -> None:
    """Make every text field of every form refuse control characters: ours, the admin's, Django's
    own and those of forms still to be written.

    Django's CharField refuses the null character the same way, with a validator of its own. The
    check runs in `CharField.validate` rather than as a validator added in `__init__`, so that it
    also holds for the fields the admin creates before this app is ready, and so that a widget
    set after the field was made decides: a Textarea allows tabs and line breaks, any other
    widget means one line.
    """
    if getattr(forms.CharField.validate, "refuses_control_characters", False):
        return
    validate = forms.CharField.validate

    @wraps(validate)
    def validate_without_control_characters(self, value) -> None:
        validate(self, value)
        multiline = isinstance(self.widget, forms.Textarea)
        ProhibitControlCharactersValidator(multiline=multiline)(value)

    validate_without_control_characters.refuses_control_characters = True
    forms.CharField.validate = validate_without_control_characters


def visible_text(text: str) -> str:
    """The text without invisible control characters: tabs and line breaks stay, Word's soft
    line and page breaks become line breaks."""
    return INVISIBLE.sub("", WORD_BREAKS.sub("\n", text))


def single_line(text: str) -> str:
    """The text on one line, for an e-mail subject or another header: line breaks and control
    characters become a space, and spaces do not pile up."""
    return " ".join(LINE_BREAKS_AND_CONTROLS.sub(" ", text).split())
