"""Past webinars: instances, participants, absentees, poll results and Q&A of ended webinars,
read from what the simulator recorded (zoomstack.sim.model)."""
