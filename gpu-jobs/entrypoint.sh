#!/bin/sh
# The image's ENTRYPOINT: always runs the worker. Batch may pass just the worker's flags, or
# the whole "python -m sdxl_worker --job-id ..." command (template.yaml and the local twin
# spell it out); both end up as one `python -m sdxl_worker <flags>`.
set -eu
if [ "$#" -ge 3 ] && [ "$1" = "python" ] && [ "$2" = "-m" ] && [ "$3" = "sdxl_worker" ]; then
    shift 3
fi
exec python -m sdxl_worker "$@"
