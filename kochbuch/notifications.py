"""E-mail notifications through Django's mail framework, sent after the transaction commits.

Sending after commit means a rolled-back change never mails anyone, and a slow mail server
never holds a database lock.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string

# Apps above this one hook in here in their AppConfig.ready() (the inbox): each listener gets
# every notification inside the transaction, ``listener(recipients=, subject=, template=,
# context=)`` (the in-app copy); each mail filter may leave out people who switched off the
# e-mails of that kind, ``mail_filter(people, template) -> people``.
listeners = []
mail_filters = []


def notify(*, recipients, subject: str, template: str, context: dict, exclude=()):
    """Mail each recipient (users with an e-mail address) once; ``exclude`` the actor.

    ``template`` is a plain-text template under ``templates/emails/``; it gets ``context``
    plus ``recipient`` and ``site_url`` (for absolute links).
    """
    excluded = {user.pk for user in exclude if user is not None}
    people = {user.pk: user for user in recipients if user.email and user.pk not in excluded}
    if not people:
        return
    for listener in listeners:
        listener(recipients=list(people.values()), subject=subject, template=template, context=context)
    for mail_filter in mail_filters:
        people = {person.pk: person for person in mail_filter(list(people.values()), template)}
    if not people:
        return

    def send():
        messages = [
            EmailMessage(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
                body=render_to_string(
                    f"emails/{template}",
                    {**context, "recipient": person, "site_url": settings.SITE_URL},
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[person.email],
            )
            for person in people.values()
        ]
        get_connection(fail_silently=False).send_messages(messages)

    transaction.on_commit(send)
