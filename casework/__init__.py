"""Domain and persistence: tables, repositories, workflows, deadlines and the two logs.

Tables hold ciphertext and the clear metadata of DESIGN.md only. Repository functions take
a keyword-only ``session``; workflows (``intake``, ``access``) compose them so that a case is
created with its grants and first records in one transaction.
"""
