from sdxl_worker.worker import main

raise SystemExit(main())
