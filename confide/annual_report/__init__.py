"""The annual report as people read it: tables, SVG charts, CSV files and a PDF.

The figures themselves come from :mod:`casework.statistics.annual` (clear metadata only);
this package only presents them, the same way in the console, the PDF and the terminal.
"""
