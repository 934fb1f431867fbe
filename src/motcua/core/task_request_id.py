"""The request id passed on to the tasks a request enqueues (mã yêu cầu của việc chạy nền).

The id travels inside the task row itself: when a django-tasks-db row is first saved while a request id is current,
it is added under its own key beside the task's arguments (the backend reads only "args" and "kwargs" from that
column, so the task's signature is untouched and no extra query is made). When a worker starts the task it makes that
id current, so the task's log lines, and the tasks it enqueues in turn, carry it; when the task ends the worker
forgets it again.
"""

from motcua.core import request_id

KEY = "request_id"


def stamp_task_row(sender, instance, **kwargs) -> None:
    """pre_save of django_tasks_db's DBTaskResult: remember the current request id in a new task's row."""
    current = request_id.current()
    if current and instance._state.adding and isinstance(instance.args_kwargs, dict):
        instance.args_kwargs = {**instance.args_kwargs, KEY: current}


def adopt_for_task(sender, task_result, **kwargs) -> None:
    """task_started: the task runs under the id of the request that enqueued it (none for periodic jobs)."""
    row = getattr(task_result, "db_result", None)
    stamped = row.args_kwargs.get(KEY, "") if row is not None and isinstance(row.args_kwargs, dict) else ""
    request_id.adopt(stamped if request_id.well_formed(stamped) else "")


def forget_after_task(sender, task_result, **kwargs) -> None:
    """task_finished: the worker's next lines belong to no request."""
    request_id.adopt("")
