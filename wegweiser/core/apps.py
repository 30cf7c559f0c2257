from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wegweiser.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from wegweiser.core.languages import register_lang_info

        register_lang_info()
