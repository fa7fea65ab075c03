"""Services: every write that spans models, must be atomic or sends mail.

Shared here: the one conflict error of version-checked edits."""

from django.core.exceptions import ValidationError

STALE_MESSAGE = (
    "Запись изменил другой пользователь, пока вы её редактировали. "
    "Ваши изменения не сохранены: обновите страницу и повторите правку."
)

MISSING_VERSION_MESSAGE = (
    "Форма пришла без сведений о том, какую версию записи вы видели "
    "(страница устарела или отправлена не целиком). Ничего не сохранено: "
    "обновите страницу и повторите правку."
)


class StaleEditError(ValidationError):
    """The record was saved by somebody else after this form was opened: the
    first edit wins, the second is refused with STALE_MESSAGE."""

    def __init__(self, message=STALE_MESSAGE, *args, **kwargs):
        super().__init__(message, *args, **kwargs)
