"""Past meetings: details, instances, participants, poll results and Q&A of ended meetings,
read from what the simulator recorded (zoomstack.sim.model)."""
