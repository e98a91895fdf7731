"""No input is a 500: every URL pattern's parameters and query string and every form's fields,
fuzzed, as every role (decision 0014).

For each role the test first walks the site from that role's start pages, following links and
reading every form (its address, and the names, kinds and options of its fields), so that real
ids reach the deep pages. Then, for every URL pattern in the resolver (those under /o/<slug>/,
allauth's and the admin's included):

- known bad values (text for a number, a number too large for any column, a digit that is not
  ASCII, a NUL) go into each parameter in turn and into every query name the views read, by
  GET and by POST, wherever this role gets past sign-in and permissions (the admin's own
  patterns, Django's code, get only the drawn values below);
- hypothesis draws further values (edge cases, any text, huge and negative numbers) for the
  parameters, the query string and a request body.

And for every form found: the known bad values go into all its visible fields at once and into
each hidden field (where ids travel) in turn, and hypothesis draws mixtures of the form's own
options, edge cases and any text, several values per field at times.

Every request runs in a savepoint that is rolled back, with the client's cookies put back, so
each meets the same world: a request that signs out or deletes everything changes nothing for
the next. The test client re-raises any exception a view lets escape, so a failure shows its
traceback (and hypothesis the smallest input that causes it). The `nul_never_reaches_the_database`
guard fails a request whose SQL carries a NUL, which PostgreSQL refuses (SQLite stores it).
Hypothesis is derandomised, so CI sees the same inputs every run.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.accounts.models import ConsentPurpose, ConsentText, User
from steadfast.accounts.services import consent_decide
from steadfast.accounts.tests.factories import UserFactory
from steadfast.assessments import services as assessment_services
from steadfast.cohorts import services as cohort_services
from steadfast.cohorts.models import CohortMember
from steadfast.journal import services as journal_services
from steadfast.organisations import services as organisation_services
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.practice import services as practice_services
from steadfast.programs.models import Enrolment
from steadfast.programs.services import enrolment_create
from steadfast.programs.tests.factories import latest, load_valid
from steadfast.safety import services as safety_services
from steadfast.safety.models import AlertRule, OrganisationLine
from steadfast.safety.tests.factories import named_responders
from steadfast.training import services as training_services
from steadfast.training.models import RegionalTraining, SeatAllocation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nul_never_reaches_the_database")]

NOW = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)  # a Wednesday, mid-cohort
ROLES = ["signed_out", "participant", "facilitator", "lead", "administrator", "staff"]
CRAWL_LIMIT = 120  # pages read per role before fuzzing
PAGES_PER_ROUTE = 2  # pages read per URL pattern (two journal entries, not every one)
FORMS_PER_KIND = 1  # forms kept per target pattern and set of field names
URL_EXAMPLES = 1  # hypothesis addresses per URL pattern, each requested by GET and POST
FORM_EXAMPLES = 3  # hypothesis submissions per form found
# The admin is Django's own and staff-only: one page per pattern, fewer submissions per form.
ADMIN_PAGES_PER_ROUTE = 1
ADMIN_FORM_EXAMPLES = 1

# Tried in every parameter, query name and form field: text for a number, a number too large
# for any column, a digit that is not ASCII, a NUL (PostgreSQL refuses it).
KNOWN_BAD = ["abc", "9" * 25, "\u00b2", "a\x00b"]
# What hypothesis draws from besides any text and any integer.
EDGE_VALUES = [
    *KNOWN_BAD,
    "x" * 3000,
    "",
    "0",
    "-1",
    "1.5",
    "nan",
    "1e309",
    "9223372036854775807",
    "9223372036854775808",
    "\u0661\u0662",
    "%00",
    "\x01",
    "\x7f",
    "\t",
    "\r\n",
    "é🙂ÿ",
    "\u202e\ufeff",
    "'; --",
    "<script>x</script>",
    "../../etc/passwd",
    "2026-02-30",
    "25:61",
]
# Query names the views read (request.GET), and some the admin and allauth read.
QUERY_NAMES = [
    "page",
    "item",
    "version",
    "request",
    "role",
    "note",
    "country",
    "next",
    "q",
    "o",
    "p",
    "e",
    "required",
    "expired",
]
# POST names views read outside any Django form.
LOOSE_POST_NAMES = [
    "action",
    "form",
    "pk",
    "due",
    "entry",
    "member",
    "members",
    "group",
    "attended",
    "token",
    "draft_key",
    "exercise",
    "back",
    "thought",
    "words",
    "answer",
    "confirm",
    "note",
    "status",
    "allocation",
    "training_request",
    "payload",
    "item",
    "do",
]
NOT_FUZZED = {"csrfmiddlewaretoken"}

fuzz_text = st.one_of(
    st.sampled_from(EDGE_VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


# -- the URL patterns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern, flattened: its full route (as `ResolverMatch.route` spells it) and the
    pieces to build an address from parameter values."""

    route: str
    parts: tuple[str | tuple[str], ...]  # literal text, or (parameter name,)

    @property
    def params(self) -> list[str]:
        return [p[0] for p in self.parts if isinstance(p, tuple)]

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    def build(self, values: dict[str, str]) -> str:
        return "/" + "".join(
            quote(values[p[0]], safe="") if isinstance(p, tuple) else p for p in self.parts
        )


