"""The logo engine on the CPU: parametric concepts, the logo system built from one, and imports.

- designer.design_concepts / draw_concept: six scored vector concepts from a brand profile;
- system.build_logo_system: every logo file of a kit from the chosen (or an imported) concept;
- importer.import_logo: an uploaded SVG (sanitised) or PNG (traced) as a logo;
- textpath: text to outlines with HarfBuzz shaping; svg.unsafe_parts: the SVG safety check.
"""

from .designer import design_concepts, draw_concept
from .importer import LogoImportError, import_logo
from .system import LogoSystem, build_logo_system

__all__ = ["LogoImportError", "LogoSystem", "build_logo_system", "design_concepts", "draw_concept", "import_logo"]
