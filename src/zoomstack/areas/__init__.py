"""One package per Zoom area. Each has `handlers.py` (thin HTTP handlers declared with
@api) and `service.py` (the domain rules); `registry.load_areas()` imports every handlers module.
"""
