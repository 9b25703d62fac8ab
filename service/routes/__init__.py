"""HTTP routes, one module per concern; :mod:`service.app` includes their routers."""
