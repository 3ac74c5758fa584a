"""Let browser tests wait until the live server has answered every request."""

import threading
import time


class InFlightRequests:
    """WSGI wrapper counting requests the live server is still answering."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            # Read and close the whole response here, so "answered" means
            # finished (closing also sends Django's request_finished).
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()
        finally:
            with self.idle:
                self.count -= 1
                self.idle.notify_all()

    def wait_until_idle(self, grace: float = 0.2, timeout: float = 10.0) -> None:
        time.sleep(grace)  # a request sent as a page closed may still be in transit
        with self.idle:
            self.idle.wait_for(lambda: self.count == 0, timeout=timeout)


def track_requests(live_server) -> InFlightRequests:
    """Wrap the live server's application once; later calls reuse the wrapper."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, InFlightRequests):
        app = InFlightRequests(app)
        httpd.set_app(app)
    return app
