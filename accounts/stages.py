"""The sign-in's second-factor stage, with allauth's WebAuthn code loaded only when it is needed.

allauth runs ``allauth.mfa.stages.AuthenticateStage`` on every sign-in; that module imports
allauth's WebAuthn flows, and with them the WebAuthn library fido2 and cryptography's Rust
library: about 10 MB in every web worker after its first sign-in (issue 13, worker memory),
although the site offers only TOTP (``MFA_SUPPORTED_TYPES``). This stage has the same key and
asks the same first question: whoever has no TOTP or WebAuthn authenticator has nothing to enter
(allauth's stage answers "go on" for them too, before anything else). For everyone else it hands
over to allauth's own stage, which then decides as always (trusted browser, passkey sign-in …).
"""

from allauth.account.stages import LoginStage
from allauth.mfa.internal.constants import LoginStageKey
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

ALLAUTH_STAGE = "allauth.mfa.stages.AuthenticateStage"
SECOND_FACTOR_STAGE = "accounts.stages.SecondFactorStage"  # replaces it (accounts.adapter)


class SecondFactorStage(LoginStage):
    key = LoginStageKey.MFA_AUTHENTICATE.value
    urlname = "mfa_authenticate"

    def handle(self):
        user = self.login.user
        if user is None or not is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]):
            return None, True
        from allauth.mfa.stages import AuthenticateStage  # heavy: see the module docstring

        return AuthenticateStage(self.controller, self.request, self.login).handle()
