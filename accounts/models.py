from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The Länder belong to the register of Kommunen; imported here as every app knows them from here.
from kommunen.models import Bundesland


class User(AbstractUser):
    """A person with an account; the profile lives here so a contribution needs no extra join.

    The Praxisdialog of 2016 showed name, Funktion, Institution and Bundesland next to each
    comment; people choose which of the optional parts are shown.
    """

    display_name = models.CharField(_("Anzeigename"), max_length=80)
    funktion = models.CharField(_("Funktion"), max_length=120, blank=True)
    institution = models.CharField(_("Institution/Kommune"), max_length=160, blank=True)
    # The Kommune from the register (kommunen/), which reports ("Nachgekocht") are written for;
    # ``institution`` stays as the person's own words (an Amt, a Verbund, a company).
    kommune = models.ForeignKey(
        "kommunen.Kommune", null=True, blank=True, on_delete=models.SET_NULL, related_name="people",
        verbose_name=_("Kommune"),
    )
    bundesland = models.CharField(
        _("Bundesland"), max_length=2, choices=Bundesland.choices, blank=True
    )
    show_funktion = models.BooleanField(_("Funktion öffentlich zeigen"), default=True)
    show_institution = models.BooleanField(_("Institution öffentlich zeigen"), default=True)
    show_bundesland = models.BooleanField(_("Bundesland öffentlich zeigen"), default=True)

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("profile", args=[self.pk])

    def get_session_auth_hash(self):
        """A user loaded from the cache (accounts.backends) has its password deferred and
        brings the hash computed from it; once the password is loaded, it counts."""
        cached = self.__dict__.get("_cached_session_auth_hash")
        if cached is not None and "password" not in self.__dict__:
            return cached
        return super().get_session_auth_hash()

    @property
    def public_name(self):
        return self.display_name or _("Unbenannt")

    @property
    def public_details(self):
        """The optional profile parts this person chose to show, in display order."""
        details = []
        if self.show_funktion and self.funktion:
            details.append(self.funktion)
        if self.show_institution and self.institution:
            details.append(self.institution)
        if self.show_bundesland and self.bundesland:
            details.append(self.get_bundesland_display())
        return details
