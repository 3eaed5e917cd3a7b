"""Assemble the guidelines PDF from the kit's artifacts, in the brief's language (docs/LANGUAGES.md: catalogues,
right-to-left layout, searchable text; the PDF is not tagged, reportlab has no structure-tree API)."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.platypus import NextPageTemplate, PageBreak

from brandkit.guidelines.kit import Kit
from brandkit.guidelines.model import GuidelinesInput
from brandkit.guidelines.pages import GuideDoc
from brandkit.guidelines.sections import story
from brandkit.guidelines.typeset import font_name

# No image or link is ever fetched on behalf of document content (reportlab >= 5 honours this list).
rl_config.trustedHosts = []


def build_guidelines_pdf(doc: GuidelinesInput) -> bytes:
    """The guidelines as PDF bytes: cover, contents, story, logo, colour, type, applications, inventory."""
    kit = Kit(doc)
    buffer = io.BytesIO()
    pdf = GuideDoc(
        buffer,
        kit,
        title=kit.t.gettext("{company}: brand guidelines").format(company=kit.company),
        author=kit.company,
        subject=kit.t.gettext("Logo, colour, typography and usage rules for {company}").format(company=kit.company),
        creator="Brandkit",
        keywords=[kit.t.gettext("brand guidelines"), kit.t.gettext("logo"), kit.t.gettext("colour"),
                  kit.t.gettext("typography")],
        lang=kit.choice.tag,  # the document's language (/Lang in the catalog)
        invariant=1,  # same input, same bytes: the manifest's checksums stay stable
        # Every font in the file is embedded: never let reportlab start a page in unembedded Helvetica.
        initialFontName=font_name(kit.ui_family),
        initialFontSize=10,
        pageCompression=1,
    )
    pdf.build([NextPageTemplate("body"), PageBreak(), *story(kit)])
    return buffer.getvalue()
