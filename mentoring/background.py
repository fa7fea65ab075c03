"""The one place the project imports Django's tasks framework from.

Background work (reports, large imports, destruction runs, e-mail batches)
is declared with ``@task`` from here and run by ``python manage.py
db_worker`` (the database backend of ``django-tasks-db``: tasks are rows in
the project's own database, a worker claims one with SELECT … FOR UPDATE
SKIP LOCKED, so any number of workers on any number of machines never run a
task twice).

Django 5.2 has no ``django.tasks``: the ``django-tasks`` backport provides
the same API. When the project moves to Django 6, replace the import below
with ``from django.tasks import TaskResultStatus, default_task_backend,
task`` — nothing else changes (the database backend stays
``django_tasks_db.DatabaseBackend``).
"""

from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["TaskResultStatus", "default_task_backend", "task"]
