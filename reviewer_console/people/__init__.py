"""Console pages for people: signing in, sessions, enrolment, the director's people and routing."""
