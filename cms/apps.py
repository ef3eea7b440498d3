from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Public site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction, Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.cache import purge_page_cache
        from cms.models import SiteSettings, council_mail_context
        from portal.models import ServiceArea, Team
        from portal.notify import add_context_provider

        # Whatever changes what anonymous visitors see empties their caches
        # (pages, fragments, site config, what was read from the page tree), so nobody is shown a vacancy that
        # was just withdrawn or a name that was just changed.
        page_published.connect(purge_page_cache, dispatch_uid="cms-purge-published")
        page_unpublished.connect(purge_page_cache, dispatch_uid="cms-purge-unpublished")
        post_page_move.connect(purge_page_cache, dispatch_uid="cms-purge-moved")
        # Every page model: a page saved or deleted sends its own class, not Page.
        for model in (
            *get_page_models(),
            PageViewRestriction,
            Site,
            SiteSettings,
            ServiceArea,
            Team,
        ):
            post_save.connect(purge_page_cache, sender=model, dispatch_uid=f"cms-purge-{model}")
            post_delete.connect(purge_page_cache, sender=model, dispatch_uid=f"cms-del-{model}")
        # Every mail the portal sends is signed with the council's name.
        add_context_provider(council_mail_context)
