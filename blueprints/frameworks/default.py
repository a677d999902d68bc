"""The default toetsingskader: the quality requirements of the Wmo 2015 (art. 3.1–3.5) worked out
in five domains, with the usual judgement scale. Norm texts are our own wording.

A region starts from this and adapts it in a new version (its verordening and contracts add or
sharpen norms). Each norm names its legal source and the financing forms it binds: the Wmo's
chapter 3 binds the provider of support in natura (contract) and subsidised support; a pgb
holder's carer is bound through the verordening's pgb conditions instead.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME = "Toetsingskader kwaliteit Wmo"
DESCRIPTION = (
    "De kwaliteitseisen van de Wmo 2015 (artikel 3.1 tot en met 3.5), uitgewerkt in vijf domeinen. "
    "De kwaliteitsaspecten van artikel 3.1 (veilig, doeltreffend, doelmatig, cliëntgericht, afgestemd "
    "op de reële behoefte en op andere zorg, volgens de professionele standaard, met respect voor de "
    "rechten van de cliënt) lopen door alle domeinen heen."
)

CONTRACT, SUBSIDY, PGB = "contract", "subsidie", "pgb"
IN_KIND = (CONTRACT, SUBSIDY)
ALL_FORMS = (CONTRACT, SUBSIDY, PGB)

#: The art. 3.1 lid 2 aspects, as stored on Norm.quality_aspects.
QUALITY_ASPECTS = {
    "veilig": "Veilig",
    "doeltreffend": "Doeltreffend",
    "doelmatig": "Doelmatig",
    "clientgericht": "Cliëntgericht",
    "afgestemd": "Afgestemd op de reële behoefte en andere zorg",
    "professionele_standaard": "Volgens de professionele standaard",
    "rechten_client": "Met respect voor de rechten van de cliënt",
}


@dataclass(frozen=True)
class NormSpec:
    code: str
    text: str
    source_kind: str
    reference: str
    forms: tuple[str, ...]
    aspects: tuple[str, ...] = ()
    guidance: str = ""


@dataclass(frozen=True)
class PartSpec:
    code: str
    title: str
    norms: tuple[NormSpec, ...]


@dataclass(frozen=True)
class DomainSpec:
    code: str
    title: str
    parts: tuple[PartSpec, ...]


@dataclass(frozen=True)
class JudgementSpec:
    code: str
    label: str
    is_shortcoming: bool
    is_assessed: bool = True


SCALE = (
    JudgementSpec("voldoet", "Voldoet", False),
    JudgementSpec("voldoet_deels", "Voldoet deels", True),
    JudgementSpec("voldoet_niet", "Voldoet niet", True),
    JudgementSpec("niet_beoordeeld", "Niet beoordeeld", False, is_assessed=False),
)

W = "wmo_artikel"
V = "verordening"
C = "contractbepaling"

DOMAINS = (
    DomainSpec("1", "Individueel plan", (
        PartSpec("1.1", "Doelen en afspraken", (
            NormSpec("1.1.1", "Voor iedere cliënt ligt een plan vast met doelen die samen met de cliënt (en zo "
                     "nodig diens naaste) zijn opgesteld en die passen bij de toegekende voorziening.",
                     W, "art. 3.1 lid 2 sub a en d Wmo 2015", IN_KIND, ("clientgericht", "doeltreffend", "afgestemd")),
            NormSpec("1.1.2", "In het plan staat welke ondersteuning wordt geboden, door wie en hoe vaak, zodat "
                     "de cliënt weet wat hij kan verwachten.",
                     W, "art. 3.1 lid 2 sub c Wmo 2015", IN_KIND, ("clientgericht", "doelmatig")),
            NormSpec("1.1.3", "Ook bij ondersteuning uit een persoonsgebonden budget zijn de doelen en de inzet "
                     "vastgelegd in de zorgovereenkomst en het budgetplan.",
                     V, "Verordening maatschappelijke ondersteuning, voorwaarden pgb", (PGB,),
                     ("clientgericht", "doeltreffend")),
        )),
        PartSpec("1.2", "Evaluatie en samenhang", (
            NormSpec("1.2.1", "De voortgang op de doelen wordt periodiek met de cliënt besproken en het plan "
                     "wordt bijgesteld als de situatie daarom vraagt.",
                     W, "art. 3.1 lid 2 sub a en c Wmo 2015", IN_KIND, ("doeltreffend", "clientgericht")),
            NormSpec("1.2.2", "De ondersteuning is afgestemd op andere zorg en hulp die de cliënt ontvangt; de "
                     "aanbieder weet wie die zorg biedt en stemt met toestemming van de cliënt af.",
                     W, "art. 3.1 lid 2 sub b Wmo 2015", ALL_FORMS, ("afgestemd",)),
        )),
    )),
    DomainSpec("2", "Kwaliteitssysteem", (
        PartSpec("2.1", "Klachten en medezeggenschap", (
            NormSpec("2.1.1", "Er is een klachtregeling die cliënten kennen en die werkt: klachten worden "
                     "binnen een redelijke termijn behandeld en de afhandeling wordt vastgelegd.",
                     W, "art. 3.2 lid 1 sub a Wmo 2015", IN_KIND, ("rechten_client",)),
            NormSpec("2.1.2", "Cliënten hebben invloed op beslissingen die hen gezamenlijk raken, via een "
                     "cliëntenraad of een andere passende vorm van medezeggenschap.",
                     W, "art. 3.2 lid 1 sub b Wmo 2015", IN_KIND, ("rechten_client", "clientgericht")),
        )),
        PartSpec("2.2", "Leren en verbeteren", (
            NormSpec("2.2.1", "Incidenten en bijna-incidenten worden vastgelegd, geanalyseerd en leiden waar "
                     "nodig tot verbetermaatregelen die worden gevolgd.",
                     W, "art. 3.1 lid 1 en lid 2 sub a Wmo 2015", IN_KIND, ("veilig", "professionele_standaard")),
            NormSpec("2.2.2", "De aanbieder bewaakt de kwaliteit systematisch (bijvoorbeeld met "
                     "cliëntervaringsonderzoek) en gebruikt de uitkomsten om de ondersteuning te verbeteren.",
                     C, "Overeenkomst Wmo-dienstverlening, artikel kwaliteit", (CONTRACT,),
                     ("doeltreffend", "doelmatig")),
        )),
    )),
    DomainSpec("3", "Veiligheid", (
        PartSpec("3.1", "Risico's", (
            NormSpec("3.1.1", "Risico's voor de veiligheid van de cliënt en zijn omgeving worden bij de start en "
                     "periodiek ingeschat; er zijn afspraken over hoe ze worden beperkt.",
                     W, "art. 3.1 lid 2 sub a Wmo 2015", IN_KIND, ("veilig",)),
            NormSpec("3.1.2", "Medewerkers weten wat te doen bij een crisis of acuut gevaar en weten wie dan "
                     "bereikbaar is.",
                     W, "art. 3.1 lid 2 sub a Wmo 2015", IN_KIND, ("veilig", "professionele_standaard")),
        )),
        PartSpec("3.2", "Meldcode en meldplicht", (
            NormSpec("3.2.1", "De aanbieder heeft een meldcode huiselijk geweld en kindermishandeling met het "
                     "afwegingskader, bevordert de kennis en het gebruik ervan en medewerkers passen hem toe.",
                     W, "art. 3.3 Wmo 2015", IN_KIND, ("veilig", "professionele_standaard")),
            NormSpec("3.2.2", "Calamiteiten en geweld bij de verstrekking van de voorziening worden onverwijld "
                     "gemeld aan de toezichthouder.",
                     W, "art. 3.4 lid 1 Wmo 2015", IN_KIND, ("veilig",)),
            NormSpec("3.2.3", "Na een calamiteit onderzoekt de aanbieder de oorzaken en neemt hij maatregelen "
                     "om herhaling te voorkomen.",
                     W, "art. 3.1 lid 1 en art. 3.4 Wmo 2015", IN_KIND, ("veilig",)),
        )),
    )),
    DomainSpec("4", "Medewerkers en vrijwilligers", (
        PartSpec("4.1", "Deskundigheid", (
            NormSpec("4.1.1", "Medewerkers hebben de opleiding en ervaring die de ondersteuning vraagt en "
                     "houden hun deskundigheid bij.",
                     W, "art. 3.1 lid 2 sub e Wmo 2015", IN_KIND, ("professionele_standaard",)),
            NormSpec("4.1.2", "De pgb-zorgverlener beschikt over de vaardigheden die de verordening voor de "
                     "geleverde ondersteuning vraagt.",
                     V, "Verordening maatschappelijke ondersteuning, kwaliteit pgb", (PGB,),
                     ("professionele_standaard",)),
        )),
        PartSpec("4.2", "Verklaring omtrent het gedrag", (
            NormSpec("4.2.1", "Beroepskrachten die in contact komen met cliënten hebben bij indiensttreding "
                     "een verklaring omtrent het gedrag overgelegd die niet ouder is dan drie maanden.",
                     W, "art. 3.5 Wmo 2015", IN_KIND, ("veilig",)),
            NormSpec("4.2.2", "De pgb-zorgverlener die geen naaste is van de cliënt heeft een geldige "
                     "verklaring omtrent het gedrag.",
                     V, "Verordening maatschappelijke ondersteuning, voorwaarden pgb", (PGB,), ("veilig",)),
        )),
        PartSpec("4.3", "Vrijwilligers", (
            NormSpec("4.3.1", "Vrijwilligers zijn geïnstrueerd over hun taken, worden begeleid door een "
                     "beroepskracht en doen geen werk dat een beroepskracht vraagt.",
                     W, "art. 3.1 lid 2 sub e Wmo 2015", IN_KIND, ("veilig", "professionele_standaard")),
        )),
    )),
    DomainSpec("5", "Rechtmatigheid", (
        PartSpec("5.1", "Levering en declaratie", (
            NormSpec("5.1.1", "De gedeclareerde ondersteuning komt overeen met de werkelijk geleverde "
                     "ondersteuning, in soort en omvang.",
                     C, "Overeenkomst Wmo-dienstverlening, artikel declaratie en verantwoording", (CONTRACT,),
                     ("doelmatig",)),
            NormSpec("5.1.2", "De subsidie wordt besteed aan de activiteiten waarvoor zij is verleend en de "
                     "besteding wordt verantwoord.",
                     "subsidievoorwaarde", "Subsidiebeschikking en Algemene subsidieverordening",
                     (SUBSIDY,), ("doelmatig",)),
            NormSpec("5.1.3", "De betalingen uit het pgb stemmen overeen met de zorgovereenkomst en de "
                     "geleverde ondersteuning.",
                     V, "Verordening maatschappelijke ondersteuning, besteding pgb", (PGB,), ("doelmatig",)),
        )),
        PartSpec("5.2", "Dossier", (
            NormSpec("5.2.1", "Het cliëntdossier is volledig en actueel en wordt beveiligd bewaard; alleen wie "
                     "dat voor de ondersteuning nodig heeft, kan het inzien.",
                     W, "art. 3.1 lid 2 sub f Wmo 2015", IN_KIND, ("rechten_client",)),
        )),
    )),
)
