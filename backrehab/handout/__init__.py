"""The printable handout: its content, the HTML and Markdown forms, and printing to PDF through a browser.

Imports the catalogue, the plan, the settings, the figures and `backrehab.wording`.
"""
