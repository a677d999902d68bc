"""Meldingen: calamiteiten, geweld and signalen from intake to closure."""
