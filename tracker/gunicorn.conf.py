"""gunicorn's settings for the tracker: ``gunicorn -c tracker/gunicorn.conf.py tracker.wsgi``.

Command-line options (``--bind``, ``--workers``) override these. See docs/security.md for
the proxy in front.
"""

import os

import gunicorn.http.wsgi

# gunicorn names itself in every response's Server header and has no setting to stop it; a
# header that names the software tells an attacker which flaws to try. The name is read
# from this module-level value for each response, so setting it here, in the master before
# the workers fork, covers every worker.
gunicorn.http.wsgi.SERVER = "web"

wsgi_app = "tracker.wsgi"
bind = "127.0.0.1:8000"
workers = 3
threads = 4
# Headers from the proxy: X-Forwarded-Proto is trusted only from these addresses (a proxy on
# another machine: its address, comma-separated; docs/deployment.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
