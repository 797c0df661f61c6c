"""The web service (FastAPI) and its page: the same cases, checks and main job as the command
line. Start it with ``realpolitik serve``; see :mod:`realpolitik.web.app` for the API."""

from realpolitik.web.app import RunRequest, create_app
from realpolitik.web.jobs import Job, JobQueue

__all__ = ["Job", "JobQueue", "RunRequest", "create_app"]
