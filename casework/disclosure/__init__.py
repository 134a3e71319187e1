"""The financial disclosure programme: cycles, the roster, filers' statements and their review.

A filer's annual statement is a *financial disclosure*; something leaving the office under the
consent log is a *referral* (casework.referrals). The channel's plain-data policy lives in
casework.channels.disclosure; the emails the programme sends, in casework.notifications.
"""
