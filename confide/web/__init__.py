"""Web plumbing shared by the two apps: security headers, CSRF, logging, static files.

Each app (``gateway``, ``reviewer_console``) builds its own Starlette application with its
own routes and templates; they only share these middleware classes and helpers, never a
process or a route table.
"""
