"""The access layer: who may see and do what. It sits above the domains (it imports their models) and
below the services and views that ask it; no domain model imports it."""
