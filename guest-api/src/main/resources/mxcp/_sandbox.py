"""What guest code meets where the host denies network access or processes: clear PermissionErrors
instead of the runtime's own errors (some of which Python code cannot even catch), and an asyncio event
loop that needs no socket (the standard one opens a socket pair to wake itself). Modules are patched when
first imported, so workers that never use them do not pay for importing them. Internal."""
import sys

_MESSAGE = ("network access is off for Python endpoints; "
            "allow it with 'python: {allow: {network: true}}' in mxcp-site.yml")
_PROCESSES = ("starting processes is off for Python endpoints; "
              "allow it with 'python: {allow: {processes: true}}' in mxcp-site.yml")


def _denied(*args, **kwargs):
    raise PermissionError(_MESSAGE)


def _no_processes(*args, **kwargs):
    raise PermissionError(_PROCESSES)


def _patch_subprocess(subprocess):
    subprocess.Popen._execute_child = _no_processes


def _patch_socket(socket):
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection",
                 "create_server", "socketpair", "fromfd"):
        setattr(socket, name, _denied)
    socket.socket.__init__ = _denied


def _patch_asyncio(asyncio):
    import selectors
    import threading

    class WakeSelector(selectors.BaseSelector):
        """Waits for a timeout or a wake-up; nothing can be registered without sockets anyway."""

        def __init__(self):
            self._condition = threading.Condition()
            self._woken = False

        def register(self, fileobj, events, data=None):
            raise PermissionError(_MESSAGE)

        def unregister(self, fileobj):
            raise KeyError(fileobj)

        def select(self, timeout=None):
            with self._condition:
                if not self._woken and (timeout is None or timeout > 0):
                    self._condition.wait(timeout)
                self._woken = False
            return []

        def wake(self):
            with self._condition:
                self._woken = True
                self._condition.notify()

        def close(self):
            pass

        def get_map(self):
            return {}

    class SocketlessLoop(asyncio.SelectorEventLoop):
        def __init__(self):
            super().__init__(WakeSelector())

        def _make_self_pipe(self):
            pass

        def _close_self_pipe(self):
            pass

        def _write_to_self(self):
            self._selector.wake()

    class SocketlessPolicy(asyncio.DefaultEventLoopPolicy):
        _loop_factory = SocketlessLoop

    asyncio.set_event_loop_policy(SocketlessPolicy())


def _patches():
    return next(f for f in sys.meta_path if hasattr(f, "patches")).patches


def deny_network():
    _patches()["socket"] = _patch_socket
    _patches()["asyncio"] = _patch_asyncio


def deny_processes():
    import os
    for name in ("system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp", "execv", "execve",
                 "execl", "execle", "execlp", "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnl",
                 "spawnle", "spawnlp", "spawnlpe", "spawnvp", "spawnvpe"):
        if hasattr(os, name):
            setattr(os, name, _no_processes)
    _patches()["subprocess"] = _patch_subprocess