def _route_parts(pattern: RoutePattern | RegexPattern) -> list[str | tuple[str]]:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").replace("\\.", ".")
        group = re.compile(r"\(\?P<(\w+)>[^)]*\)")
    else:
        group = re.compile(r"<(?:\w+:)?(\w+)>")
    parts: list[str | tuple[str]] = []
    at = 0
    for found in group.finditer(text):
        parts.append(text[at : found.start()])
        parts.append((found.group(1),))
        at = found.end()
    parts.append(text[at:])
    return [p for p in parts if p != ""]


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(
        patterns: list[URLPattern | URLResolver], route: str, parts: list[str | tuple[str]]
    ) -> None:
        for pattern in patterns:
            here = URLResolver._join_route(route, str(pattern.pattern))
            there = parts + _route_parts(pattern.pattern)  # type: ignore[arg-type]
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, here, there)
            else:
                routes.append(Route(here, tuple(there)))

    walk(get_resolver().url_patterns, "", [])
    return routes


# -- reading pages -------------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # an input's type, or "select", "textarea", "submit"
    options: list[str] = field(default_factory=list)  # values offered (hidden: its value)

    @property
    def visible(self) -> bool:
        return self.kind not in ("hidden", "submit")

    def usual(self) -> object:
        """What a person would send: the value offered, else something plain for the kind."""
        offered = [o for o in self.options if o]
        if offered:
            return offered[0]
        if self.kind == "file":
            return SimpleUploadedFile("staff.csv", b"name,email,role,team\nAda,ada@example.org,,\n")
        return {
            "number": "1",
            "date": "2026-03-05",
            "time": "10:00",
            "email": "someone@example.org",
            "url": "https://example.org/",
            "checkbox": "on",
            "hidden": "",
        }.get(self.kind, "Some words")


@dataclass
class Form:
    action: str  # path and query
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.action, self.method, tuple(sorted(self.fields)))

    def usual(self) -> dict[str, object]:
        """The form as a person would send it, pressing its first button."""
        return {
            name: f.usual()
            for name, f in self.fields.items()
            if f.kind != "submit" or name == self.first_button
        }

    @property
    def first_button(self) -> str | None:
        return next((n for n, f in self.fields.items() if f.kind == "submit"), None)


