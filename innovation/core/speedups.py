"""Performance fixes for third-party code, applied once at start-up (CoreConfig.ready).

django-tables2 (3.0) asks `inspect.signature()` about the render function of every cell it
renders (utils.call_with_appropriate -> utils.signature), although a function's signature
never changes. For a 25-row, 8-column list that is 200 signature computations per page:
~17 ms of CPU, about a quarter of the whole worker list page (bench/bench_org.py). The
answers are cached per function here; results and behaviour are unchanged.
"""

MAX_CACHED = 2048


def cache_tables2_signatures() -> None:
    from django_tables2 import utils

    compute = utils.signature
    if getattr(compute, "cached_by_innovation", False):
        return
    answers: dict = {}

    def signature(fn):
        # A bound method is a new object at every attribute access: key it by its function
        # (the answer leaves out `self`, hence the flag).
        function = getattr(fn, "__func__", None)
        key = (function, True) if function is not None and hasattr(fn, "__self__") else (fn, False)
        try:
            return answers[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable callable: not cached
            return compute(fn)
        if len(answers) >= MAX_CACHED:
            answers.clear()
        answers[key] = result = compute(fn)
        return result

    signature.cached_by_innovation = True
    utils.signature = signature
