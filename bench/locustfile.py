"""Mixed-role load for `make loadtest` (see bench/loadtest.py).

Each simulated user logs in once and then spreads its requests over the app
servers listed in LOAD_HOSTS: the session made on one server is used on the
others, which proves the servers keep no state of their own.
"""

import os
import random
import re

from locust import HttpUser, between, task

HOSTS = os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8000").split(",")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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

    @task
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
