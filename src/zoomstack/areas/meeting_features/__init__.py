"""Meeting features: registrants, polls, live streaming, in-meeting controls, invite links, join
tokens and summaries, on top of the meetings core (generic over meetings and webinars)."""
