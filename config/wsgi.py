"""WSGI entry point: Steadfast is served over WSGI (gunicorn), see docs/operations.md."""

import os

from django.core.wsgi import get_wsgi_application

from steadfast.core.logfilters import hide_secrets_in_server_logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Gunicorn sets up its own access and error logs; hide secret tokens in them too.
hide_secrets_in_server_logs()
