from smartcity_kg.cli import main

raise SystemExit(main())
