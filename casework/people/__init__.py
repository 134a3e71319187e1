"""People: principals and their keys, sign-in, invitations, sessions, the office and its routing."""
