"""WSGI entry point: Steadfast is served over WSGI (gunicorn), see docs/operations.md."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
