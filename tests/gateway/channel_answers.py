"""Valid answers for each of the office's own channels, as a browser sends them."""

from __future__ import annotations

IDENTITY = {
    "identity_name": "Amina Diallo",
    "identity_email": "amina.diallo@example.org",
    "identity_position": "Programme officer, Nairobi",
}

CHANNEL_ANSWERS: dict[str, dict[str, str | list[str]]] = {
    "advice": {
        "topic": "gifts",
        "question": "A supplier offered me two concert tickets. May I accept them?",
        "already_done": "I have not answered the supplier yet.",
    },
    "retaliation-advice": {
        "activity": "cooperated",
        "fear": "My supervisor said my contract may not be renewed if I talk to auditors.",
    },
    "protection": {
        "urgent_risk": "yes",
        "protected_activity": "reported_misconduct",
        "protected_activity_details": "I reported inflated invoices to the Ethics Office.",
        "protected_activity_on": "2024-02-01",
        "detrimental_action": "performance_appraisal",
        "detrimental_action_details": "My appraisal was lowered to 'unsatisfactory'.",
        "detrimental_action_on": "2024-03-15",
        "link": "The appraisal changed two weeks after my supervisor learned of my report.",
        **IDENTITY,
    },
    "outside-activity": {
        "activity": "Teaching a course on public procurement at the university.",
        "organisation": "University of Nairobi",
        "paid": "yes",
        "amount.amount": "1250.50",
        "amount.currency": "USD",
        "hours": "6",
        "dates.from": "2025-01-10",
        "dates.to": "2025-06-30",
        "relation": "None: the university is not a partner of my unit.",
        **IDENTITY,
    },
    "gift": {
        "what": "A leather briefcase",
        "giver": "Acme Supplies Ltd",
        "value.amount": "180",
        "value.currency": "EUR",
        "offered_on": "2024-04-02",
        "occasion": "End of a contract negotiation",
        "handling": "handed_over",
        **IDENTITY,
    },
}

CATEGORY = {
    "advice": "gifts",
    "retaliation-advice": "cooperated",
    "protection": "performance_appraisal",
    "outside-activity": "yes",
    "gift": "handed_over",
}
