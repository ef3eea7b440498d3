from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Public site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.cache import purge_page_cache
        from cms.models import SiteSettings

        # Whatever changes what anonymous visitors see empties their cache, so
        # nobody is shown a vacancy that was just withdrawn.
        page_published.connect(purge_page_cache, dispatch_uid="cms-purge-published")
        page_unpublished.connect(purge_page_cache, dispatch_uid="cms-purge-unpublished")
        post_page_move.connect(purge_page_cache, dispatch_uid="cms-purge-moved")
        post_save.connect(purge_page_cache, sender=SiteSettings, dispatch_uid="cms-purge-settings")
        post_delete.connect(
            purge_page_cache, sender="wagtailcore.Page", dispatch_uid="cms-purge-del"
        )
