"""The logo engine on the CPU: concepts, the logo system built from one, and imports."""
