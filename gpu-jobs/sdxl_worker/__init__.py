"""The SDXL logo worker that AWS Batch runs on a spot GPU: `python -m sdxl_worker --job-id ID --bucket B --prefix P`.

Reads the job's brand profile from S3, renders every logo candidate of the kit in one job,
cleans and vectorises each one and writes PNG + SVG + result.json back under the job prefix.
See gpu-jobs/README.md for configuration and exit codes.
"""
