"""Short built-in guides on running each collective-intelligence technique."""

from django.utils.translation import gettext_lazy as _

from .models import Session

T = Session.Technique

TECHNIQUE_GUIDES = {
    T.EXPERIENCE_SHARING: _(
        "One or two members tell a story from their practice (10 minutes each): the context, what they did, "
        "what happened. The others ask questions of understanding, then everyone names what they take away. "
        "Close by noting the lessons for the report."
    ),
    T.CO_DEVELOPMENT: _(
        "A member (the client) presents a real problem in 10 minutes. The others ask clarifying questions, "
        "then offer ideas while the client only listens and takes notes. The client says what they will try. "
        "Keep the roles and the timing strict; 60 to 90 minutes in all."
    ),
    T.BRAINSTORMING: _(
        "State the question. Everyone writes ideas alone first (5 minutes), then shares them one at a time "
        "without judging. Group similar ideas, then choose together which to develop."
    ),
    T.WORLD_CAFE: _(
        "Small tables (or breakout rooms) of 4 to 5 people discuss one question each for 20 minutes. People "
        "change tables; a host stays and sums up what was said. End with a plenary harvest."
    ),
    T.PEER_ASSIST: _(
        "A team about to start something asks peers who have done it before. The team explains its plan; "
        "the peers share what worked and what did not; the team decides what it will change."
    ),
    T.TRAINING: _(
        "A member or a guest teaches a method or a tool. Keep it short, leave half the time for exercises "
        "and questions, and share the material afterwards."
    ),
    T.OTHER: _("Say in the agenda how the session will run, so members can prepare."),
}
