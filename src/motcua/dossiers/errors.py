"""Why a lifecycle action was refused, in a form the desk pages and the API turn into a message and a status.

`ActionNotAllowed`: the dossier's state (or a legal limit) does not allow the action now (HTTP 409).
`Conflict`: somebody else changed the dossier since the caller read it (HTTP 409).
Permission problems are Django's PermissionDenied (403) and bad input Django's ValidationError (422).
"""


class LifecycleError(Exception):
    code = "lifecycle_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ActionNotAllowed(LifecycleError):
    code = "invalid_state"


class Conflict(LifecycleError):
    code = "conflict"


class SigningUnavailable(LifecycleError):
    """The result cannot be signed: no usable certificate for the agency, or a file the signer cannot open."""

    code = "signing_unavailable"