class PageReader(HTMLParser):
    """Links and forms of one page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            action = a.get("action") or self.page
            self._form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "button", "textarea", "select"):
            name = a.get("name")
            if not name or name in NOT_FUZZED:
                return
            if tag == "input":
                kind = a.get("type", "text").lower()
            elif tag == "button":
                kind = "submit" if a.get("type", "submit").lower() == "submit" else "button"
            else:
                kind = tag
            found = self._form.fields.setdefault(name, FormField(name, kind))
            if "value" in a and kind in ("radio", "checkbox", "submit", "hidden"):
                found.options.append(a["value"])
            if tag == "select":
                self._select = found
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


# -- the world -----------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User | None]
    starts: dict[str, list[str]]


def build_world(org, participant, facilitator, lead, administrator) -> World:  # type: ignore[no-untyped-def]
    """An organisation in use: a program, a cohort with groups and sessions, questionnaires,
    journal, practice, safety alerts and lines, a debrief, invitations, training requests."""
    load_valid()
    tiny = latest("tiny")
    # The migrations publish the consent texts at the real time they ran: publish them before
    # this test's frozen clock instead.
    ConsentText.objects.update(published_at=NOW - dt.timedelta(days=30))
    for purpose in ConsentPurpose.values:
        consent_decide(user=participant, organisation=org, purpose=purpose, given=True)
    enrolment_create(
        user=participant, version=tiny, organisation=org, source=Enrolment.Source.DIRECT
    )
    peers = []
    for i in range(3):
        peer = UserFactory(full_name=f"Peer {i}")
        MembershipFactory(user=peer, organisation=org, role=Role.PARTICIPANT)
        peers.append(peer)
    # Safety is set up before anyone is enrolled (the organisation may not enrol otherwise).
    named_responders(org, facilitator, administrator, hours="weekdays")
    cohort = cohort_services.cohort_create(
        organisation=org,
        version=tiny,
        title="Night shift group",
        facilitators=[facilitator, administrator],
        starts_on=dt.date(2026, 3, 2),
        time_zone="America/New_York",
        format="online",
        video_link="https://video.example.org/room",
        seats=30,
        actor=facilitator,
    )
    for person in [participant, *peers]:
        cohort_services.member_enrol(
            cohort=cohort, email=person.email, name=person.full_name, actor=facilitator
        )
    cohort_services.members_claim(cohort=cohort)
    proposal = cohort_services.groups_propose(cohort=cohort)
    cohort_services.groups_save(cohort=cohort, proposal=proposal, actor=facilitator)
    sessions = cohort_services.sessions_schedule(
        cohort=cohort,
        first_date=dt.date(2026, 3, 3),
        local_time=dt.time(18),
        every_days=7,
        count=3,
        actor=facilitator,
    )
    place = CohortMember.objects.get(cohort=cohort, user=participant)
    cohort_services.intake_save(
        member=place, challenges=[], availability=[], not_with=[], goals="Sleep better"
    )
    cohort_services.note_add(
        cohort=cohort, author=facilitator, body="Quiet today", session=sessions[0]
    )
    cohort_services.calendar_feed_for(user=participant)
    training_services.debrief_schedule(
        organisation=org,
        title="After the fire",
        local_date=dt.date(2026, 3, 10),
        local_time=dt.time(9),
        runner=lead,
        actor=lead,
    )
    # Questionnaires: one finished, one half done.
    done = assessment_services.draft_start(user=participant, instrument="gad7")
    for position in range(1, 8):
        assessment_services.draft_answer(draft=done, position=position, value=1)
    assessment_services.response_submit(user=participant, token=done.token)
    half = assessment_services.draft_start(user=participant, instrument="phq9")
    assessment_services.draft_answer(draft=half, position=1, value=0)
    complete = assessment_services.draft_start(user=participant, instrument="phq2")
    for position in (1, 2):
        assessment_services.draft_answer(draft=complete, position=position, value=1)
    # Journal: an entry shared with the facilitators, a draft.
    saved = journal_services.entry_create(
        user=participant, token=uuid.uuid4(), title="Monday", body="A long shift."
    )
    journal_services.entry_share(entry=saved.entry, organisation=org)
    journal_services.draft_save(
        user=participant, token=uuid.uuid4(), title="", body="Half a thought", mood=""
    )
    # Practice: a goal with a partner, a check-in, an exercise (through its page).
    practice_services.goal_save(
        user=participant,
        what="Walk every day",
        steps=["Shoes by the door", "Ten minutes"],
        partner_id=peers[0].pk,
    )
    practice_services.checkin_record(
        user=participant, mood=6, stress=4, energy=5, sleep=7, words=["calm"], token=uuid.uuid4()
    )
    client = Client()
    client.force_login(participant)
    page = client.post(
        "/practice/thought_record/new/",
        {"situation": "At work", "thought": "I always fail", "token": str(uuid.uuid4())},
    )
    assert page.status_code == 302, page.status_code
    # Safety: responders named (above), an alert raised, an organisation line.
    alert = safety_services.alert_raise(
        person=participant,
        organisation=org,
        rule=AlertRule.SELF_HARM,
        deadline_hours=1,
        rules_version="2026.1",
        instrument="phq9",
    )
    OrganisationLine.objects.create(organisation=org, name="Employee assistance", call="0800 1")
    # People: a pending invitation; training: a request and seats at a regional training.
    organisation_services.invitation_create(
        organisation=org, email="new.person@example.org", role=Role.PARTICIPANT, invited_by=lead
    )
    training_services.training_request_submit(
        organisation_name=org.name,
        staff_roles="Dispatchers",
        headcount=12,
        preferred_format="online",
        preferred_dates="April",
        contact_name="Alice Lead",
        contact_email="alice@example.org",
        organisation=org,
        submitted_by=lead,
    )
    training = RegionalTraining.objects.create(
        title="Regional course", starts_on=dt.date(2026, 5, 1), place="Town hall"
    )
    SeatAllocation.objects.create(training=training, organisation=org, seats=2)
    staff = UserFactory(full_name="Sid Staff", is_staff=True, is_superuser=True)
    slug = org.slug
    return World(
        users={
            "signed_out": None,
            "participant": participant,
            "facilitator": facilitator,
            "lead": lead,
            "administrator": administrator,
            "staff": staff,
        },
        starts={
            "signed_out": ["/", "/crisis/", "/accounts/login/", "/training/request/"],
            "participant": [
                "/home/",
                f"/o/{slug}/",
                "/programs/mine/",
                "/cohorts/",
                "/practice/",
                "/practice/goals/",
                "/practice/checkin/trend/",
                "/journal/",
                "/assessments/",
                "/my-data/",
                f"/assessments/d/{half.token}/2/",
                f"/assessments/d/{complete.token}/review/",
                f"/cohorts/sessions/{sessions[0].pk}/feedback/",
                f"/cohorts/{cohort.pk}/summary/",
                "/practice/goals/new/",
                "/practice/checkin/",
            ],
            "facilitator": [
                f"/o/{slug}/",
                f"/o/{slug}/cohorts/",
                f"/o/{slug}/safety/alerts/{alert.pk}/",
                f"/o/{slug}/journal/shared/",
                f"/o/{slug}/measures/",
            ],
            "lead": [f"/o/{slug}/", f"/o/{slug}/people/", f"/o/{slug}/debriefs/"],
            "administrator": [f"/o/{slug}/", f"/o/{slug}/safety/setup/", f"/o/{slug}/cohorts/"],
            "staff": ["/training/requests/", "/programs/", "/admin/"],
        },
    )


# -- requests ------------------------------------------------------------------------------------


class Visitor:
    """A client that leaves no trace: each request in a rolled-back savepoint, with the
    cookies it started with put back."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        if user is not None:
            self.client.force_login(user)
        self.cookies = SimpleCookie()
        self.cookies.load(self.client.cookies.output(header="", sep=";"))

    def request(self, method: str, url: str, data: dict[str, Any] | None = None) -> HttpResponse:
        with transaction.atomic():
            try:
                if method == "get":
                    response = self.client.get(url)
                else:
                    response = self.client.post(url, data or {})
            finally:
                transaction.set_rollback(True)
                self.client.cookies = SimpleCookie()
                self.client.cookies.load(self.cookies.output(header="", sep=";"))
        assert response.status_code < 500, (method, url, data, response.status_code)
        return response  # type: ignore[no-any-return]


