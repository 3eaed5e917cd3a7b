"""The REST API: routers per resource (build_app comes with the API worker's change)."""
