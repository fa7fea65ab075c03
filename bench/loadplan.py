"""The writes of `make loadtest`, prepared before and counted after.

``PREPARE`` (run inside Django against the load database by loadtest.py)
makes what the simulated users write to: orders submitted for the director
to approve, a questionnaire campaign with personal links for respondents;
it prints the plan as JSON (order ids, raw link tokens, one valid answer
per question). ``COUNT`` prints what the database holds afterwards, to be
compared with what the users were told succeeded (no lost, no duplicated
writes).
"""

PREPARE = """
import datetime
from django.utils import timezone
from mentoring.models import Membership, Organization, Participant, Role
from mentoring.models import OrderKind
from mentoring.services import orders as os_
from surveys import services as ss
from surveys.models import Survey

org = Organization.objects.get(slug='sosh-11')
def user(role):
    found = Membership.objects.filter(organization=org, role=role).select_related('user')
    return found.first().user
methodist = user(Role.METHODIST)
order_ids = []
for n in range(ORDERS):
    data = os_.order_defaults('final_event')
    # A final event's order is signed with its date, place, programme and
    # commission (services.orders._check_details).
    data['details'] = {
        'date': datetime.date.today().isoformat(), 'place': 'Актовый зал',
        'programme': ['Открытие', 'Выступления наставников'],
        'commission_ids': [user(Role.DIRECTOR).pk, methodist.pk],
    }
    order = os_.order_create(organization=org, kind=OrderKind.FINAL_EVENT, data=data, by=methodist)
    os_.order_submit(order=order, by=methodist)
    order_ids.append(order.pk)
survey = Survey.objects.filter(organization=org, is_archived=False).order_by('pk').first()
from mentoring.demo import _give_consents
chosen = list(Participant.objects.of(org).active().filter(is_mentee=True,
              external_id__startswith='scale-').order_by('pk')[:LINKS])
_give_consents(org, chosen, methodist)  # links go to people with a consent
people = [p.pk for p in chosen]
campaign, links = ss.campaign_create(
    survey=survey,
    data={'title': 'Нагрузочный тест',
          'deadline': timezone.localdate() + datetime.timedelta(days=7),
          'moment': '', 'baseline': None, 'is_anonymous': False},
    audience={'kind': 'participants', 'participants': people},
    by=methodist, notify=False)
answers = {}
for q in campaign.version.questions.prefetch_related('options'):
    if q.kind == 'scale':
        answers[f'q{q.pk}'] = str(q.scale_max)
    elif q.kind in ('single', 'multiple'):
        answers[f'q{q.pk}'] = str(q.options.all()[0].pk)
    elif q.kind == 'yes_no':
        answers[f'q{q.pk}'] = 'yes'
    elif q.kind == 'number':
        answers[f'q{q.pk}'] = '3'
    else:
        answers[f'q{q.pk}'] = 'Ответ нагрузочного теста'
print(json.dumps({
    'orders': order_ids,
    'campaign': campaign.pk,
    'tokens': [url.rstrip('/').rsplit('/', 1)[-1] for _inv, url in links],
    'answers': answers,
}))
"""

COUNT = """
from mentoring.models import Order, OrderStatus, Participant
from reports.models import ReportJob
from surveys.models import Response, ResponseStatus
plan = json.loads(PLAN)
orders = Order.objects.filter(pk__in=plan['orders'])
responses = Response.objects.filter(campaign_id=plan['campaign'])
print(json.dumps({
    'orders_approved': orders.filter(status=OrderStatus.APPROVED).count(),
    'order_numbers_distinct': orders.filter(status=OrderStatus.APPROVED)
        .values('number').distinct().count(),
    'responses_submitted': responses.filter(status=ResponseStatus.SUBMITTED).count(),
    'responses_total': responses.count(),
    'responses_distinct_invitations': responses.values('invitation').distinct().count(),
    'imported': Participant.objects.filter(external_id__startswith='load-').count(),
    'report_jobs': ReportJob.objects.filter(created_at__gte=START).count(),
    'report_jobs_done': ReportJob.objects.filter(created_at__gte=START, status='done').count(),
    'report_jobs_waiting': ReportJob.objects.filter(created_at__gte=START,
        status__in=['queued', 'running']).count(),
}))
"""
