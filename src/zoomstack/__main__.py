from zoomstack.cli import main

raise SystemExit(main())
