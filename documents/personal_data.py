"""Where the documents app keeps personal data (mentoring.personal_data).

Everything here is a document the law makes the organisation keep: orders
and their appendices on core activity (kept permanently), the Положение,
additional agreements to employment contracts and contracts with outside
mentors (documents on personnel and accounting, kept by law), and the signed
scans of those documents. 152-ФЗ ст. 6 ч. 1 п. 2 allows processing where a
federal law requires it; destruction of a person therefore leaves them as
they were signed (the act of destruction lists them as kept)."""

from mentoring.personal_data import exempt, register

KEPT = (
    "документ, который организация обязана хранить по закону "
    "(152-ФЗ ст. 6 ч. 1 п. 2; ТК РФ, перечень типовых архивных документов)"
)


def _draft_agreements(participant):
    from .models import DocumentStatus, MentorAgreement

    return MentorAgreement.objects.filter(mentor=participant).exclude(
        status=DocumentStatus.APPROVED
    )


def register_documents():
    """Called from DocumentsConfig.ready."""
    # Signed agreements are kept (the mentor reference is cut, the frozen
    # PDF stays); drafts were never signed and go with the mentor.
    register(
        "documents.MentorAgreement",
        category="Проекты соглашений с наставником (подписанные хранятся как кадровые документы)",
        rows=_draft_agreements,
        fields=("kind", "starts_on", "ends_on", "monthly_pay"),
        mentions=("content", "form", "pay_terms"),
    )
    exempt("documents.SignedScan", "скан подписанного документа: " + KEPT)
    exempt("documents.OrderAppendix", "приложение к приказу по основной деятельности: " + KEPT)
    exempt("documents.Regulation", "Положение о наставничестве: " + KEPT)
    exempt("documents.RegulationVersion", "редакция Положения о наставничестве: " + KEPT)
    exempt("documents.DocumentSettings", "настройки документов организации, не сведения о людях")
