from sdxl_worker.worker import main

if __name__ == "__main__":  # the local twin imports this module and calls main() itself
    raise SystemExit(main())
