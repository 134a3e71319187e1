"""Referrals: consent, the consent log and exports: everything that leaves the office (G4)."""
