"""The web service (FastAPI) and its page: the same cases, checks and main job as the command
line. Start it with ``realpolitik serve``; see :mod:`realpolitik.web.app` for the API."""

from realpolitik.web.app import create_app
from realpolitik.web.intake import CaseLimits
from realpolitik.web.jobs import Job, JobQueue
from realpolitik.web.schemas import RunRequest

__all__ = ["CaseLimits", "Job", "JobQueue", "RunRequest", "create_app"]
