"""What every form with free text shares."""

import re

from django.http import QueryDict

# C0 control characters except tab, line feed and carriage return, DEL, and the C1 range: no
# one types them, XML (feeds, print PDF) cannot carry most of them, and a pasted one would
# hide in a title, a name or the Markdown export's front matter.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value):
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class WithoutControlCharacters:
    """Form mixin: control characters are removed from the submitted text before validation,
    so they never reach the database (a NUL would otherwise be refused with an error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            for key in data:
                data.setlist(key, [without_control_characters(value) for value in data.getlist(key)])
        else:
            data = {key: without_control_characters(value) for key, value in self.data.items()}
        self.data = data
