"""The reviewer console: officers, the director and external reviewers. Runs on its own port."""