def shut_out(response: HttpResponse) -> bool:
    """Stopped before the view reads anything: sent to sign in, or not allowed."""
    location = response.headers.get("Location", "")
    return response.status_code == 403 or (
        response.status_code == 302 and ("/login/" in location or "/2fa/" in location)
    )


@dataclass
class Site:
    """What one role found by following links: real parameter values for each route, and
    forms."""

    values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    forms: dict[tuple[str, str, tuple[str, ...]], Form] = field(default_factory=dict)
    pages: int = 0

    def learn(self, route: str, kwargs: dict[str, Any]) -> None:
        for name, value in kwargs.items():
            known = self.values.setdefault((route, name), [])
            if str(value) not in known:
                known.append(str(value))

    def usual(self, route: Route) -> dict[str, str]:
        return {name: self.values.get((route.route, name), ["1"])[0] for name in route.params}


def _local(url: str, page: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("#"):
        return None
    path = parts.path if parts.path.startswith("/") else page.rsplit("/", 1)[0] + "/" + parts.path
    if path.startswith("/static/"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(visitor: Visitor, starts: list[str]) -> Site:
    """Follow links breadth first from `starts`, reading each page's forms."""
    site = Site()
    queue = list(starts)
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    kinds: dict[tuple[str, str, tuple[str, ...]], int] = {}
    while queue and site.pages < CRAWL_LIMIT:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or "logout" in path:
            continue
        seen.add(url)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        cap = ADMIN_PAGES_PER_ROUTE if path.startswith("/admin/") else PAGES_PER_ROUTE
        if per_route.get(match.route, 0) >= cap:
            continue
        per_route[match.route] = per_route.get(match.route, 0) + 1
        site.learn(match.route, match.kwargs)
        response = visitor.request("get", url)
        site.pages += 1
        if response.status_code in (301, 302):
            if target := _local(response.headers["Location"], path):
                queue.append(target)
            continue
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        reader = PageReader(url)
        reader.feed(response.content.decode(errors="replace"))
        queue.extend(t for link in reader.links if (t := _local(link, path)) and t not in seen)
        for form in reader.forms:
            target = _local(form.action, path)
            if target is None:
                continue
            form.action = target
            try:
                action = resolve(urlsplit(target).path)
            except Resolver404:
                continue
            site.learn(action.route, action.kwargs)
            kind = (action.route, form.method, tuple(sorted(form.fields)))
            if form.key not in site.forms and kinds.get(kind, 0) < FORMS_PER_KIND:
                kinds[kind] = kinds.get(kind, 0) + 1
                site.forms[form.key] = form
    return site


# -- fuzzing -------------------------------------------------------------------------------------


def send(visitor: Visitor, form: Form, body: dict[str, Any]) -> None:
    if form.method == "get":
        query = {k: v for k, v in body.items() if isinstance(v, str)}
        visitor.request("get", form.action.split("?")[0] + "?" + urlencode(query))
    else:
        visitor.request("post", form.action, body)


def address_known_bad(visitor: Visitor, site: Site, route: Route) -> None:
    """Each known bad value in each parameter, and in every query name at once."""
    usual = site.usual(route)
    url = route.build(usual)
    if shut_out(visitor.request("get", url)) and shut_out(visitor.request("post", url)):
        return
    for bad in KNOWN_BAD:
        visitor.request("get", f"{url}?{urlencode(dict.fromkeys(QUERY_NAMES, bad))}")
        for name in route.params:
            there = route.build({**usual, name: bad})
            visitor.request("get", there)
            visitor.request("post", there, dict.fromkeys(LOOSE_POST_NAMES, bad))


def address_fuzzer(visitor: Visitor, site: Site, route: Route) -> Any:
    """Hypothesis: any parameter values, query string and request body for one route."""

    def value(name: str) -> st.SearchStrategy[str]:
        known = site.values.get((route.route, name))
        return st.one_of(st.sampled_from(known), fuzz_text) if known else fuzz_text

    @settings(FUZZ_SETTINGS, max_examples=URL_EXAMPLES)
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        values = {name: data.draw(value(name), label=name) for name in route.params}
        query = data.draw(
            st.dictionaries(st.sampled_from(QUERY_NAMES), fuzz_text, max_size=3), label="query"
        )
        body = data.draw(
            st.dictionaries(st.sampled_from(LOOSE_POST_NAMES), fuzz_text, max_size=4),
            label="body",
        )
        url = route.build(values) + (f"?{urlencode(query)}" if query else "")
        visitor.request("get", url)
        visitor.request("post", url, body)

    return fuzz


def form_known_bad(visitor: Visitor, form: Form) -> None:
    """Each known bad value in every visible field at once, then in each hidden field alone
    (where ids travel), the rest filled in as a person would."""
    usual = form.usual()
    visible = [n for n, f in form.fields.items() if f.visible]
    # The admin's hidden fields are Django's formset bookkeeping: left to hypothesis.
    admin = form.action.startswith("/admin/")
    hidden = [n for n, f in form.fields.items() if f.kind == "hidden" and not admin]
    for bad in KNOWN_BAD:
        send(visitor, form, {**usual, **dict.fromkeys(visible, bad)})
        for name in hidden:
            send(visitor, form, {**usual, name: bad})


def field_values(form_field: FormField) -> st.SearchStrategy[Any]:
    """Hypothesis: the field's own options, edge cases, any text, several values at once, or
    (for a file) a file of any bytes."""
    if form_field.kind == "file":
        return st.binary(max_size=300).map(lambda data: SimpleUploadedFile("staff.csv", data))
    one = (
        st.one_of(st.sampled_from(form_field.options), fuzz_text)
        if form_field.options
        else (fuzz_text)
    )
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def form_fuzzer(visitor: Visitor, form: Form) -> Any:
    """Hypothesis: mixtures of values for the fields one form declares, sent to its address."""
    examples = ADMIN_FORM_EXAMPLES if form.action.startswith("/admin/") else FORM_EXAMPLES

    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        body = {
            name: data.draw(field_values(form_field), label=name)
            for name, form_field in form.fields.items()
            if form_field.kind != "submit" or data.draw(st.booleans(), label=f"press {name}")
        }
        send(visitor, form, body)

    return fuzz


@pytest.mark.parametrize("role", ROLES)
def test_no_url_parameter_query_or_form_field_value_is_a_server_error(
    role, org, participant, facilitator, lead, administrator
):
    with time_machine.travel(NOW, tick=False):
        world = build_world(org, participant, facilitator, lead, administrator)
        visitor = Visitor(world.users[role])
        site = crawl(visitor, world.starts[role])
        assert site.pages >= len(world.starts[role])
        for route in all_routes():
            if not route.is_admin:
                address_known_bad(visitor, site, route)
            address_fuzzer(visitor, site, route)()
        for form in site.forms.values():
            form_known_bad(visitor, form)
            form_fuzzer(visitor, form)()
