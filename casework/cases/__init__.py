"""Cases: the shared envelope, sealed records, access and its log, intake, inbox, files."""
