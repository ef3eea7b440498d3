"""The "Cohorts" back office in the Wagtail admin: view sets, forms, views, the home panel.

``cohorts.wagtail_hooks`` only registers what is here.
"""
