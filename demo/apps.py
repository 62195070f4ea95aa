from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and `seed_demo`: no models, reads every app, and nothing imports it."""

    name = "demo"
