"""Console pages for referrals: consent requests, referrals outside the office, the consent log."""
