"""Mixed-role load for `make loadtest` (see bench/loadtest.py).

Each simulated user logs in once and then spreads its requests over the app
servers listed in LOAD_HOSTS: the session made on one server is used on the
others, which proves the servers keep no state of their own.

Writes: directors approve submitted orders, respondents answer questionnaires
through personal links, methodists import small XLSX files and order
background reports (built by the task worker). What the server confirmed is
counted here and written to LOAD_COUNTS when the test stops; loadtest.py
compares it with the rows in the database (no lost, no duplicated writes).
"""

import io
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

HOSTS = os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8000").split(",")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
PLAN = {"orders": [], "tokens": [], "answers": {}}
if os.environ.get("LOAD_PLAN"):
    with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
        PLAN = json.load(plan_file)
# Each order and each link is written by one user (popped), except a few
# orders approved twice on purpose (two directors at once: one approval).
ORDERS = list(PLAN["orders"])
TOKENS = list(PLAN["tokens"])
IMPORT_ROWS = 3
MAX_REPORTS = int(os.environ.get("LOAD_MAX_REPORTS", "20"))
# Confirmed by the server, and attempted (sent: a request cut off when the
# test stops may have been written without the user seeing it).
COUNTS = {
    "orders_approved": 0,
    "responses_submitted": 0,
    "imported": 0,
    "report_jobs": 0,
    "orders_attempted": 0,
    "responses_attempted": 0,
    "imported_attempted": 0,
    "report_jobs_attempted": 0,
}


@events.test_stop.add_listener
def _write_counts(**_kwargs):
    path = os.environ.get("LOAD_COUNTS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(COUNTS, out)


def import_file(rows):
    """A small participants XLSX with fresh external ids (load-…)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    sheet.append(["Внешний ID", "Фамилия", "Имя", "Дата рождения", "Целевая группа", "Наставник"])
    batch = uuid.uuid4().hex[:12]
    for n in range(rows):
        sheet.append(
            [
                f"load-{batch}-{n}",
                f"Нагрузкин{n}",
                "Иван",
                "01.02.1990",
                "Педагогический работник",
                "да",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = None
    pages = ["/"]

    def url(self, path):
        return random.choice(HOSTS) + path  # noqa: S311 - load spreading

    def on_start(self):
        if not self.username:
            return
        login = self.url("/accounts/login/")
        page = self.client.get(login, name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            login,
            data={"username": self.username, "password": "demo12345", "csrfmiddlewaretoken": token},
            headers={"Referer": login},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login failed: {response.status_code}")

    def token_from(self, path, name=None):
        page = self.client.get(self.url(path), name=name or path.split("?")[0] + " (форма)")
        found = CSRF.search(page.text)
        return found.group(1) if found else ""

    @task(4)
    def browse(self):
        path = random.choice(self.pages)  # noqa: S311
        with self.client.get(self.url(path), name=path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in response.url and self.username:
                response.failure("session lost: redirected to login")


class Methodist(RoleUser):
    weight = 4
    username = "school.methodist"
    pages = [
        "/",
        "/bank/mentees/",
        "/bank/mentees/?page=5",
        "/bank/mentors/",
        "/bank/potential-mentors/",
        "/consents/missing/",
        "/mentorships/",
        "/mentorships/without-mentor/",
        "/orders/",
    ]


class Director(RoleUser):
    weight = 2
    username = "school.director"
    pages = ["/", "/orders/", "/orders/inbox/", "/bank/mentors/"]

    @task(1)
    def approve(self):
        if not ORDERS:
            return
        pk = ORDERS.pop()
        page = self.client.get(self.url(f"/orders/{pk}/"), name="/orders/[id]/ (форма)")
        token = CSRF.search(page.text)
        version = VERSION.search(page.text)
        COUNTS["orders_attempted"] += 1
        # As the director does on the order's page: the version read there
        # and «С приказом и приложением ознакомлен(а)» ticked; the number
        # and the date left to the server (the next free number, today).
        with self.client.post(
            self.url(f"/orders/{pk}/approve/"),
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "version": version.group(1) if version else "",
                "confirmed": "1",
            },
            headers={"Referer": self.url(f"/orders/{pk}/")},
            name="/orders/[id]/approve/ (запись)",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "Приказ утверждён: №" in response.text:
                COUNTS["orders_approved"] += 1
            elif "Приказ уже утверждён: №" in response.text:
                pass  # another director was first: one approval, not two
            else:
                response.failure("no confirmation of the approval")


class Importer(RoleUser):
    """A methodist importing small files and ordering background reports."""

    weight = 1
    username = "school.methodist"
    pages = ["/", "/bank/mentees/"]

    @task(1)
    def import_participants(self):
        token = self.token_from("/import/")
        with self.client.post(
            self.url("/import/"),
            data={"csrfmiddlewaretoken": token},
            files={"file": ("load.xlsx", import_file(IMPORT_ROWS))},
            headers={"Referer": self.url("/import/")},
            name="/import/ (загрузка)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/import/" not in response.url:
                response.failure(f"upload: {response.status_code}")
                return
            preview = response.url
            token = CSRF.search(response.text)
        COUNTS["imported_attempted"] += IMPORT_ROWS
        with self.client.post(
            preview.rstrip("/") + "/confirm/",
            data={"csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": preview},
            name="/import/[token]/confirm/ (запись)",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and f"создано {IMPORT_ROWS}" in response.text:
                COUNTS["imported"] += IMPORT_ROWS
            else:
                response.failure(f"import not confirmed: {response.status_code}")

    @task(1)
    def background_report(self):
        if COUNTS["report_jobs"] >= MAX_REPORTS:  # one worker on a shared machine
            return
        token = self.token_from("/reports/")
        COUNTS["report_jobs_attempted"] += 1
        with self.client.post(
            self.url("/reports/build/mentors/"),
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": self.url("/reports/")},
            allow_redirects=False,
            name="/reports/build/mentors/ (фоновая задача)",
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/reports/jobs/" in response.headers["Location"]:
                COUNTS["report_jobs"] += 1
            else:
                response.failure(f"no background job: {response.status_code}")


class Respondent(HttpUser):
    """Answers a questionnaire through a personal link (no login)."""

    weight = 2
    wait_time = between(0.5, 2)

    @task
    def answer(self):
        if not TOKENS:
            self.client.get(random.choice(HOSTS) + "/healthz", name="/healthz")  # noqa: S311
            return
        raw = TOKENS.pop()
        url = random.choice(HOSTS) + f"/surveys/a/{raw}/"  # noqa: S311
        page = self.client.get(url, name="/surveys/a/[token]/")
        token = CSRF.search(page.text)
        COUNTS["responses_attempted"] += 1
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "action": "submit",
                **PLAN["answers"],
            },
            headers={"Referer": url},
            allow_redirects=False,
            name="/surveys/a/[token]/ (ответ)",
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "sent=1" in response.headers["Location"]:
                COUNTS["responses_submitted"] += 1
            else:
                response.failure(f"answer not sent: {response.status_code}")


class Mentor(RoleUser):
    weight = 2
    username = "school.mentor"
    pages = ["/", "/cabinet/"]


class Specialist(RoleUser):
    weight = 1
    username = "do.specialist"
    pages = ["/", "/organizations/"]


class Visitor(RoleUser):
    weight = 1
    username = None
    pages = ["/healthz", "/accounts/login/", "/o/sosh-11/nastavnichestvo/"]
